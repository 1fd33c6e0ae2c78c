"""Thin adapters between Celery and the services: ids in, rows reloaded, retries owned here."""

import math

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task(
    bind=True,
    name="notifications.send_deliveries",
    acks_late=True,
    reject_on_worker_lost=True,
    # Each row counts its own attempts (services.MAX_ATTEMPTS); this only bounds the chain.
    max_retries=services.MAX_ATTEMPTS,
    ignore_result=True,
    # Well under NOTIFICATIONS_SENDING_LEASE_SECONDS: a delivery still "sending" after the lease
    # belongs to no live task and may be taken over.
    soft_time_limit=240,
    time_limit=300,
)
def send_deliveries(self, delivery_ids: list[int]) -> None:
    deferred = services.send_deliveries(delivery_ids)
    if not deferred.ids:
        return
    if self.request.is_eager:
        # Run inline (the embedded setup has no worker), a retry could not wait, and a raised
        # one would reach the page that queued the email. The rows stay pending with their
        # next attempt time, and the stalled-deliveries scan (`manage.py run_scans`) resends them.
        return
    countdown = math.ceil((deferred.at - timezone.now()).total_seconds())
    raise self.retry(args=[deferred.ids], countdown=max(countdown, 1))


@shared_task(name="notifications.queue_due_scans", ignore_result=True)
def queue_due_scans() -> None:
    """Beat's one fixed entry (every minute): queue the scans whose time has come."""
    for scan_id in services.claim_due_scans(now=timezone.now()):
        run_scan.delay(scan_id)


@shared_task(name="notifications.run_scan", acks_late=True, ignore_result=True)
def run_scan(scan_id: int) -> None:
    services.run_scan(scan_id, now=timezone.now())
