"""This app's own scans: the daily digest and the re-publisher of the outbox."""

from datetime import time

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import services
from .schedule import register_scan


@register_scan("notifications.daily_digest", label=_("Daily digest emails"), daily_at=time(7, 0))
def daily_digest(*, now):
    created = services.queue_daily_digests(day=timezone.localdate(now))
    return f"{created} digests"


@register_scan(
    "notifications.stalled_deliveries",
    label=_("Resend emails whose task was lost"),
    every_minutes=1,
)
def stalled_deliveries(*, now):
    # The code keeps its first name: deployments have a schedule row under it.
    return f"{services.republish_deliveries(now=now)} requeued"
