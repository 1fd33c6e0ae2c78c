"""The agreement list's filters, shared by the page and its CSV and XLSX exports."""

import django_filters
from django import forms
from django.db.models import Q
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from partnerships.models import Organisation, Province
from partnerships.rules import visible_organisations

from .forms import NOT_AN_OFFERED_ORGANISATION, OrganisationPicker
from .models import Agreement, AgreementParty

EXPIRING = "expiring"
# ``?owner=me``: the agreements the current user owns (what their dashboard counts).
OWNED_BY_ME = "me"


def _with_party(**party_lookup):
    """Agreements with at least one party matching the lookup, without duplicating rows."""
    return Q(pk__in=AgreementParty.objects.filter(**party_lookup).values("agreement_id"))


class AgreementFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Title or document number")}
        ),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        method="filter_status",
        choices=[*Agreement.Status.choices, (EXPIRING, _("Expiring soon"))],
        empty_label=_("All statuses"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Agreement.Kind.choices, empty_label=_("All kinds")
    )
    province = django_filters.ModelChoiceFilter(
        label=_("Province"),
        queryset=Province.objects.all(),
        method="filter_province",
        empty_label=_("All provinces"),
    )
    # Searched as one types: the page lists only the chosen party, never every organisation.
    party = django_filters.ModelChoiceFilter(
        label=_("Party"),
        queryset=None,
        method="filter_party",
        empty_label=_("All parties"),
        widget=OrganisationPicker(search_url=reverse_lazy("agreements:party_search"), inline=True),
        error_messages=NOT_AN_OFFERED_ORGANISATION,
    )
    owner = django_filters.ChoiceFilter(
        label=_("Owner"),
        method="filter_owner",
        choices=[(OWNED_BY_ME, _("Owned by me"))],
        empty_label=_("Any owner"),
    )

    class Meta:
        model = Agreement
        fields = ["q", "status", "kind", "province", "party", "owner"]

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        # Only organisations the user may see are offered (and accepted) as a party.
        user = request.user if request is not None else None
        organisations = (
            visible_organisations(user) if user is not None else Organisation.objects.none()
        )
        self.filters["party"].queryset = organisations
        self.form.fields["party"].queryset = organisations
        # Only those who own agreements (KPK) are offered the owner filter (the filter bar leaves
        # out what is unoffered); ``?owner=me`` typed in the address still filters for everyone.
        offers_owner = user is not None and user.has_perm("agreements.add_agreement")
        self.unoffered = set() if offers_owner else {"owner"}

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        # A union of two id lists, each able to use its own trigram index on PostgreSQL; an OR
        # of the title and a subquery makes the database scan every agreement.
        titles = Agreement.objects.filter(title__icontains=value).values("pk")
        numbers = AgreementParty.objects.filter(document_number__icontains=value)
        return queryset.filter(pk__in=titles.union(numbers.values("agreement_id")))

    def filter_status(self, queryset, name, value):
        if value == EXPIRING:
            return queryset.expiring()
        return queryset.filter(status=value)

    def filter_province(self, queryset, name, value):
        return queryset.filter(_with_party(organisation__province=value))

    def filter_party(self, queryset, name, value):
        return queryset.filter(_with_party(organisation=value))

    def filter_owner(self, queryset, name, value):
        user = self.request.user if self.request is not None else None
        if user is None or not user.is_authenticated:
            return queryset.none()
        return queryset.filter(owner=user)
