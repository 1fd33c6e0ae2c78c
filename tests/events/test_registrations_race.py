"""The capacity under concurrency, with real concurrent transactions on PostgreSQL.

Each thread has its own connection (Django's connections are per thread), so the requests race
as they would in several web processes; SQLite serialises every write and proves nothing here.
"""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from events.models import Event, Registration
from partnerships.models import Role
from tests.factories import EventFactory, OrganisationFactory, member

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]

Status = Registration.Status


def _race(event, people):
    """Every person presses "Register" at the same moment; returns (status code, seconds) each."""
    clients = []
    for person in people:
        client = Client()
        client.force_login(person)
        clients.append(client)
    start = threading.Barrier(len(clients))
    path = reverse("events:register", args=[event.pk])

    def press(client):
        try:
            start.wait()
            began = time.perf_counter()
            response = client.post(path)
            return response.status_code, time.perf_counter() - began
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        return list(pool.map(press, clients))


def _statuses(event):
    return sorted(
        Registration.objects.filter(event=event).values_list("status", flat=True), reverse=False
    )


def test_the_last_seat_raced_by_two_goes_to_one_and_the_other_waits():
    city = OrganisationFactory(name="Diskominfo Kota Palembang", regency_id="16.71")
    event = EventFactory(open=True, capacity=2)
    first = Registration.objects.create(
        event=event, name="Sudah terdaftar", source="guest", status=Status.CONFIRMED
    )
    people = [member(Role.PARTNER_OPERATOR, city), member(Role.PARTNER_OPERATOR, city)]

    answers = _race(event, people)

    assert [code for code, _seconds in answers] == [302, 302]
    statuses = dict(
        Registration.objects.filter(event=event).exclude(pk=first.pk).values_list("user", "status")
    )
    assert sorted(statuses.values()) == [Status.CONFIRMED, Status.WAITLISTED]


@pytest.fixture
def broker(monkeypatch):
    """The emails' task messages, kept instead of sent: a worker sends the emails, not the
    request (in the tests, tasks otherwise run inside the request that queues them)."""
    from notifications.tasks import send_deliveries

    queued = []
    monkeypatch.setattr(send_deliveries, "apply_async", lambda args: queued.append(args))
    return queued


@pytest.mark.parametrize("seats", [1, 17])
def test_fifty_at_once_on_a_small_house_never_oversell(seats, capsys, broker):
    city = OrganisationFactory(name="Diskominfo Kota Palembang", regency_id="16.71")
    event = EventFactory(open=True, capacity=seats)
    people = [member(Role.PARTNER_OPERATOR, city) for _ in range(50)]
    # One request alone on a warm process, for comparison: the race's times are those of 50
    # requests sharing one Python process (and its GIL), not of 50 web workers.
    warm = EventFactory(open=True, capacity=seats)
    [(_code, alone)] = _race(warm, [member(Role.PARTNER_OPERATOR, city)])

    answers = _race(event, people)

    assert [code for code, _seconds in answers] == [302] * 50
    statuses = _statuses(event)
    assert statuses.count(Status.CONFIRMED) == seats
    assert statuses.count(Status.WAITLISTED) == 50 - seats
    assert Event.objects.get(pk=event.pk).registrations.count() == 50
    assert len(broker) == 51  # one email (ticket or waiting list) each, queued on commit
    times = sorted(seconds for _code, seconds in answers)
    with capsys.disabled():
        print(
            f"\n50 simultaneous registrations, {seats} seats: median {times[25] * 1000:.0f} ms, "
            f"p95 {times[47] * 1000:.0f} ms, slowest {times[-1] * 1000:.0f} ms; "
            f"one alone {alone * 1000:.0f} ms"
        )
