"""The registration pages: the public page and guests, tickets, calendars, nominations, the box."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from events import registrations
from events.models import Event, Invitation, Registration
from partnerships.models import Role
from tests.factories import (
    EventFactory,
    EventInvitationFactory,
    OrganisationFactory,
    RegistrationFactory,
    SessionFactory,
    SpeakerFactory,
    member,
)
from tests.helpers import count_queries, messages_of
from tests.helpers import english as speak_english

pytestmark = pytest.mark.django_db

Status = Registration.Status
GUEST = {
    "name": "Rahmat Hidayat",
    "institution": "Detik Sumbagsel",
    "position": "Jurnalis",
    "email": "rahmat@detik.example.id",
    "phone": "0812-7000-1234",
}
WITA = ZoneInfo("Asia/Makassar")


@pytest.fixture
def english(client):
    """English pages: the cookie for visitors, each network user's own language otherwise."""
    speak_english(client)
    return client


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _briefing(**fields):
    """An open media briefing in Makassar (WITA): 7 December 2026, 09.00 to 12.00 local time."""
    defaults = {
        "kind": Event.Kind.MEDIA_BRIEFING,
        "title": "Media Briefing: Pencegahan Korupsi; Dana Desa, 2026",
        "venue_name": "Hotel Claro Makassar",
        "venue_address": "Jl. A. P. Pettarani No. 3",
        "venue_regency_id": "73.71",
        "time_zone": "Asia/Makassar",
        "starts_at": datetime(2026, 12, 7, 9, 0, tzinfo=WITA),
        "ends_at": datetime(2026, 12, 7, 12, 0, tzinfo=WITA),
        "open": True,
    }
    return EventFactory(**{**defaults, **fields})


@pytest.fixture(autouse=True)
def _before_the_briefing(monkeypatch):
    """Today is 30 November 2026 (the briefing is a week away, whenever the suite runs)."""
    now = datetime(2026, 11, 30, 10, 0, tzinfo=ZoneInfo("UTC"))
    monkeypatch.setattr(timezone, "now", lambda: now)


# --- The public page -------------------------------------------------------------------------


def test_public_page_shows_the_event_in_its_zone_and_no_participant(english):
    event = _briefing()
    session = SessionFactory(
        event=event,
        title="Membaca data LHKPN",
        starts_at=datetime(2026, 12, 7, 9, 30, tzinfo=WITA),
        ends_at=datetime(2026, 12, 7, 10, 30, tzinfo=WITA),
    )
    SpeakerFactory(session=session, name="Ipi Maryati Kuding", institution="KPK")
    RegistrationFactory(event=event, name="Peserta Rahasia Satu", email="rahasia@example.id")
    RegistrationFactory(event=event, name="Peserta Rahasia Dua", waitlisted=True)

    response = english.get(reverse("events:public", args=[event.public_token]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Media Briefing: Pencegahan Korupsi; Dana Desa, 2026" in page
    assert "Monday, 7 December 2026, 09.00\u201312.00 WITA" in strip_tags(page)
    assert "09.30 WITA \u2013 10.30 WITA · Membaca data LHKPN" in page
    assert "Ipi Maryati Kuding" in page
    assert "Rahasia" not in page
    assert "rahasia@example.id" not in page


def test_public_page_in_indonesian_by_default(client):
    event = _briefing()

    page = client.get(reverse("events:public", args=[event.public_token])).content.decode()

    assert "Senin, 7 Desember 2026, 09.00\u201312.00 WITA" in strip_tags(page)
    assert "Daftar sebagai tamu" in page


@pytest.mark.parametrize("fields", [{"open": False}, {"draft": True}])
def test_public_page_of_an_invited_only_or_draft_event_is_not_found(client, fields):
    event = _briefing(**fields)

    response = client.get(reverse("events:public", args=[event.public_token]))

    assert response.status_code == 404


def test_guest_registers_and_gets_the_confirmation_email(english, on_commit):
    event = _briefing()

    with on_commit():
        response = english.post(reverse("events:public", args=[event.public_token]), GUEST)

    assert response.status_code == 302
    assert messages_of(response) == [
        "Almost done: we have sent a confirmation link to rahmat@detik.example.id. Open it "
        "within two days to take your seat."
    ]
    [registration] = Registration.objects.all()
    assert (registration.status, registration.name) == (Status.UNCONFIRMED, "Rahmat Hidayat")
    [message] = mail.outbox
    assert message.to == ["rahmat@detik.example.id"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "This field is required."),
        ({"phone": ""}, "This field is required."),
        ({"email": "rahmat@"}, "Enter a valid email address."),
    ],
)
def test_guest_bad_input_is_answered_and_nothing_is_stored(english, changes, message):
    event = _briefing()

    response = english.post(
        reverse("events:public", args=[event.public_token]), {**GUEST, **changes}
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert (Registration.objects.count(), len(mail.outbox)) == (0, 0)


def test_guest_double_registration_is_answered_and_nothing_is_stored(english):
    event = _briefing()
    registrations.register_guest(event, **GUEST)
    mail.outbox.clear()

    response = english.post(
        reverse("events:public", args=[event.public_token]),
        {**GUEST, "email": "RAHMAT@detik.example.id"},
    )

    assert response.status_code == 200
    assert "This email address is already registered for this event." in response.content.decode()
    assert (Registration.objects.count(), len(mail.outbox)) == (1, 0)


def test_guest_after_closing_is_answered_and_nothing_is_stored(english):
    event = _briefing(registration_closes_at=datetime(2026, 11, 29, tzinfo=WITA))
    path = reverse("events:public", args=[event.public_token])

    shown = english.get(path).content.decode()
    response = english.post(path, GUEST)

    assert "Registration for this event has closed." in shown
    assert "Registration for this event has closed." in response.content.decode()
    assert Registration.objects.count() == 0


def test_a_flood_from_one_address_is_refused_with_429(english):
    event = _briefing()
    path = reverse("events:public", args=[event.public_token])
    for number in range(5):
        english.post(path, {**GUEST, "email": f"tamu{number}@example.id"})

    response = english.post(path, {**GUEST, "email": "tamu5@example.id"})

    assert response.status_code == 429
    assert (
        "Too many registrations from your address. Please try again in a few minutes."
        in response.content.decode()
    )
    assert Registration.objects.count() == 5
    # Another event's page still answers the same address.
    other = _briefing(title="Talk show")
    answer = english.post(
        reverse("events:public", args=[other.public_token]), {**GUEST, "email": "x@example.id"}
    )
    assert answer.status_code == 302


def test_guest_confirms_from_the_link_and_lands_on_the_ticket(english, on_commit):
    event = _briefing()
    registration = registrations.register_guest(event, **GUEST)
    path = reverse("events:guest_confirm", args=[registrations.confirmation_token(registration)])

    shown = english.get(path)
    with on_commit():
        response = english.post(path)

    assert shown.status_code == 200
    assert response.url == reverse("events:ticket", args=[registration.token])
    assert messages_of(response) == ["Your seat is confirmed. See you there!"]
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED
    assert len(mail.outbox[-1].attachments) == 2


def test_guest_confirm_with_a_bad_link_is_gone(english):
    response = english.get(reverse("events:guest_confirm", args=["bukan-token"]))

    assert response.status_code == 410
    assert "This confirmation link is not valid." in response.content.decode()


# --- Tickets ---------------------------------------------------------------------------------


def test_ticket_shows_the_status_and_the_qr_code(english):
    registration = RegistrationFactory(event=_briefing(), name="Rahmat Hidayat")

    response = english.get(reverse("events:ticket", args=[registration.token]))

    page = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    assert "Rahmat Hidayat" in page
    assert '<svg role="img" aria-label="Personal QR code for check-in"' in page
    assert reverse("events:ticket_ics", args=[registration.token]) in page
    assert reverse("events:ticket_cancel", args=[registration.token]) in page


def test_ticket_qr_is_a_png(client):
    registration = RegistrationFactory(event=_briefing())

    response = client.get(reverse("events:ticket_qr", args=[registration.token]))

    assert (response.status_code, response["Content-Type"]) == (200, "image/png")
    assert response.content[:8] == b"\x89PNG\r\n\x1a\n"


def test_ticket_of_an_unknown_token_is_not_found(client):
    assert client.get(reverse("events:ticket", args=["tidak-ada"])).status_code == 404


def test_guest_cancels_from_the_ticket(english):
    registration = RegistrationFactory(event=_briefing())

    response = english.post(reverse("events:ticket_cancel", args=[registration.token]))

    assert messages_of(response) == ["Your registration is cancelled."]
    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED


def test_a_members_ticket_cannot_be_cancelled_by_its_link(client, network):
    registration = RegistrationFactory(
        event=_briefing(), user=network.partner_operator, source="self"
    )

    response = client.post(reverse("events:ticket_cancel", args=[registration.token]))

    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED


# --- Calendars -------------------------------------------------------------------------------


def test_ics_of_a_wita_event_is_in_utc_with_escaped_text_and_a_stable_uid(client, network):
    event = _briefing()
    client.force_login(network.kpk_staff)
    path = reverse("events:ics", args=[event.pk])

    first = client.get(path)
    second = client.get(path)

    body = first.content.decode()
    assert first["Content-Type"] == "text/calendar; charset=utf-8"
    assert first["Content-Disposition"] == f'attachment; filename="sinergi-acara-{event.pk}.ics"'
    assert "DTSTART:20261207T010000Z" in body
    assert "DTEND:20261207T040000Z" in body
    assert "SUMMARY:Media Briefing: Pencegahan Korupsi\\; Dana Desa\\, 2026" in body
    assert f"UID:sinergi-event-{event.pk}@testserver" in body
    uid = [line for line in body.splitlines() if line.startswith("UID:")]
    assert uid == [line for line in second.content.decode().splitlines() if line.startswith("UID:")]
    assert "Hotel Claro Makassar\\, Jl. A. P. Pettarani No. 3" in body


def test_ics_of_an_event_out_of_reach_is_not_found(client, network):
    event = EventFactory(organisers=[network.kpk])
    EventInvitationFactory(event=event, organisation=network.foreign)
    client.force_login(network.partner_operator)

    assert client.get(reverse("events:ics", args=[event.pk])).status_code == 404


def test_calendar_feed_lists_my_events_and_nothing_else(client, network):
    mine = _briefing(title="Pelatihan yang saya ikuti")
    RegistrationFactory(event=mine, user=network.partner_operator, source="self")
    organised = _briefing(title="Rapat yang kami selenggarakan", organisers=[network.city])
    _briefing(title="Acara orang lain")
    token = registrations.calendar_feed(network.partner_operator).token

    response = client.get(reverse("events:calendar_feed", args=[token]))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Pelatihan yang saya ikuti" in body
    assert "Rapat yang kami selenggarakan" in body
    assert "Acara orang lain" not in body
    assert organised.pk


def test_calendar_reset_replaces_the_secret_address(client, network):
    client.force_login(network.partner_operator)
    old = registrations.calendar_feed(network.partner_operator).token

    shown = client.get(reverse("events:calendar_settings"))
    response = client.post(reverse("events:calendar_reset"))

    assert old in shown.content.decode()
    assert response.url == reverse("events:calendar_settings")
    new = registrations.calendar_feed(network.partner_operator).token
    assert new != old
    assert client.get(reverse("events:calendar_feed", args=[old])).status_code == 404
    assert client.get(reverse("events:calendar_feed", args=[new])).status_code == 200


# --- Members and nominations -----------------------------------------------------------------


def test_register_takes_a_seat_and_goes_back(english, network):
    event = EventFactory(organisers=[network.kpk])
    EventInvitationFactory(event=event, organisation=network.city)
    english.force_login(network.partner_operator)

    response = english.post(
        reverse("events:register", args=[event.pk]), {"next": f"/events/{event.pk}/"}
    )

    assert response.url == f"/events/{event.pk}/"
    assert messages_of(response) == ["You are registered. Your ticket is below."]
    assert Registration.objects.get().status == Status.CONFIRMED


def test_register_refused_says_why_and_stores_nothing(english, network):
    event = EventFactory(organisers=[network.kpk], open=True)
    english.force_login(network.partner_operator)
    english.post(reverse("events:register", args=[event.pk]))

    response = english.post(reverse("events:register", args=[event.pk]))

    assert messages_of(response)[-1:] == ["You are already registered for this event."]
    assert Registration.objects.count() == 1


def test_invitation_page_lists_the_members_and_nominates(english, network, on_commit):
    event = EventFactory(organisers=[network.kpk])
    invitation = EventInvitationFactory(event=event, organisation=network.city)
    english.force_login(network.partner_manager)
    path = reverse("events:invitation", args=[invitation.pk])

    shown = english.get(path)
    with on_commit():
        response = english.post(path, {"people": [network.partner_operator.pk]})

    assert network.partner_operator.full_name in shown.content.decode()
    assert messages_of(response) == [f"Nominated: {network.partner_operator.full_name}."]
    registration = Registration.objects.get()
    assert (registration.user, registration.source) == (network.partner_operator, "nominated")


def test_invitation_decline_needs_a_reason(english, network):
    invitation = EventInvitationFactory(
        event=EventFactory(organisers=[network.kpk]), organisation=network.city
    )
    english.force_login(network.partner_manager)
    path = reverse("events:invitation_decline", args=[invitation.pk])

    refused = english.post(path, {"reason": ""})
    declined = english.post(path, {"reason": "Bertepatan dengan HUT Kota"})

    assert messages_of(refused) == ["Say why the invitation is declined."]
    assert messages_of(declined)[-1:] == ["The invitation is declined."]
    invitation.refresh_from_db()
    assert (invitation.status, invitation.decline_reason) == (
        Invitation.Status.DECLINED,
        "Bertepatan dengan HUT Kota",
    )


def test_another_organisations_invitation_is_not_found(client, network):
    invitation = EventInvitationFactory(
        event=EventFactory(organisers=[network.kpk]), organisation=network.foreign
    )
    client.force_login(network.partner_manager)

    assert client.get(reverse("events:invitation", args=[invitation.pk])).status_code == 404
    assert (
        client.post(reverse("events:invitation_decline", args=[invitation.pk]), {"reason": "x"})
    ).status_code == 404


def test_invitation_page_queries_do_not_grow_with_the_members(client, network):
    invitation = EventInvitationFactory(
        event=EventFactory(organisers=[network.kpk]), organisation=network.city
    )
    client.force_login(network.partner_manager)
    path = reverse("events:invitation", args=[invitation.pk])

    few = count_queries(lambda: client.get(path))
    for _ in range(10):
        member(Role.PARTNER_OPERATOR, network.city)
    registrations.nominate(invitation, users=[network.partner_operator], by=network.partner_manager)
    many = count_queries(lambda: client.get(path))

    assert few == many


# --- The box on the event page ---------------------------------------------------------------


def _box(event, user):
    request = RequestFactory().get(f"/events/{event.pk}/")
    request.user = user
    template = Template("{% load registration_tags %}{% registration_box event %}")
    return template.render(Context({"event": event, "request": request, "user": user}))


def test_box_offers_registration_and_the_seats_left(network):
    event = EventFactory(organisers=[network.kpk], capacity=3)
    EventInvitationFactory(event=event, organisation=network.city)
    RegistrationFactory(event=event)

    html = _box(event, network.partner_operator)

    assert reverse("events:register", args=[event.pk]) in html
    assert '<dd data-testid="seats-left">2 / 3</dd>' in html
    assert reverse("events:ics", args=[event.pk]) in html
    assert "public-link" not in html


def test_box_shows_my_place_and_the_organisers_public_link(network):
    event = EventFactory(organisers=[network.kpk], open=True)
    mine = registrations.register_member(event, user=network.kpk_staff, by=network.kpk_staff)

    staff = _box(Event.objects.get(pk=event.pk), network.kpk_staff)
    manager = _box(Event.objects.get(pk=event.pk), network.kpk_manager)

    assert reverse("events:ticket", args=[mine.token]) in staff
    assert reverse("events:registration_cancel", args=[mine.pk]) in staff
    assert reverse("events:public", args=[event.public_token]) in manager


def test_box_links_a_manager_to_their_invitation(network):
    event = EventFactory(organisers=[network.kpk])
    invitation = EventInvitationFactory(event=event, organisation=network.city)

    html = _box(event, network.partner_manager)

    assert reverse("events:invitation", args=[invitation.pk]) in html


def test_registration_cancel_view_promotes_and_goes_back(english, network):
    event = EventFactory(organisers=[network.kpk], capacity=1, open=True)
    english.force_login(network.partner_operator)
    english.post(reverse("events:register", args=[event.pk]))
    waiting = RegistrationFactory(event=event, waitlisted=True)
    mine = Registration.objects.get(user=network.partner_operator)

    response = english.post(reverse("events:registration_cancel", args=[mine.pk]))

    assert messages_of(response)[-1:] == ["The registration is cancelled."]
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED


def test_registration_cancel_of_someone_else_is_refused(client, network):
    event = EventFactory(organisers=[OrganisationFactory(kpk=True)], open=True)
    registration = registrations.register_member(
        event, user=network.partner_operator, by=network.partner_operator
    )
    client.force_login(network.province_manager)

    response = client.post(reverse("events:registration_cancel", args=[registration.pk]))

    assert response.status_code == 403
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED
