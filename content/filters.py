"""The library's filters: kind, theme, origin, agreement, status, creation dates and words."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement

from .models import ContentItem, Theme
from .selectors import agreements_with_content

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
