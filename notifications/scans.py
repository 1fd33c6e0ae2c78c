"""This app's own scans: the daily digest and the re-publisher of the outbox."""

from datetime import time

from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from . import services
from .schedule import register_scan


@register_scan("notifications.daily_digest", label=_("Daily digest emails"), daily_at=time(7, 0))
def daily_digest(*, now):
    created = services.queue_daily_digests(day=timezone.localdate(now))
    # The result is stored and shown in the admin: in the site's language, as the scan ran.
    return ngettext("%(count)s digest", "%(count)s digests", created) % {"count": created}


@register_scan(
    "notifications.stalled_deliveries",
    label=_("Resend emails whose task was lost"),
    every_minutes=1,
)
def stalled_deliveries(*, now):
    # The code keeps its first name: deployments have a schedule row under it.
    count = services.republish_deliveries(now=now)
    return gettext("%(count)s requeued") % {"count": count}
