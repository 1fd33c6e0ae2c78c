"""bench/send.py: one item sent to every Diskominfo, on the national data set (a fiftieth)."""

from datetime import date

import pytest

from content.models import Dispatch, Request
from partnerships.models import DISKOMINFO_KINDS, MANAGER_ROLES, Membership

TODAY = date(2026, 11, 29)


@pytest.fixture
def built(db, national):
    return national.fill(scale=0.02, today=TODAY)


def test_measure_sends_fresh_items_to_every_diskominfo_in_as_many_queries(built, send):
    dispatches = Dispatch.objects.count()

    result = send.measure(built.kpk_manager, repetitions=2)

    managers = Membership.objects.filter(
        organisation__kind__in=DISKOMINFO_KINDS,
        organisation__is_active=True,
        role__in=MANAGER_ROLES,
        is_active=True,
        user__is_active=True,
    ).count()
    assert result["organisations"] == result["requests_per_send"] == 552
    assert result["notifications_per_send"] == managers
    assert len(result["seconds"]) == 2
    assert result["seconds_max"] == max(result["seconds"])
    assert result["queries_each"] == [result["queries"]] * 2
    # The warm-up send to one Diskominfo, then the two timed ones, each of a fresh item.
    new = Dispatch.objects.order_by("pk")[dispatches:]
    assert [dispatch.requests.count() for dispatch in new] == [1, 552, 552]
    assert len({dispatch.item_id for dispatch in new}) == 3
    assert not Request.objects.filter(dispatch__in=new).exclude(status="requested").exists()


def test_the_copy_is_named_after_the_national_database(send):
    url = "postgres://postgres@127.0.0.1:5432/sinergi_bench"

    assert send.copy_url(url) == "postgres://postgres@127.0.0.1:5432/sinergi_bench_send"
