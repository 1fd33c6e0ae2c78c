"""Joint productions count towards the agreements' targets: by their first approval, per window,
in one query, and the figure is the list it stands for."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement, Target
from agreements.targets import Window, period_bounds
from content import services
from content.models import ContentItem, ItemVersion
from content.selectors import joint_productions
from content.targets import count_joint_productions
from tests.factories import (
    AgreementFactory,
    ContentItemFactory,
    ItemVersionFactory,
    ScopeItemFactory,
    TargetFactory,
)

JAKARTA = ZoneInfo("Asia/Jakarta")
YEAR_2026 = (date(2026, 1, 1), date(2026, 12, 31))


def at(*parts):
    """A moment in Jakarta (the project's time zone)."""
    return datetime(*parts, tzinfo=JAKARTA)


def joint(agreement, *approvals, origin=ContentItem.Origin.JOINT, status="approved", title=""):
    """An item under ``agreement`` with an approved version at each of ``approvals``."""
    item = ContentItemFactory(
        origin=origin, agreement=agreement, status=status, title=title or "Produksi bersama"
    )
    for number, moment in enumerate(approvals, start=1):
        ItemVersionFactory(
            item=item,
            number=number,
            decision=ItemVersion.Decision.APPROVED,
            decided_at=moment,
        )
    return item


@pytest.fixture
def agreement(db):
    return AgreementFactory(status=Agreement.Status.ACTIVE)


def test_joint_productions_count_on_the_edges_of_the_window(agreement):
    joint(agreement, at(2026, 1, 1, 0, 5), title="first minutes of the year")
    joint(agreement, at(2026, 12, 31, 23, 55), title="last minutes of the year")
    joint(agreement, at(2025, 12, 31, 23, 59), title="the year before")
    joint(agreement, at(2027, 1, 1, 0, 0), title="the year after")
    window = Window(agreement.pk, *YEAR_2026)

    assert count_joint_productions([window]) == {window: 2}
    assert [item.title for item in joint_productions(agreement.pk, *YEAR_2026)] == [
        "first minutes of the year",
        "last minutes of the year",
    ]


def test_the_day_is_the_one_in_jakarta_not_in_utc(agreement):
    # 1 January 2026, 06:00 in Jakarta is still 31 December 2025 in UTC.
    joint(agreement, datetime(2025, 12, 31, 23, 0, tzinfo=ZoneInfo("UTC")))
    window = Window(agreement.pk, *YEAR_2026)

    assert count_joint_productions([window]) == {window: 1}


def test_only_the_first_approval_dates_a_production(agreement):
    joint(agreement, at(2025, 11, 3, 10), at(2026, 2, 3, 10))
    window_2025 = Window(agreement.pk, date(2025, 1, 1), date(2025, 12, 31))
    window_2026 = Window(agreement.pk, *YEAR_2026)

    assert count_joint_productions([window_2025, window_2026]) == {window_2025: 1}


def test_what_is_not_an_approved_joint_production_of_the_agreement_does_not_count(agreement):
    moment = at(2026, 5, 5, 9)
    joint(agreement, moment, origin=ContentItem.Origin.PARTNER)
    joint(agreement, moment, origin=ContentItem.Origin.KPK)
    joint(AgreementFactory(), moment)
    joint(None, moment)
    asked_for_changes = ContentItemFactory(
        origin=ContentItem.Origin.JOINT, agreement=agreement, status="changes_requested"
    )
    ItemVersionFactory(
        item=asked_for_changes,
        number=1,
        decision=ItemVersion.Decision.CHANGES_REQUESTED,
        decision_reason="Durasi",
        decided_at=moment,
    )
    ContentItemFactory(origin=ContentItem.Origin.JOINT, agreement=agreement, status="submitted")
    window = Window(agreement.pk, *YEAR_2026)

    assert count_joint_productions([window]) == {}
    assert joint_productions(agreement.pk, *YEAR_2026) == []


def test_an_approved_production_archived_later_still_counts(agreement):
    joint(agreement, at(2026, 3, 3, 9), status="archived")
    window = Window(agreement.pk, *YEAR_2026)

    assert count_joint_productions([window]) == {window: 1}


def test_every_window_is_answered_in_one_query(agreement, django_assert_num_queries):
    other = AgreementFactory(status=Agreement.Status.ACTIVE)
    joint(agreement, at(2026, 4, 1, 9))
    joint(agreement, at(2026, 8, 1, 9))
    joint(other, at(2026, 8, 2, 9))
    windows = [
        Window(agreement.pk, *YEAR_2026),
        Window(agreement.pk, date(2026, 7, 1), date(2026, 9, 30)),
        Window(other.pk, *YEAR_2026),
        Window(other.pk, date(2026, 1, 1), date(2026, 3, 31)),
    ]

    with django_assert_num_queries(1):
        counted = count_joint_productions(windows)

    assert counted == {windows[0]: 2, windows[1]: 1, windows[2]: 1}
    for window in windows:
        listed = joint_productions(window.agreement_id, window.start, window.end)
        assert counted.get(window, 0) == len(listed)


# On the agreement page


def test_agreement_page_shows_the_joint_productions_counted(network, client_as):
    agreement = AgreementFactory(
        status=Agreement.Status.ACTIVE, between=[network.kpk, network.city], dated=True
    )
    target = TargetFactory(
        scope_item=ScopeItemFactory(agreement=agreement),
        metric=Target.Metric.JOINT_PRODUCTIONS,
        quantity=4,
        period=Target.Period.YEAR,
    )
    for title in ("ILM Saber Pungli", "ILM Gratifikasi"):
        item = ContentItemFactory(
            owner=network.kpk, origin=ContentItem.Origin.JOINT, agreement=agreement, title=title
        )
        item.co_producers.set([network.city])
        services.transition(item, ContentItem.Status.APPROVED, by=network.kpk_staff)
    not_yet = ContentItemFactory(
        owner=network.kpk, origin=ContentItem.Origin.JOINT, agreement=agreement
    )
    not_yet.co_producers.set([network.city])

    response = client_as(network.partner_manager).get(
        reverse("agreements:detail", args=[agreement.pk])
    )

    [line] = response.context["scope"][0][1]
    assert (line.progress.achieved, line.progress.quantity, line.progress.percent) == (2, 4, 50)
    today = timezone.localdate()
    listed = joint_productions(agreement.pk, *period_bounds(target, agreement, today))
    assert [item.title for item in listed] == ["ILM Saber Pungli", "ILM Gratifikasi"]
    content = response.content.decode()
    assert "not measured yet" not in content
    assert "2 / 4" in content


def test_agreement_page_counts_nothing_before_the_first_approval(network, client_as):
    agreement = AgreementFactory(
        status=Agreement.Status.ACTIVE, between=[network.kpk, network.city], dated=True
    )
    TargetFactory(
        scope_item=ScopeItemFactory(agreement=agreement),
        metric=Target.Metric.JOINT_PRODUCTIONS,
        quantity=2,
        period=Target.Period.TERM,
    )
    ContentItemFactory(
        owner=network.city,
        origin=ContentItem.Origin.JOINT,
        agreement=agreement,
        created_at=timezone.now() - timedelta(days=1),
    )

    response = client_as(network.kpk_staff).get(reverse("agreements:detail", args=[agreement.pk]))

    [line] = response.context["scope"][0][1]
    assert line.progress.achieved == 0
    assert "0 / 2" in response.content.decode()
