"""The notification kinds of events; each part of the app keeps its section."""

# --- Held events, panels, reminders (plumbing) ---
#
# The reminders a day and an hour before an event, sent by the ``events.reminders`` scan to the
# people holding a seat. The time is stored in the context as UTC and the event's zone, and
# written when the sentence is read: in the reader's language, in the event's zone, named
# (WIB, WITA or WIT) so nobody in another zone misreads it.

import copy
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from notifications.kinds import Kind, Mode, register_kind
from partnerships.models import TimeZone


def zone_abbreviation(zone: str) -> str:
    """WIB, WITA or WIT for a zone name (as ``Event.time_zone_abbreviation``)."""
    return TimeZone(zone).label.split(" ")[0] if zone in TimeZone.values else zone


def local_start(starts_at: str, zone: str) -> datetime:
    return datetime.fromisoformat(starts_at).astimezone(ZoneInfo(zone))


@dataclass(frozen=True)
class ReminderKind(Kind):
    """A reminder naming the start in the event's zone: ``%(when)s`` is the day and the time,
    ``%(time)s`` the time alone, ``%(zone)s`` WIB, WITA or WIT."""

    def render(self, notification) -> str:
        context = notification.context
        try:
            start = local_start(context["starts_at"], context["time_zone"])
        except (KeyError, TypeError, ValueError):
            return super().render(notification)
        shown = copy.copy(notification)
        shown.context = {
            **context,
            "when": date_format(start, "l, j F Y, H.i"),
            "time": date_format(start, "H.i"),
            "zone": zone_abbreviation(context["time_zone"]),
        }
        return super().render(shown)


REMINDER_DAY = register_kind(
    ReminderKind(
        code="events.reminder_day",
        label=_("Event reminder, a day before"),
        message=_("Reminder: %(target)s starts on %(when)s %(zone)s."),
        default_mode=Mode.EMAIL,
    )
)

REMINDER_HOUR = register_kind(
    ReminderKind(
        code="events.reminder_hour",
        label=_("Event reminder, an hour before"),
        message=_("Reminder: %(target)s starts in an hour, at %(time)s %(zone)s."),
        default_mode=Mode.EMAIL,
    )
)
