"""Reads of the partner network used by more than one app."""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from .models import MANAGER_ROLES


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
