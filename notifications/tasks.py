"""Thin adapters between Celery and the services: ids in, rows reloaded, retries owned here."""

import math

from celery import shared_task
from django.utils import timezone

from . import services

# Longer waits are left to the re-publisher (the rows stay pending with their next attempt
# time): a countdown message is held unacknowledged by a worker, and Redis hands it to another
# worker once CELERY_VISIBILITY_TIMEOUT passes, so it must stay well below that.
LONGEST_COUNTDOWN = 240


@shared_task(
    bind=True,
    name="notifications.send_deliveries",
    acks_late=True,
    reject_on_worker_lost=True,
    # Each row counts its own attempts (services.MAX_ATTEMPTS); this only bounds the chain.
    max_retries=services.MAX_ATTEMPTS,
    ignore_result=True,
    # A backstop: the SMTP timeout fails a stuck email long before. At the soft limit the
    # batch gives its unsent rows back (pending) and the re-publisher queues them again.
    soft_time_limit=240,
    time_limit=300,
)
def send_deliveries(self, delivery_ids: list[int]) -> None:
    # The task's id names the claim: the same message delivered again (its worker died) takes
    # back the rows it had claimed at once, instead of waiting for the lease.
    deferred = services.send_deliveries(delivery_ids, claimant=self.request.id or "")
    if not deferred.ids:
        return
    if self.request.is_eager:
        # Run inline (the embedded setup has no worker), a retry could not wait, and a raised
        # one would reach the page that queued the email. The rows stay pending with their
        # next attempt time, and the re-publisher scan (`manage.py run_scans`) resends them.
        return
    countdown = math.ceil((deferred.at - timezone.now()).total_seconds())
    if countdown > LONGEST_COUNTDOWN:
        return
    raise self.retry(args=[deferred.ids], countdown=max(countdown, 1))


@shared_task(name="notifications.queue_due_scans", ignore_result=True)
def queue_due_scans() -> None:
    """Beat's one fixed entry (every minute): queue the scans whose time has come.

    A run whose message is lost is claimed again later (services.claim_due_scans).
    """
    for scan_id in services.claim_due_scans(now=timezone.now()):
        run_scan.delay(scan_id)


@shared_task(name="notifications.run_scan", acks_late=True, ignore_result=True)
def run_scan(scan_id: int) -> None:
    services.run_scan(scan_id, now=timezone.now())
