"""Benchmark: 10,000 notifications to 2,000 users, delivered by email through real services.

    make bench          # or: .venv/bin/python bench/notifications.py [--workers 2]

It records five fan-outs of one notification to 2,000 users (each user's preference is an
immediate email), through Redis to one Celery worker with two worker processes, which send
over SMTP to a local sink (aiosmtpd). It prints the time to record and queue them, the emails
delivered per second and the workers' peak memory.

It uses its own PostgreSQL database (``sinergi_bench``, created and migrated here, emptied at
each run) and its own Redis database (15), so it touches nobody's data. Override them with
BENCH_DATABASE_URL and BENCH_REDIS_URL. This is a benchmark, not a test: figures vary by
about 20% from run to run on the same machine; docs/PERFORMANCE.md records them.
"""

import argparse
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sinergi_bench"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
USERS = 2_000
FAN_OUTS = 5  # x USERS = 10,000 notifications
TIMEOUT = 600


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class CountingSink:
    """An SMTP server's handler that counts what it accepts, in shared memory."""

    def __init__(self, stats):
        self.stats = stats
        self.message_ids = set()

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        with self.stats.get_lock():
            self.stats[CONNECTIONS] += 1
        session.host_name = hostname
        return responses

    async def handle_DATA(self, server, session, envelope):
        start = envelope.content.find(b"Message-ID: ")
        self.message_ids.add(envelope.content[start : envelope.content.find(b"\r\n", start)])
        now = time.time()
        with self.stats.get_lock():
            self.stats[FIRST_AT] = self.stats[FIRST_AT] or now
            self.stats[LAST_AT] = now
            self.stats[COUNT] += 1
            self.stats[DISTINCT] = len(self.message_ids)
        return "250 OK"


# What the sink process shares with the benchmark.
COUNT, DISTINCT, CONNECTIONS, FIRST_AT, LAST_AT = range(5)


def run_sink(port, stats, ready, stop):
    """The SMTP sink, in its own process: the mail server is another machine in production."""
    from aiosmtpd.controller import Controller

    controller = Controller(CountingSink(stats), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    stop.wait()
    controller.stop()


def prepare_environment(smtp_port: int) -> dict:
    env = {
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "CELERY_BROKER_URL": REDIS_URL,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "DJANGO_SECRET_KEY": "bench-only-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz",
        "DJANGO_DEBUG": "false",
        "DJANGO_LOG_LEVEL": "WARNING",
        "SINERGI_SITE_URL": "https://sinergi.example.go.id",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    os.environ.update(env)
    return dict(os.environ)


def create_database():
    import psycopg

    url = urlsplit(DATABASE_URL)
    name = url.path.lstrip("/")
    server = url._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def reset_data():
    from django.contrib.auth.hashers import make_password
    from django.db import connection

    from accounts.models import User

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE notifications_notification, notifications_delivery, "
            "notifications_preference RESTART IDENTITY CASCADE"
        )
    if User.objects.filter(email__endswith="@bench.sinergi.id").count() != USERS:
        User.objects.filter(email__endswith="@bench.sinergi.id").delete()
        password = make_password(None)
        User.objects.bulk_create(
            User(
                email=f"user{number}@bench.sinergi.id",
                full_name=f"Pengguna {number}",
                language="id" if number % 2 else "en",
                password=password,
            )
            for number in range(USERS)
        )
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def start_worker(env: dict, concurrency: int, log: Path) -> subprocess.Popen:
    with log.open("w") as output:
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                f"--concurrency={concurrency}",
                "--pool=prefork",
                "--loglevel=WARNING",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return worker


def wait_for_workers(pid: int, concurrency: int):
    """The pool's processes exist and the worker answers a ping."""
    from config.celery import app

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if len(children(pid)) >= concurrency and app.control.ping(timeout=0.5):
            return
        time.sleep(0.2)
    raise SystemExit("The worker did not start; see var/bench-worker.log.")


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(child) for child in text.split()]


def peak_memory_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    options = parser.parse_args()

    context = multiprocessing.get_context("spawn")
    stats = context.Array("d", 5)
    ready, stop = context.Event(), context.Event()
    port = free_port()
    sink = context.Process(target=run_sink, args=(port, stats, ready, stop), daemon=True)
    env = prepare_environment(port)
    sys.path.insert(0, str(ROOT))

    create_database()
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    import django

    django.setup()

    from django.db import transaction

    from accounts.models import User
    from notifications.kinds import Kind, Mode, register_kind
    from notifications.models import Delivery
    from notifications.services import Link, notify

    reset_data()
    register_kind(
        Kind(
            code="bench.content_published",
            label="Content published",
            message="%(target)s was published on %(channels)s partner channels.",
            default_mode=Mode.EMAIL,
        )
    )
    users = list(User.objects.filter(email__endswith="@bench.sinergi.id").order_by("pk"))

    sink.start()
    if not ready.wait(30):
        raise SystemExit("The SMTP sink did not start.")
    log = ROOT / "var" / "bench-worker.log"
    log.parent.mkdir(exist_ok=True)
    worker = start_worker(env, options.workers, log)
    try:
        wait_for_workers(worker.pid, options.workers)
        print(f"{len(users):,} users, {FAN_OUTS} fan-outs, {options.workers} worker processes")

        started, started_wall = time.perf_counter(), time.time()
        for number in range(1, FAN_OUTS + 1):
            with transaction.atomic():
                notify(
                    "bench.content_published",
                    users,
                    target=Link(f"/content/{number}/", f"Infografis Hari Antikorupsi {number}"),
                    context={"channels": 38},
                )
        recorded = time.perf_counter() - started
        total = USERS * FAN_OUTS
        print(f"Recorded and queued {total:,} notifications in {recorded:.2f} s")

        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline and (
            stats[COUNT] < total
            or Delivery.objects.filter(status=Delivery.Status.SENT).count() < total
        ):
            time.sleep(0.2)
        count, distinct = int(stats[COUNT]), int(stats[DISTINCT])
        first_at, last_at = stats[FIRST_AT], stats[LAST_AT]
        rate = (count - 1) / (last_at - first_at) if count > 1 else 0.0
        memory = [peak_memory_mb(pid) for pid in [worker.pid, *children(worker.pid)]]
        sent = Delivery.objects.filter(status=Delivery.Status.SENT).count()
        print(f"Delivered {count:,} emails ({distinct:,} distinct) "
              f"{last_at - started_wall:.1f} s after recording began")  # fmt: skip
        print(f"Delivery rate: {rate:.0f} emails/s (first to last email at the SMTP sink)")
        print(f"SMTP connections: {int(stats[CONNECTIONS]):,} (one per batch task)")
        print(
            "Peak worker memory (VmHWM): "
            + ", ".join(f"{mb:.0f} MB" for mb in memory)
            + " (main process, then pool processes)"
        )
        print(f"Deliveries marked sent: {sent:,}")
        if count != total or distinct != total or sent != total:
            raise SystemExit("Not every email arrived exactly once.")
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
        stop.set()
        sink.join(timeout=10)


if __name__ == "__main__":
    main()
