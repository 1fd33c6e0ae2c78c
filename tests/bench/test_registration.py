"""bench/registration.py: the event and contenders it builds, and how it judges a round.

The race itself needs PostgreSQL and the registration service (events.registrations); its test
runs only where both are there.
"""

import importlib.util

import pytest
from django.db import connection
from django.utils import timezone

from events.models import Event, Registration
from tests.bench.conftest import _load
from tests.factories import RegistrationFactory, UserFactory

HAS_SERVICE = importlib.util.find_spec("events.registrations") is not None


@pytest.fixture(scope="session")
def registration(national):
    return _load("registration")


def test_prepare_builds_a_published_event_with_few_seats_and_contenders(db, registration):
    event_id, contenders = registration.prepare(seats=5, contenders=50, label="a")

    event = Event.objects.get(pk=event_id)
    assert (event.capacity, event.status, len(contenders)) == (5, Event.Status.PUBLISHED, 50)
    assert event.registrations.count() == 0
    assert event.registration_opens_at < timezone.now() < event.registration_closes_at
    # Every contender may register (a member of an invited organisation).
    user = UserFactory._meta.model.objects.get(pk=contenders[0])
    assert user.has_perm("events.register", event)


def test_prepare_fills_a_full_house_before_the_race(db, registration):
    event_id, contenders = registration.prepare(seats=50, contenders=50, taken=50, label="b")

    taken = Registration.objects.filter(event_id=event_id, status=Registration.Status.CONFIRMED)
    assert taken.count() == 50
    assert not taken.filter(user_id__in=contenders).exists()


def test_verdict_reads_the_seats_back_and_flags_an_oversell(db, registration):
    event_id, _contenders = registration.prepare(seats=2, contenders=0, label="c")
    event = Event.objects.get(pk=event_id)
    for _ in range(3):
        RegistrationFactory(event=event)
    RegistrationFactory(event=event, waitlisted=True)
    results = [{"outcome": "confirmed", "seconds": 0.01 * n} for n in range(1, 4)]
    results.append({"outcome": "waitlisted", "seconds": 1.2})

    judged = registration.verdict(event_id, results, seats=2, taken=0)

    assert (judged["confirmed"], judged["waitlisted"]) == (3, 1)
    assert judged["oversold"] and registration.failed(judged)
    assert (judged["p50_ms"], judged["p95_ms"], judged["max_ms"]) == (25.0, 1200.0, 1200.0)
    assert not judged["within_aim"]


def test_verdict_passes_a_fair_round_and_counts_errors(db, registration):
    event_id, _contenders = registration.prepare(seats=1, contenders=0, label="d")
    RegistrationFactory(event_id=event_id)
    RegistrationFactory(event_id=event_id, waitlisted=True)

    fair = registration.verdict(
        event_id,
        [{"outcome": "confirmed", "seconds": 0.1}, {"outcome": "waitlisted", "seconds": 0.2}],
        seats=1,
        taken=0,
    )
    broken = registration.verdict(
        event_id,
        [{"outcome": "confirmed", "seconds": 0.1}, {"outcome": "error: boom", "seconds": 0.2}],
        seats=1,
        taken=0,
    )

    assert not registration.failed(fair) and fair["within_aim"]
    assert broken["errors"] == ["error: boom"] and registration.failed(broken)


def test_percentile_is_the_nearest_rank(registration):
    values = [float(n) for n in range(1, 51)]

    assert registration.percentile(values, 0.5) == 25.0
    assert registration.percentile(values, 0.95) == 48.0
    assert registration.percentile([3.0], 0.95) == 3.0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
@pytest.mark.skipif(not HAS_SERVICE, reason="needs events.registrations (registration part)")
@pytest.mark.django_db(transaction=True)
def test_fifty_contenders_for_five_seats_never_oversell(registration):
    event_id, contenders = registration.prepare(seats=5, contenders=50, label="race")

    results = registration.race(event_id, contenders)

    judged = registration.verdict(event_id, results, seats=5, taken=0)
    assert (judged["confirmed"], judged["waitlisted"], judged["errors"]) == (5, 45, [])
