"""Reads of the partner network used by more than one app."""

from django.contrib.auth import get_user_model
from django.db.models import Case, Count, OuterRef, Q, QuerySet, Subquery, When
from django.db.models.functions import Coalesce

from .models import MANAGER_ROLES, Channel, Membership, Organisation, PressPartner
from .rules import visible_organisations


def managers_of_filter(organisations: QuerySet) -> Q:
    """A filter on users: the active managers of active ``organisations`` (a queryset of them).

    KPK managers of a KPK unit count as that unit's managers, as partner managers do for theirs.
    """
    return Q(
        memberships__is_active=True,
        memberships__role__in=MANAGER_ROLES,
        memberships__organisation__is_active=True,
        memberships__organisation__in=organisations,
        is_active=True,
    )


def managers_of(organisations: QuerySet) -> QuerySet:
    """The people who manage ``organisations``: each once, in a stable order."""
    return (
        get_user_model().objects.filter(managers_of_filter(organisations)).distinct().order_by("pk")
    )


def _active_count(model) -> Coalesce:
    """How many active ``model`` rows (memberships, channels) the outer organisation has.

    A correlated subquery runs for the rows of the page only; joining both relations and
    grouping counted members x channels of every organisation before the page was cut.
    """
    rows = (
        model.objects.filter(organisation=OuterRef("pk"), is_active=True)
        .order_by()
        .values("organisation")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(rows), 0)


def directory(user) -> QuerySet:
    """The organisations ``user`` may see, by name, with their active members and channels."""
    return (
        visible_organisations(user)
        .select_related("province", "regency")
        .annotate(member_count=_active_count(Membership), channel_count=_active_count(Channel))
        .order_by("name")
    )


def press_partner_candidates(organisation) -> QuerySet:
    """The media outlets ``organisation`` may add as press partners: active, not yet partners;
    those of its own province first."""
    already = PressPartner.objects.filter(organisation=organisation).values("outlet_id")
    return (
        Organisation.objects.filter(kind=Organisation.Kind.MEDIA, is_active=True)
        .exclude(pk__in=already)
        .order_by(Case(When(province_id=organisation.province_id, then=0), default=1), "name")
    )
