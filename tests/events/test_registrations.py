"""The registration's one door: members, nominations, guests, cancelling and the waiting list."""

from datetime import timedelta

import pytest
from django.core import mail, signing
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation

from audit.models import AuditEntry
from events import registrations
from events.models import CalendarFeed, Event, Invitation, Registration
from events.registrations import RegistrationError
from notifications.models import Notification
from partnerships.models import Role
from tests.factories import EventFactory, EventInvitationFactory, RegistrationFactory, member

pytestmark = pytest.mark.django_db

Status = Registration.Status


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _invited(network, **fields):
    event = EventFactory(organisers=[network.kpk], **fields)
    EventInvitationFactory(event=event, organisation=network.city)
    return event


def _actions(event):
    return list(
        AuditEntry.objects.filter(target_id=str(event.pk), action__startswith="events.")
        .order_by("sequence")
        .values_list("action", flat=True)
    )


def _refused(call, message):
    with pytest.raises(RegistrationError) as raised:
        call()
    assert raised.value.messages == [message]


# --- Members ---------------------------------------------------------------------------------


def test_register_member_takes_a_seat_with_a_snapshot_of_the_person(network, on_commit):
    event = _invited(network)
    operator = network.partner_operator
    operator.position = "Pranata Humas"
    operator.save()

    with on_commit():
        registration = registrations.register_member(event, user=operator, by=operator)

    registration.refresh_from_db()
    assert (registration.status, registration.source, registration.user) == (
        Status.CONFIRMED,
        Registration.Source.SELF,
        operator,
    )
    assert (registration.organisation, registration.institution, registration.position) == (
        network.city,
        "Diskominfo Kota Palembang",
        "Pranata Humas",
    )
    assert registration.confirmed_at is not None
    assert _actions(event) == ["events.registered"]
    [notification] = Notification.objects.filter(recipient=operator)
    assert notification.kind == "events.registration_confirmed"
    assert notification.target_url == f"/events/tickets/{registration.token}/"
    [message] = mail.outbox
    assert [a[0] for a in message.attachments] == [
        f"sinergi-acara-{event.pk}.ics",
        f"tiket-{event.pk}-qr.png",
    ]
    assert message.attachments[0][1].startswith("BEGIN:VCALENDAR")
    assert message.attachments[1][1][:8] == b"\x89PNG\r\n\x1a\n"


def test_register_member_joins_the_waiting_list_of_a_full_house(network, on_commit):
    event = _invited(network, capacity=1)
    RegistrationFactory(event=event)

    with on_commit():
        registration = registrations.register_member(
            event, user=network.partner_operator, by=network.partner_operator
        )

    assert registration.status == Status.WAITLISTED
    assert registration.waitlisted_at is not None
    [notification] = Notification.objects.filter(recipient=network.partner_operator)
    assert notification.kind == "events.registration_waitlisted"
    # No seat, no ticket attached.
    [message] = mail.outbox
    assert message.attachments == []


def test_register_member_without_capacity_always_has_a_seat(network):
    event = _invited(network, capacity=None)
    RegistrationFactory.create_batch(3, event=event)

    registration = registrations.register_member(
        event, user=network.partner_operator, by=network.partner_operator
    )

    assert registration.status == Status.CONFIRMED


def test_register_member_refuses_an_event_that_is_over(network):
    event = _invited(network, past=True)
    event.ends_at = timezone.now() - timedelta(hours=1)
    event.save()
    operator = network.partner_operator

    _refused(
        lambda: registrations.register_member(event, user=operator, by=operator),
        "This event is over.",
    )
    assert Registration.objects.count() == 0


def test_register_member_refuses_after_closing(network):
    event = _invited(network, registration_closes_at=timezone.now() - timedelta(hours=1))
    operator = network.partner_operator

    _refused(
        lambda: registrations.register_member(event, user=operator, by=operator),
        "Registration for this event has closed.",
    )
    assert Registration.objects.count() == 0


def test_register_member_refuses_a_cancelled_event(network):
    event = _invited(network, status=Event.Status.CANCELLED, cancel_reason="Banjir")
    operator = network.partner_operator

    # Registering is not offered for a cancelled event at all; a nomination says why.
    with pytest.raises(PermissionDenied):
        registrations.register_member(event, user=operator, by=operator)
    _refused(
        lambda: registrations.nominate(
            event.invitations.get(), users=[operator], by=network.partner_manager
        ),
        "This event has been cancelled.",
    )
    assert Registration.objects.count() == 0


def test_register_member_refuses_before_registration_opens(network):
    opens = timezone.now() + timedelta(days=2)
    event = _invited(network, registration_opens_at=opens, time_zone="Asia/Makassar")
    event.venue_regency_id = "73.71"
    event.save()
    operator = network.partner_operator

    with pytest.raises(RegistrationError) as raised:
        registrations.register_member(event, user=operator, by=operator)

    [message] = raised.value.messages
    assert message.startswith("Registration is not open yet: it opens on ")
    assert message.endswith(" WITA.")
    assert Registration.objects.count() == 0


def test_register_member_refuses_someone_already_registered(network):
    event = _invited(network)
    operator = network.partner_operator
    registrations.register_member(event, user=operator, by=operator)

    _refused(
        lambda: registrations.register_member(event, user=operator, by=operator),
        "You are already registered for this event.",
    )
    assert Registration.objects.count() == 1


def test_register_member_refuses_an_organisation_not_invited(network):
    event = _invited(network)
    # The province's manager sees the event (a regency of the province is invited) but their
    # own organisation is not invited.
    manager = network.province_manager

    _refused(
        lambda: registrations.register_member(event, user=manager, by=manager),
        "This event is for invited organisations only, and yours is not invited.",
    )
    assert Registration.objects.count() == 0


def test_register_member_on_an_open_event_needs_no_invitation(network):
    event = EventFactory(organisers=[network.kpk], open=True)

    registration = registrations.register_member(
        event, user=network.province_manager, by=network.province_manager
    )

    assert registration.organisation == network.province


def test_register_member_refuses_registering_someone_else(network):
    event = _invited(network)

    with pytest.raises(PermissionDenied):
        registrations.register_member(
            event, user=network.partner_operator, by=network.partner_manager
        )
    assert Registration.objects.count() == 0


def test_register_member_refuses_an_event_out_of_reach(network):
    event = EventFactory(organisers=[network.kpk])
    EventInvitationFactory(event=event, organisation=network.foreign)

    with pytest.raises(PermissionDenied):
        registrations.register_member(
            event, user=network.partner_operator, by=network.partner_operator
        )


# --- Nominations -----------------------------------------------------------------------------


def test_nominate_registers_the_members_and_answers_the_invitation(network, on_commit):
    event = EventFactory(organisers=[network.kpk], capacity=1)
    invitation = EventInvitationFactory(event=event, organisation=network.city)
    colleague = member(Role.PARTNER_OPERATOR, network.city)

    with on_commit():
        created = registrations.nominate(
            invitation, users=[network.partner_operator, colleague], by=network.partner_manager
        )

    assert [(r.user, r.status, r.source, r.nominated_by) for r in created] == [
        (network.partner_operator, Status.CONFIRMED, "nominated", network.partner_manager),
        (colleague, Status.WAITLISTED, "nominated", network.partner_manager),
    ]
    invitation.refresh_from_db()
    assert (invitation.status, invitation.responded_by) == (
        Invitation.Status.NOMINATED,
        network.partner_manager,
    )
    assert _actions(event) == ["events.nominated"]
    kinds = Notification.objects.order_by("recipient_id").values_list("recipient_id", "kind")
    assert sorted(kinds) == sorted(
        [(network.partner_operator.pk, "events.nominated"), (colleague.pk, "events.nominated")]
    )
    notification = Notification.objects.get(recipient=colleague)
    assert notification.message == (
        f"{network.partner_manager} registered you for {event.title} (On the waiting list)."
    )


def test_nominate_refuses_people_of_another_organisation(network):
    invitation = EventInvitationFactory(
        event=EventFactory(organisers=[network.kpk]), organisation=network.city
    )
    stranger = member(Role.PARTNER_OPERATOR, network.foreign)

    _refused(
        lambda: registrations.nominate(invitation, users=[stranger], by=network.partner_manager),
        f"{stranger} is not a member of Diskominfo Kota Palembang.",
    )
    assert Registration.objects.count() == 0


def test_nominate_refuses_someone_already_registered(network):
    event = EventFactory(organisers=[network.kpk])
    invitation = EventInvitationFactory(event=event, organisation=network.city)
    registrations.register_member(event, user=network.partner_operator, by=network.partner_operator)

    _refused(
        lambda: registrations.nominate(
            invitation, users=[network.partner_operator], by=network.partner_manager
        ),
        f"{network.partner_operator} is already registered for this event.",
    )
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING


def test_nominate_refuses_nobody(network):
    invitation = EventInvitationFactory(
        event=EventFactory(organisers=[network.kpk]), organisation=network.city
    )

    _refused(
        lambda: registrations.nominate(invitation, users=[], by=network.partner_manager),
        "Choose at least one person to nominate.",
    )


def test_nominate_is_the_invited_organisations_managers(network):
    invitation = EventInvitationFactory(
        event=EventFactory(organisers=[network.kpk]), organisation=network.city
    )

    for by in (network.partner_operator, network.province_manager):
        with pytest.raises(PermissionDenied):
            registrations.nominate(invitation, users=[network.partner_operator], by=by)
    assert Registration.objects.count() == 0


def test_nominate_after_declining_answers_anew_and_drops_the_reason(network):
    invitation = EventInvitationFactory(
        event=EventFactory(organisers=[network.kpk]), organisation=network.city
    )
    registrations.decline_invitation(invitation, reason="Bentrok", by=network.partner_manager)

    registrations.nominate(invitation, users=[network.partner_operator], by=network.partner_manager)

    invitation.refresh_from_db()
    assert (invitation.status, invitation.decline_reason) == (Invitation.Status.NOMINATED, "")


def test_decline_invitation_records_the_reason(network):
    event = EventFactory(organisers=[network.kpk])
    invitation = EventInvitationFactory(event=event, organisation=network.city)

    registrations.decline_invitation(
        invitation, reason="  Bertepatan dengan HUT Kota  ", by=network.partner_manager
    )

    invitation.refresh_from_db()
    assert (invitation.status, invitation.decline_reason, invitation.responded_by) == (
        Invitation.Status.DECLINED,
        "Bertepatan dengan HUT Kota",
        network.partner_manager,
    )
    assert _actions(event) == ["events.invitation_declined"]


def test_decline_invitation_tells_the_organisers_managers(
    network, django_capture_on_commit_callbacks
):
    event = EventFactory(organisers=[network.kpk, network.province], title="Rapat Koordinasi")
    invitation = EventInvitationFactory(event=event, organisation=network.city)

    with django_capture_on_commit_callbacks(execute=True):
        registrations.decline_invitation(
            invitation, reason="Bertepatan dengan HUT Kota", by=network.partner_manager
        )

    told = list(Notification.objects.filter(kind="events.invitation_declined"))
    assert {notification.recipient for notification in told} == {
        network.kpk_manager,
        network.province_manager,
    }
    assert len(told) == 2
    with translation.override("en"):
        assert told[0].message == (
            "Diskominfo Kota Palembang declined the invitation to Rapat Koordinasi: "
            "“Bertepatan dengan HUT Kota”"
        )
    assert told[0].target_url == event.get_absolute_url()


def test_decline_invitation_refused_tells_nobody(network):
    invitation = EventInvitationFactory(
        event=EventFactory(organisers=[network.kpk]), organisation=network.city
    )

    with pytest.raises(RegistrationError):
        registrations.decline_invitation(invitation, reason="", by=network.partner_manager)

    assert not Notification.objects.filter(kind="events.invitation_declined").exists()


def test_decline_invitation_needs_a_reason(network):
    invitation = EventInvitationFactory(
        event=EventFactory(organisers=[network.kpk]), organisation=network.city
    )

    _refused(
        lambda: registrations.decline_invitation(
            invitation, reason="  ", by=network.partner_manager
        ),
        "Say why the invitation is declined.",
    )
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING


def test_decline_invitation_refuses_once_nominated(network):
    invitation = EventInvitationFactory(
        event=EventFactory(organisers=[network.kpk]), organisation=network.city
    )
    registrations.nominate(invitation, users=[network.partner_operator], by=network.partner_manager)

    _refused(
        lambda: registrations.decline_invitation(
            invitation, reason="Batal", by=network.partner_manager
        ),
        "Participants are already nominated: cancel their registrations instead.",
    )


def test_decline_invitation_is_the_invited_organisations_managers(network):
    invitation = EventInvitationFactory(
        event=EventFactory(organisers=[network.kpk]), organisation=network.city
    )

    with pytest.raises(PermissionDenied):
        registrations.decline_invitation(invitation, reason="x", by=network.partner_operator)


# --- Guests ----------------------------------------------------------------------------------

GUEST = {
    "name": "Rahmat Hidayat",
    "institution": "Detik Sumbagsel",
    "position": "Jurnalis",
    "email": "Rahmat@Detik.example.id",
    "phone": "0812-7000-1234",
}


def _guest(event, **changes):
    return registrations.register_guest(event, **{**GUEST, **changes}, ip="10.0.0.7")


def test_register_guest_waits_for_the_confirmation_without_a_seat(db, on_commit):
    event = EventFactory(open=True, capacity=1)

    with on_commit():
        registration = _guest(event)

    assert (registration.status, registration.source, registration.user) == (
        Status.UNCONFIRMED,
        Registration.Source.GUEST,
        None,
    )
    assert registrations.seats_left(event) == 1
    [message] = mail.outbox
    assert message.to == ["Rahmat@Detik.example.id"]
    assert message.subject == f"[Sinergi] Confirm your registration: {event.title}"
    assert "/events/guest/confirm/" in message.body
    entry = AuditEntry.objects.get(action="events.guest_registered")
    assert (entry.target_id, entry.changes["ip"], entry.changes["email"]) == (
        str(event.pk),
        "10.0.0.7",
        "Rahmat@Detik.example.id",
    )


def _confirmation_link(message) -> str:
    [line] = [line for line in message.body.splitlines() if "/guest/confirm/" in line]
    return line.strip().rstrip("/").rsplit("/", 1)[1]


def test_confirm_guest_takes_a_seat_and_emails_the_ticket(db, on_commit):
    event = EventFactory(open=True)
    with on_commit():
        _guest(event)
    token = _confirmation_link(mail.outbox[0])

    with on_commit():
        registration = registrations.confirm_guest(token)

    assert registration.status == Status.CONFIRMED
    message = mail.outbox[1]
    assert message.subject == f"[Sinergi] Your ticket: {event.title}"
    assert f"/events/tickets/{registration.token}/" in message.body
    assert [a[0] for a in message.attachments] == [
        f"sinergi-acara-{event.pk}.ics",
        f"tiket-{event.pk}-qr.png",
    ]
    # Twice is harmless.
    assert registrations.confirm_guest(token).status == Status.CONFIRMED
    assert _actions(event) == ["events.guest_registered", "events.guest_confirmed"]


def test_confirm_guest_of_a_full_house_joins_the_waiting_list(db, on_commit):
    event = EventFactory(open=True, capacity=1)
    with on_commit():
        _guest(event)
    RegistrationFactory(event=event)

    with on_commit():
        registration = registrations.confirm_guest(_confirmation_link(mail.outbox[0]))

    assert registration.status == Status.WAITLISTED
    assert mail.outbox[1].subject == f"[Sinergi] On the waiting list: {event.title}"
    assert mail.outbox[1].attachments == []


def test_confirm_guest_refuses_a_tampered_or_expired_link(db):
    event = EventFactory(open=True)
    registration = _guest(event)
    token = registrations.confirmation_token(registration)

    _refused(
        lambda: registrations.confirm_guest(token[:-2] + "xx"),
        "This confirmation link is not valid.",
    )
    later = timezone.now() + registrations.GUEST_CONFIRMATION_MAX_AGE + timedelta(minutes=1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(signing.time, "time", lambda: later.timestamp())
        _refused(
            lambda: registrations.confirm_guest(token),
            "This confirmation link has expired. Register again from the event's page.",
        )
    registration.refresh_from_db()
    assert registration.status == Status.UNCONFIRMED


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": " "}, "Fill in your name."),
        ({"institution": ""}, "Fill in your institution."),
        ({"position": ""}, "Fill in your position."),
        ({"phone": ""}, "Fill in your phone."),
        ({"email": "rahmat@"}, "Enter a valid email address."),
    ],
)
def test_register_guest_refuses_bad_input(db, changes, message):
    event = EventFactory(open=True)

    _refused(lambda: _guest(event, **changes), message)
    assert (Registration.objects.count(), len(mail.outbox)) == (0, 0)


def test_register_guest_refuses_the_same_address_twice_whatever_its_case(db):
    event = EventFactory(open=True)
    _guest(event)

    _refused(
        lambda: _guest(event, email="rahmat@detik.EXAMPLE.id"),
        "This email address is already registered for this event. If you have not confirmed "
        "it yet, look for our email in your inbox.",
    )
    assert Registration.objects.count() == 1


def test_register_guest_frees_an_address_whose_link_expired(db):
    event = EventFactory(open=True)
    stale = _guest(event)
    Registration.objects.filter(pk=stale.pk).update(
        created_at=timezone.now() - registrations.GUEST_CONFIRMATION_MAX_AGE - timedelta(hours=1)
    )

    fresh = _guest(event)

    stale.refresh_from_db()
    assert (stale.status, fresh.status) == (Status.CANCELLED, Status.UNCONFIRMED)


def test_register_guest_refuses_after_closing(db):
    event = EventFactory(open=True, registration_closes_at=timezone.now() - timedelta(minutes=1))

    _refused(lambda: _guest(event), "Registration for this event has closed.")
    assert Registration.objects.count() == 0


def test_register_guest_refuses_an_invited_only_event(db):
    event = EventFactory()

    _refused(lambda: _guest(event), "This event is for invited organisations only.")
    assert Registration.objects.count() == 0


# --- Cancelling and the waiting list ---------------------------------------------------------


def test_cancelling_a_seat_promotes_the_first_on_the_waiting_list(network, on_commit):
    event = _invited(network, capacity=1)
    operator = network.partner_operator
    seat = registrations.register_member(event, user=operator, by=operator)
    colleague = member(Role.PARTNER_OPERATOR, network.city)
    later = member(Role.PARTNER_OPERATOR, network.city)
    first = registrations.register_member(event, user=colleague, by=colleague)
    second = registrations.register_member(event, user=later, by=later)
    guest_line = RegistrationFactory(event=event, waitlisted=True)
    Registration.objects.filter(pk=second.pk).update(
        waitlisted_at=first.waitlisted_at + timedelta(seconds=1)
    )
    Registration.objects.filter(pk=guest_line.pk).update(
        waitlisted_at=first.waitlisted_at + timedelta(seconds=2)
    )
    mail.outbox.clear()

    with on_commit():
        registrations.cancel_registration(seat, by=operator)

    assert dict(Registration.objects.values_list("pk", "status")) == {
        seat.pk: Status.CANCELLED,
        first.pk: Status.CONFIRMED,
        second.pk: Status.WAITLISTED,
        guest_line.pk: Status.WAITLISTED,
    }
    [promoted] = Notification.objects.filter(kind="events.promoted")
    assert promoted.recipient == colleague
    assert _actions(event)[-2:] == ["events.registration_cancelled", "events.promoted"]


def test_cancelling_a_seat_emails_a_promoted_guest(network, on_commit):
    event = _invited(network, capacity=1)
    seat = registrations.register_member(
        event, user=network.partner_operator, by=network.partner_operator
    )
    guest = RegistrationFactory(event=event, waitlisted=True, email="jurnalis@example.id")
    mail.outbox.clear()

    with on_commit():
        registrations.cancel_registration(seat, by=network.partner_operator)

    guest.refresh_from_db()
    assert guest.status == Status.CONFIRMED
    [message] = [m for m in mail.outbox if m.to == ["jurnalis@example.id"]]
    assert message.subject == f"[Sinergi] Your ticket: {event.title}"
    assert "A seat freed up" in message.body
    assert len(message.attachments) == 2


def test_cancelling_a_waitlisted_place_promotes_nobody(network):
    event = _invited(network, capacity=1)
    RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, waitlisted=True)
    behind = RegistrationFactory(event=event, waitlisted=True)

    registrations.cancel_registration(waiting, by=network.kpk_manager)

    behind.refresh_from_db()
    assert behind.status == Status.WAITLISTED


def test_cancel_registration_by_the_guest_holding_the_ticket(db):
    registration = RegistrationFactory(event=EventFactory(open=True))

    registrations.cancel_registration(registration, by=None)

    registration.refresh_from_db()
    assert (registration.status, registration.cancelled_at is not None) == (
        Status.CANCELLED,
        True,
    )


def test_cancel_registration_refuses_twice_and_after_check_in(network):
    cancelled = RegistrationFactory(status=Status.CANCELLED)
    checked_in = RegistrationFactory(checked_in=True)

    _refused(
        lambda: registrations.cancel_registration(cancelled, by=None),
        "This registration is already cancelled.",
    )
    _refused(
        lambda: registrations.cancel_registration(checked_in, by=None),
        "This person has already been checked in.",
    )


def test_cancel_registration_refuses_someone_elses(network):
    event = _invited(network)
    registration = registrations.register_member(
        event, user=network.partner_operator, by=network.partner_operator
    )

    with pytest.raises(PermissionDenied):
        registrations.cancel_registration(registration, by=network.province_manager)
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED


def test_cancel_registration_by_the_nominating_manager(network):
    invitation = EventInvitationFactory(
        event=EventFactory(organisers=[network.kpk]), organisation=network.city
    )
    [registration] = registrations.nominate(
        invitation, users=[network.partner_operator], by=network.partner_manager
    )

    registrations.cancel_registration(registration, by=network.partner_manager)

    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED


def test_fill_from_waiting_list_after_the_capacity_grows(network):
    event = _invited(network, capacity=1)
    RegistrationFactory(event=event)
    waiting = [RegistrationFactory(event=event, waitlisted=True) for _ in range(3)]
    Event.objects.filter(pk=event.pk).update(capacity=3)

    promoted = registrations.fill_from_waiting_list(event, by=network.kpk_manager)

    assert [r.pk for r in promoted] == [waiting[0].pk, waiting[1].pk]
    assert registrations.seats_left(Event.objects.get(pk=event.pk)) == 0


# --- The calendar feed -----------------------------------------------------------------------


def test_reset_calendar_feed_replaces_the_token(network):
    user = network.partner_operator
    old = registrations.calendar_feed(user).token

    feed = registrations.reset_calendar_feed(user, by=user)

    assert feed.token != old
    assert CalendarFeed.objects.get(user=user).token == feed.token
    assert registrations.feed_owner(old) is None
    assert registrations.feed_owner(feed.token) == user


def test_reset_calendar_feed_is_the_owners(network):
    with pytest.raises(PermissionDenied):
        registrations.reset_calendar_feed(network.partner_operator, by=network.kpk_manager)


def test_roles_do_not_matter_for_the_seat_count(network):
    # A manager and an operator both take seats from the same count.
    event = _invited(network, capacity=2)
    manager = member(Role.PARTNER_MANAGER, network.city)

    registrations.register_member(event, user=manager, by=manager)
    registrations.register_member(event, user=network.partner_operator, by=network.partner_operator)

    assert registrations.seats_left(event) == 0


def test_register_member_nominated_by_the_manager_is_a_nomination(network):
    event = EventFactory(organisers=[network.kpk])
    invitation = EventInvitationFactory(event=event, organisation=network.city)

    registration = registrations.register_member(
        event, user=network.partner_operator, by=network.partner_manager, source="nominated"
    )

    invitation.refresh_from_db()
    assert (registration.source, registration.nominated_by, invitation.status) == (
        Registration.Source.NOMINATED,
        network.partner_manager,
        Invitation.Status.NOMINATED,
    )
    assert Notification.objects.get(recipient=network.partner_operator).kind == "events.nominated"


def test_register_member_nominated_by_someone_else_is_refused(network):
    event = EventFactory(organisers=[network.kpk])
    EventInvitationFactory(event=event, organisation=network.city)

    with pytest.raises(PermissionDenied):
        registrations.register_member(
            event, user=network.partner_operator, by=network.province_manager, source="nominated"
        )
