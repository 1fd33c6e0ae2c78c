"""The daily scans of dissemination requests: a reminder two days before the due date, and the
news that a request became overdue; each once per request and due date."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from content.models import Request
from content.notification_kinds import REQUEST_DUE_SOON, REQUEST_OVERDUE
from content.services import notify_overdue_requests, remind_requests_due_soon
from notifications.kinds import Mode
from notifications.models import Notification, ScheduledScan
from notifications.schedule import get_scan
from partnerships.models import Role
from tests.factories import MembershipFactory, OrganisationFactory, RequestFactory, UserFactory

pytestmark = pytest.mark.django_db

Status = Request.Status
TODAY = date(2026, 12, 1)


def _notified(kind) -> list:
    return sorted((n.target_url, n.recipient.email) for n in Notification.objects.filter(kind=kind))


def _url(request) -> str:
    return reverse("content:request_detail", args=[request.pk])


def test_migrate_schedules_both_scans_daily(db):
    due_soon = ScheduledScan.objects.get(scan="content.requests_due_soon")
    overdue = ScheduledScan.objects.get(scan="content.requests_overdue")

    assert (due_soon.daily_at, due_soon.enabled) == (time(6, 30), True)
    assert (overdue.daily_at, overdue.enabled) == (time(6, 35), True)


def test_due_in_two_days_reminds_the_managers_and_the_assignee_once(network):
    request = RequestFactory(
        organisation=network.city,
        status=Status.ACCEPTED,
        assignee=network.partner_operator,
        due_on=TODAY + timedelta(days=2),
    )

    assert remind_requests_due_soon(today=TODAY) == 1
    assert remind_requests_due_soon(today=TODAY) == 0

    assert _notified(REQUEST_DUE_SOON.code) == [
        (_url(request), "kabid@palembang.go.id"),
        (_url(request), "operator@palembang.go.id"),
    ]
    notification = Notification.objects.filter(kind=REQUEST_DUE_SOON.code).first()
    assert notification.mode == Mode.EMAIL
    assert notification.message == (
        f"{request.item} → {network.city} is due on 3 Dec 2026, in two days."
    )


@pytest.mark.parametrize("days", [0, 1, 3])
def test_due_reminder_only_exactly_two_days_before(network, days):
    RequestFactory(organisation=network.city, due_on=TODAY + timedelta(days=days))

    assert remind_requests_due_soon(today=TODAY) == 0


@pytest.mark.parametrize("status", [Status.PUBLISHED, Status.VERIFIED, Status.DECLINED])
def test_no_reminder_for_a_request_no_longer_owed(network, status):
    RequestFactory(
        organisation=network.city,
        status=status,
        decline_reason="Tidak sesuai kanal kami." if status == Status.DECLINED else "",
        due_on=TODAY + timedelta(days=2),
    )

    assert remind_requests_due_soon(today=TODAY) == 0
    assert notify_overdue_requests(today=TODAY + timedelta(days=3)) == 0


def test_a_new_due_date_gets_its_own_reminder(network):
    request = RequestFactory(organisation=network.city, due_on=TODAY + timedelta(days=2))
    remind_requests_due_soon(today=TODAY)

    Request.objects.filter(pk=request.pk).update(due_on=TODAY + timedelta(days=9))
    assert remind_requests_due_soon(today=TODAY + timedelta(days=7)) == 1

    assert Notification.objects.filter(kind=REQUEST_DUE_SOON.code).count() == 2


def test_overdue_tells_the_managers_the_assignee_and_kpks_sender_in_the_app_once(network):
    request = RequestFactory(
        organisation=network.city,
        status=Status.ACCEPTED,
        assignee=network.partner_operator,
        due_on=TODAY - timedelta(days=1),
        dispatch__sent_by=network.kpk_staff,
    )

    assert notify_overdue_requests(today=TODAY) == 1
    assert notify_overdue_requests(today=TODAY) == 0
    assert notify_overdue_requests(today=TODAY + timedelta(days=1)) == 0

    assert _notified(REQUEST_OVERDUE.code) == [
        (_url(request), "kabid@palembang.go.id"),
        (_url(request), "operator@palembang.go.id"),
        (_url(request), "staf@kpk.go.id"),
    ]
    modes = {
        n.recipient.email: n.mode for n in Notification.objects.filter(kind=REQUEST_OVERDUE.code)
    }
    assert modes["staf@kpk.go.id"] == Mode.IN_APP
    assert modes["kabid@palembang.go.id"] == Mode.EMAIL


def test_overdue_is_not_told_on_the_due_date_itself(network):
    RequestFactory(organisation=network.city, due_on=TODAY)

    assert notify_overdue_requests(today=TODAY) == 0


def test_a_missed_scan_day_still_tells_the_request_once(network):
    RequestFactory(organisation=network.city, due_on=TODAY - timedelta(days=2))
    RequestFactory(organisation=network.city, due_on=TODAY - timedelta(days=10))

    assert notify_overdue_requests(today=TODAY) == 1


def test_a_forward_overdue_tells_the_outlet_not_kpk(network):
    palembang = RequestFactory(organisation=network.city, dispatch__sent_by=network.kpk_staff)
    outlet_manager = UserFactory(email="redaksi@sripo.co.id")
    MembershipFactory(
        user=outlet_manager, organisation=network.provincial_media, role=Role.PARTNER_MANAGER
    )
    forward = RequestFactory(
        dispatch=palembang.dispatch,
        organisation=network.provincial_media,
        forwarded_from=palembang,
        due_on=TODAY - timedelta(days=1),
    )

    notify_overdue_requests(today=TODAY)

    assert _notified(REQUEST_OVERDUE.code) == [(_url(forward), "redaksi@sripo.co.id")]


def test_inactive_managers_and_organisations_are_not_told(network):
    sleeping = OrganisationFactory(is_active=False)
    MembershipFactory(organisation=sleeping, role=Role.PARTNER_MANAGER)
    RequestFactory(organisation=sleeping, due_on=TODAY - timedelta(days=1), dispatch__sent_by=None)

    assert notify_overdue_requests(today=TODAY) == 0


def test_the_scan_reads_the_day_in_jakarta(network):
    request = RequestFactory(organisation=network.city, due_on=TODAY, dispatch__sent_by=None)

    # 23:30 UTC on 30 November is 06:30 on 1 December in Jakarta: due today, not overdue.
    get_scan("content.requests_overdue").run(now=datetime(2026, 11, 30, 23, 30, tzinfo=UTC))
    assert _notified(REQUEST_OVERDUE.code) == []

    # 23:30 UTC on 1 December is 2 December in Jakarta: overdue since midnight.
    result = get_scan("content.requests_overdue").run(now=datetime(2026, 12, 1, 23, 30, tzinfo=UTC))
    assert result == "1 overdue"
    assert _notified(REQUEST_OVERDUE.code) == [(_url(request), "kabid@palembang.go.id")]
    assert timezone.localdate(datetime(2026, 12, 1, 23, 30, tzinfo=UTC)) == date(2026, 12, 2)


def test_due_soon_scan_reports_how_many_it_reminded(network):
    RequestFactory(organisation=network.city, due_on=TODAY + timedelta(days=2))

    result = get_scan("content.requests_due_soon").run(
        now=datetime(2026, 11, 30, 23, 30, tzinfo=UTC)
    )

    assert result == "1 reminded"
