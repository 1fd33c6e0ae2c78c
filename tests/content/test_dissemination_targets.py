"""The KPK-content targets: verified posts on a party's channels (and the people they reached),
and the list they count."""

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from agreements.models import Agreement, Target
from agreements.targets import Progress, Window, progress_of
from content.models import Proof, Request
from content.targets import (
    count_kpk_content_published,
    count_kpk_content_reach,
    kpk_content_published,
)
from tests.factories import (
    AgreementFactory,
    ChannelFactory,
    ContentItemFactory,
    OrganisationFactory,
    ProofFactory,
    RequestFactory,
    ScopeItemFactory,
    TargetFactory,
)

JAKARTA = timezone.get_default_timezone()
START, END = date(2026, 1, 1), date(2026, 12, 31)


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=JAKARTA)


def post(organisation, day, *, status=Proof.Status.VERIFIED, origin="kpk", forwarded_from=None):
    item = ContentItemFactory(
        approved=True, origin=origin, **({} if origin == "kpk" else {"partner": True})
    )
    request = RequestFactory(
        organisation=organisation,
        item=item,
        dispatch__item=item,
        status=Request.Status.VERIFIED,
        forwarded_from=forwarded_from,
    )
    return ProofFactory(
        request=request,
        status=status,
        return_reason="Buram." if status == Proof.Status.RETURNED else "",
        published_at=at(day) if isinstance(day, date) else day,
        channel=ChannelFactory(organisation=organisation),
    )


@pytest.fixture
def agreement(network):
    return AgreementFactory(status=Agreement.Status.ACTIVE, between=[network.kpk, network.city])


def test_counter_counts_verified_kpk_posts_of_the_parties_in_the_window(network, agreement):
    window = Window(agreement.pk, START, END)
    counted = [
        post(network.city, date(2026, 3, 1)),
        post(network.city, date(2026, 12, 31)),
        # 00:30 on 1 January in Jakarta is still 2025 in UTC: the local day counts.
        post(network.city, at(date(2026, 1, 1), 0).replace(minute=30)),
    ]
    post(network.city, date(2025, 12, 31))  # before the window
    post(network.city, date(2026, 3, 1), status=Proof.Status.SUBMITTED)  # not verified yet
    post(network.city, date(2026, 3, 1), status=Proof.Status.RETURNED)
    post(network.city, date(2026, 3, 1), origin="partner")  # not KPK's content
    post(network.neighbour, date(2026, 3, 1))  # not a party

    assert count_kpk_content_published([window]) == {window: 3}
    assert list(kpk_content_published(window)) == sorted(counted, key=lambda p: p.published_at)


def test_a_forward_counts_for_the_diskominfo_that_forwarded_it(network, agreement):
    outlet = OrganisationFactory(media=True)
    window = Window(agreement.pk, START, END)
    parent = post(network.city, date(2026, 2, 1)).request
    forwarded = post(outlet, date(2026, 2, 2), forwarded_from=parent)
    # The outlet's own agreement with KPK does not count a forward from Palembang.
    outlet_agreement = AgreementFactory(
        status=Agreement.Status.ACTIVE, between=[network.kpk, outlet]
    )
    outlet_window = Window(outlet_agreement.pk, START, END)

    counted = count_kpk_content_published([window, outlet_window])

    assert counted == {window: 2}
    assert forwarded in list(kpk_content_published(window))
    assert list(kpk_content_published(outlet_window)) == []


def test_counter_answers_many_windows_in_three_queries_and_equals_each_list(
    network, agreement, django_assert_num_queries
):
    other = AgreementFactory(
        status=Agreement.Status.ACTIVE, between=[network.kpk, network.neighbour]
    )
    for day in (date(2026, 2, 1), date(2026, 5, 5), date(2026, 8, 8)):
        post(network.city, day)
        post(network.neighbour, day)
    windows = [
        Window(agreement.pk, START, END),
        Window(agreement.pk, date(2026, 4, 1), date(2026, 6, 30)),
        Window(other.pk, date(2026, 1, 1), date(2026, 3, 31)),
    ]

    with django_assert_num_queries(3):
        counted = count_kpk_content_published(windows)

    assert counted == {windows[0]: 3, windows[1]: 1, windows[2]: 1}
    for window in windows:
        assert counted.get(window, 0) == kpk_content_published(window).count()


def test_the_agreement_target_is_measured(network, agreement):
    target = TargetFactory(
        scope_item=ScopeItemFactory(agreement=agreement),
        metric=Target.Metric.KPK_CONTENT_PUBLISHED,
        period=Target.Period.YEAR,
        quantity=24,
    )
    today = timezone.localdate()
    post(network.city, today - timedelta(days=0))

    assert progress_of([(target, agreement)], today) == {target.pk: Progress(1, 24)}


def test_counter_of_no_windows_is_empty():
    assert count_kpk_content_published([]) == {}


def test_reach_counter_sums_each_verified_posts_latest_reach_and_equals_its_list(
    network, agreement, django_assert_num_queries
):
    first = post(network.city, date(2026, 3, 1))
    second = post(network.city, date(2026, 6, 1))
    Proof.objects.filter(pk=first.pk).update(reach=9_800)  # the latest of its reports
    Proof.objects.filter(pk=second.pk).update(reach=1_200)
    unverified = post(network.city, date(2026, 3, 1), status=Proof.Status.SUBMITTED)
    Proof.objects.filter(pk=unverified.pk).update(reach=50_000)  # not verified: not counted
    windows = [Window(agreement.pk, START, END), Window(agreement.pk, START, date(2026, 3, 31))]

    with django_assert_num_queries(3):
        counted = count_kpk_content_reach(windows)

    assert counted == {windows[0]: 11_000, windows[1]: 9_800}
    for window in windows:
        assert counted[window] == sum(proof.reach for proof in kpk_content_published(window))


def test_the_reach_target_is_measured_on_the_agreement_page(network, agreement, client_as):
    target = TargetFactory(
        scope_item=ScopeItemFactory(agreement=agreement),
        metric=Target.Metric.KPK_CONTENT_REACH,
        period=Target.Period.YEAR,
        quantity=100_000,
    )
    proof = post(network.city, timezone.localdate())
    Proof.objects.filter(pk=proof.pk).update(reach=4_321)

    assert progress_of([(target, agreement)], timezone.localdate()) == {
        target.pk: Progress(4_321, 100_000)
    }
    response = client_as(network.kpk_manager).get(agreement.get_absolute_url())
    assert "4,321 / 100,000" in response.content.decode()
