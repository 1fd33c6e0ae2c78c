"""The scheduled scans of events: reminders a day and an hour before."""

# --- Held events, panels, reminders (plumbing) ---

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from notifications.schedule import register_scan

from . import reminders

# The hour's reminder is due from 60 minutes before the start: run every 5 minutes, it goes out
# 55 to 60 minutes before (beat queues the due scans every minute). A longer interval would send
# it late; administrators who change it in the admin should keep it at 5 minutes or less.
REMINDER_INTERVAL_MINUTES = 5


@register_scan(
    "events.reminders",
    label=_("Events: reminders a day and an hour before the start"),
    every_minutes=REMINDER_INTERVAL_MINUTES,
)
def event_reminders(*, now):
    reminded = reminders.send_reminders(now=now)
    # Stored and shown in the admin, in the site's language as the scan ran.
    return gettext("%(count)s reminded") % {"count": reminded}
