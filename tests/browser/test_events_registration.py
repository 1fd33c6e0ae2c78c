"""Registration's pages checked by axe-core at desktop and phone width: the public page of an
open event (its form, its errors, a full house), a guest's confirmation page and tickets (a
seat, the waiting list, a link gone bad), the nomination page as a regency manager, the
calendar settings, and the dashboard's events panels as KPK and as a partner manager."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import User
from events import registrations, services
from events.demo import MAKASSAR_BRIEFING
from events.models import Event, Registration
from partnerships.demo import BIRO_HUMAS
from partnerships.models import Organisation, Regency, Role
from tests.browser.support import (
    assert_accessible,
    fill_sign_in,
    journey,
    path_is,
    sign_in,
)
from tests.factories import DEFAULT_PASSWORD, member

pytestmark = journey

KPK_MANAGER = "kpk.manager@demo.sinergi.id"
SUMUT_MANAGER = "sumut.manager@demo.sinergi.id"
REGENCY = "Diskominfo Kabupaten Ogan Komering Ilir"
REGENCY_MANAGER = "manager@diskominfo.oki.go.id"


def _event(kind: str, title: str, *, visibility: str, capacity: int = 30) -> Event:
    """A published event in Palembang in a week's time, organised by Biro Humas KPK."""
    kpk_manager = User.objects.get(email=KPK_MANAGER)
    start = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=7)
    event = services.create_event(
        by=kpk_manager,
        organisers=[Organisation.objects.get(name=BIRO_HUMAS)],
        kind=kind,
        title=title,
        description="Acara untuk pemeriksaan halaman.",
        venue_name="Hotel Aryaduta Palembang",
        venue_address="Jl. POM IX, Palembang",
        venue_regency=Regency.objects.get(pk="16.71"),
        starts_at=start,
        ends_at=start + timedelta(hours=4),
        capacity=capacity,
        visibility=visibility,
    )
    if kind == Event.Kind.TRAINING:
        services.invite(event, by=kpk_manager, provinces=["16"], with_province=False)
    return services.transition(event, Event.Status.PUBLISHED, by=kpk_manager)


def _guest(event: Event, name: str, email: str) -> Registration:
    return registrations.register_guest(
        event,
        name=name,
        institution="Sumatera Ekspres",
        position="Wartawan",
        email=email,
        phone="0812 1111 2222",
    )


def _check(page: Page, path: str, status: int = 200) -> None:
    response = page.goto(path)
    assert response.status == status, path
    assert_accessible(page)


@pytest.fixture
def briefing(demo):
    return _event(Event.Kind.MEDIA_BRIEFING, "Media Briefing Pencegahan Korupsi", visibility="open")


def test_public_pages_of_an_open_event_pass_axe(page, briefing, console):
    public = reverse("events:public", args=[briefing.public_token])
    _check(page, public)
    # The form sent empty and with a bad address: every field says what is wrong.
    page.fill('input[name="email"]', "bukan-alamat")
    with page.expect_navigation():
        page.locator("main form [type=submit]").click()
    assert_accessible(page)
    expect(page.locator(".invalid-feedback")).to_have_count(5)
    assert not Registration.objects.filter(event=briefing).exists()
    # A full house: the form offers the waiting list.
    full = Event.objects.get(title=MAKASSAR_BRIEFING)
    assert registrations.seats_left(full) == 0
    _check(page, reverse("events:public", args=[full.public_token]))

    # A guest's confirmation page, then the ticket with a seat and its QR code.
    guest = _guest(briefing, "Fajar Nugroho", "fajar@sumeks.example")
    confirm = reverse("events:guest_confirm", args=[registrations.confirmation_token(guest)])
    _check(page, confirm)
    registrations.confirm_guest(registrations.confirmation_token(guest))
    _check(page, reverse("events:ticket", args=[guest.token]))
    expect(page.get_by_test_id("ticket-qr").locator("svg")).to_be_visible()
    # A ticket waiting for its confirmation, and one on the waiting list.
    unconfirmed = _guest(briefing, "Dina Marlina", "dina@sumeks.example")
    _check(page, reverse("events:ticket", args=[unconfirmed.token]))
    waiting = full.registrations.filter(status=Registration.Status.WAITLISTED).first()
    _check(page, reverse("events:ticket", args=[waiting.token]))
    # A confirmation link gone bad.
    bad = reverse("events:guest_confirm", args=["rusak"])
    console.expect_error_status(bad)
    _check(page, bad, status=410)


def test_nomination_calendar_and_dashboard_pages_pass_axe_for_a_regency_manager(
    page, demo, console
):
    organisation = Organisation.objects.get(name=REGENCY)
    manager = member(Role.PARTNER_MANAGER, organisation, email=REGENCY_MANAGER, language="id")
    EmailAddress.objects.create(user=manager, email=REGENCY_MANAGER, verified=True, primary=True)
    for name in ("Rahmat Hidayat", "Lestari Ayu"):
        member(Role.PARTNER_OPERATOR, organisation, full_name=name, position="Pranata Humas")
    training = _event(Event.Kind.TRAINING, "Pelatihan Konten Antikorupsi", visibility="invited")
    invitation = training.invitations.get(organisation=organisation)

    page.goto(reverse("account_login"))
    assert_accessible(page)
    fill_sign_in(page, REGENCY_MANAGER, DEFAULT_PASSWORD)
    expect(page).to_have_url(path_is(reverse("home")))
    assert_accessible(page)
    expect(page.get_by_test_id("panel-events-nominations")).to_contain_text(training.title)
    _check(page, reverse("events:invitation", args=[invitation.pk]))
    # Nominating without choosing anyone: the form says so.
    with page.expect_navigation():
        page.locator('main form:has(input[name="people"]) [type=submit]').click()
    assert_accessible(page)
    expect(page.locator(".invalid-feedback")).to_have_count(1)
    _check(page, training.get_absolute_url())
    _check(page, reverse("events:calendar_settings"))


def test_dashboard_events_panels_pass_axe_for_kpk_and_a_partner_manager(
    page, new_context, demo, console
):
    sign_in(page, KPK_MANAGER, totp=True)
    for code in ("upcoming", "reports"):
        expect(page.get_by_test_id(f"panel-events-{code}")).to_be_visible()
    _check(page, reverse("events:calendar_settings"))

    partner = new_context().new_page()
    sign_in(partner, SUMUT_MANAGER)
    for code in ("upcoming", "nominations"):
        expect(partner.get_by_test_id(f"panel-events-{code}")).to_be_visible()
