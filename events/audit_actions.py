"""How the audit trail reads the actions of events; each part of the app keeps its section."""

# --- Held events, panels, reminders (plumbing) ---
#
# A reminder to guests (who have no account, so no notification records it) is logged on the
# event: one entry per scan run that emailed someone, listing the registrations reminded. The
# scan reads these entries to email nobody twice.

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from audit.actions import register_action

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
