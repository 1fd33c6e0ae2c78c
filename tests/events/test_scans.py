"""The reminders a day and an hour before an event (events/scans.py, events/reminders.py)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import translation

from audit.models import AuditEntry
from events import reminders
from events.audit_actions import GUESTS_REMINDED
from events.models import Event, Registration
from events.scans import REMINDER_INTERVAL_MINUTES
from notifications.kinds import Mode
from notifications.models import Delivery, Notification, ScheduledScan
from notifications.schedule import get_scan
from tests.factories import EventFactory, RegistrationFactory, UserFactory

# 09.00 WITA on Tuesday 8 December 2026.
STARTS = datetime(2026, 12, 8, 1, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def english(english_msgids):
    """Assertions read the English msgids."""


@pytest.fixture
def event(db):
    return EventFactory(
        title="Pelatihan Jurnalisme Data",
        starts_at=STARTS,
        ends_at=STARTS + timedelta(hours=6),
        time_zone="Asia/Makassar",
        venue_name="Hotel Claro Makassar",
    )


def seat(event, **fields):
    user = UserFactory()
    return RegistrationFactory(
        event=event, user=user, email=user.email, source=Registration.Source.SELF, **fields
    )


def reminded(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient_id", flat=True))


def test_day_reminder_reaches_confirmed_members_and_guests_once(event):
    member = seat(event)
    guest = RegistrationFactory(event=event, email="wartawan@tribun.id", name="Andi Wartawan")
    seat(event, waitlisted=True)
    RegistrationFactory(event=event, waitlisted=True)
    RegistrationFactory(
        event=event, status=Registration.Status.CANCELLED, confirmed_at=None, cancelled_at=STARTS
    )
    RegistrationFactory(event=event, status=Registration.Status.UNCONFIRMED, confirmed_at=None)
    now = STARTS - timedelta(hours=23, minutes=58)

    first = reminders.send_reminders(now=now)
    second = reminders.send_reminders(now=now + timedelta(minutes=5))

    assert (first, second) == (2, 0)
    assert reminded("events.reminder_day") == [member.user_id]
    [notification] = Notification.objects.filter(kind="events.reminder_day")
    assert notification.message == (
        "Reminder: Pelatihan Jurnalisme Data starts on Tuesday, 8 December 2026, 09.00 WITA."
    )
    assert notification.mode == Mode.EMAIL
    [message] = Delivery.objects.filter(mode=Delivery.MESSAGE)
    assert message.to_email == "wartawan@tribun.id"
    assert message.subject == "Pengingat: Pelatihan Jurnalisme Data"
    assert "Selasa, 8 Desember 2026, 09.00 WITA" in message.body_text
    assert "Hotel Claro Makassar" in message.body_text
    [entry] = AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(Event), target_id=str(event.pk)
    )
    assert entry.action == GUESTS_REMINDED
    assert entry.changes == {
        "reminder": "day",
        "starts_at": "2026-12-08T01:00:00+00:00",
        "registrations": [guest.pk],
    }
    assert reminded("events.reminder_hour") == []


def test_hour_reminder_goes_out_within_the_hour_and_only_once(event):
    member = seat(event)
    RegistrationFactory(event=event, email="tamu@example.id")

    too_early = reminders.send_reminders(now=STARTS - timedelta(minutes=61))
    day = Notification.objects.filter(kind="events.reminder_day").count()
    sent = reminders.send_reminders(now=STARTS - timedelta(minutes=58))
    again = reminders.send_reminders(now=STARTS - timedelta(minutes=53))
    started = reminders.send_reminders(now=STARTS + timedelta(minutes=1))

    assert (too_early, day, sent, again, started) == (2, 1, 2, 0, 0)
    assert reminded("events.reminder_hour") == [member.user_id]
    [notification] = Notification.objects.filter(kind="events.reminder_hour")
    assert notification.message == (
        "Reminder: Pelatihan Jurnalisme Data starts in an hour, at 09.00 WITA."
    )
    subjects = list(
        Delivery.objects.filter(mode=Delivery.MESSAGE)
        .order_by("pk")
        .values_list("subject", flat=True)
    )
    assert subjects == [
        "Pengingat: Pelatihan Jurnalisme Data",
        "Satu jam lagi: Pelatihan Jurnalisme Data",
    ]


def test_someone_registering_within_the_hour_gets_only_the_hour_reminder(event):
    member = seat(event)

    reminders.send_reminders(now=STARTS - timedelta(minutes=50))

    assert reminded("events.reminder_day") == []
    assert reminded("events.reminder_hour") == [member.user_id]


def test_no_reminder_for_draft_or_cancelled_events_nor_far_ones(db):
    for fields in (
        {"status": Event.Status.DRAFT},
        {"status": Event.Status.CANCELLED, "cancel_reason": "Ditunda."},
        {"starts_at": STARTS + timedelta(days=2)},
    ):
        event = EventFactory(**{"starts_at": STARTS, **fields})
        seat(event)
        RegistrationFactory(event=event)

    assert reminders.send_reminders(now=STARTS - timedelta(hours=20)) == 0
    assert reminders.send_reminders(now=STARTS - timedelta(minutes=30)) == 0
    assert Notification.objects.count() == Delivery.objects.count() == 0


def test_a_moved_event_reminds_its_people_again_for_the_new_time(event):
    member = seat(event)
    reminders.send_reminders(now=STARTS - timedelta(hours=20))
    moved = STARTS + timedelta(hours=2)
    Event.objects.filter(pk=event.pk).update(starts_at=moved, ends_at=moved + timedelta(hours=6))

    reminders.send_reminders(now=STARTS - timedelta(hours=19))

    assert reminded("events.reminder_day") == [member.user_id, member.user_id]
    latest = Notification.objects.filter(kind="events.reminder_day").order_by("-pk").first()
    assert latest.message.endswith("11.00 WITA.")


def test_members_read_the_reminder_in_their_language(event):
    seat(event)
    reminders.send_reminders(now=STARTS - timedelta(hours=20))
    notification = Notification.objects.get()

    with translation.override("id"):
        assert "Selasa, 8 Desember 2026, 09.00 WITA" in notification.message


def test_reminder_scan_runs_every_few_minutes_so_the_hour_one_is_on_time(event):
    seat(event)
    scheduled = ScheduledScan.objects.get(scan="events.reminders")

    result = get_scan("events.reminders").run(now=STARTS - timedelta(minutes=59))

    assert REMINDER_INTERVAL_MINUTES == scheduled.interval_minutes == 5
    assert result == "1 reminded"
    # At worst the scan first runs a whole interval after the hour's reminder fell due.
    assert timedelta(minutes=scheduled.interval_minutes) <= timedelta(minutes=5)


def test_reminder_email_to_a_guest_is_sent_in_the_events_zone(
    event, mailoutbox, django_capture_on_commit_callbacks
):
    guest = RegistrationFactory(event=event, email="tamu@example.id", name="Rina")

    with django_capture_on_commit_callbacks(execute=True):
        reminders.send_reminders(now=STARTS - timedelta(hours=20))

    [email] = mailoutbox
    assert email.to == ["tamu@example.id"]
    assert email.subject == "Pengingat: Pelatihan Jurnalisme Data"
    assert "Halo Rina," in email.body
    assert "Selasa, 8 Desember 2026, 09.00 WITA" in email.body
    assert f"/events/tickets/{guest.token}/\n" in email.body
