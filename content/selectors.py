"""Reads of content used by more than one page, panel or scan."""

# --- Tracking (branch `tracking`): who sees which dissemination requests, overdue, the lists'
# --- and the calendar's reads. ------------------------------------------------------------

import calendar as calendars
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.functional import cached_property

from partnerships.rules import reach, sees_everything

from .models import ContentItem, Proof, Request

# "Due soon" in the partner inbox: open and due within this many days (today included).
DUE_SOON_DAYS = 7


def requests_for(user, queryset: QuerySet | None = None) -> QuerySet:
    """The dissemination requests ``user`` may see.

    - KPK and administrators: every request.
    - A partner: the requests of the organisations it acts for, and (read only) the forwards of
      those requests to their press partners, so a Diskominfo follows its outlets' publication.
    - A press outlet: the requests addressed to it, that is the forwards it received.

    To be reconciled with the ``dissem`` branch's ``visible_requests`` when both are merged:
    the lists and the request page must answer the same.
    """
    queryset = Request.objects.all() if queryset is None else queryset
    if not user.is_authenticated:
        return queryset.none()
    if sees_everything(user):
        return queryset
    organisations = reach(user).organisation_ids
    if not organisations:
        return queryset.none()
    return queryset.filter(
        Q(organisation_id__in=organisations) | Q(forwarded_from__organisation_id__in=organisations)
    )


def overdue_filter(today: date | None = None) -> Q:
    """Requests still owed by the partner whose due date has passed (in the site's time zone).

    The one definition of overdue for querysets; ``Request.is_overdue`` is its twin for a row.
    """
    today = today or timezone.localdate()
    return Q(status__in=Request.Status.open(), due_on__lt=today)


def due_soon_filter(today: date | None = None) -> Q:
    today = today or timezone.localdate()
    return Q(
        status__in=Request.Status.open(),
        due_on__gte=today,
        due_on__lte=today + timedelta(days=DUE_SOON_DAYS),
    )


def waiting_filter(user) -> Q:
    """What waits for ``user``: new requests of their organisations, and what is assigned to
    them and still open."""
    return Q(organisation_id__in=reach(user).organisation_ids, status=Request.Status.REQUESTED) | Q(
        assignee_id=user.pk, status__in=Request.Status.open()
    )


def for_rows(queryset: QuerySet) -> QuerySet:
    """What a list row shows of a request, joined in the same query."""
    return queryset.select_related(
        "item", "organisation__province", "assignee", "forwarded_from__organisation"
    )


def proof_totals(request_ids) -> dict[int, dict]:
    """{request id: {"proofs": n, "reach": latest total reach}} for the given requests (one
    query). Each proof keeps its latest reach figures; a request's reach is their sum."""
    rows = (
        Proof.objects.filter(request_id__in=list(request_ids))
        .order_by()
        .values("request_id")
        .annotate(proofs=Count("pk"), reach=Sum("reach"))
    )
    return {row["request_id"]: {"proofs": row["proofs"], "reach": row["reach"]} for row in rows}


def unconfirmed_notice_counts(request_ids) -> dict[int, int]:
    """{request id: corrections or withdrawals not yet confirmed} for the tracker's column.

    A stub returning nothing until the ``notices`` branch is merged: then this returns
    ``content.services.unconfirmed_counts(request_ids)`` (one query for the page's rows).
    """
    return {}


# Counting a list of 500,000 requests costs more than showing its first page: the lists count
# at most this many rows and say "more than" beyond it (see CappedPaginator).
COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """A paginator that counts at most ``cap`` rows (``SELECT COUNT(*) FROM (… LIMIT cap+1)``).

    An exact count of every request takes PostgreSQL a scan of the whole index on each page
    view; nobody reads page 201 of a list. Past the cap the list says "more than 10,000" and
    offers its first ``cap / per_page`` pages: filter to see the rest.
    """

    def __init__(self, object_list, per_page, cap: int = COUNT_CAP, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def found(self) -> int:
        return self.object_list[: self.cap + 1].count()

    @cached_property
    def capped(self) -> bool:
        return self.found > self.cap

    @cached_property
    def count(self) -> int:
        return min(self.found, self.cap)


@dataclass
class Entry:
    """One line of a calendar day: an item, with how many requests or posts it stands for."""

    item_id: int
    title: str
    kind: str  # "due" or "published"
    count: int
    overdue: bool = False
    url: str = ""  # the list of its requests that day (set by the page)


@dataclass
class Day:
    day: date
    in_month: bool
    entries: list = field(default_factory=list)
    more_due: int = 0
    more_published: int = 0
    due_url: str = ""  # the lists of that day (set by the page)
    published_url: str = ""

    @property
    def empty(self) -> bool:
        return not self.entries and not self.more_due and not self.more_published


# KPK's national aggregates (every partner's overdue requests, a month of every request and
# post) are the same for every KPK person and take PostgreSQL 100-250 ms at 500,000 requests:
# they are kept this long in the cache, so a figure may be up to five minutes old.
NATIONAL_CACHE_SECONDS = 300


def national_cached(key: str, compute):
    """``compute()``, kept under ``key`` for NATIONAL_CACHE_SECONDS (for KPK's national views)."""
    return cache.get_or_set(f"content:{key}", compute, NATIONAL_CACHE_SECONDS)


# A calendar day shows this many entries; the rest are "+N more", a link to the list.
DAY_ENTRIES = 3


def month_bounds(year: int, month: int) -> tuple[date, date]:
    last = calendars.monthrange(year, month)[1]
    return date(year, month, 1), date(year, month, last)


def calendar_weeks(requests: QuerySet, year: int, month: int, today: date) -> list[list[Day]]:
    """The weeks (Monday first) of ``month``, each day with the items due and published on it.

    ``requests`` is what the user may see, already filtered. Two grouped queries whatever the
    number of requests: due dates by (day, item), and posts by (local publication day, item),
    so an item sent to 552 organisations on one date is one line ("552").
    """
    first, last = month_bounds(year, month)
    # Grouped by ids only (the titles come after, for the few items shown): sorting and grouping
    # 30,000 requests of a national month by title spilled to disk.
    due = list(
        requests.filter(due_on__gte=first, due_on__lte=last)
        .order_by()
        .values_list("due_on", "item_id")
        .annotate(count=Count("pk"), overdue=Count("pk", filter=overdue_filter(today)))
    )
    # Bounds as moments, so the index on the publication time serves; the day in the site's zone.
    zone = ZoneInfo(settings.TIME_ZONE)
    start = datetime.combine(first, time.min, tzinfo=zone)
    end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone)
    published = list(
        requests.filter(proofs__published_at__gte=start, proofs__published_at__lt=end)
        .annotate(day=TruncDate("proofs__published_at", tzinfo=zone))
        .order_by()
        .values_list("day", "item_id")
        .annotate(count=Count("proofs"))
    )
    titles = dict(
        ContentItem.objects.filter(
            pk__in={item for _day, item, *_counts in due} | {item for _day, item, _n in published}
        ).values_list("pk", "title")
    )
    days: dict[date, Day] = {}
    for week in calendars.Calendar(firstweekday=0).monthdatescalendar(year, month):
        for day in week:
            days[day] = Day(day=day, in_month=day.month == month)
    for day, item, count, overdue in sorted(due, key=lambda row: (row[0], titles[row[1]], row[1])):
        cell = days[day]
        if len(cell.entries) < DAY_ENTRIES:
            cell.entries.append(Entry(item, titles[item], "due", count, overdue > 0))
        else:
            cell.more_due += 1
    for day, item, count in sorted(published, key=lambda row: (row[0], titles[row[1]], row[1])):
        cell = days.get(day)
        if cell is None:
            continue
        if len(cell.entries) < DAY_ENTRIES:
            cell.entries.append(Entry(item, titles[item], "published", count))
        else:
            cell.more_published += 1
    ordered = list(days.values())
    return [ordered[start : start + 7] for start in range(0, len(ordered), 7)]
