"""Check-in, its undo, QR tickets and walk-ins (events/attendance.py)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AuditEntry
from events import attendance
from events.audit_actions import AttendanceAction
from events.models import Event, Registration
from tests.factories import EventFactory, RegistrationFactory


@pytest.fixture(autouse=True)
def english(english_msgids):
    """Assertions read the English msgids."""


def entries(action):
    return list(AuditEntry.objects.filter(action=action).values_list("target_id", flat=True))


def test_check_in_confirmed_registration_records_time_person_and_audit(network):
    registration = RegistrationFactory()
    before = timezone.now()

    done = attendance.check_in(registration, by=network.kpk_staff)

    registration.refresh_from_db()
    assert done is True
    assert registration.checked_in_at >= before
    assert registration.checked_in_by == network.kpk_staff
    assert entries(AttendanceAction.CHECKED_IN) == [str(registration.pk)]


def test_check_in_twice_keeps_the_first_time_and_logs_once(network):
    registration = RegistrationFactory()
    attendance.check_in(registration, by=network.kpk_staff)
    first = Registration.objects.get(pk=registration.pk).checked_in_at

    again = attendance.check_in(registration, by=network.kpk_manager)

    registration.refresh_from_db()
    assert again is False
    assert registration.checked_in_at == first
    assert registration.checked_in_by == network.kpk_staff
    assert entries(AttendanceAction.CHECKED_IN) == [str(registration.pk)]


def test_check_in_of_a_stale_copy_does_not_check_in_again(network):
    # Two organisers hold the same row; the second tap arrives after the first was written.
    registration = RegistrationFactory()
    stale = Registration.objects.get(pk=registration.pk)
    attendance.check_in(registration, by=network.kpk_staff)

    assert attendance.check_in(stale, by=network.kpk_manager) is False
    assert stale.checked_in_at == Registration.objects.get(pk=registration.pk).checked_in_at
    assert len(entries(AttendanceAction.CHECKED_IN)) == 1


@pytest.mark.parametrize(
    ("status", "message"),
    [
        ("waitlisted", "Peserta Antre is on the waiting list, not registered with a seat."),
        ("unconfirmed", "Peserta Antre has not confirmed their email address yet."),
        ("cancelled", "Peserta Antre cancelled their registration."),
    ],
)
def test_check_in_without_a_seat_is_refused_and_changes_nothing(network, status, message):
    registration = RegistrationFactory(
        name="Peserta Antre", status=status, waitlisted_at=timezone.now(), confirmed_at=None
    )

    with pytest.raises(ValidationError) as refused:
        attendance.check_in(registration, by=network.kpk_staff)

    assert refused.value.messages == [message]
    assert Registration.objects.get(pk=registration.pk).checked_in_at is None
    assert entries(AttendanceAction.CHECKED_IN) == []


def test_check_in_for_a_cancelled_event_is_refused(network):
    registration = RegistrationFactory(event=EventFactory(status=Event.Status.CANCELLED))

    with pytest.raises(ValidationError) as refused:
        attendance.check_in(registration, by=network.kpk_staff)

    assert refused.value.messages == ["This event was cancelled: nobody can be checked in."]
    assert Registration.objects.get(pk=registration.pk).checked_in_at is None


def test_undo_check_in_clears_it_and_logs(network):
    registration = RegistrationFactory(checked_in=True, checked_in_by=network.kpk_staff)

    done = attendance.undo_check_in(registration, by=network.kpk_manager)

    registration.refresh_from_db()
    assert done is True
    assert registration.checked_in_at is None
    assert registration.checked_in_by is None
    assert entries(AttendanceAction.CHECK_IN_UNDONE) == [str(registration.pk)]


def test_undo_check_in_of_someone_not_checked_in_changes_nothing(network):
    registration = RegistrationFactory()

    assert attendance.undo_check_in(registration, by=network.kpk_manager) is False
    assert entries(AttendanceAction.CHECK_IN_UNDONE) == []


@pytest.mark.parametrize(
    "scanned",
    [
        "{token}",
        "https://sinergi.kpk.go.id/events/tickets/{token}/",
        "http://testserver/events/tickets/{token}",
        "  https://sinergi.kpk.go.id/events/tickets/{token}/?utm=qr  ",
    ],
)
def test_token_in_reads_the_ticket_address_or_the_bare_token(scanned):
    token = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-ab"

    assert attendance.token_in(scanned.format(token=token)) == token


@pytest.mark.parametrize(
    "scanned",
    ["", "hello", "https://example.com/", "https://x.id/events/tickets/short/", "a b c d e f g h"],
)
def test_token_in_refuses_what_is_no_ticket(scanned):
    assert attendance.token_in(scanned) is None


def test_check_in_by_token_of_this_event(network):
    registration = RegistrationFactory()

    found, done = attendance.check_in_by_token(
        registration.event,
        f"https://sinergi.kpk.go.id/events/tickets/{registration.token}/",
        by=network.kpk_staff,
    )

    assert found == registration
    assert done is True
    assert Registration.objects.get(pk=registration.pk).checked_in_at is not None


def test_check_in_by_token_twice_answers_already(network):
    registration = RegistrationFactory()
    attendance.check_in_by_token(registration.event, registration.token, by=network.kpk_staff)

    found, done = attendance.check_in_by_token(
        registration.event, registration.token, by=network.kpk_staff
    )

    assert (found, done) == (registration, False)
    assert len(entries(AttendanceAction.CHECKED_IN)) == 1


def test_check_in_by_token_of_another_event_is_refused_and_changes_nothing(network):
    registration = RegistrationFactory()
    other_event = EventFactory()

    with pytest.raises(ValidationError) as refused:
        attendance.check_in_by_token(other_event, registration.token, by=network.kpk_staff)

    assert refused.value.messages == ["This QR code is not a ticket for this event."]
    assert Registration.objects.get(pk=registration.pk).checked_in_at is None


def test_check_in_by_token_of_a_waitlisted_registration_is_refused(network):
    registration = RegistrationFactory(name="Rina", waitlisted=True)

    with pytest.raises(ValidationError) as refused:
        attendance.check_in_by_token(registration.event, registration.token, by=network.kpk_staff)

    assert refused.value.messages == ["Rina is on the waiting list, not registered with a seat."]
    assert Registration.objects.get(pk=registration.pk).checked_in_at is None


def test_check_in_by_unknown_code_is_refused(db):
    with pytest.raises(ValidationError) as refused:
        attendance.check_in_by_token(EventFactory(), "WIFI:S:hotel;P:secret;;", by=None)

    assert refused.value.messages == ["This QR code is not a ticket for this event."]


def test_add_walk_in_registers_and_checks_in_even_when_full(network):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)

    registration = attendance.add_walk_in(
        event,
        name=" Budi Santoso ",
        institution="Inspektorat Kota Palembang",
        position="Auditor",
        email="budi@example.id",
        phone="0812-3456-7890",
        by=network.kpk_staff,
    )

    registration.refresh_from_db()
    assert registration.name == "Budi Santoso"
    assert registration.source == Registration.Source.WALK_IN
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.checked_in_at is not None
    assert registration.checked_in_by == network.kpk_staff
    assert event.registrations.filter(status=Registration.Status.CONFIRMED).count() == 2
    assert entries(AttendanceAction.WALK_IN_ADDED) == [str(registration.pk)]


def test_add_walk_in_with_an_address_already_registered_is_refused(network):
    existing = RegistrationFactory(email="rina@example.id")

    with pytest.raises(ValidationError) as refused:
        attendance.add_walk_in(
            existing.event,
            name="Rina",
            institution="Detik",
            position="Jurnalis",
            email="RINA@example.id",
            by=network.kpk_staff,
        )

    assert refused.value.message_dict == {
        "email": [
            "RINA@example.id is already registered for this event: check them in from the list."
        ]
    }
    assert existing.event.registrations.count() == 1


def test_add_walk_in_to_a_cancelled_event_is_refused(network):
    event = EventFactory(status=Event.Status.CANCELLED)

    with pytest.raises(ValidationError):
        attendance.add_walk_in(
            event, name="Budi", institution="X", position="Y", by=network.kpk_staff
        )

    assert event.registrations.count() == 0


def test_attendance_counts_counts_seats_waiting_and_checked_in(db):
    event = EventFactory()
    RegistrationFactory.create_batch(2, event=event)
    RegistrationFactory(event=event, checked_in=True)
    RegistrationFactory(event=event, waitlisted=True)
    RegistrationFactory(event=event, status=Registration.Status.CANCELLED)
    RegistrationFactory(checked_in=True)  # another event's

    assert attendance.attendance_counts(event) == {
        "registered": 3,
        "waiting": 1,
        "checked_in": 1,
    }


def test_attendance_rows_are_the_checked_in_or_every_confirmed(db):
    event = EventFactory()
    here = RegistrationFactory(event=event, name="Ani", checked_in=True)
    absent = RegistrationFactory(event=event, name="Budi")
    RegistrationFactory(event=event, name="Citra", waitlisted=True)

    assert list(attendance.attendance_rows(event)) == [here]
    assert list(attendance.attendance_rows(event, everyone=True)) == [here, absent]


def test_check_in_list_searches_name_and_institution_among_confirmed(db):
    event = EventFactory()
    ani = RegistrationFactory(event=event, name="Ani Lestari", institution="Diskominfo Lahat")
    budi = RegistrationFactory(event=event, name="Budi", institution="Diskominfo Lahat")
    RegistrationFactory(event=event, name="Ani Waiting", waitlisted=True)

    assert list(attendance.check_in_list(event, "ani")) == [ani]
    assert list(attendance.check_in_list(event, "lahat")) == [ani, budi]
    assert list(attendance.check_in_list(event, "lahat budi")) == [budi]


def test_check_in_time_is_kept_in_utc(network):
    registration = RegistrationFactory()

    attendance.check_in(registration, by=network.kpk_staff)

    registration.refresh_from_db()
    assert registration.checked_in_at.utcoffset() == timedelta(0)
