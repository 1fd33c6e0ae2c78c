"""The event list's filters (kind, province, status, "mine", words of the title) and the
invitations' (status, words of the organisation's name)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partnerships.models import Province

from .models import Event, Invitation
from .selectors import mine_filter


class EventFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Title")}),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Event.Kind.choices, empty_label=_("All kinds")
    )
    province = django_filters.ModelChoiceFilter(
        label=_("Province"),
        field_name="venue_regency__province",
        queryset=Province.objects.order_by("name"),
        empty_label=_("All provinces"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=Event.Status.choices,
        empty_label=_("All statuses"),
    )
    mine = django_filters.BooleanFilter(
        label=_("Organised by or invited to my organisations"),
        method="only_mine",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Event
        fields = ["q", "kind", "province", "status", "mine"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(title__icontains=value) if value else queryset

    def only_mine(self, queryset, name, value):
        return queryset.filter(mine_filter(self.request.user)) if value else queryset


class InvitationFilter(django_filters.FilterSet):
    """An event's invitations (``events:invitations``): by status, and by words of the
    organisation's name or short name."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Organisation")}),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Invitation.Status.choices, empty_label=_("All statuses")
    )

    class Meta:
        model = Invitation
        fields = ["q", "status"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(organisation__name__icontains=value) | Q(organisation__short_name__icontains=value)
        )
