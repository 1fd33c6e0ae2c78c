"""How the audit trail reads the actions of events; each part of the app keeps its section."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from audit.actions import register_action

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
