"""The reminders a day and an hour before an event, to everyone holding a seat.

Run by the ``events.reminders`` scan (``events/scans.py``) every few minutes. A reminder is due
while the event has not started and starts within its lead (a day, an hour); the day's reminder
is left out once the hour's is due, so someone registering 50 minutes before gets one reminder,
not two. Only confirmed registrations of published events are reminded: not a draft, not a
cancelled event, not the waiting list, not a guest who never confirmed their address.

Running twice reminds nobody twice: members are notified with a key naming the event, the
reminder and the start (``notify`` skips who already has it), and the guests emailed are listed
in an audit entry on the event, read before emailing. The start is part of both, so an event
moved to another day reminds its people again for the new time.
"""

from datetime import UTC, datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from audit.models import AuditEntry
from audit.services import log
from notifications.services import notify

from .audit_actions import GUESTS_REMINDED
from .guests import email_guest
from .models import Event, Registration
from .notification_kinds import REMINDER_DAY, REMINDER_HOUR

DAY = "day"
HOUR = "hour"
LEADS = {DAY: timedelta(days=1), HOUR: timedelta(hours=1)}
KINDS = {DAY: REMINDER_DAY.code, HOUR: REMINDER_HOUR.code}
GUEST_EMAIL = "events/plumbing_reminder"


def due_events(reminder: str, *, now: datetime):
    """The published events whose ``reminder`` is due at ``now``."""
    events = Event.objects.filter(
        status=Event.Status.PUBLISHED, starts_at__gt=now, starts_at__lte=now + LEADS[reminder]
    )
    if reminder == DAY:
        events = events.filter(starts_at__gt=now + LEADS[HOUR])
    return events.order_by("starts_at", "pk")


def send_reminders(*, now: datetime | None = None) -> int:
    """Send every reminder due at ``now``; returns how many people were reminded."""
    now = now or timezone.now()
    reminded = 0
    for reminder in (HOUR, DAY):
        for event_id in due_events(reminder, now=now).values_list("pk", flat=True):
            reminded += remind_event(event_id, reminder, now=now)
    return reminded


def reminder_key(event: Event, reminder: str) -> str:
    return f"{KINDS[reminder]}:{event.pk}:{event.starts_at.astimezone(UTC):%Y%m%dT%H%MZ}"


def remind_event(event_id: int, reminder: str, *, now: datetime) -> int:
    """Remind the people with a seat at event ``event_id``; returns how many were reminded.

    The event's row is locked while it is done, so two runs at once take turns, and the second
    finds the first's notifications and audit entry.
    """
    with transaction.atomic():
        event = (
            due_events(reminder, now=now)
            .select_for_update(of=("self",))
            .filter(pk=event_id)
            .first()
        )
        if event is None:  # cancelled, moved or started since it was found
            return 0
        seats = list(
            Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED)
            .select_related("user")
            .order_by("pk")
        )
        starts_at = event.starts_at.astimezone(UTC).isoformat()
        notified = notify(
            KINDS[reminder],
            [seat.user for seat in seats if seat.user_id is not None],
            target=event,
            context={"starts_at": starts_at, "time_zone": event.time_zone},
            key=reminder_key(event, reminder),
        )
        guests = [seat for seat in seats if seat.user_id is None and seat.email]
        emailed = _remind_guests(event, reminder, guests, starts_at)
    return len(notified) + len(emailed)


def _guests_reminded(event: Event, reminder: str, starts_at: str) -> set[int]:
    entries = AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(Event),
        target_id=str(event.pk),
        action=GUESTS_REMINDED,
    ).values_list("changes", flat=True)
    return {
        registration_id
        for changes in entries
        if changes.get("reminder") == reminder and changes.get("starts_at") == starts_at
        for registration_id in changes.get("registrations", ())
    }


def _remind_guests(event: Event, reminder: str, guests: list, starts_at: str) -> list[int]:
    """Email the guests not yet reminded (in the site's language: they chose none) and record
    them on the event."""
    done = _guests_reminded(event, reminder, starts_at)
    waiting = [guest for guest in guests if guest.pk not in done]
    for guest in waiting:
        email_guest(
            guest,
            GUEST_EMAIL,
            {"event": event, "reminder": reminder, "zone": event.time_zone_abbreviation},
        )
    emailed = [guest.pk for guest in waiting]
    if emailed:
        log(
            event,
            GUESTS_REMINDED,
            by=None,
            changes={"reminder": reminder, "starts_at": starts_at, "registrations": emailed},
        )
    return emailed
