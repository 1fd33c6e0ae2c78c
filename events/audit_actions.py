"""How the audit trail reads the actions of events; each part of the app keeps its section."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from audit.actions import ISO_DATETIME, describe_fields, register_action
from partnerships.models import TimeZone

from .models import Event, EventFile, Registration
from .times import zone_abbreviation

# --- Held events, panels, reminders (plumbing) ---
#
# A reminder to guests (who have no account, so no notification records it) is logged on the
# event: one entry per scan run that emailed someone, listing the registrations reminded. The
# scan reads these entries to email nobody twice.

GUESTS_REMINDED = "events.guests_reminded"


def describe_guests_reminded(entry) -> list[str]:
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    reminded = changes.get("registrations") or []
    which = (
        gettext("an hour before") if changes.get("reminder") == "hour" else gettext("a day before")
    )
    return [
        gettext("%(count)s guests emailed, %(which)s the start.")
        % {"count": len(reminded), "which": which}
    ]


register_action(
    GUESTS_REMINDED, _("sent guests the reminder of the event"), describe=describe_guests_reminded
)


# --- Attendance ---


class AttendanceAction:
    """Attendance's audit codes, logged on the registration (stored: never rename one)."""

    CHECKED_IN = "events.checked_in"
    CHECK_IN_UNDONE = "events.check_in_undone"
    WALK_IN_ADDED = "events.walk_in_added"


register_action(AttendanceAction.CHECKED_IN, _("checked the participant in"))
register_action(AttendanceAction.CHECK_IN_UNDONE, _("took back the participant's check-in"))
register_action(AttendanceAction.WALK_IN_ADDED, _("added a walk-in participant, checked in"))


# --- After the event: files, report, feedback, certificates (followup) ---
# Logged on the event itself, so its history shows them beside its other changes.


class FollowupAction:
    """The follow-up's audit codes (stored in every entry: never rename one)."""

    FILE_ADDED = "events.file_added"
    FILE_REMOVED = "events.file_removed"
    FILE_VISIBILITY_CHANGED = "events.file_visibility_changed"
    REPORT_WRITTEN = "events.report_written"
    REPORT_CHANGED = "events.report_changed"
    FEEDBACK_REQUESTED = "events.feedback_requested"
    FEEDBACK_GIVEN = "events.feedback_given"
    CERTIFICATES_ISSUED = "events.certificates_issued"
    CERTIFICATE_REVOKED = "events.certificate_revoked"


FOLLOWUP_LABELS = {
    "file": _("File"),
    "file_kind": _("Kind"),
    "is_public": _("Public"),
    "summary": _("Summary"),
    "follow_ups": _("Follow-ups"),
    "outputs": _("Other figures"),
    "asked": _("Attendees asked"),
    "issued": _("Certificates issued"),
    "certificate": _("Certificate"),
    "name": _("Name"),
    "reason": _("Reason"),
}


def describe_followup(entry) -> list[str]:
    changes = dict(entry.changes) if isinstance(entry.changes, dict) else {}
    # The guests asked for feedback are the service's bookkeeping (whom not to email twice).
    changes.pop("guests", None)
    if changes.get("file_kind") in EventFile.Kind.values:
        changes["file_kind"] = str(EventFile.Kind(changes["file_kind"]).label)
    return describe_fields(Event, changes, labels=FOLLOWUP_LABELS)


register_action(FollowupAction.FILE_ADDED, _("added a file to the event"), describe_followup)
register_action(FollowupAction.FILE_REMOVED, _("removed a file of the event"), describe_followup)
register_action(
    FollowupAction.FILE_VISIBILITY_CHANGED,
    _("changed who may see a file of the event"),
    describe_followup,
)
register_action(FollowupAction.REPORT_WRITTEN, _("wrote the event report"), describe_followup)
register_action(FollowupAction.REPORT_CHANGED, _("changed the event report"), describe_followup)
register_action(
    FollowupAction.FEEDBACK_REQUESTED, _("asked the attendees for feedback"), describe_followup
)
# Who answered is the entry's actor (or a guest, by the registration's id); never the answers.
register_action(
    FollowupAction.FEEDBACK_GIVEN, _("gave feedback on the event"), describe=lambda entry: []
)
register_action(
    FollowupAction.CERTIFICATES_ISSUED, _("issued certificates of attendance"), describe_followup
)
register_action(
    FollowupAction.CERTIFICATE_REVOKED,
    _("revoked a certificate of attendance"),
    describe_followup,
)


# --- registration -----------------------------------------------------------------------------
# Every write of the registration part is logged on the event, so the event's page shows one
# timeline (who registered, was nominated, confirmed, cancelled, moved up from the waiting list).


class RegistrationAction:
    """The registration part's audit codes (stored in every entry: never rename one)."""

    REGISTERED = "events.registered"
    NOMINATED = "events.nominated"
    INVITATION_DECLINED = "events.invitation_declined"
    GUEST_REGISTERED = "events.guest_registered"
    GUEST_CONFIRMED = "events.guest_confirmed"
    CANCELLED = "events.registration_cancelled"
    PROMOTED = "events.promoted"
    FEED_RESET = "events.calendar_feed_reset"


REGISTRATION_LABELS = {
    "registration": None,
    "people": _("People"),
    "organisation": _("Organisation"),
    "reason": _("Reason"),
    "ip": _("IP address"),
    "from": _("Before"),
}


def describe_registration(entry) -> list[str]:
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    return describe_fields(Registration, changes, labels=REGISTRATION_LABELS)


register_action(RegistrationAction.REGISTERED, _("registered"), describe_registration)
register_action(RegistrationAction.NOMINATED, _("nominated participants"), describe_registration)
register_action(
    RegistrationAction.INVITATION_DECLINED, _("declined the invitation"), describe_registration
)
register_action(
    RegistrationAction.GUEST_REGISTERED,
    _("registered a guest through the public link"),
    describe_registration,
)
register_action(
    RegistrationAction.GUEST_CONFIRMED, _("confirmed a guest's email"), describe_registration
)
register_action(RegistrationAction.CANCELLED, _("cancelled a registration"), describe_registration)
register_action(
    RegistrationAction.PROMOTED, _("gave a seat from the waiting list"), describe_registration
)
register_action(RegistrationAction.FEED_RESET, _("reset the calendar feed link"), lambda e: [])


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
        return f"{date_format(moment, 'j F Y, H.i')} {zone_abbreviation(zone)}"
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
