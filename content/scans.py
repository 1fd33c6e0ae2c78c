"""The library's scan: images whose sizes were never made (a lost or failed task) get them."""

from datetime import time, timedelta

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from notifications.schedule import register_scan

from . import services

# An upload's own task has had this long to run before the scan queues it again.
GRACE = timedelta(minutes=15)


@register_scan(
    "content.missing_renditions",
    label=_("Content: make the missing sizes of uploaded images"),
    every_minutes=60,
)
def missing_renditions(*, now):
    queued = services.queue_missing_renditions(before=now - GRACE)
    # The result is stored and shown in the admin: in the site's language, as the scan ran.
    return gettext("Images queued: %(count)s") % {"count": queued}


# --- Tracking (branch `tracking`): due-date reminders and overdue requests. -----------------


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
