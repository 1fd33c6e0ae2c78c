"""How the audit trail reads the actions of events; each part of the app keeps its section."""

# --- Attendance ---

from django.utils.translation import gettext_lazy as _

from audit.actions import register_action


class AttendanceAction:
    """Attendance's audit codes, logged on the registration (stored: never rename one)."""

    CHECKED_IN = "events.checked_in"
    CHECK_IN_UNDONE = "events.check_in_undone"
    WALK_IN_ADDED = "events.walk_in_added"


register_action(AttendanceAction.CHECKED_IN, _("checked the participant in"))
register_action(AttendanceAction.CHECK_IN_UNDONE, _("took back the participant's check-in"))
register_action(AttendanceAction.WALK_IN_ADDED, _("added a walk-in participant, checked in"))
