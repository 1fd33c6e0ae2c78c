"""Content's scheduled scans."""

# --- Tracking (branch `tracking`): due-date reminders and overdue requests. -----------------

from datetime import time

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from notifications.schedule import register_scan

from . import services


@register_scan(
    "content.requests_due_soon",
    label=_("Dissemination requests: a reminder two days before the due date"),
    daily_at=time(6, 30),
)
def requests_due_soon(*, now):
    reminded = services.remind_requests_due_soon(today=timezone.localdate(now))
    # Stored and shown in the admin, in the site's language as the scan ran.
    return gettext("%(count)s reminded") % {"count": reminded}


@register_scan(
    "content.requests_overdue",
    label=_("Dissemination requests: overdue ones told to the partner and to KPK"),
    daily_at=time(6, 35),
)
def requests_overdue(*, now):
    overdue = services.notify_overdue_requests(today=timezone.localdate(now))
    return gettext("%(count)s overdue") % {"count": overdue}
