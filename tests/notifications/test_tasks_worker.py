"""Delivery through real Celery worker processes, Redis and an SMTP server on loopback.

These run whenever REDIS_URL is set (CI sets it, with PostgreSQL). The worker is another
process: it must share the test database, so the tests are transactional (the worker sees
committed rows) and the worker is given the test database's name.
"""

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import connection, transaction

from config.celery import app as celery_app
from notifications.models import Delivery
from notifications.services import Link, notify
from tests.factories import UserFactory
from tests.notifications.smtp import Sink, SmtpServer, free_port

ROOT = Path(__file__).resolve().parents[2]
# One pool process, as small as a worker gets; no gossip or mingle, which only slow the start.
WORKER_COMMAND = [
    *(sys.executable, "-m", "celery", "-A", "config", "worker", "--loglevel=INFO"),
    *("--pool=prefork", "--concurrency=1"),
    *("--without-gossip", "--without-mingle", "--without-heartbeat"),
]

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL"),
        reason="needs Redis: set REDIS_URL (and DATABASE_URL to PostgreSQL), as CI does",
    ),
    pytest.mark.django_db(transaction=True),
]


def wait_for(condition, *, timeout, what, log=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    tail = log.read_text()[-3000:] if log and log.exists() else ""
    pytest.fail(f"Timed out after {timeout} s waiting for {what}.\n{tail}")


class Worker:
    """``celery -A config worker`` in its own process group, so SIGKILL takes it all."""

    def __init__(self, log: Path, **env):
        self.log = log
        self.env = os.environ | {
            "DATABASE_URL": _test_database_url(),
            "CELERY_TASK_ALWAYS_EAGER": "false",
            # A killed worker's task comes back after this many seconds, not an hour.
            "CELERY_VISIBILITY_TIMEOUT": "2",
            "SINERGI_NOTIFICATIONS_LEASE_SECONDS": "2",
            **env,
        }
        self.process = None

    def start(self):
        with self.log.open("a") as log:
            log.write("--- start\n")
            log.flush()
            self.process = subprocess.Popen(
                WORKER_COMMAND,
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        starts = self.log.read_text().count("--- start")
        wait_for(
            lambda: self.log.read_text().split("--- start")[starts].find(" ready.") >= 0,
            timeout=30,
            what="the worker to start",
            log=self.log,
        )

    def kill(self):
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill()


def _test_database_url() -> str:
    """DATABASE_URL, pointing at the test database pytest-django created."""
    url = urlsplit(os.environ["DATABASE_URL"])
    return url._replace(path="/" + settings.DATABASES["default"]["NAME"]).geturl()


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
