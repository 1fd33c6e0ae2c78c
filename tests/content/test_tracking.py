"""The lists over dissemination requests: who sees which, the inbox's tabs, the tracker's
filters, the calendar, overdue at the day's boundary in Jakarta, and constant query counts."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from content import views
from content.models import ContentItem, Request
from content.selectors import CappedPaginator, requests_for
from partnerships.models import Role
from tests.factories import (
    ContentItemFactory,
    DispatchFactory,
    MembershipFactory,
    OrganisationFactory,
    ProofFactory,
    RequestFactory,
    UserFactory,
    member,
)
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db

Status = Request.Status
INBOX = reverse("content:inbox")
TRACKER = reverse("content:tracker")
CALENDAR = reverse("content:calendar")


def _days(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)


def _planned(days: int, hour: int = 9) -> datetime:
    """``hour`` o'clock in Jakarta, ``days`` from today."""
    return timezone.make_aware(datetime.combine(_days(days), time(hour)))


@pytest.fixture
def requests(network):
    """A request to Palembang forwarded to a press outlet, and one to Medan forwarded to
    another outlet."""
    palembang = RequestFactory(
        organisation=network.city, dispatch__item__title="ILM Tolak Gratifikasi"
    )
    medan = RequestFactory(organisation=network.foreign, dispatch__item__title="Infografis Medan")
    forward = RequestFactory(
        dispatch=palembang.dispatch,
        organisation=network.provincial_media,
        forwarded_from=palembang,
    )
    medan_outlet = OrganisationFactory(media=True, name="Harian Medan Pos", province_id="12")
    medan_forward = RequestFactory(
        dispatch=medan.dispatch, organisation=medan_outlet, forwarded_from=medan
    )
    return {
        "palembang": palembang,
        "medan": medan,
        "forward": forward,
        "medan_forward": medan_forward,
    }


def _ids(queryset) -> set:
    return set(queryset.values_list("pk", flat=True))


def _listed(response) -> list:
    return [row.pk for row in response.context["page"].object_list]


# Who sees which requests.


def test_kpk_and_administrators_see_every_request(network, requests):
    everything = {request.pk for request in requests.values()}

    assert _ids(requests_for(network.kpk_staff)) == everything
    assert _ids(requests_for(network.administrator)) == everything


def test_a_partner_sees_its_requests_and_their_forwards_never_another_partners(network, requests):
    seen = _ids(requests_for(network.partner_operator))

    assert seen == {requests["palembang"].pk, requests["forward"].pk}


def test_a_press_outlet_sees_only_what_was_forwarded_to_it(network, requests):
    outlet = member(Role.PARTNER_MANAGER, network.provincial_media)

    assert _ids(requests_for(outlet)) == {requests["forward"].pk}


def test_a_province_manager_sees_its_own_organisations_requests_only(network, requests):
    own = RequestFactory(organisation=network.province)

    assert _ids(requests_for(network.province_manager)) == {own.pk}


def test_nobody_without_a_membership_sees_a_request(requests, client):
    from django.contrib.auth.models import AnonymousUser

    assert _ids(requests_for(UserFactory())) == set()
    assert _ids(requests_for(AnonymousUser())) == set()


# The partner inbox.


def test_inbox_lists_the_partners_own_requests_not_the_forwards_nor_others(
    network, client_as, requests
):
    response = client_as(network.partner_manager).get(INBOX, {"tab": "all"})

    assert _listed(response) == [requests["palembang"].pk]
    page = response.content.decode()
    assert "ILM Tolak Gratifikasi" in page
    assert "Infografis Medan" not in page


def test_inbox_tabs_hold_new_due_soon_overdue_and_mine_with_their_counts(network, client_as):
    user = network.partner_operator
    new = RequestFactory(organisation=network.city, due_on=_days(20))
    soon = RequestFactory(organisation=network.city, status=Status.ACCEPTED, due_on=_days(7))
    later = RequestFactory(organisation=network.city, status=Status.ACCEPTED, due_on=_days(8))
    overdue = RequestFactory(organisation=network.city, status=Status.SCHEDULED, due_on=_days(-1))
    mine = RequestFactory(
        organisation=network.city, status=Status.PUBLISHED, due_on=_days(-3), assignee=user
    )
    client = client_as(user)

    tabs = {
        tab: _listed(client.get(INBOX, {"tab": tab}))
        for tab in ("new", "due_soon", "overdue", "mine", "all")
    }

    assert tabs == {
        "new": [new.pk],
        "due_soon": [soon.pk],
        "overdue": [overdue.pk],
        "mine": [mine.pk],
        "all": [new.pk, later.pk, soon.pk, overdue.pk, mine.pk],
    }
    response = client.get(INBOX)
    assert response.context["tab"] == "new"
    assert [(code, count) for code, _label, count in response.context["tabs"]] == [
        ("new", 1),
        ("due_soon", 1),
        ("overdue", 1),
        ("mine", 1),
        ("all", 5),
    ]


def test_inbox_marks_overdue_rows_and_names_the_organisation_only_for_several(network, client_as):
    RequestFactory(organisation=network.city, status=Status.ACCEPTED, due_on=_days(-2))
    client = client_as(network.partner_manager)

    page = client.get(INBOX, {"tab": "overdue"}).content.decode()
    assert 'data-testid="overdue-badge"' in page
    assert ">Organisation</th>" not in page

    MembershipFactory(
        user=network.partner_manager, organisation=network.neighbour, role=Role.PARTNER_MANAGER
    )
    page = client.get(INBOX, {"tab": "overdue"}).content.decode()
    assert ">Organisation</th>" in page


def test_inbox_a_day_from_the_calendar_shows_every_request_due_that_day(network, client_as):
    day = _days(3)
    that_day = RequestFactory(organisation=network.city, status=Status.VERIFIED, due_on=day)
    RequestFactory(organisation=network.city, due_on=_days(4))

    response = client_as(network.partner_manager).get(INBOX, {"due_on": day.isoformat()})

    assert response.context["tab"] == "all"
    assert _listed(response) == [that_day.pk]


def test_inbox_paginates_by_fifty(network, client_as):
    dispatch = DispatchFactory()
    for _ in range(51):
        RequestFactory(dispatch=DispatchFactory(item=dispatch.item), organisation=network.city)

    response = client_as(network.partner_manager).get(INBOX)

    assert len(response.context["page"].object_list) == 50
    assert response.context["page"].paginator.count == 51


def test_inbox_asks_to_sign_in(client):
    response = client.get(INBOX)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def _inbox_rows(network, count, user):
    for number in range(count):
        RequestFactory(
            organisation=network.city if number % 2 else network.neighbour,
            status=Status.SCHEDULED if number % 4 == 0 else Status.ACCEPTED,
            due_on=_days(number % 10 - 5),
            scheduled_for=_planned(number % 10) if number % 4 == 0 else None,
            assignee=user if number % 3 else UserFactory(),
        )


@pytest.mark.parametrize("tab", ["new", "overdue", "mine", "all"])
def test_inbox_queries_do_not_grow_with_the_requests(network, client_as, tab):
    user = network.partner_manager
    # Acting for two organisations: the organisation column and filter are shown.
    MembershipFactory(user=user, organisation=network.neighbour, role=Role.PARTNER_MANAGER)
    client = client_as(user)
    _inbox_rows(network, 3, user)
    few = count_queries(lambda: client.get(INBOX, {"tab": tab}))

    _inbox_rows(network, 27, user)
    many = count_queries(lambda: client.get(INBOX, {"tab": tab}))

    assert few == many


# Overdue at the day's boundary, in Jakarta's time (UTC+7).


def _at(monkeypatch, moment: datetime):
    monkeypatch.setattr(timezone, "now", lambda: moment)


def test_a_request_becomes_overdue_at_midnight_in_jakarta_not_in_utc(
    network, client_as, monkeypatch
):
    request = RequestFactory(
        organisation=network.city, status=Status.ACCEPTED, due_on=date(2026, 12, 1)
    )
    client = client_as(network.partner_manager)

    # 23:59 in Jakarta on the due date (16:59 UTC): still due today.
    _at(monkeypatch, datetime(2026, 12, 1, 16, 59, tzinfo=UTC))
    assert _listed(client.get(INBOX, {"tab": "overdue"})) == []
    assert not request.is_overdue(timezone.localdate())

    # 00:00 in Jakarta the next day (17:00 UTC, still 1 December in UTC): overdue.
    _at(monkeypatch, datetime(2026, 12, 1, 17, 0, tzinfo=UTC))
    assert _listed(client.get(INBOX, {"tab": "overdue"})) == [request.pk]
    assert _listed(client_as(network.kpk_staff).get(TRACKER, {"overdue": "on"})) == [request.pk]


def test_a_published_request_past_its_due_date_is_not_overdue(network, client_as):
    RequestFactory(organisation=network.city, status=Status.PUBLISHED, due_on=_days(-5))
    RequestFactory(
        organisation=network.city,
        status=Status.DECLINED,
        due_on=_days(-5),
        decline_reason="Kanal sedang dalam perbaikan.",
    )

    response = client_as(network.partner_manager).get(INBOX, {"tab": "overdue"})

    assert _listed(response) == []


# KPK's tracker.


def test_tracker_is_kpks_a_partner_is_refused(network, client_as, requests):
    assert client_as(network.partner_manager).get(TRACKER).status_code == 403


def test_tracker_lists_every_request_by_due_date_then_newest(network, client_as, requests):
    late = RequestFactory(organisation=network.neighbour, due_on=_days(30))
    client = client_as(network.kpk_staff)

    by_due = _listed(client.get(TRACKER))
    newest = _listed(client.get(TRACKER, {"sort": "newest"}))

    assert by_due[-1] == late.pk
    assert set(by_due) == {late.pk, *(request.pk for request in requests.values())}
    assert newest == sorted(by_due, reverse=True)


def test_tracker_filters_by_province_status_and_overdue(network, client_as):
    wanted = RequestFactory(
        organisation=network.neighbour, status=Status.ACCEPTED, due_on=_days(-1)
    )
    RequestFactory(organisation=network.neighbour, status=Status.ACCEPTED, due_on=_days(1))
    RequestFactory(organisation=network.neighbour, status=Status.REQUESTED, due_on=_days(-1))
    RequestFactory(organisation=network.foreign, status=Status.ACCEPTED, due_on=_days(-1))

    response = client_as(network.kpk_manager).get(
        TRACKER, {"province": "16", "status": "accepted", "overdue": "on"}
    )

    assert _listed(response) == [wanted.pk]


def test_tracker_filters_by_item_by_title_words_and_by_organisation(network, client_as, requests):
    client = client_as(network.kpk_manager)
    palembang = requests["palembang"]

    assert set(_listed(client.get(TRACKER, {"item": palembang.item_id}))) == {
        palembang.pk,
        requests["forward"].pk,
    }
    assert set(_listed(client.get(TRACKER, {"q": "tolak ILM"}))) == {
        palembang.pk,
        requests["forward"].pk,
    }
    assert _listed(client.get(TRACKER, {"organisation": network.foreign.pk})) == [
        requests["medan"].pk
    ]
    page = client.get(TRACKER, {"item": palembang.item_id}).content.decode()
    assert "Requests of “ILM Tolak Gratifikasi”." in page


def test_tracker_rows_show_the_request_its_partner_and_where_it_came_from(
    network, client_as, requests
):
    forward = requests["forward"]
    ProofFactory(request=forward, reach=12_500)
    ProofFactory(request=forward, reach=500)
    RequestFactory(organisation=network.city, due_on=_days(-3), status=Status.ACCEPTED)
    client = client_as(network.kpk_manager)

    page = client.get(TRACKER, {"item": forward.item_id}).content.decode()
    overdue = client.get(TRACKER, {"overdue": "on"}).content.decode()

    row = page[page.index(f'href="/content/requests/{forward.pk}/"') :]
    row = row[: row.index("</tr>")]
    assert "ILM Tolak Gratifikasi" in row
    assert f'<a href="?item={forward.item_id}">all its requests</a>' in row
    assert network.provincial_media.display_name in row
    assert f"forwarded by {network.city.display_name}" in row
    assert '<td class="text-end" data-label="Proofs">2</td>' in row
    assert '<td class="text-end" data-label="Reach">13,000</td>' in row
    assert 'data-status="requested"' in row
    assert 'data-testid="overdue-badge"' in overdue


def test_tracker_links_each_row_to_all_its_items_requests_whatever_the_ids_size(network, client_as):
    """Ids are written without a thousands separator: ``?item=1.234`` filtered nothing."""
    item = ContentItemFactory(pk=12345, title="ILM Seribu")
    request = RequestFactory(organisation=network.city, dispatch__item=item)
    client = client_as(network.kpk_manager)

    page = client.get(TRACKER).content.decode()

    assert '<a href="?item=12345">' in page
    assert _listed(client.get(TRACKER, {"item": "12345"})) == [request.pk]


def test_tracker_filters_by_due_date_range_and_publication_day(network, client_as):
    inside = RequestFactory(organisation=network.city, due_on=_days(3))
    RequestFactory(organisation=network.city, due_on=_days(6))
    proof = ProofFactory(
        request__organisation=network.neighbour,
        published_at=datetime(2026, 11, 30, 18, 0, tzinfo=UTC),  # 1 December in Jakarta
    )
    client = client_as(network.kpk_manager)

    ranged = client.get(TRACKER, {"due_from": _days(2).isoformat(), "due_to": _days(4).isoformat()})
    published = client.get(TRACKER, {"published_on": "2026-12-01"})
    not_published = client.get(TRACKER, {"published_on": "2026-11-30"})

    assert _listed(ranged) == [inside.pk]
    assert _listed(published) == [proof.request_id]
    assert _listed(not_published) == []


def test_tracker_refuses_a_bad_filter_with_a_message_and_lists_nothing_wrong(
    network, client_as, requests
):
    response = client_as(network.kpk_manager).get(TRACKER, {"due_from": "tomorrow"})

    assert response.status_code == 200
    assert "Enter a valid date." in response.content.decode()


def test_tracker_shows_proofs_and_the_total_of_their_latest_reach(network, client_as):
    request = RequestFactory(organisation=network.city, status=Status.PUBLISHED)
    ProofFactory(request=request, reach=1200)
    ProofFactory(
        request=request,
        channel__organisation=network.city,
        channel__kind="facebook",
        reach=800,
    )

    response = client_as(network.kpk_manager).get(TRACKER)

    [row] = response.context["page"].object_list
    assert row.totals == {"proofs": 2, "reach": 2000}
    assert row.unconfirmed == 0
    assert "2,000" in response.content.decode()


def test_tracker_never_renders_every_item_as_an_option(network, client_as):
    for number in range(30):
        ContentItemFactory(title=f"Konten Nomor {number}", status=ContentItem.Status.APPROVED)

    page = client_as(network.kpk_manager).get(TRACKER).content.decode()

    assert "Konten Nomor" not in page


def _tracker_rows(network, count):
    organisations = [network.city, network.neighbour, network.foreign, network.province]
    for number in range(count):
        request = RequestFactory(
            organisation=organisations[number % 4],
            status=[Status.SCHEDULED, Status.PUBLISHED, Status.ACCEPTED, Status.PUBLISHED][
                number % 4
            ],
            due_on=_days(number % 7 - 3),
            scheduled_for=_planned(number % 7) if number % 4 == 0 else None,
            assignee=UserFactory(),
        )
        if number % 2:
            ProofFactory(request=request)
        if number % 5 == 0:
            RequestFactory(
                dispatch=request.dispatch,
                organisation=OrganisationFactory(media=True),
                forwarded_from=request,
            )


@pytest.mark.parametrize(
    "query",
    [{}, {"province": "16", "status": "accepted", "overdue": "on"}, {"sort": "newest"}],
)
def test_tracker_queries_do_not_grow_with_the_requests(network, client_as, query):
    client = client_as(network.kpk_manager)
    _tracker_rows(network, 3)
    few = count_queries(lambda: client.get(TRACKER, query))

    _tracker_rows(network, 27)
    many = count_queries(lambda: client.get(TRACKER, query))

    assert few == many


def test_capped_paginator_counts_up_to_its_cap(network):
    for _ in range(5):
        RequestFactory(organisation=network.city)

    capped = CappedPaginator(Request.objects.order_by("pk"), 2, cap=3)
    exact = CappedPaginator(Request.objects.order_by("pk"), 2, cap=10)

    assert (capped.count, capped.capped, capped.num_pages) == (3, True, 2)
    assert (exact.count, exact.capped, exact.num_pages) == (5, False, 3)


def test_tracker_says_when_more_requests_match_than_it_counts(network, client_as, monkeypatch):
    for _ in range(4):
        RequestFactory(organisation=network.city)
    client = client_as(network.kpk_manager)
    assert 'data-testid="tracker-capped"' not in client.get(TRACKER).content.decode()

    monkeypatch.setattr(views, "LIST_COUNT_CAP", 3)
    response = client.get(TRACKER)

    assert 'data-testid="tracker-capped"' in response.content.decode()
    assert response.context["page"].paginator.count == 3


# The content calendar.


def test_calendar_shows_the_months_due_and_published_items_per_day(network, client_as):
    dispatch = DispatchFactory(item__title="ILM Tolak Gratifikasi", due_on=date(2026, 12, 10))
    RequestFactory(dispatch=dispatch, organisation=network.city, status=Status.ACCEPTED)
    RequestFactory(dispatch=dispatch, organisation=network.neighbour)
    ProofFactory(
        request__organisation=network.city,
        request__dispatch__item__title="Video Hari Antikorupsi",
        published_at=datetime(2026, 12, 9, 18, 30, tzinfo=UTC),  # 10 December, 01:30 WIB
    )

    response = client_as(network.kpk_manager).get(CALENDAR, {"month": "2026-12"})

    days = {day.day: day for week in response.context["weeks"] for day in week}
    entries = [(e.title, e.kind, e.count) for e in days[date(2026, 12, 10)].entries]
    assert entries == [
        ("ILM Tolak Gratifikasi", "due", 2),
        ("Video Hari Antikorupsi", "published", 1),
    ]
    assert days[date(2026, 12, 9)].empty
    assert response.context["previous_month"] == "2026-11"
    assert response.context["next_month"] == "2027-01"
    page = response.content.decode()
    assert "?month=2027-01" in page
    assert 'data-testid="calendar-list"' in page


def test_calendar_partner_sees_only_its_own_requests(network, client_as, requests):
    month = requests["palembang"].due_on.strftime("%Y-%m")

    response = client_as(network.partner_manager).get(CALENDAR, {"month": month})

    titles = {e.title for week in response.context["weeks"] for d in week for e in d.entries}
    assert titles == {"ILM Tolak Gratifikasi"}
    page = response.content.decode()
    assert "Infografis Medan" not in page
    assert 'name="province"' not in page


def test_calendar_kpk_filters_by_province(network, client_as, requests):
    month = requests["palembang"].due_on.strftime("%Y-%m")

    response = client_as(network.kpk_manager).get(CALENDAR, {"month": month, "province": "12"})

    titles = {e.title for week in response.context["weeks"] for d in week for e in d.entries}
    assert titles == {"Infografis Medan"}


def test_calendar_truncates_a_busy_day_and_links_the_rest_to_the_list(network, client_as):
    day = date(2026, 12, 15)
    for number in range(5):
        RequestFactory(
            organisation=network.city,
            dispatch__due_on=day,
            dispatch__item__title=f"Konten {number}",
        )
    client = client_as(network.partner_manager)

    response = client.get(CALENDAR, {"month": "2026-12"})

    cell = next(d for week in response.context["weeks"] for d in week if d.day == day)
    assert [entry.title for entry in cell.entries] == ["Konten 0", "Konten 1", "Konten 2"]
    assert cell.more_due == 2
    assert cell.due_url == f"{INBOX}?due_on=2026-12-15"
    assert "+2 more due" in response.content.decode()
    kpk_cell = next(
        d
        for week in client_as(network.kpk_manager)
        .get(CALENDAR, {"month": "2026-12"})
        .context["weeks"]
        for d in week
        if d.day == day
    )
    assert kpk_cell.due_url == f"{TRACKER}?due_from=2026-12-15&due_to=2026-12-15"


def test_calendar_refuses_a_bad_month_with_a_message_and_shows_this_month(network, client_as):
    response = client_as(network.partner_manager).get(CALENDAR, {"month": "2026-13"})

    today = timezone.localdate()
    assert response.context["month"] == date(today.year, today.month, 1)
    assert "That is not a month (YYYY-MM): here is this month." in response.content.decode()


def _calendar_rows(network, count):
    for number in range(count):
        request = RequestFactory(
            organisation=network.city if number % 2 else network.neighbour,
            dispatch__due_on=date(2026, 12, 1 + number % 28),
        )
        if number % 2:
            ProofFactory(
                request=request,
                channel__organisation=request.organisation,
                published_at=datetime(2026, 12, 1 + number % 28, 3, 0, tzinfo=UTC),
            )
        if number % 3 == 0:
            RequestFactory(
                organisation=request.organisation,
                status=Status.SCHEDULED,
                scheduled_for=datetime(2026, 12, 1 + number % 28, 2, 0, tzinfo=UTC),
            )


@pytest.mark.parametrize("role", ["kpk_manager", "partner_manager"])
def test_calendar_queries_do_not_grow_with_the_requests(network, client_as, role):
    client = client_as(getattr(network, role))
    _calendar_rows(network, 3)
    few = count_queries(lambda: client.get(CALENDAR, {"month": "2026-12"}))

    _calendar_rows(network, 30)
    many = count_queries(lambda: client.get(CALENDAR, {"month": "2026-12"}))

    assert few == many


# The placeholder request page the lists link to (the dissem branch's page replaces it).


def test_request_page_of_another_partner_is_not_found(network, client_as, requests):
    client = client_as(network.partner_manager)

    mine = client.get(reverse("content:request_detail", args=[requests["palembang"].pk]))
    theirs = client.get(reverse("content:request_detail", args=[requests["medan"].pk]))

    assert mine.status_code == 200
    assert theirs.status_code == 404


def test_calendar_of_kpk_is_kept_five_minutes_a_partners_is_not(network, client_as):
    from django.core.cache import cache

    day = date(2026, 12, 15)
    RequestFactory(organisation=network.city, dispatch__due_on=day, dispatch__item__title="Awal")
    kpk, partner = client_as(network.kpk_manager), None

    def titles(client):
        weeks = client.get(CALENDAR, {"month": "2026-12"}).context["weeks"]
        return sorted(e.title for week in weeks for d in week for e in d.entries)

    assert titles(kpk) == ["Awal"]
    RequestFactory(organisation=network.city, dispatch__due_on=day, dispatch__item__title="Baru")
    assert titles(kpk) == ["Awal"]
    partner = client_as(network.partner_manager)
    assert titles(partner) == ["Awal", "Baru"]
    cache.clear()
    assert titles(client_as(network.kpk_manager)) == ["Awal", "Baru"]


# --- Speed at national scale (branch `bench`). ----------------------------------------------


def test_capped_paginator_counts_without_the_lists_order(network):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        RequestFactory(organisation=network.city)
    ordered = Request.objects.order_by("due_on", "pk").values_list("pk", flat=True)

    with CaptureQueriesContext(connection) as context:
        count = CappedPaginator(ordered, 2, cap=10).count

    assert count == 3
    assert "ORDER BY" not in context.captured_queries[0]["sql"]


def test_inbox_counts_of_kpk_are_kept_five_minutes_a_partners_are_not(network, client_as):
    from django.core.cache import cache

    RequestFactory(organisation=network.city)

    def new_count(user):
        tabs = client_as(user).get(INBOX).context["tabs"]
        return next(count for code, _label, count in tabs if code == "new")

    assert (new_count(network.kpk_manager), new_count(network.partner_manager)) == (1, 1)
    RequestFactory(organisation=network.city)
    assert (new_count(network.kpk_manager), new_count(network.partner_manager)) == (1, 2)
    # The list itself is read live.
    assert len(_listed(client_as(network.kpk_manager).get(INBOX))) == 2
    cache.clear()
    assert new_count(network.kpk_manager) == 2


# --- Planned posts (branch `sched`): scheduled requests on the lists and the calendar. ------


def test_inbox_and_tracker_rows_show_the_planned_time(network, client_as):
    planned = _planned(2, 9)
    scheduled = RequestFactory(
        organisation=network.city, status=Status.SCHEDULED, scheduled_for=planned
    )
    # A plan that gave way to its post is not shown on the row any more.
    RequestFactory(
        organisation=network.city, status=Status.PUBLISHED, scheduled_for=_planned(-1, 20)
    )
    shown = f'data-testid="scheduled-for">{date_format(planned, "SHORT_DATETIME_FORMAT")}</time>'

    inbox = client_as(network.partner_operator).get(INBOX, {"tab": "all"}).content.decode()
    tracker = client_as(network.kpk_manager).get(TRACKER).content.decode()

    for page in (inbox, tracker):
        assert page.count('data-testid="scheduled-for"') == 1
        assert shown in page
    row = tracker[tracker.index(f'href="/content/requests/{scheduled.pk}/"') :]
    assert shown in row[: row.index("</tr>")]


def test_a_scheduled_request_is_open_in_the_inbox_tabs(network, client_as):
    soon = RequestFactory(
        organisation=network.city,
        status=Status.SCHEDULED,
        due_on=_days(2),
        scheduled_for=_planned(1),
        assignee=network.partner_operator,
    )
    late = RequestFactory(
        organisation=network.city,
        status=Status.SCHEDULED,
        due_on=_days(-1),
        scheduled_for=_planned(1),
    )
    client = client_as(network.partner_operator)

    tabs = {
        tab: _listed(client.get(INBOX, {"tab": tab}))
        for tab in ("new", "due_soon", "overdue", "mine")
    }

    assert tabs == {"new": [], "due_soon": [soon.pk], "overdue": [late.pk], "mine": [soon.pk]}


def test_inbox_and_tracker_list_the_posts_planned_on_a_day_in_jakarta(network, client_as):
    # 10 December, 01:30 WIB.
    that_day = RequestFactory(
        organisation=network.city,
        status=Status.SCHEDULED,
        scheduled_for=datetime(2026, 12, 9, 18, 30, tzinfo=UTC),
    )
    RequestFactory(
        organisation=network.city,
        status=Status.SCHEDULED,
        scheduled_for=datetime(2026, 12, 9, 16, 30, tzinfo=UTC),  # 9 December, 23:30 WIB
    )
    RequestFactory(
        organisation=network.city,
        status=Status.PUBLISHED,
        scheduled_for=datetime(2026, 12, 10, 2, 0, tzinfo=UTC),
    )

    inbox = client_as(network.partner_manager).get(INBOX, {"scheduled_on": "2026-12-10"})
    tracker = client_as(network.kpk_manager).get(TRACKER, {"scheduled_on": "2026-12-10"})

    assert inbox.context["tab"] == "all"
    assert _listed(inbox) == [that_day.pk]
    assert "Scheduled on Thursday, 10 December 2026." in inbox.content.decode()
    assert _listed(tracker) == [that_day.pk]
    assert "Scheduled on Thursday, 10 December 2026." in tracker.content.decode()


def test_calendar_shows_scheduled_posts_on_their_day_in_jakarta_by_item(network, client_as):
    dispatch = DispatchFactory(item__title="Infografis Gratifikasi", due_on=date(2026, 12, 20))
    for organisation in (network.city, network.neighbour):
        RequestFactory(
            dispatch=dispatch,
            organisation=organisation,
            status=Status.SCHEDULED,
            scheduled_for=datetime(2026, 12, 9, 18, 30, tzinfo=UTC),  # 10 December, 01:30 WIB
        )
    # Published: its plan gave way to the post, which the calendar shows as published.
    RequestFactory(
        organisation=network.city,
        dispatch__item__title="Video Lama",
        status=Status.PUBLISHED,
        scheduled_for=datetime(2026, 12, 10, 2, 0, tzinfo=UTC),
    )

    kpk = client_as(network.kpk_manager).get(CALENDAR, {"month": "2026-12"})
    partner = client_as(network.partner_manager).get(CALENDAR, {"month": "2026-12"})

    days = {day.day: day for week in kpk.context["weeks"] for day in week}
    entries = [(e.title, e.kind, e.count) for e in days[date(2026, 12, 10)].entries]
    assert entries == [("Infografis Gratifikasi", "scheduled", 2)]
    assert days[date(2026, 12, 9)].empty
    entry = days[date(2026, 12, 10)].entries[0]
    assert entry.url == f"{TRACKER}?scheduled_on=2026-12-10&item={dispatch.item_id}"
    page = kpk.content.decode()
    assert 'data-testid="calendar-entry-scheduled"' in page
    assert '<span class="visually-hidden">Scheduled: </span>Infografis Gratifikasi' in page
    partner_days = {day.day: day for week in partner.context["weeks"] for day in week}
    assert [(e.kind, e.count) for e in partner_days[date(2026, 12, 10)].entries] == [
        ("scheduled", 1)
    ]
    assert partner_days[date(2026, 12, 10)].entries[0].url == f"{INBOX}?scheduled_on=2026-12-10"


def test_calendar_truncates_a_busy_day_of_plans_and_links_the_rest(network, client_as):
    for number in range(4):
        RequestFactory(
            organisation=network.city,
            dispatch__item__title=f"Rencana {number}",
            status=Status.SCHEDULED,
            scheduled_for=datetime(2026, 12, 15, 2, 0, tzinfo=UTC),
        )

    response = client_as(network.partner_manager).get(CALENDAR, {"month": "2026-12"})

    cell = next(
        d for week in response.context["weeks"] for d in week if d.day == date(2026, 12, 15)
    )
    assert [entry.title for entry in cell.entries] == ["Rencana 0", "Rencana 1", "Rencana 2"]
    assert cell.more_scheduled == 1
    assert cell.scheduled_url == f"{INBOX}?scheduled_on=2026-12-15"
    assert "+1 more scheduled" in response.content.decode()


def test_calendar_of_a_kpk_person_keeps_the_plans_five_minutes(network, client_as):
    from django.core.cache import cache

    def kinds(client):
        weeks = client.get(CALENDAR, {"month": "2026-12"}).context["weeks"]
        return [e.kind for week in weeks for d in week for e in d.entries]

    kpk = client_as(network.kpk_manager)
    assert kinds(kpk) == []
    RequestFactory(
        organisation=network.city,
        dispatch__due_on=date(2027, 1, 15),
        status=Status.SCHEDULED,
        scheduled_for=datetime(2026, 12, 15, 2, 0, tzinfo=UTC),
    )
    assert kinds(kpk) == []
    cache.clear()
    assert kinds(client_as(network.kpk_manager)) == ["scheduled"]
