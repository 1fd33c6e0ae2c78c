"""Delivery through real Celery worker processes, Redis and an SMTP server on loopback.

These run whenever REDIS_URL is set (CI sets it, with PostgreSQL). The worker is another
process: it must share the test database, so the tests are transactional (the worker sees
committed rows) and the worker is given the test database's name.
"""

import time
from collections import Counter

import pytest
from django.db import connection, transaction

from config.celery import app as celery_app
from notifications.models import Delivery
from notifications.services import Link, notify
from tests.factories import UserFactory
from tests.notifications.live import Worker, needs_redis, wait_for
from tests.notifications.smtp import Sink, SmtpServer, free_port

pytestmark = [needs_redis, pytest.mark.django_db(transaction=True)]

# A killed worker's task comes back after this many seconds, not an hour.
FAST_REDELIVERY = {"CELERY_VISIBILITY_TIMEOUT": "2", "SINERGI_NOTIFICATIONS_LEASE_SECONDS": "2"}


@pytest.fixture
def broker():
    """Tasks go through Redis to the worker, not inline."""
    if connection.vendor == "sqlite":
        pytest.skip("the worker process needs a database server it can share (PostgreSQL)")
    celery_app.conf.task_always_eager = False


@pytest.fixture
def workers(tmp_path, broker):
    started = []

    def start(**env):
        worker = Worker(tmp_path / "worker.log", **(FAST_REDELIVERY | env))
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


def test_worker_killed_mid_batch_delivers_every_email_exactly_once(workers, settings):
    settings.NOTIFICATIONS_BATCH_SIZE = 10
    recipients = UserFactory.create_batch(30)
    # The server stalls on the 5th message of the first batch, and the worker dies waiting.
    with SmtpServer(Sink(hold_at=5)) as server:
        sink = server.sink
        smtp = {"EMAIL_URL": f"smtp://127.0.0.1:{server.port}"}
        worker = workers(**smtp)

        _notify_committed(recipients)
        wait_for(sink.holding.is_set, timeout=30, what="the 5th email", log=worker.log)
        worker.kill()
        sink.release.set()

        # The batch it held (4 sent, 6 claimed), and two batches still in the queue.
        assert _statuses() == {"sent": 4, "sending": 6, "pending": 20}
        # Past the lease of the rows it held and Redis's visibility timeout.
        time.sleep(2.5)
        worker = workers(**smtp)
        wait_for(
            lambda: _statuses() == {"sent": 30} and len(sink.messages) == 30,
            timeout=60,
            what="all 30 emails",
            log=worker.log,
        )

    assert sink.recipients == sorted(user.email for user in recipients)
    assert Counter(sink.message_ids).most_common(1)[0][1] == 1


def test_worker_retries_with_backoff_until_the_mail_server_is_back(workers, settings):
    recipients = UserFactory.create_batch(3)
    port = free_port()
    worker = workers(EMAIL_URL=f"smtp://127.0.0.1:{port}", SINERGI_NOTIFICATIONS_RETRY_SECONDS="1")

    _notify_committed(recipients)
    wait_for(
        lambda: set(Delivery.objects.values_list("status", "attempts")) == {("pending", 1)},
        timeout=30,
        what="the first failed attempt",
        log=worker.log,
    )
    with SmtpServer(Sink(), port=port) as server:
        wait_for(
            lambda: _statuses() == {"sent": 3},
            timeout=30,
            what="the retried emails",
            log=worker.log,
        )

    assert server.sink.recipients == sorted(user.email for user in recipients)
    for delivery in Delivery.objects.all():
        assert delivery.attempts >= 2
        assert delivery.last_error.startswith("ConnectionRefusedError")
