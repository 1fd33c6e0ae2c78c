from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from notifications.models import ScheduledScan
from notifications.schedule import register_scan, unregister_scan
from notifications.services import claim_due_scans, schedule_registered_scans
from notifications.tasks import queue_due_scans

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")


@pytest.fixture
def calls():
    """A scan registered as a domain app would, which records when it ran."""
    runs = []

    @register_scan("tests.expiring", label="Agreements expiring", daily_at=time(6, 0))
    def expiring(*, now):
        runs.append(now)
        return f"{len(runs)} reminders"

    yield runs
    unregister_scan("tests.expiring")


@pytest.fixture
def broken():
    @register_scan("tests.broken", label="Broken scan")
    def fails(*, now):
        raise RuntimeError("the scan failed")

    yield ScheduledScan.objects.create(
        name="Broken", scan="tests.broken", interval_minutes=5, next_run_at=timezone.now()
    )
    unregister_scan("tests.broken")


def _due(scan_code):
    ScheduledScan.objects.filter(scan=scan_code).update(
        next_run_at=timezone.now() - timedelta(minutes=1)
    )
    return ScheduledScan.objects.get(scan=scan_code)


def test_migrate_schedules_this_apps_scans():
    rows = {
        row.scan: (row.interval_minutes, row.daily_at, row.enabled)
        for row in ScheduledScan.objects.filter(scan__startswith="notifications.")
    }

    assert rows == {
        "notifications.daily_digest": (None, time(7, 0), True),
        "notifications.stalled_deliveries": (1, None, True),
    }


def test_migrate_schedules_the_domain_apps_scans_too():
    row = ScheduledScan.objects.get(scan="agreements.ending")

    assert (row.interval_minutes, row.daily_at, row.enabled) == (None, time(6, 0), True)


def test_a_newly_registered_scan_gets_its_default_schedule_once(calls):
    assert schedule_registered_scans() == 1
    assert schedule_registered_scans() == 0

    scan = ScheduledScan.objects.get(scan="tests.expiring")
    assert (scan.name, scan.daily_at, scan.interval_minutes) == (
        "Agreements expiring",
        time(6, 0),
        None,
    )
    assert timezone.localtime(scan.next_run_at).time() == time(6, 0)


def test_a_due_scan_is_claimed_by_one_scheduler_only(calls):
    schedule_registered_scans()
    # The re-publisher runs every minute: in a slow suite it is due too.
    ScheduledScan.objects.exclude(scan="tests.expiring").update(enabled=False)
    scan = _due("tests.expiring")
    now = timezone.now()

    first = claim_due_scans(now=now)
    second = claim_due_scans(now=now)

    assert first == [scan.pk]
    assert second == []
    scan.refresh_from_db()
    assert scan.last_run_at == now
    assert scan.next_run_at > now


def test_interval_schedule_keeps_its_cadence():
    scan = ScheduledScan(interval_minutes=5, next_run_at=datetime(2026, 11, 23, 9, 0, tzinfo=WIB))

    following = scan.following_run(datetime(2026, 11, 23, 9, 11, 30, tzinfo=WIB))

    assert following == datetime(2026, 11, 23, 9, 15, tzinfo=WIB)


def test_daily_schedule_runs_at_its_local_time_today_or_tomorrow():
    scan = ScheduledScan(daily_at=time(7, 0))

    assert scan.following_run(datetime(2026, 11, 23, 6, 59, tzinfo=WIB)) == datetime(
        2026, 11, 23, 7, 0, tzinfo=WIB
    )
    assert scan.following_run(datetime(2026, 11, 23, 7, 0, tzinfo=WIB)) == datetime(
        2026, 11, 24, 7, 0, tzinfo=WIB
    )


def test_beat_entry_runs_the_due_scans_and_records_their_result(calls):
    schedule_registered_scans()
    scan = _due("tests.expiring")

    queue_due_scans.apply()
    queue_due_scans.apply()

    assert len(calls) == 1
    scan.refresh_from_db()
    assert (scan.last_result, scan.last_error) == ("1 reminders", "")


def test_run_scans_command_runs_only_due_scans_unless_all(calls):
    schedule_registered_scans()

    call_command("run_scans")
    assert calls == []

    _due("tests.expiring")
    call_command("run_scans")
    assert len(calls) == 1

    call_command("run_scans", "--all")
    assert len(calls) == 2


def test_disabled_scan_does_not_run(calls):
    schedule_registered_scans()
    _due("tests.expiring")
    ScheduledScan.objects.filter(scan="tests.expiring").update(enabled=False)

    call_command("run_scans", "--all")

    assert calls == []


def test_failing_scan_records_its_error_and_the_command_says_so(broken):
    with pytest.raises(CommandError):
        call_command("run_scans")

    broken.refresh_from_db()
    assert "RuntimeError: the scan failed" in broken.last_error
    assert broken.last_result == ""


def test_admin_edits_a_schedule_and_its_next_run_follows(client_as, administrator):
    scan = ScheduledScan.objects.get(scan="notifications.stalled_deliveries")
    url = reverse("admin:notifications_scheduledscan_change", args=[scan.pk])

    response = client_as(administrator).post(
        url,
        {
            "name": scan.name,
            "scan": scan.scan,
            "interval_minutes": "",
            "daily_at": "21:30",
            "enabled": "on",
        },
    )

    assert response.status_code == 302
    scan.refresh_from_db()
    assert (scan.interval_minutes, scan.daily_at) == (None, time(21, 30))
    assert timezone.localtime(scan.next_run_at).time() == time(21, 30)


def test_admin_refuses_a_schedule_with_both_interval_and_time(client_as, administrator):
    scan = ScheduledScan.objects.get(scan="notifications.stalled_deliveries")

    response = client_as(administrator).post(
        reverse("admin:notifications_scheduledscan_change", args=[scan.pk]),
        {"name": scan.name, "scan": scan.scan, "interval_minutes": "5", "daily_at": "21:30"},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "__all__": ["Give either an interval in minutes or a daily time."]
    }


def test_admin_runs_a_scan_now(client_as, administrator, calls, on_commit):
    schedule_registered_scans()
    scan = ScheduledScan.objects.get(scan="tests.expiring")

    with on_commit():
        client_as(administrator).post(
            reverse("admin:notifications_scheduledscan_changelist"),
            {"action": "run_now", "_selected_action": [scan.pk]},
        )

    assert len(calls) == 1
