"""KPK trains the Diskominfo of Sumatera Selatan's 17 regencies and cities, and a journalist
registers for a media briefing through its public link (issue 11).

KPK staff creates the training in the real form, for the Sumsel PKS's education scope, invites
the 17 regency and city Diskominfo in one step and publishes it. Two regency managers nominate
participants from their dashboard. A journalist, with no account, registers for an open media
briefing on its public page, confirms through the emailed link and sees the ticket's QR code.
On the day KPK's manager checks the participants in on a phone; after the training KPK issues
the certificates, anyone can check one on its public page, and the PKS's targets count the
training and the people trained.
"""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import Page, expect

from accounts.models import User
from agreements.demo import PKS_SUMSEL_EXPIRING
from agreements.models import Agreement, ScopeItem, Target
from agreements.targets import progress
from events import services
from events.models import Certificate, Event, Invitation, Registration
from partnerships.demo import BIRO_HUMAS
from partnerships.models import Organisation, Regency, Role
from tests.browser.support import (
    PHONE,
    assert_accessible,
    fill_sign_in,
    follow,
    html_lang,
    journey,
    path_is,
    screenshot,
    sign_in,
    translated,
)
from tests.factories import DEFAULT_PASSWORD, RegistrationFactory, member

pytestmark = journey

KPK_STAFF = "kpk.staff@demo.sinergi.id"
KPK_MANAGER = "kpk.manager@demo.sinergi.id"
SUMSEL = "16"
PALEMBANG = "16.71"
TITLE = "Pelatihan Jurnalisme Warga Antikorupsi bagi Diskominfo Kabupaten/Kota se-Sumsel"
BRIEFING = "Media Briefing: Capaian Pencegahan Korupsi di Sumatera Selatan"
# Two regency Diskominfo of the demo (which seeds them without accounts), with their people.
REGENCIES = {
    "Diskominfo Kabupaten Ogan Komering Ilir": (
        "okimanager@diskominfo.oki.go.id",
        ("Rahmat Hidayat", "Lestari Ayu"),
    ),
    "Diskominfo Kabupaten Musi Banyuasin": (
        "muba.manager@diskominfo.muba.go.id",
        ("Yudi Permana", "Nadia Putri"),
    ),
}
JOURNALIST = {
    "name": "Fajar Nugroho",
    "institution": "Sumatera Ekspres",
    "position": "Wartawan",
    "email": "fajar.nugroho@sumeks.example",
    "phone": "0812 7788 9900",
}


def t(page: Page, message: str) -> str:
    """``message`` as the page shows it, in the page's language."""
    return translated(message, html_lang(page))


def tn(page: Page, singular: str, plural: str, count: int) -> str:
    with translation.override(html_lang(page)):
        return translation.ngettext(singular, plural, count) % {"count": count}


def label(page: Page, choice) -> str:
    with translation.override(html_lang(page)):
        return str(choice.label)


def expect_message(page: Page, text: str) -> None:
    expect(page.locator(".messages .alert")).to_contain_text(text)


def local(moment) -> str:
    """A moment as a datetime-local input takes it, in WIB (Palembang's zone)."""
    return timezone.localtime(moment, ZoneInfo("Asia/Jakarta")).strftime("%Y-%m-%dT%H:%M")


def sign_in_member(page: Page, email: str) -> None:
    """A partner's member made by the factories signs in (no second factor)."""
    page.goto(reverse("account_login"))
    assert_accessible(page)
    fill_sign_in(page, email, DEFAULT_PASSWORD)
    expect(page).to_have_url(path_is(reverse("home")))
    assert_accessible(page)


def move_event(event: Event, *, starts_in: timedelta, hours: int = 7) -> None:
    """Moves the event's times, as the journeys move time (the server cannot wait for a day)."""
    start = timezone.now().replace(second=0, microsecond=0) + starts_in
    Event.objects.filter(pk=event.pk).update(
        starts_at=start, ends_at=start + timedelta(hours=hours)
    )


@pytest.fixture
def sumsel_pks(demo):
    """The Sumsel PKS with its education scope and training targets (the demo's), and two
    regency Diskominfo whose managers have members."""
    pks = Agreement.objects.get(title=PKS_SUMSEL_EXPIRING)
    scope = pks.scope_items.get(area=ScopeItem.Area.EDUCATION)
    for name, (email, people) in REGENCIES.items():
        organisation = Organisation.objects.get(name=name)
        manager = member(Role.PARTNER_MANAGER, organisation, email=email, language="id")
        EmailAddress.objects.create(user=manager, email=email, verified=True, primary=True)
        for person in people:
            member(Role.PARTNER_OPERATOR, organisation, full_name=person, position="Pranata Humas")
    return pks, scope


def _target(pks: Agreement, metric: str) -> Target:
    return Target.objects.get(scope_item__agreement=pks, metric=metric)


def _achieved(pks: Agreement, metric: str) -> int:
    return progress(_target(pks, metric), pks, timezone.localdate()).achieved


def test_kpk_trains_the_sumsel_regencies_and_the_pks_counts_the_training(
    page, new_context, sumsel_pks, console, settings, live_server
):
    settings.SITE_URL = live_server.url
    pks, scope = sumsel_pks
    regencies = Organisation.objects.filter(
        kind=Organisation.Kind.REGENCY_DISKOMINFO, regency__province_id=SUMSEL, is_active=True
    )
    assert regencies.count() == 17
    trainings_before = _achieved(pks, Target.Metric.TRAININGS_HELD)
    trained_before = _achieved(pks, Target.Metric.PARTICIPANTS_TRAINED)

    # KPK staff creates the training, for the PKS's education scope, in Palembang (WIB).
    sign_in(page, KPK_STAFF, totp=True)
    follow(page, page.get_by_test_id("nav-events"))
    follow(page, page.get_by_test_id("new-event"))
    page.fill('input[name="title"]', TITLE)
    page.select_option('select[name="kind"]', Event.Kind.TRAINING)
    page.fill(
        'textarea[name="description"]',
        "Menulis berita dan membuat konten video antikorupsi untuk kanal Diskominfo.",
    )
    expect(page.locator('select[name="organisers"] option:checked')).to_have_text(BIRO_HUMAS)
    # The agreement is searched as one types; its scope items then fill the select beside it.
    page.fill('input[name="agreement_search"]', "diseminasi kanal sumatera selatan")
    agreements = page.locator('select[name="agreement"]')
    expect(agreements.locator(f'option[value="{pks.pk}"]')).to_have_count(1)
    agreements.select_option(str(pks.pk))
    expect(page.locator(f'select[name="scope_item"] option[value="{scope.pk}"]')).to_have_count(1)
    page.select_option('select[name="scope_item"]', str(scope.pk))
    page.fill('input[name="venue_name"]', "Hotel Aryaduta Palembang")
    page.select_option('select[name="venue_regency"]', PALEMBANG)
    page.fill('textarea[name="venue_address"]', "Jl. POM IX, Lorok Pakjo, Palembang")
    start = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=10)
    page.fill('input[name="starts_at"]', local(start))
    page.fill('input[name="ends_at"]', local(start + timedelta(hours=7)))
    page.fill('input[name="capacity"]', "40")
    page.check(f'input[name="visibility"][value="{Event.Visibility.INVITED}"]')
    follow(page, page.get_by_test_id("event-form").locator("[type=submit]"))
    event = Event.objects.get(title=TITLE)
    assert (event.status, event.agreement, event.scope_item, event.time_zone) == (
        Event.Status.DRAFT,
        pks,
        scope,
        "Asia/Jakarta",
    )
    assert (event.starts_at, event.capacity) == (start, 40)
    assert [o.name for o in event.organisers.all()] == [BIRO_HUMAS]
    expect(page).to_have_url(path_is(event.get_absolute_url()))
    expect_message(page, t(page, "Event saved."))
    expect(page.get_by_test_id("time-zone")).to_have_text("WIB")
    expect(page.get_by_test_id("agreement-link")).to_have_text(PKS_SUMSEL_EXPIRING)

    # ... invites the 17 regency and city Diskominfo in one step, then publishes.
    follow(page, page.get_by_test_id("invite"))
    page.select_option('select[name="provinces"]', SUMSEL)
    page.check('input[name="which"][value="regencies"]')
    follow(page, page.get_by_test_id("invite-form").locator("[type=submit]"))
    expect(page).to_have_url(path_is(reverse("events:invitations", args=[event.pk])))
    expect_message(
        page, tn(page, "%(count)d organisation invited.", "%(count)d organisations invited.", 17)
    )
    expect(page.get_by_test_id("invitation")).to_have_count(17)
    expect(page.get_by_test_id("invitations-pending")).to_have_text("17")
    invited = set(event.invitations.values_list("organisation_id", flat=True))
    assert invited == set(regencies.values_list("pk", flat=True))
    # Back to the event page, whose card counts them, to publish.
    follow(page, page.locator(f'.breadcrumb a[href="{event.get_absolute_url()}"]'))
    expect(page.get_by_test_id("invitations").get_by_test_id("invitations-pending")).to_have_text(
        "17"
    )
    mail.outbox.clear()
    follow(page, page.get_by_test_id("publish"))
    expect_message(page, t(page, "The event is published; the invited organisations are told."))
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
    # Each regency manager the test gave an account is told (the other 15 have no manager).
    told = {address for message in mail.outbox for address in message.to}
    assert {email for email, _people in REGENCIES.values()} <= told
    screenshot(page, "events-training")

    # Two regency managers find the invitation on their dashboard and nominate their people.
    for name, (email, people) in REGENCIES.items():
        manager = new_context().new_page()
        sign_in_member(manager, email)
        panel = manager.get_by_test_id("panel-events-nominations")
        expect(panel.get_by_test_id("nominations-waiting-count").locator(".stat")).to_have_text("1")
        follow(manager, panel.get_by_role("link", name=TITLE))
        invitation = Invitation.objects.get(event=event, organisation__name=name)
        follow(
            manager,
            manager.locator(f'a[href="{reverse("events:invitation", args=[invitation.pk])}"]'),
        )
        for person in people:
            manager.get_by_label(f"{person} · Pranata Humas", exact=True).check()
        follow(manager, manager.get_by_role("button", name=t(manager, "Nominate")))
        expect_message(
            manager, t(manager, "Nominated: %(names)s.") % {"names": ", ".join(sorted(people))}
        )
        registered = Registration.objects.filter(event=event, organisation__name=name)
        assert sorted(registered.values_list("name", flat=True)) == sorted(people)
        assert set(registered.values_list("status", flat=True)) == {Registration.Status.CONFIRMED}
        invitation.refresh_from_db()
        assert invitation.status == Invitation.Status.NOMINATED
        manager.context.close()
    assert event.registrations.count() == 4

    # On the day (the event's times moved to this morning), KPK's manager checks the
    # participants in at the door on a phone: a search and one tap each; one does not come.
    move_event(event, starts_in=timedelta(hours=-1))
    door = new_context().new_page()
    door.set_viewport_size(PHONE)
    sign_in(door, KPK_MANAGER, totp=True)
    door.goto(event.get_absolute_url())
    assert_accessible(door)
    follow(door, door.get_by_test_id("attendance-checkin"))
    rows = door.get_by_test_id("checkin-row")
    expect(rows).to_have_count(4)
    attending = ("Rahmat Hidayat", "Lestari Ayu", "Yudi Permana")
    for count, person in enumerate(attending, start=1):
        door.get_by_role("searchbox").fill(person.split()[0])
        expect(rows).to_have_count(1)
        expect(rows).to_contain_text(person)
        rows.get_by_test_id("check-in").click()
        expect(rows.get_by_test_id("undo")).to_be_visible()
        expect(door.get_by_test_id("count-checked-in")).to_have_text(str(count))
    # The pointer leaves the last button tapped (a finger lifts), and its hover colours fade.
    door.mouse.move(0, 0)
    expect(rows.get_by_test_id("undo")).to_have_css("background-color", "rgba(0, 0, 0, 0)")
    assert_accessible(door)
    screenshot(door, "events-checkin-journey")
    checked = event.registrations.filter(checked_in_at__isnull=False)
    assert sorted(checked.values_list("name", flat=True)) == sorted(attending)
    assert {r.checked_in_by.email for r in checked} == {KPK_MANAGER}

    # The training is over (its times moved to end an hour ago): KPK issues the certificates.
    move_event(event, starts_in=timedelta(hours=-8))
    page.goto(event.get_absolute_url())
    assert_accessible(page)
    follow(page, page.get_by_test_id("followup-certificates"))
    follow(page, page.get_by_test_id("certificate-issue"))
    expect_message(page, t(page, "%(count)s certificates issued.") % {"count": 3})
    expect(page.get_by_test_id("certificate")).to_have_count(3)
    certificates = Certificate.objects.filter(registration__event=event)
    assert sorted(certificates.values_list("name", flat=True)) == sorted(attending)
    certificate = certificates.get(name="Lestari Ayu")

    # Anyone checks the certificate's code on the public page.
    anyone = new_context().new_page()
    anyone.goto(reverse("events:certificate_lookup"))
    assert_accessible(anyone)
    anyone.get_by_test_id("certificate-lookup").locator('input[type="text"]').fill(certificate.code)
    follow(anyone, anyone.get_by_test_id("certificate-lookup").locator("[type=submit]"))
    expect(anyone).to_have_url(
        path_is(reverse("events:certificate_verify", args=[certificate.code]))
    )
    expect(anyone.locator("h1")).to_have_text(t(anyone, "This certificate is genuine"))
    facts = anyone.get_by_test_id("certificate-facts")
    expect(facts).to_contain_text("Lestari Ayu")
    expect(facts).to_contain_text(TITLE)

    # The PKS counts the training held and the three people trained.
    page.goto(event.get_absolute_url())
    assert_accessible(page)
    follow(page, page.get_by_test_id("agreement-link"))
    expect(page).to_have_url(path_is(pks.get_absolute_url()))
    targets = page.get_by_test_id("target")
    held = targets.filter(has_text=label(page, Target.Metric.TRAININGS_HELD))
    held_target = _target(pks, Target.Metric.TRAININGS_HELD)
    expect(held).to_contain_text(f"{trainings_before + 1} / {held_target.quantity}")
    trained = targets.filter(has_text=label(page, Target.Metric.PARTICIPANTS_TRAINED))
    trained_target = _target(pks, Target.Metric.PARTICIPANTS_TRAINED)
    expect(trained).to_contain_text(f"{trained_before + 3} / {trained_target.quantity}")
    assert _achieved(pks, Target.Metric.TRAININGS_HELD) == trainings_before + 1
    assert _achieved(pks, Target.Metric.PARTICIPANTS_TRAINED) == trained_before + 3
    screenshot(page, "events-pks-targets")


def _briefing() -> Event:
    """An open media briefing in Palembang next week, published by KPK's manager."""
    kpk_manager = User.objects.get(email=KPK_MANAGER)
    start = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=7)
    event = services.create_event(
        by=kpk_manager,
        organisers=[Organisation.objects.get(name=BIRO_HUMAS)],
        kind=Event.Kind.MEDIA_BRIEFING,
        title=BRIEFING,
        description="KPK memaparkan capaian pencegahan korupsi di Sumatera Selatan.",
        venue_name="Ruang Rapat Bina Praja",
        venue_address="Jl. Kapten A. Rivai No. 3, Palembang",
        venue_regency=Regency.objects.get(pk=PALEMBANG),
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        capacity=30,
        visibility=Event.Visibility.OPEN,
    )
    return services.transition(event, Event.Status.PUBLISHED, by=kpk_manager)


def test_a_journalist_registers_for_a_media_briefing_through_its_public_link(
    page, new_context, demo, console, settings, live_server
):
    settings.SITE_URL = live_server.url
    event = _briefing()
    # Someone already registered: their name must not show on the public page.
    member_registration = RegistrationFactory(event=event, name="Sari Wulandari")
    public = reverse("events:public", args=[event.public_token])

    # The journalist opens the link KPK shared, with no account, and first sends the form empty.
    page.goto(public)
    assert_accessible(page)
    expect(page.locator("h1")).to_have_text(BRIEFING)
    expect(page.get_by_test_id("event-when")).to_contain_text("WIB")
    follow(page, page.get_by_role("button", name=t(page, "Register")))
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    assert not Registration.objects.filter(event=event).exclude(pk=member_registration.pk).exists()

    # ... fills it in, and is told to confirm the address.
    mail.outbox.clear()
    for name, value in JOURNALIST.items():
        page.fill(f'input[name="{name}"]', value)
    follow(page, page.get_by_role("button", name=t(page, "Register")))
    expect(page).to_have_url(path_is(public))
    expect_message(page, JOURNALIST["email"])
    guest = Registration.objects.get(event=event, email=JOURNALIST["email"])
    assert (guest.status, guest.name, guest.user) == (
        Registration.Status.UNCONFIRMED,
        JOURNALIST["name"],
        None,
    )
    # Nothing private shows on the public page: no participant's name.
    for name in (member_registration.name, JOURNALIST["name"]):
        expect(page.locator("main")).not_to_contain_text(name)

    # The emailed link opens the confirmation page; confirming shows the ticket and its QR.
    (message,) = [m for m in mail.outbox if m.to == [JOURNALIST["email"]]]
    (link,) = re.findall(r"https?://\S+/guest/confirm/\S+", message.body)
    assert link.startswith(live_server.url)
    page.goto(link)
    assert_accessible(page)
    expect(page.locator("main")).to_contain_text(JOURNALIST["name"])
    follow(page, page.get_by_role("button", name=t(page, "Confirm my registration")))
    expect(page).to_have_url(path_is(reverse("events:ticket", args=[guest.token])))
    expect_message(page, t(page, "Your seat is confirmed. See you there!"))
    expect(page.get_by_test_id("ticket-qr").locator("svg")).to_be_visible()
    expect(page.get_by_test_id("ticket-status")).to_have_text(
        label(page, Registration.Status.CONFIRMED)
    )
    guest.refresh_from_db()
    assert guest.status == Registration.Status.CONFIRMED
    # The ticket is emailed too.
    assert len([m for m in mail.outbox if m.to == [JOURNALIST["email"]]]) == 2
    screenshot(page, "events-guest-ticket")
