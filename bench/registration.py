"""Benchmark: 50 members registering at once for an event with few seats, or a full house.

    .venv/bin/python bench/registration.py [--contenders 50] [--seats 5] [--rounds 3]
    make bench-registration

Issue 11's aim: registering for an event with a full house under 50 simultaneous requests never
oversells and answers each request within a second. Two scenarios, each run ``--rounds`` times
on a fresh event:

- few seats: ``--seats`` seats (5) and ``--contenders`` members (50) racing for them: exactly
  the seats are taken, everyone else is on the waiting list;
- full house: as many seats as contenders, all already taken, and the contenders racing: nobody
  gets a seat, everyone is on the waiting list.

Each contender is a thread with its own database connection (as a gunicorn worker has), a member
of an invited Diskominfo; they wait at a barrier and then all call the registration service
``events.registrations.register_member(event, *, user, by)`` at once, as 50 requests would after
loading the event and the user. The time of each call is measured (the service: its
transaction, the row locks and the commit, not the HTTP round trip; the pages' benchmark measures
those). The e-mails the service queues go to Redis as in production; no worker sends them.

Needs PostgreSQL (real row locks; SQLite would serialise everything) and Redis on 127.0.0.1. It
drops and recreates its own database ``sinergi_bench_registration``
(``BENCH_REGISTRATION_DATABASE_URL`` overrides it) and uses Redis database 12
(``BENCH_REGISTRATION_REDIS_URL``), which it flushes. It prints a table, writes
``var/bench-registration.json``, and exits with an error if any round oversold, left a seat
free that a contender asked for, or failed a request.
"""

import argparse
import json
import math
import os
import statistics
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import national

DATABASE_URL = os.environ.get(
    "BENCH_REGISTRATION_DATABASE_URL",
    "postgres://postgres@127.0.0.1:5432/sinergi_bench_registration",
)
REDIS_URL = os.environ.get("BENCH_REGISTRATION_REDIS_URL", "redis://127.0.0.1:6379/12")
RESULTS = national.ROOT / "var" / "bench-registration.json"
AIM_SECONDS = 1.0


def prepare(*, seats: int, contenders: int, taken: int = 0, label: str = "") -> tuple[int, list]:
    """An open training with ``seats`` seats, ``taken`` of them already taken, and
    ``contenders`` members of an invited Diskominfo who have not registered; returns the event's
    id and the contenders' ids."""
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import User
    from events.models import Event, Invitation, Registration
    from partnerships.models import Membership, Organisation, Role

    now = timezone.now()
    tag = label or f"{time.time_ns()}"
    with transaction.atomic():
        kpk = Organisation.objects.create(
            name=f"Biro Humas KPK {tag}", kind=Organisation.Kind.KPK_UNIT
        )
        diskominfo = Organisation.objects.create(
            name=f"Diskominfo Kota Palembang {tag}",
            kind=Organisation.Kind.REGENCY_DISKOMINFO,
            province_id="16",
            regency_id="16.71",
        )
        event = Event.objects.create(
            kind=Event.Kind.TRAINING,
            title=f"Pelatihan Konten Antikorupsi {tag}",
            venue_name="Hotel Aryaduta Palembang",
            venue_regency_id="16.71",
            time_zone="Asia/Jakarta",
            starts_at=now + timedelta(days=7),
            ends_at=now + timedelta(days=7, hours=6),
            capacity=seats,
            registration_opens_at=now - timedelta(days=1),
            registration_closes_at=now + timedelta(days=6),
            status=Event.Status.PUBLISHED,
        )
        event.organisers.set([kpk])
        Invitation.objects.create(event=event, organisation=diskominfo)
        people = User.objects.bulk_create(
            [
                User(email=f"peserta{number}.{tag}@bench.sinergi.id", full_name=f"Peserta {number}")
                for number in range(taken + contenders)
            ]
        )
        Membership.objects.bulk_create(
            [
                Membership(user=user, organisation=diskominfo, role=Role.PARTNER_OPERATOR)
                for user in people
            ]
        )
        Registration.objects.bulk_create(
            [
                Registration(
                    event=event,
                    user=user,
                    organisation=diskominfo,
                    name=user.full_name,
                    institution=diskominfo.name,
                    email=user.email,
                    source=Registration.Source.SELF,
                    status=Registration.Status.CONFIRMED,
                    confirmed_at=now,
                )
                for user in people[:taken]
            ]
        )
    return event.pk, [user.pk for user in people[taken:]]


def race(event_id: int, user_ids: list) -> list[dict]:
    """Every contender registers at once, each in its own thread and connection; returns each
    call's outcome (the registration's status, or the error) and seconds."""
    barrier = threading.Barrier(len(user_ids))
    results = [None] * len(user_ids)

    def contend(index: int, user_id: int) -> None:
        from django.db import connection

        from accounts.models import User
        from events.models import Event
        from events.registrations import register_member

        try:
            # What a request has loaded before it registers.
            user = User.objects.get(pk=user_id)
            event = Event.objects.get(pk=event_id)
            barrier.wait()
            started = time.perf_counter()
            try:
                registration = register_member(event, user=user, by=user)
                outcome = registration.status
            except Exception as error:  # a refusal or a failure: both are reported
                outcome = f"error: {type(error).__name__}: {error}"
            results[index] = {"outcome": outcome, "seconds": time.perf_counter() - started}
        finally:
            connection.close()

    threads = [
        threading.Thread(target=contend, args=(index, user_id))
        for index, user_id in enumerate(user_ids)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [result or {"outcome": "error: no answer", "seconds": 0.0} for result in results]


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (``share`` 0.95 for p95) of ``values``."""
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def verdict(event_id: int, results: list[dict], *, seats: int, taken: int) -> dict:
    """What the round did, read back from the database: seats taken, waiting list, errors."""
    from events.models import Registration

    rows = Registration.objects.filter(event_id=event_id)
    confirmed = rows.filter(status=Registration.Status.CONFIRMED).count()
    waitlisted = rows.filter(status=Registration.Status.WAITLISTED).count()
    errors = [result["outcome"] for result in results if result["outcome"].startswith("error")]
    seconds = [result["seconds"] for result in results]
    free_asked = min(seats - taken, len(results))
    return {
        "contenders": len(results),
        "seats": seats,
        "taken_before": taken,
        "confirmed": confirmed,
        "waitlisted": waitlisted,
        "errors": errors,
        "oversold": confirmed > seats,
        # A contender left on the waiting list while a seat stayed free is a bug too.
        "undersold": confirmed < taken + free_asked,
        "p50_ms": round(statistics.median(seconds) * 1000, 1),
        "p95_ms": round(percentile(seconds, 0.95) * 1000, 1),
        "max_ms": round(max(seconds) * 1000, 1),
        "within_aim": max(seconds) <= AIM_SECONDS,
    }


def failed(round_: dict) -> bool:
    return bool(round_["oversold"] or round_["undersold"] or round_["errors"])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--app", type=Path, default=national.ROOT, help="checkout to measure")
    parser.add_argument("--contenders", type=int, default=50, help="simultaneous members (50)")
    parser.add_argument("--seats", type=int, default=5, help="seats of the few-seats event (5)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of each scenario (3)")
    options = parser.parse_args(argv)

    national.recreate_database(DATABASE_URL)
    national.setup_django(options.app.resolve(), DATABASE_URL, REDIS_URL)
    from django.core.management import call_command

    from partnerships.regions import load_regions

    call_command("migrate", interactive=False, verbosity=0)
    load_regions()
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()

    scenarios = {
        "few seats": {"seats": options.seats, "taken": 0},
        "full house": {"seats": options.contenders, "taken": options.contenders},
    }
    rounds = []
    # A warm-up registration (imports, connections) that is not counted.
    event_id, users = prepare(seats=1, contenders=1, label="warm-up")
    race(event_id, users)
    for name, scenario in scenarios.items():
        for number in range(options.rounds):
            event_id, users = prepare(
                contenders=options.contenders, label=f"{name}-{number}", **scenario
            )
            results = race(event_id, users)
            round_ = {"scenario": name, "round": number + 1}
            round_.update(verdict(event_id, results, **scenario))
            rounds.append(round_)
            print(
                f"{name:10} #{number + 1}: {round_['confirmed']} seats of {round_['seats']}, "
                f"{round_['waitlisted']} waiting, {len(round_['errors'])} errors; "
                f"p50 {round_['p50_ms']} ms, p95 {round_['p95_ms']} ms, max {round_['max_ms']} ms"
            )
    redis.Redis.from_url(REDIS_URL).flushdb()

    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "contenders": options.contenders,
                "rounds": rounds,
            },
            indent=2,
        )
    )
    print(f"Results: {RESULTS.relative_to(national.ROOT)}")
    bad = [round_ for round_ in rounds if failed(round_)]
    if bad:
        for round_ in bad:
            print(f"FAILED {round_['scenario']} #{round_['round']}: {round_}", file=sys.stderr)
        raise SystemExit(1)
    if not all(round_["within_aim"] for round_ in rounds):
        print(f"Some request took more than {AIM_SECONDS:.0f} s (see max_ms).", file=sys.stderr)


if __name__ == "__main__":
    main()
