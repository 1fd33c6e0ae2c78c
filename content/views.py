"""The content pages."""

# --- Tracking (branch `tracking`): the partner inbox, KPK's tracker and the content calendar.
# Thin views: the rows come from ``content.selectors.requests_for``, the filters from
# ``content.filters``; each list takes a fixed number of queries whatever the data size.

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from common.web import require
from partnerships.rules import reach, sees_everything

from .filters import CalendarFilter, InboxFilter, InboxTab, TrackerFilter, inbox_tab_filters
from .models import Request
from .selectors import (
    COUNT_CAP,
    CappedPaginator,
    calendar_weeks,
    for_rows,
    national_cached,
    proof_totals,
    requests_for,
    unconfirmed_notice_counts,
)

LIST_PAGE_SIZE = 50
LIST_COUNT_CAP = COUNT_CAP


def _page(request, queryset, per_page=LIST_PAGE_SIZE):
    """The page of ``queryset`` (requests, filtered and ordered), and the query for its links.

    The page's ids are chosen first, on the requests alone, in the order of their indexes; only
    those 50 rows are then read with what a row shows (item, organisation, province, assignee,
    where it was forwarded from). Joining first made PostgreSQL join and sort every matching
    request (33,000 for a word of a title) before keeping 50.
    """
    page = CappedPaginator(queryset.values_list("pk", flat=True), per_page, cap=LIST_COUNT_CAP)
    page = page.get_page(request.GET.get("page"))
    ids = list(page.object_list)
    rows = {row.pk: row for row in for_rows(Request.objects.filter(pk__in=ids))}
    page.object_list = [rows[pk] for pk in ids]
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


def _mark_overdue(rows, today) -> None:
    for row in rows:
        row.overdue = row.is_overdue(today)


def _inbox_requests(user):
    """The requests addressed to the organisations the user acts for (every request for KPK);
    forwards to press partners are followed on the request's page, not worked from here."""
    requests = requests_for(user)
    if not sees_everything(user):
        requests = requests.filter(organisation_id__in=reach(user).organisation_ids)
    return requests


@login_required
def inbox(request):
    require(request.user, "content.view_request_inbox")
    user = request.user
    base = _inbox_requests(user)
    filterset = InboxFilter(request.GET, queryset=base, request=request)
    tab = filterset.current_tab
    rows = filterset.qs
    rows = (
        rows.order_by("-due_on", "-id")
        if tab in (InboxTab.ALL, InboxTab.MINE)
        else rows.order_by("due_on", "id")
    )
    page, query = _page(request, rows)
    today = filterset.today
    _mark_overdue(page.object_list, today)
    # Every tab's count in one query.
    counts = base.aggregate(
        **{
            code: Count("pk", filter=condition)
            for code, condition in inbox_tab_filters(user, today).items()
        }
    )
    tab_query = request.GET.copy()
    for name in ("tab", "page"):
        tab_query.pop(name, None)
    return render(
        request,
        "content/inbox.html",
        {
            "filter": filterset,
            "page": page,
            "query": query,
            "tab": tab,
            "tabs": [(code, label, counts[code]) for code, label in InboxTab.CHOICES],
            "tab_query": tab_query.urlencode(),
            "several_organisations": sees_everything(user) or len(reach(user).organisation_ids) > 1,
        },
    )


@login_required
def tracker(request):
    require(request.user, "content.view_request_tracker")
    filterset = TrackerFilter(request.GET, queryset=requests_for(request.user), request=request)
    page, query = _page(request, filterset.qs)
    rows = page.object_list
    _mark_overdue(rows, timezone.localdate())
    ids = [row.pk for row in rows]
    totals = proof_totals(ids)
    unconfirmed = unconfirmed_notice_counts(ids)
    for row in rows:
        row.totals = totals.get(row.pk, {"proofs": 0, "reach": 0})
        row.unconfirmed = unconfirmed.get(row.pk, 0)
    item = filterset.form.cleaned_data.get("item") if filterset.form.is_valid() else None
    return render(
        request,
        "content/tracker.html",
        {"filter": filterset, "page": page, "query": query, "item": item},
    )


def month_of(value: str, today: date) -> tuple[int, int] | None:
    """(year, month) of ``YYYY-MM``; None for anything else."""
    try:
        year, month = (int(part) for part in value.split("-"))
    except ValueError:
        return None
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        return None
    return year, month


def _shift(year: int, month: int, by: int) -> str:
    index = year * 12 + month - 1 + by
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _link_days(weeks, *, tracker: bool) -> None:
    """Each entry and each "+N more" leads to the list of that day: the tracker for KPK, the
    inbox for partners."""
    base = reverse("content:tracker" if tracker else "content:inbox")
    for week in weeks:
        for day in week:
            iso = day.day.isoformat()
            due = {"due_from": iso, "due_to": iso} if tracker else {"due_on": iso}
            published = {"published_on": iso}
            day.due_url = f"{base}?{urlencode(due)}"
            day.published_url = f"{base}?{urlencode(published)}"
            for entry in day.entries:
                query = {**(due if entry.kind == "due" else published)}
                if tracker:
                    query["item"] = entry.item_id
                entry.url = f"{base}?{urlencode(query)}"


@login_required
def calendar(request):
    require(request.user, "content.view_request_calendar")
    user = request.user
    today = timezone.localdate()
    filterset = CalendarFilter(request.GET, queryset=_inbox_requests(user), request=request)
    asked = request.GET.get("month", "")
    chosen = month_of(asked, today) if asked else None
    if asked and chosen is None:
        messages.warning(request, _("That is not a month (YYYY-MM): here is this month."))
    year, month = chosen or (today.year, today.month)
    if sees_everything(user):
        # Every KPK person sees the same national month: kept a few minutes.
        place = filterset.form.cleaned_data if filterset.form.is_valid() else {}
        key = "calendar:{}-{}:{}:{}:{}".format(
            year,
            month,
            getattr(place.get("province"), "pk", ""),
            getattr(place.get("organisation"), "pk", ""),
            today.isoformat(),
        )
        weeks = national_cached(key, lambda: calendar_weeks(filterset.qs, year, month, today))
    else:
        weeks = calendar_weeks(filterset.qs, year, month, today)
    _link_days(weeks, tracker=user.has_perm("content.view_request_tracker"))
    place = request.GET.copy()
    for name in ("month", "organisation_search"):
        place.pop(name, None)
    return render(
        request,
        "content/calendar.html",
        {
            "filter": filterset,
            "weeks": weeks,
            "has_entries": any(day.in_month and not day.empty for week in weeks for day in week),
            "month": date(year, month, 1),
            "previous_month": _shift(year, month, -1),
            "next_month": _shift(year, month, 1),
            "place_query": place.urlencode(),
            "today": today,
        },
    )


@login_required
def request_detail(request, pk):
    # placeholder until the dissem branch is merged: the lists link here.
    found = get_object_or_404(
        requests_for(request.user).select_related("item", "organisation"), pk=pk
    )
    return render(request, "content/request_detail.html", {"dissemination_request": found})
