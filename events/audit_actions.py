"""How the audit trail reads the actions of events; each part of the app keeps its section."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from audit.actions import describe_fields, register_action

from .models import Event, EventFile, Registration

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
    CERTIFICATES_ISSUED = "events.certificates_issued"


FOLLOWUP_LABELS = {
    "file": _("File"),
    "file_kind": _("Kind"),
    "is_public": _("Public"),
    "summary": _("Summary"),
    "follow_ups": _("Follow-ups"),
    "outputs": _("Other figures"),
    "asked": _("Attendees asked"),
    "issued": _("Certificates issued"),
}


def describe_followup(entry) -> list[str]:
    changes = dict(entry.changes) if isinstance(entry.changes, dict) else {}
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
register_action(
    FollowupAction.CERTIFICATES_ISSUED, _("issued certificates of attendance"), describe_followup
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
