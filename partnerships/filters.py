import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Invitation, Organisation, Province


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Name, regency or province")}
        ),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Type"), choices=Organisation.Kind.choices, empty_label=_("All types")
    )
    province = django_filters.ModelChoiceFilter(
        label=_("Province"), queryset=Province.objects.all(), empty_label=_("All provinces")
    )

    class Meta:
        model = Organisation
        fields = ["q", "kind", "province"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value)
            | Q(short_name__icontains=value)
            | Q(regency__name__icontains=value)
            | Q(province__name__icontains=value)
        )


class InvitationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=Invitation.Status.choices,
        empty_label=_("All statuses"),
        method="filter_status",
    )

    class Meta:
        model = Invitation
        fields = ["status"]

    def filter_status(self, queryset, name, value):
        return queryset.with_status(value)
