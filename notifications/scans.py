"""This app's own scans: the daily digest and the safety net for lost delivery tasks."""

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
    every_minutes=5,
)
def stalled_deliveries(*, now):
    return f"{services.requeue_stalled_deliveries(now=now)} requeued"
