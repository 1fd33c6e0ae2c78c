"""Check-in under real concurrency (PostgreSQL): organisers tapping and scanning at once."""

import threading

import pytest
from django.db import connection, connections

from audit.models import AuditEntry
from events import attendance
from events.audit_actions import AttendanceAction
from events.models import Registration
from tests.factories import RegistrationFactory, build_network

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def test_check_in_by_eight_organisers_at_once_checks_in_and_logs_once():
    network = build_network()
    registration = RegistrationFactory()
    start = threading.Barrier(8)
    results = []

    def tap():
        try:
            mine = Registration.objects.select_related("event").get(pk=registration.pk)
            start.wait()
            results.append(attendance.check_in(mine, by=network.kpk_staff))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=tap) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == [False] * 7 + [True]
    assert AuditEntry.objects.filter(action=AttendanceAction.CHECKED_IN).count() == 1
    assert Registration.objects.get(pk=registration.pk).checked_in_at is not None
