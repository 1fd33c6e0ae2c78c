"""Benchmark: one content item sent to all 552 Diskominfo (issue 10's aim: under two seconds).

    .venv/bin/python bench/send.py [--app DIR] [--repetitions 5]     # after bench/national.py
    make bench-pages                     # runs it too (page code ``content-send``)

What KPK's send form does when every province is chosen with its regencies and cities:
``content.dissemination.recipients`` (the 552 active Diskominfo), then
``content.dissemination.send`` of an approved item by the KPK manager, due in two weeks. Each
repetition sends a fresh item (created for it, never sent), so none of the 552 is skipped; the
time is from the call to ``recipients`` until ``send`` returns, its transaction committed: one
dispatch, 552 requests, the audit entry, a notification to every Diskominfo manager, their
e-mail deliveries and the e-mail tasks queued in Redis, as in production. A first send to one
Diskominfo warms the process (imports, connection) and is not counted.

The sends commit, and audit entries can never be deleted, so they run on a copy of the national
database (``<name>_send``, made with it as template, dropped afterwards): the data set the pages
are measured on stays as built. The e-mail tasks go to the bench's Redis database
(``BENCH_REDIS_URL``, flushed afterwards); no worker takes them.
"""

import argparse
import json
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import national

REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
REPETITIONS = 5


def copy_url(url: str = national.DATABASE_URL) -> str:
    parts = urlsplit(url)
    return parts._replace(path=parts.path + "_send").geturl()


def copy_database(source: str, target: str) -> float:
    """Recreate ``target`` as a copy of ``source`` (which nobody may be connected to); seconds."""
    import psycopg

    started = time.perf_counter()
    server = urlsplit(source)._replace(path="/postgres").geturl()
    source_name = urlsplit(source).path.lstrip("/")
    target_name = urlsplit(target).path.lstrip("/")
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{target_name}" WITH (FORCE)')
        # FILE_COPY (PostgreSQL 15+) copies the files rather than writing every block to the WAL.
        strategy = " STRATEGY FILE_COPY" if connection.info.server_version >= 150000 else ""
        connection.execute(f'CREATE DATABASE "{target_name}" TEMPLATE "{source_name}"{strategy}')
    return time.perf_counter() - started


def drop_database(url: str) -> None:
    import psycopg

    server = urlsplit(url)._replace(path="/postgres").geturl()
    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def fresh_items(by, count: int) -> list:
    """``count`` approved items of the sender's KPK unit, never sent (the bench's setup, not
    timed; written directly, as the data set is)."""
    from content.models import ContentItem

    owner = by.memberships.select_related("organisation").get(is_active=True).organisation
    return [
        ContentItem.objects.create(
            title=f"ILM Bangku Uji Kirim Nasional {number + 1}",
            kind=ContentItem.Kind.PUBLIC_SERVICE_AD,
            description="Materi untuk mengukur pengiriman ke seluruh Diskominfo.",
            origin=ContentItem.Origin.KPK,
            owner=owner,
            status=ContentItem.Status.APPROVED,
            created_by=by,
        )
        for number in range(count)
    ]


def measure(sender_email: str, repetitions: int = REPETITIONS) -> dict:
    """Send ``repetitions`` fresh items to every active Diskominfo (after one untimed warm-up
    send to one); the seconds of each, and what one send wrote."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from accounts.models import User
    from content import dissemination
    from content.models import Request
    from notifications.models import Notification
    from partnerships.models import Province

    by = User.objects.get(email=sender_email)
    warm_up, *items = fresh_items(by, repetitions + 1)
    due_on = timezone.localdate() + timedelta(days=14)
    provinces = list(Province.objects.values_list("code", flat=True))

    def send(item, organisations):
        return dissemination.send(
            item,
            organisations=organisations,
            due_on=due_on,
            platforms=["instagram", "facebook"],
            message="Mohon ditayangkan di kanal resmi sebelum tenggat.",
            by=by,
        )

    send(warm_up, dissemination.recipients(province_codes=provinces[:1]))
    seconds, sent, queries = [], [], []
    notifications_before = Notification.objects.count()
    for item in items:
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            chosen = dissemination.recipients(province_codes=provinces, with_regencies=True)
            dispatch = send(item, chosen)
            seconds.append(round(time.perf_counter() - started, 3))
        sent.append(dispatch.sent_count)
        queries.append(len(captured.captured_queries))
    return {
        "repetitions": repetitions,
        "organisations": sent[0],
        "seconds": seconds,
        "seconds_median": statistics.median(seconds),
        "seconds_max": max(seconds),
        "queries": queries[0],
        "queries_each": queries,
        "requests_per_send": Request.objects.filter(item=items[0]).count(),
        "notifications_per_send": (Notification.objects.count() - notifications_before)
        // repetitions,
    }


def run(app: Path = national.ROOT, repetitions: int = REPETITIONS) -> dict:
    """Copy the national database, measure on the copy, drop it; the figures."""
    target = copy_url()
    copy_seconds = copy_database(national.DATABASE_URL, target)
    try:
        national.setup_django(app, target, redis_url=REDIS_URL)
        subjects = json.loads(national.SUBJECTS_FILE.read_text())
        result = measure(subjects["kpk_manager"], repetitions)
        from django.db import connections

        connections.close_all()
    finally:
        drop_database(target)
        import redis

        redis.Redis.from_url(REDIS_URL).flushdb()
    return {**result, "copy_seconds": round(copy_seconds, 1)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--app", type=Path, default=national.ROOT, help="checkout to send with")
    parser.add_argument("--repetitions", type=int, default=REPETITIONS, help="timed sends (5)")
    options = parser.parse_args()
    if not national.SUBJECTS_FILE.exists():
        raise SystemExit("Build the national data set first: .venv/bin/python bench/national.py")
    print(json.dumps(run(options.app.resolve(), options.repetitions)))


if __name__ == "__main__":
    sys.exit(main())
