"""Recovering from lost task messages, dead workers and lost scan runs: the services' side.

The same behaviours through a real worker, Redis and PostgreSQL are in test_recovery_live.py.
"""

import logging
from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from config.celery import app as celery_app
from notifications.models import Delivery, ScheduledScan
from notifications.schedule import register_scan, unregister_scan
from notifications.services import (
    Link,
    claim_due_scans,
    notify,
    republish_deliveries,
    run_scan,
    send_deliveries,
)
from notifications.tasks import send_deliveries as send_deliveries_task
from tests.factories import UserFactory
from tests.notifications.smtp import free_port

pytestmark = pytest.mark.django_db


def _request(recipients):
    return notify("tests.request", recipients, target=Link("/c/9/", "Poster"), context={"due": "x"})


def _claimed_by(claimant, *, seconds_ago=0):
    Delivery.objects.update(
        status=Delivery.Status.SENDING,
        claimed_by=claimant,
        claimed_at=timezone.now() - timedelta(seconds=seconds_ago),
    )


def test_republisher_queues_deliveries_pending_past_the_grace(settings, on_commit):
    settings.NOTIFICATIONS_REPUBLISH_AFTER_SECONDS = 60
    _request(UserFactory.create_batch(3))  # the test's transaction never commits: no message
    Delivery.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=61))

    with on_commit():
        requeued = republish_deliveries(now=timezone.now())

    assert requeued == 3
    assert len(mail.outbox) == 3


def test_republisher_leaves_deliveries_within_the_grace_to_their_task(settings, on_commit):
    settings.NOTIFICATIONS_REPUBLISH_AFTER_SECONDS = 60
    _request(UserFactory.create_batch(3))
    Delivery.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=50))

    with on_commit():
        requeued = republish_deliveries(now=timezone.now())

    assert requeued == 0
    assert mail.outbox == []


def test_republisher_waits_for_a_retry_that_is_not_due_yet(settings, on_commit):
    _request([UserFactory()])
    Delivery.objects.update(next_attempt_at=timezone.now() + timedelta(minutes=4), attempts=3)

    with on_commit():
        requeued = republish_deliveries(now=timezone.now() + timedelta(minutes=4, seconds=30))

    assert requeued == 0


def test_republisher_takes_back_rows_whose_lease_ran_out(settings, on_commit):
    settings.NOTIFICATIONS_SENDING_LEASE_SECONDS = 90
    _request(UserFactory.create_batch(2))
    _claimed_by("a-task-that-died", seconds_ago=91)

    with on_commit():
        requeued = republish_deliveries(now=timezone.now())

    assert requeued == 2
    assert sorted(Delivery.objects.values_list("status", flat=True)) == ["sent", "sent"]


def test_redelivered_task_takes_back_its_own_claimed_rows_at_once():
    _request(UserFactory.create_batch(2))
    _claimed_by("task-1")

    send_deliveries_task.apply(
        args=[list(Delivery.objects.values_list("pk", flat=True))], task_id="task-1"
    )

    assert len(mail.outbox) == 2
    assert set(Delivery.objects.values_list("status", "claimed_by")) == {("sent", "task-1")}


def test_another_task_leaves_rows_claimed_within_their_lease():
    _request(UserFactory.create_batch(2))
    _claimed_by("task-1", seconds_ago=30)

    send_deliveries_task.apply(
        args=[list(Delivery.objects.values_list("pk", flat=True))], task_id="task-2"
    )

    assert mail.outbox == []
    assert set(Delivery.objects.values_list("status", "claimed_by")) == {("sending", "task-1")}


class Interrupted(Exception):
    """Stands for Celery's SoftTimeLimitExceeded, raised in the middle of a batch."""


def test_interrupted_batch_gives_its_unsent_rows_back_to_pending(settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.notifications.test_recovery.StopsAtThird"}}
    _request(UserFactory.create_batch(5))
    ids = list(Delivery.objects.order_by("pk").values_list("pk", flat=True))

    with pytest.raises(Interrupted):
        send_deliveries(ids, claimant="task-1")

    rows = list(Delivery.objects.order_by("pk").values_list("status", "claimed_by", "attempts"))
    assert rows == [("sent", "task-1", 1)] * 2 + [("pending", "", 0)] * 3


class StopsAtThird:
    """A mailer whose third email is interrupted (a soft time limit while the server stalls)."""

    def __init__(self, **options):
        self.count = 0

    def open(self):
        pass

    def close(self):
        pass

    def send_messages(self, messages):
        self.count += 1
        if self.count == 3:
            raise Interrupted
        return len(messages)


@pytest.fixture
def unreachable_broker(settings):
    """The broker's address answers nothing, as when Redis is down."""
    previous = celery_app.conf.broker_url
    eager = celery_app.conf.task_always_eager
    celery_app.conf.broker_url = f"redis://127.0.0.1:{free_port()}/0"
    celery_app.conf.task_always_eager = False
    # The app keeps its broker connection and producer pools: new ones for the new address.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    yield
    celery_app.conf.broker_url = previous
    celery_app.conf.task_always_eager = eager
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.mark.django_db(transaction=True)
def test_notify_with_the_broker_unreachable_commits_and_does_not_raise(
    unreachable_broker, settings, caplog
):
    settings.NOTIFICATIONS_BATCH_SIZE = 2
    recipients = UserFactory.create_batch(5)
    after_commit = []
    started = timezone.now()

    with caplog.at_level(logging.ERROR, logger="notifications.services"), transaction.atomic():
        _request(recipients)
        transaction.on_commit(lambda: after_commit.append("the caller's own callback"))

    assert (timezone.now() - started).total_seconds() < 5
    assert sorted(Delivery.objects.values_list("status", flat=True)) == ["pending"] * 5
    assert after_commit == ["the caller's own callback"]
    # Once for the three batches, not once per batch or per row.
    [record] = caplog.records
    assert record.getMessage().startswith(
        "Could not queue 5 deliveries (3 batches); they stay pending and the re-publisher "
        "will queue them. OperationalError: "
    )


@pytest.fixture
def runs():
    """A scan of its own, the only one enabled (migrate scheduled this app's and others')."""
    ScheduledScan.objects.update(enabled=False)
    done = []

    @register_scan("tests.counted", label="Counted", every_minutes=60)
    def counted(*, now):
        done.append(now)
        return f"{len(done)} runs"

    yield done
    unregister_scan("tests.counted")


def test_scan_whose_run_was_lost_is_claimed_again_after_the_rerun_delay(runs, settings):
    settings.NOTIFICATIONS_SCAN_RERUN_AFTER_MINUTES = 10
    now = timezone.now()
    start = now - timedelta(minutes=11)
    scan = ScheduledScan.objects.create(
        name="Counted", scan="tests.counted", interval_minutes=60, next_run_at=start
    )
    assert claim_due_scans(now=start) == [scan.pk]  # and its run_scan message is lost

    assert claim_due_scans(now=now - timedelta(minutes=2)) == []
    assert claim_due_scans(now=now) == [scan.pk]
    assert claim_due_scans(now=now + timedelta(minutes=1)) == []  # claimed once per delay
    run_scan(scan.pk, now=now)
    assert claim_due_scans(now=now + timedelta(minutes=30)) == []  # it finished

    scan.refresh_from_db()
    assert (runs, scan.last_result, scan.next_run_at) == (
        [now],
        "1 runs",
        start + timedelta(minutes=60),
    )


def test_failed_scan_run_counts_as_finished(settings):
    settings.NOTIFICATIONS_SCAN_RERUN_AFTER_MINUTES = 10
    ScheduledScan.objects.update(enabled=False)

    @register_scan("tests.failing", label="Failing", every_minutes=60)
    def failing(*, now):
        raise RuntimeError("broken")

    try:
        start = timezone.now() - timedelta(minutes=11)
        scan = ScheduledScan.objects.create(
            name="Failing", scan="tests.failing", interval_minutes=60, next_run_at=start
        )
        claim_due_scans(now=start)
        with pytest.raises(RuntimeError):
            run_scan(scan.pk, now=start)

        assert claim_due_scans(now=timezone.now()) == []
    finally:
        unregister_scan("tests.failing")
