"""A real Celery worker for the tests that need one (Redis, and PostgreSQL shared with it)."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
# One pool process, as small as a worker gets; no gossip or mingle, which only slow the start.
WORKER_COMMAND = [
    *(sys.executable, "-m", "celery", "-A", "config", "worker", "--loglevel=INFO"),
    *("--pool=prefork", "--concurrency=1"),
    *("--without-gossip", "--without-mingle", "--without-heartbeat"),
]

needs_redis = pytest.mark.skipif(
    not os.environ.get("REDIS_URL"),
    reason="needs Redis: set REDIS_URL (and DATABASE_URL to PostgreSQL), as CI does",
)


def wait_for(condition, *, timeout, what, log=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    tail = log.read_text()[-3000:] if log and log.exists() else ""
    pytest.fail(f"Timed out after {timeout} s waiting for {what}.\n{tail}")


def worker_database_url() -> str:
    """DATABASE_URL, pointing at the test database pytest-django created."""
    url = urlsplit(os.environ["DATABASE_URL"])
    return url._replace(path="/" + settings.DATABASES["default"]["NAME"]).geturl()


class Worker:
    """``celery -A config worker`` in its own process group, so SIGKILL takes it all."""

    def __init__(self, log: Path, **env):
        self.log = log
        self.env = os.environ | {
            "DATABASE_URL": worker_database_url(),
            "CELERY_TASK_ALWAYS_EAGER": "false",
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
