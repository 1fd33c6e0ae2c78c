"""How the audit trail reads the actions of events; each part of the app keeps its section."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from audit.actions import ISO_DATETIME, describe_fields, register_action
from partnerships.models import TimeZone

from .models import Event

# --- The event (schedule): its details, status, agenda and invitations, all on the event. ---


class ScheduleAction:
    """The event's own audit codes (stored in every entry: never rename one)."""

    CREATED = "events.created"
    CHANGED = "events.changed"
    STATUS_CHANGED = "events.status_changed"
    SESSION_ADDED = "events.session_added"
    SESSION_CHANGED = "events.session_changed"
    SESSION_REMOVED = "events.session_removed"
    INVITED = "events.invited"
    INVITATION_REMOVED = "events.invitation_removed"


# The zone the entry's times are read in (not shown itself).
ZONE_KEY = "shown_in_zone"

SCHEDULE_LABELS = {
    ZONE_KEY: None,
    "organisers": _("Organising organisations"),
    "organisations": _("Organisations"),
    "organisation": _("Organisation"),
    "session": _("Session"),
    "time": _("Time"),
    "speakers": _("Speakers"),
    "reason": _("Reason"),
}


def _in_zone(value, zone: str):
    """An ISO time of the entry as the event's people read it (WIB, WITA, WIT named)."""
    if isinstance(value, list):
        return [_in_zone(item, zone) for item in value]
    if isinstance(value, str) and ISO_DATETIME.fullmatch(value) and zone in TimeZone.values:
        moment = datetime.fromisoformat(value).astimezone(ZoneInfo(zone))
        return f"{date_format(moment, 'j F Y, H.i')} {TimeZone(zone).label.split(' ')[0]}"
    return value


def describe_event_changes(entry) -> list[str]:
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    zone = changes.get(ZONE_KEY, "")
    readable = {
        key: _in_zone(value, zone)
        for key, value in changes.items()
        # What a new event left empty says nothing.
        if not (isinstance(value, list) and len(value) == 2 and value[0] is None and not value[1])
    }
    return describe_fields(Event, readable, labels=SCHEDULE_LABELS)


def _status_label(value) -> str:
    return str(Event.Status(value).label) if value in Event.Status.values else str(value or "—")


def describe_status(entry) -> list[str]:
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    lines = [f"{_status_label(changes.get('from'))} → {_status_label(changes.get('to'))}"]
    if changes.get("reason"):
        lines.append(str(_("Reason: %(reason)s")) % {"reason": changes["reason"]})
    return lines


register_action(ScheduleAction.CREATED, _("created the event"), describe=describe_event_changes)
register_action(ScheduleAction.CHANGED, _("changed the event"), describe=describe_event_changes)
register_action(ScheduleAction.STATUS_CHANGED, _("changed the status"), describe=describe_status)
register_action(
    ScheduleAction.SESSION_ADDED, _("added an agenda session"), describe=describe_event_changes
)
register_action(
    ScheduleAction.SESSION_CHANGED, _("changed an agenda session"), describe=describe_event_changes
)
register_action(
    ScheduleAction.SESSION_REMOVED, _("removed an agenda session"), describe=describe_event_changes
)
register_action(ScheduleAction.INVITED, _("invited organisations"), describe=describe_event_changes)
register_action(
    ScheduleAction.INVITATION_REMOVED, _("withdrew an invitation"), describe=describe_event_changes
)
