"""The daily scan: reminders 90, 30 and 7 days before an agreement ends, once each; expiry after."""

from datetime import time, timedelta

import pytest
from django.utils import timezone, translation

from agreements.audit_actions import Action
from agreements.models import Agreement
from agreements.scans import agreements_ending
from audit.selectors import entries_for
from notifications.models import Notification, ScheduledScan
from notifications.schedule import get_scan
from tests.factories import AgreementDocumentFactory, AgreementFactory

Status = Agreement.Status
SCAN = "agreements.ending"
EXPIRING = "agreements.expiring"


def _run(days_from_now=0) -> str:
    return get_scan(SCAN).run(now=timezone.now() + timedelta(days=days_from_now))


def _ending_in(network, days, status=Status.ACTIVE):
    return AgreementFactory(
        status=status,
        owner=network.kpk_staff,
        effective_on=timezone.localdate() - timedelta(days=400),
        ends_on=timezone.localdate() + timedelta(days=days),
        between=[network.kpk, network.city],
    )


def _reminders():
    return sorted(
        (n.context["reminder"], n.context["days"], n.recipient.email)
        for n in Notification.objects.filter(kind=EXPIRING)
    )


def test_migrate_schedules_the_scan_daily(db):
    scan = ScheduledScan.objects.get(scan=SCAN)

    assert (scan.daily_at, scan.interval_minutes, scan.enabled) == (time(6, 0), None, True)


def test_reminders_at_90_30_and_7_days_once_each_whatever_the_runs(network):
    agreement = _ending_in(network, 90)

    runs = [_run(day) for day in (0, 0, 1, 59, 60, 60, 61, 82, 83, 83, 84, 89)]

    assert runs == [
        "1 reminded, 0 expired",
        "0 reminded, 0 expired",
        "0 reminded, 0 expired",
        "0 reminded, 0 expired",
        "1 reminded, 0 expired",
        "0 reminded, 0 expired",
        "0 reminded, 0 expired",
        "0 reminded, 0 expired",
        "1 reminded, 0 expired",
        "0 reminded, 0 expired",
        "0 reminded, 0 expired",
        "0 reminded, 0 expired",
    ]
    recipients = ["kabid@palembang.go.id", "manajer@kpk.go.id", "staf@kpk.go.id"]
    assert _reminders() == sorted(
        (reminder, days, email)
        for reminder, days in [(90, 90), (30, 30), (7, 7)]
        for email in recipients
    )
    assert entries_for(agreement).count() == 0


def test_a_missed_reminder_day_sends_the_reminder_that_covers_today(network):
    _ending_in(network, 29)

    _run()

    assert {(reminder, days) for reminder, days, _email in _reminders()} == {(30, 29)}


def test_an_agreement_signed_close_to_its_end_gets_only_the_nearest_reminder(network):
    _ending_in(network, 5)

    _run()
    _run(1)

    assert {(reminder, days) for reminder, days, _email in _reminders()} == {(7, 5)}


def test_the_reminder_reads_how_many_days_are_left(network):
    agreement = _ending_in(network, 1)

    _run()

    notification = Notification.objects.filter(kind=EXPIRING).first()
    assert notification.message == f"{agreement} ends in 1 day."
    assert notification.actor is None


def test_no_reminder_beyond_90_days(network):
    _ending_in(network, 91)

    assert _run() == "0 reminded, 0 expired"
    assert _reminders() == []


@pytest.mark.parametrize("status", [Status.READY, Status.TERMINATED, Status.EXPIRED])
def test_no_reminder_unless_active(network, status):
    _ending_in(network, 7, status=status)

    _run()

    assert _reminders() == []


def test_agreements_past_their_end_date_expire_through_the_one_door(network):
    ended = _ending_in(network, -1)
    ends_today = _ending_in(network, 0)

    first = _run()
    second = _run()

    assert (first, second) == ("1 reminded, 1 expired", "0 reminded, 0 expired")
    assert Agreement.objects.get(pk=ended.pk).status == Status.EXPIRED
    assert Agreement.objects.get(pk=ends_today.pk).status == Status.ACTIVE
    event = entries_for(ended).get()
    assert (event.action, event.actor, event.changes) == (
        Action.STATUS_CHANGED,
        None,
        {"from": Status.ACTIVE, "to": Status.EXPIRED, "reason": ""},
    )
    expired = Notification.objects.filter(kind="agreements.status_changed")
    assert sorted(n.recipient.email for n in expired) == [
        "kabid@palembang.go.id",
        "manajer@kpk.go.id",
        "staf@kpk.go.id",
    ]
    assert {n.message for n in expired} == {f"{ended} moved from “Active” to “Expired”."}


def test_agreements_ending_result_reads_in_the_sites_language(network):
    with translation.override("id"):
        result = agreements_ending(now=timezone.now())

    assert result == "0 diingatkan, 0 berakhir"


def test_scan_makes_signed_agreements_active_on_their_effective_date_mou_before_its_pks(
    network,
):
    today = timezone.localdate()
    dates = {"signed_on": today, "effective_on": today}
    mou = AgreementFactory(
        status=Status.SIGNED,
        ends_on=today + timedelta(days=400),
        between=[network.kpk, network.province],
        **dates,
    )
    pks = AgreementFactory(
        kind=Agreement.Kind.PKS,
        parent=mou,
        status=Status.SIGNED,
        ends_on=today + timedelta(days=300),
        between=[network.kpk, network.city],
        **dates,
    )
    later = AgreementFactory(
        status=Status.SIGNED,
        signed_on=today,
        effective_on=today + timedelta(days=1),
        ends_on=today + timedelta(days=400),
        between=[network.kpk, network.neighbour],
    )
    for agreement in (pks, mou, later):
        AgreementDocumentFactory(agreement=agreement)

    assert _run() == "0 reminded, 0 expired, 2 took effect"

    assert [Agreement.objects.get(pk=a.pk).status for a in (mou, pks, later)] == [
        Status.ACTIVE,
        Status.ACTIVE,
        Status.SIGNED,
    ]
    event = entries_for(pks).get()
    assert (event.action, event.actor, event.changes["from"], event.changes["to"]) == (
        Action.STATUS_CHANGED,
        None,
        Status.SIGNED,
        Status.ACTIVE,
    )
    assert _run() == "0 reminded, 0 expired"
