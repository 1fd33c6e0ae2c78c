"""The library's filters: kind, theme, origin, agreement, status, creation dates and words."""

from datetime import datetime, time, timedelta

import django_filters
from django import forms
from django.db.models import Q
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.forms import NOT_AN_OFFERED_ORGANISATION, OrganisationPicker
from agreements.models import Agreement
from partnerships.models import Organisation, Province
from partnerships.rules import reach, visible_organisations

from .models import ContentItem, Proof, Request, Theme
from .selectors import agreements_with_content, due_soon_filter, overdue_filter

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LibraryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Title or description")}),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=ContentItem.Kind.choices, empty_label=_("All kinds")
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        field_name="themes",
        queryset=Theme.objects.order_by("name"),
        empty_label=_("All themes"),
    )
    origin = django_filters.ChoiceFilter(
        label=_("Origin"), choices=ContentItem.Origin.choices, empty_label=_("All origins")
    )
    agreement = django_filters.ModelChoiceFilter(
        label=_("Agreement"),
        queryset=Agreement.objects.none(),
        empty_label=_("All agreements"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ContentItem.Status.choices, empty_label=_("All statuses")
    )
    created_from = django_filters.DateFilter(
        label=_("Created from"), field_name="created_at", lookup_expr="date__gte", widget=DATE
    )
    created_to = django_filters.DateFilter(
        label=_("Created until"), field_name="created_at", lookup_expr="date__lte", widget=DATE
    )

    class Meta:
        model = ContentItem
        fields = [
            "q",
            "kind",
            "theme",
            "origin",
            "agreement",
            "status",
            "created_from",
            "created_to",
        ]

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        # Only agreements the user may see (and that some item serves) are offered, or accepted.
        agreements = agreements_with_content(request.user)
        self.filters["agreement"].queryset = agreements
        self.form.fields["agreement"].queryset = agreements

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))


# --- Tracking (branch `tracking`): the inbox's tabs, the tracker's and the calendar's filters.


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def with_post_published_on(queryset, name, value):
    """Requests with a post published on ``value`` (a day in the site's time zone)."""
    if not value:
        return queryset
    start = timezone.make_aware(datetime.combine(value, time.min))
    posts = Proof.objects.filter(
        published_at__gte=start, published_at__lt=start + timedelta(days=1)
    )
    return queryset.filter(pk__in=posts.values("request_id"))


def with_post_scheduled_on(queryset, name, value):
    """Scheduled requests whose post is planned on ``value`` (a day in the site's time zone)."""
    if not value:
        return queryset
    start = timezone.make_aware(datetime.combine(value, time.min))
    return queryset.filter(
        status=Request.Status.SCHEDULED,
        scheduled_for__gte=start,
        scheduled_for__lt=start + timedelta(days=1),
    )


class InboxTab:
    NEW = "new"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    MINE = "mine"
    ALL = "all"

    CHOICES = [
        (NEW, _("New")),
        (DUE_SOON, _("Due soon")),
        (OVERDUE, _("Overdue")),
        (MINE, _("For me")),
        (ALL, _("All")),
    ]


def inbox_tab_filters(user, today) -> dict[str, Q]:
    """What each tab of the inbox holds (the tab counts and the list share them)."""
    return {
        InboxTab.NEW: Q(status=Request.Status.REQUESTED),
        InboxTab.DUE_SOON: due_soon_filter(today),
        InboxTab.OVERDUE: overdue_filter(today),
        InboxTab.MINE: Q(assignee_id=user.pk),
        InboxTab.ALL: Q(),
    }


class InboxFilter(django_filters.FilterSet):
    """The partner inbox: a tab, and the day filters the calendar links to."""

    tab = django_filters.ChoiceFilter(
        label=_("Show"), choices=InboxTab.CHOICES, method="filter_tab", empty_label=None
    )
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"), queryset=None, empty_label=_("All my organisations")
    )
    due_on = django_filters.DateFilter(label=_("Due on"), widget=DateInput())
    published_on = django_filters.DateFilter(
        label=_("Published on"), method=with_post_published_on, widget=DateInput()
    )
    scheduled_on = django_filters.DateFilter(
        label=_("Scheduled on"), method=with_post_scheduled_on, widget=DateInput()
    )

    class Meta:
        model = Request
        fields = ["tab", "organisation", "due_on", "published_on", "scheduled_on"]

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        data = data.copy() if data is not None else {}
        if not data.get("tab"):
            # A day chosen in the calendar shows every request of that day.
            by_day = data.get("due_on") or data.get("published_on") or data.get("scheduled_on")
            data["tab"] = InboxTab.ALL if by_day else InboxTab.NEW
        super().__init__(data, queryset, request=request, **kwargs)
        organisations = Organisation.objects.filter(pk__in=reach(request.user).organisation_ids)
        self.filters["organisation"].queryset = organisations
        self.form.fields["organisation"].queryset = organisations
        self.today = timezone.localdate()
        # The tabs are links above the list, the day filters come from the calendar's links.
        self.unoffered = {"tab", "due_on", "published_on", "scheduled_on"}
        if len(reach(request.user).organisation_ids) < 2:
            self.unoffered.add("organisation")

    @property
    def current_tab(self) -> str:
        value = self.form.cleaned_data.get("tab") if self.form.is_valid() else None
        return value or InboxTab.NEW

    def filter_tab(self, queryset, name, value):
        return queryset.filter(inbox_tab_filters(self.request.user, self.today)[value])


# A search of titles narrows the tracker to at most this many items (the newest).
SEARCHED_ITEMS = 500


class TrackerSort:
    DUE = "due"
    NEWEST = "newest"
    CHOICES = [(DUE, _("Due date")), (NEWEST, _("Newest first"))]
    ORDERING = {DUE: ("due_on", "id"), NEWEST: ("-created_at", "-id")}


class TrackerFilter(django_filters.FilterSet):
    """KPK's tracker: every request, narrowed by item, place, organisation, status and dates.

    No select lists every item or organisation (5,000 items, 578 organisations): an item is
    chosen by a link (``?item=<id>``) or found by words of its title, an organisation with the
    agreements' organisation picker.
    """

    q = django_filters.CharFilter(
        label=_("Content"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Words of the title")}),
    )
    item = django_filters.ModelChoiceFilter(
        label=_("Content item"),
        queryset=ContentItem.objects.all(),
        widget=forms.HiddenInput,
    )
    province = django_filters.ModelChoiceFilter(
        label=_("Province"),
        queryset=Province.objects.all(),
        method="filter_province",
        empty_label=_("All provinces"),
    )
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"),
        queryset=None,
        empty_label=_("All organisations"),
        widget=OrganisationPicker(search_url=reverse_lazy("agreements:party_search"), inline=True),
        error_messages=NOT_AN_OFFERED_ORGANISATION,
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=Request.Status.choices,
        empty_label=_("All statuses"),
    )
    overdue = django_filters.BooleanFilter(
        label=_("Overdue only"), method="filter_overdue", widget=forms.CheckboxInput
    )
    due_from = django_filters.DateFilter(
        label=_("Due from"), field_name="due_on", lookup_expr="gte", widget=DateInput()
    )
    due_to = django_filters.DateFilter(
        label=_("Due until"), field_name="due_on", lookup_expr="lte", widget=DateInput()
    )
    published_on = django_filters.DateFilter(
        label=_("Published on"), method=with_post_published_on, widget=DateInput()
    )
    scheduled_on = django_filters.DateFilter(
        label=_("Scheduled on"), method=with_post_scheduled_on, widget=DateInput()
    )
    sort = django_filters.ChoiceFilter(
        label=_("Order"),
        choices=TrackerSort.CHOICES,
        method="filter_sort",
        empty_label=None,
    )

    class Meta:
        model = Request
        fields = [
            "q",
            "item",
            "province",
            "organisation",
            "status",
            "overdue",
            "due_from",
            "due_to",
            "published_on",
            "scheduled_on",
            "sort",
        ]

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("sort", TrackerSort.DUE)
        super().__init__(data, queryset, request=request, **kwargs)
        organisations = visible_organisations(request.user)
        self.filters["organisation"].queryset = organisations
        self.form.fields["organisation"].queryset = organisations
        self.unoffered = {"published_on", "scheduled_on"}

    @property
    def qs(self):
        queryset = super().qs
        # Ordered once, whatever the filters; the sort filter only chooses the order.
        sort = self.form.cleaned_data.get("sort") if self.form.is_valid() else None
        return queryset.order_by(*TrackerSort.ORDERING[sort or TrackerSort.DUE])

    def search(self, queryset, name, value):
        words = value.split()[:5]
        if not words:
            return queryset
        items = ContentItem.objects.all()
        for word in words:
            items = items.filter(title__icontains=word)
        # The matching items' ids as a list: the planner then knows how many there are (it
        # guessed one item for a subquery and joined every request of hundreds).
        found = list(items.order_by("-created_at").values_list("pk", flat=True)[:SEARCHED_ITEMS])
        return queryset.filter(item_id__any_of=found)

    def filter_province(self, queryset, name, value):
        return queryset.filter(
            organisation_id__in=Organisation.objects.filter(province=value).values("pk")
        )

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue_filter()) if value else queryset

    def filter_sort(self, queryset, name, value):
        return queryset


class CalendarFilter(django_filters.FilterSet):
    """The calendar's month, and for KPK an organisation or a province."""

    month = django_filters.CharFilter(
        label=_("Month"), method="filter_month", widget=forms.TextInput(attrs={"type": "month"})
    )
    province = django_filters.ModelChoiceFilter(
        label=_("Province"),
        queryset=Province.objects.all(),
        method="filter_province",
        empty_label=_("All provinces"),
    )
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"),
        queryset=None,
        empty_label=_("All organisations"),
        widget=OrganisationPicker(search_url=reverse_lazy("agreements:party_search"), inline=True),
        error_messages=NOT_AN_OFFERED_ORGANISATION,
    )

    class Meta:
        model = Request
        fields = ["month", "province", "organisation"]

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        organisations = visible_organisations(request.user)
        self.filters["organisation"].queryset = organisations
        self.form.fields["organisation"].queryset = organisations
        self.form.fields["month"].help_text = _("Year and month, e.g. 2026-11.")
        # Partners see their own requests: the place filters are KPK's.
        self.unoffered = set()
        if not request.user.has_perm("content.view_request_tracker"):
            self.unoffered = {"province", "organisation"}

    def filter_month(self, queryset, name, value):
        return queryset  # the month chooses the days shown, not the rows (see month_of)

    def filter_province(self, queryset, name, value):
        return queryset.filter(
            organisation_id__in=Organisation.objects.filter(province=value).values("pk")
        )
