from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command

from notifications.models import Delivery, Notification
from notifications.services import Link, notify, queue_daily_digests
from partnerships.models import Role
from tests.factories import member

pytestmark = pytest.mark.django_db

DAY = date(2026, 11, 23)


def _report(recipients, number):
    # Managers get reach reports in their daily digest (the kind's default for their role).
    notify("tests.report", recipients, target=Link(f"/reports/{number}/", f"Report {number}"))


@pytest.fixture
def managers(db):
    return member(Role.PARTNER_MANAGER, language="en"), member(Role.PARTNER_MANAGER)


def test_daily_digest_sends_one_email_per_user_with_their_notifications(managers, on_commit):
    first, second = managers
    _report([first, second], 1)
    _report([first], 2)

    with on_commit():
        created = queue_daily_digests(day=DAY)

    assert created == 2
    by_address = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_address) == sorted([first.email, second.email])
    digest = by_address[first.email]
    assert digest.subject == "[Sinergi] Your daily summary: 2 notifications"
    assert digest.body.index("New reach report for Report 2.") < digest.body.index(
        "New reach report for Report 1."
    )
    assert "http://testserver/reports/1/" in digest.body
    assert "http://testserver/notifications/preferences/" in digest.body
    assert Notification.objects.filter(digest=None).count() == 0


def test_daily_digest_is_sent_once_per_user_per_day(managers, on_commit):
    first, _second = managers
    _report([first], 1)
    with on_commit():
        queue_daily_digests(day=DAY)
    _report([first], 2)  # after today's digest: it waits for tomorrow's

    with on_commit():
        again = queue_daily_digests(day=DAY)

    assert again == 0
    assert len(mail.outbox) == 1
    assert Delivery.objects.filter(user=first, digest_date=DAY).count() == 1

    with on_commit():
        queue_daily_digests(day=date(2026, 11, 24))

    tomorrow = mail.outbox[1]
    assert tomorrow.subject == "[Sinergi] Your daily summary: 1 notification"
    assert "Report 2." in tomorrow.body
    assert "Report 1." not in tomorrow.body


def test_daily_digest_leaves_out_in_app_and_immediate_notifications(on_commit):
    operator = member(Role.PARTNER_OPERATOR)  # reports stay in the app for operators
    _report([operator], 1)

    with on_commit():
        created = queue_daily_digests(day=DAY)

    assert created == 0
    assert mail.outbox == []


def test_daily_digest_scan_runs_from_the_command(managers, on_commit):
    _report(list(managers), 1)

    with on_commit():
        call_command("run_scans", "--all")

    assert len(mail.outbox) == 2
