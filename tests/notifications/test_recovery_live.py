"""Recovery through a real worker, Redis, PostgreSQL and an SMTP server on loopback.

Run whenever REDIS_URL is set (with DATABASE_URL on PostgreSQL), as test_worker.py. The
production lease (90 s) is kept, so what recovers here in seconds did not wait for it.
"""

import time
from collections import Counter

import pytest
from django.conf import settings as django_settings
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from config.celery import app as celery_app
from notifications.models import Delivery, ScheduledScan
from notifications.services import Link, notify
from notifications.tasks import queue_due_scans, send_deliveries
from tests.factories import UserFactory
from tests.notifications.live import Worker, needs_redis, wait_for
from tests.notifications.smtp import Sink, SmtpServer

pytestmark = [needs_redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def workers(tmp_path):
    if connection.vendor == "sqlite":
        pytest.skip("the worker process needs a database server it can share (PostgreSQL)")
    celery_app.conf.task_always_eager = False
    started = []

    def start(**env):
        worker = Worker(tmp_path / "worker.log", **env)
        started.append(worker)
        worker.start()
        return worker

    yield start
    for worker in started:
        worker.stop()


def _notify_committed(recipients):
    with transaction.atomic():
        notify("tests.request", recipients, target=Link("/c/9/", "Poster"), context={"due": "x"})


def _statuses():
    return Counter(Delivery.objects.values_list("status", flat=True))


def test_pending_delivery_whose_message_was_lost_is_sent_by_the_republisher(workers):
    recipients = UserFactory.create_batch(3)
    _notify_committed(recipients)
    celery_app.control.purge()  # Redis restarted: the task message is gone, the rows are not
    ScheduledScan.objects.update(enabled=False)
    ScheduledScan.objects.filter(scan="notifications.stalled_deliveries").update(
        enabled=True, next_run_at=timezone.now()
    )
    time.sleep(1.1)  # past the grace

    with SmtpServer(Sink()) as server:
        worker = workers(
            EMAIL_URL=f"smtp://127.0.0.1:{server.port}",
            SINERGI_NOTIFICATIONS_REPUBLISH_AFTER_SECONDS="1",
        )
        queue_due_scans.delay()  # beat's tick
        wait_for(lambda: _statuses() == {"sent": 3}, timeout=30, what="the emails", log=worker.log)

    assert server.sink.recipients == sorted(user.email for user in recipients)
    scan = ScheduledScan.objects.get(scan="notifications.stalled_deliveries")
    # The worker writes the result in the site's language.
    with translation.override(django_settings.LANGUAGE_CODE):
        assert scan.last_result == gettext("%(count)s requeued") % {"count": 3}


def test_redelivered_task_takes_back_its_own_claimed_rows_at_once(workers, settings):
    settings.NOTIFICATIONS_BATCH_SIZE = 10
    recipients = UserFactory.create_batch(30)
    # Redis hands the killed worker's message back after 2 s; the lease stays at 90 s.
    fast_redelivery = {"CELERY_VISIBILITY_TIMEOUT": "2"}
    with SmtpServer(Sink(hold_at=5)) as server:
        smtp = {"EMAIL_URL": f"smtp://127.0.0.1:{server.port}"}
        worker = workers(**smtp, **fast_redelivery)
        _notify_committed(recipients)
        wait_for(server.sink.holding.is_set, timeout=30, what="the 5th email", log=worker.log)
        worker.kill()
        server.sink.release.set()
        assert _statuses() == {"sent": 4, "sending": 6, "pending": 20}
        killed_at = time.monotonic()

        time.sleep(2.5)
        worker = workers(**smtp, **fast_redelivery)
        wait_for(
            lambda: _statuses() == {"sent": 30} and len(server.sink.messages) == 30,
            timeout=60,
            what="all 30 emails",
            log=worker.log,
        )

    assert time.monotonic() - killed_at < 45  # well within the 90 s lease
    assert Counter(server.sink.message_ids).most_common(1)[0][1] == 1


def test_soft_time_limit_returns_the_unsent_rows_to_pending(workers):
    recipients = UserFactory.create_batch(5)
    # The server stops answering at the 3rd email; the SMTP timeout is longer than the limit.
    _notify_committed(recipients)
    celery_app.control.purge()  # this test sends the batch itself, with a short limit
    with SmtpServer(Sink(hold_at=3)) as server:
        worker = workers(
            EMAIL_URL=f"smtp://127.0.0.1:{server.port}", SINERGI_EMAIL_TIMEOUT_SECONDS="60"
        )
        ids = list(Delivery.objects.order_by("pk").values_list("pk", flat=True))
        send_deliveries.apply_async(args=[ids], soft_time_limit=2, time_limit=30)
        wait_for(
            lambda: _statuses() == {"sent": 2, "pending": 3},
            timeout=30,
            what="the unsent rows back to pending",
            log=worker.log,
        )

    assert set(Delivery.objects.filter(status="pending").values_list("claimed_by", "attempts")) == {
        ("", 0)
    }


def test_frozen_mail_server_times_out_and_the_attempt_is_retried_later(workers):
    recipients = UserFactory.create_batch(3)
    with SmtpServer(Sink(hold_at=1)) as server:
        worker = workers(
            EMAIL_URL=f"smtp://127.0.0.1:{server.port}", SINERGI_EMAIL_TIMEOUT_SECONDS="1"
        )
        _notify_committed(recipients)
        wait_for(
            lambda: set(Delivery.objects.values_list("status", "attempts")) == {("pending", 1)},
            timeout=30,
            what="the timed-out attempt",
            log=worker.log,
        )

    assert set(Delivery.objects.values_list("last_error", flat=True)) == {
        "SMTPServerDisconnected: Connection unexpectedly closed: timed out"
    }
