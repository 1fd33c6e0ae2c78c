"""The access layer's base predicates, and the rules for the partner network's own objects.

Every question "may this user do this" or "which of these may this user see" is answered here
(or in another app's ``rules.py``, composed from the predicates below). Views, downloads,
templates and the admin ask; they never decide.

- KPK roles see everything.
- Partner roles see their own organisations.
- A provincial Diskominfo manager also sees the organisations tied to a regency or city of that
  province (read only; managing them stays with their own managers), and invites the first
  manager of a regency/city Diskominfo that has none (the province onboards its regencies).
  Organisations of the province that belong to no regency or city, and every other province,
  stay out of reach.
- Administrators (``is_staff``) see everything and manage everything.
- Invitations are seen only by those who may withdraw them: the managers of the organisation
  (KPK managers and administrators for every organisation).
"""

import contextlib
from dataclasses import dataclass

import rules
from django.db.models import Q, QuerySet

from .models import (
    KPK_ROLES,
    MANAGER_ROLES,
    Channel,
    Invitation,
    Membership,
    Organisation,
    Role,
)


@dataclass(frozen=True)
class Reach:
    """What one user acts for, computed once per request and cached on the user object."""

    kpk_roles: frozenset
    organisation_ids: frozenset
    managed_organisation_ids: frozenset
    managed_province_ids: frozenset


def reach(user) -> Reach:
    if not user.is_authenticated or not user.is_active:
        return Reach(frozenset(), frozenset(), frozenset(), frozenset())
    cached = getattr(user, "_sinergi_reach", None)
    if cached is None:
        rows = Membership.objects.filter(
            user=user, is_active=True, organisation__is_active=True
        ).values_list("organisation_id", "role", "organisation__kind", "organisation__province_id")
        rows = list(rows)
        cached = Reach(
            kpk_roles=frozenset(role for _org, role, _kind, _prov in rows if role in KPK_ROLES),
            organisation_ids=frozenset(org for org, _role, _kind, _prov in rows),
            managed_organisation_ids=frozenset(
                org for org, role, _kind, _prov in rows if role in MANAGER_ROLES
            ),
            managed_province_ids=frozenset(
                province
                for _org, role, kind, province in rows
                if role == Role.PARTNER_MANAGER and kind == Organisation.Kind.PROVINCE_DISKOMINFO
            ),
        )
        user._sinergi_reach = cached
    return cached


def overseen_organisation_ids(user) -> frozenset:
    """The organisations of the regencies and cities of the provinces ``user`` manages, read
    once per request (none, without a query, for everyone else).

    A list rather than a subquery: PostgreSQL then finds the rows of a few dozen organisations
    by their index instead of hashing a subquery against every row of the table.
    """
    provinces = reach(user).managed_province_ids
    if not provinces:
        return frozenset()
    cached = getattr(user, "_sinergi_overseen", None)
    if cached is None:
        cached = frozenset(
            Organisation.objects.filter(regency__province_id__in=provinces).values_list(
                "pk", flat=True
            )
        )
        user._sinergi_overseen = cached
    return cached


def forget_reach(user) -> None:
    """Drop the cached reach after the user's memberships changed in this request."""
    # delattr, not __dict__: request.user is a lazy proxy that forwards attribute deletion.
    for name in ("_sinergi_reach", "_sinergi_overseen"):
        with contextlib.suppress(AttributeError):
            delattr(user, name)


# Base predicates: the only definitions of these facts.


@rules.predicate
def is_administrator(user):
    return user.is_authenticated and user.is_active and user.is_staff


@rules.predicate
def is_kpk(user):
    return bool(reach(user).kpk_roles)


@rules.predicate
def is_kpk_manager(user):
    return Role.KPK_MANAGER in reach(user).kpk_roles


@rules.predicate
def has_membership(user):
    return bool(reach(user).organisation_ids)


@rules.predicate
def is_any_manager(user):
    return bool(reach(user).managed_organisation_ids)


@rules.predicate
def is_member_of(user, organisation):
    return organisation is not None and organisation.pk in reach(user).organisation_ids


@rules.predicate
def manages(user, organisation):
    return organisation is not None and organisation.pk in reach(user).managed_organisation_ids


@rules.predicate
def oversees_province_of(user, organisation):
    """A provincial Diskominfo manager follows the organisations of the province's regencies/cities.

    The province is read from the regency itself, not from the organisation's own province
    field, so a mistyped province can never carry an organisation across provinces.
    """
    provinces = reach(user).managed_province_ids
    if organisation is None or not provinces or organisation.regency_id is None:
        return False
    return organisation.regency.province_id in provinces


@rules.predicate
def oversees_province(user, province):
    """A provincial Diskominfo manager oversees their province as a whole."""
    return province is not None and province.pk in reach(user).managed_province_ids


@rules.predicate
def oversees_a_province(user):
    return bool(reach(user).managed_province_ids)


sees_everything = is_administrator | is_kpk


def visible_organisation_filter(user) -> Q | None:
    """A filter on Organisation for what ``user`` may see; None means no restriction."""
    if sees_everything(user):
        return None
    r = reach(user)
    return Q(pk__in=r.organisation_ids) | Q(regency__province_id__in=r.managed_province_ids)


def visible_organisations(user, queryset: QuerySet | None = None) -> QuerySet:
    queryset = Organisation.objects.all() if queryset is None else queryset
    if not user.is_authenticated:
        return queryset.none()
    condition = visible_organisation_filter(user)
    return queryset if condition is None else queryset.filter(condition)


def _in_visible_organisations(user, queryset: QuerySet) -> QuerySet:
    if not user.is_authenticated:
        return queryset.none()
    condition = visible_organisation_filter(user)
    if condition is None:
        return queryset
    return queryset.filter(organisation__in=Organisation.objects.filter(condition))


def visible_memberships(user, queryset: QuerySet | None = None) -> QuerySet:
    """Memberships of the organisations ``user`` may see."""
    queryset = Membership.objects.all() if queryset is None else queryset
    return _in_visible_organisations(user, queryset)


def visible_channels(user, queryset: QuerySet | None = None) -> QuerySet:
    """Channels of the organisations ``user`` may see."""
    queryset = Channel.objects.all() if queryset is None else queryset
    return _in_visible_organisations(user, queryset)


def visible_invitations(user, queryset: QuerySet | None = None) -> QuerySet:
    """Invitations of the organisations this user manages (all of them for KPK managers)."""
    queryset = Invitation.objects.all() if queryset is None else queryset
    if is_administrator(user) or is_kpk_manager(user):
        return queryset
    # KPK units are staffed by KPK managers only, never by a partner's manager.
    managed = reach(user).managed_organisation_ids
    return queryset.filter(organisation_id__in=managed).exclude(
        organisation__kind=Organisation.Kind.KPK_UNIT
    )


def managed_memberships(user, queryset: QuerySet | None = None) -> QuerySet:
    """Memberships of the organisations ``user`` manages; mirrors can_manage_organisation.

    KPK managers and administrators manage every organisation.
    """
    queryset = Membership.objects.all() if queryset is None else queryset
    if not user.is_authenticated:
        return queryset.none()
    if is_administrator(user) or is_kpk_manager(user):
        return queryset
    return queryset.filter(organisation_id__in=reach(user).managed_organisation_ids)


# The memberships whose holder must use two-factor sign-in: the queryset side of
# ``accounts.require_mfa`` (a KPK role in an active organisation; see reach()).
REQUIRES_MFA = Q(is_active=True, organisation__is_active=True, role__in=KPK_ROLES)


@rules.predicate
def manages_invitations_of(user, organisation):
    """Sees and withdraws the invitations into ``organisation``; mirrors visible_invitations."""
    if organisation is None:
        return False
    if is_administrator(user) or is_kpk_manager(user):
        return True
    return not organisation.is_kpk and manages(user, organisation)


def has_active_manager(organisation) -> bool:
    return organisation.memberships.filter(
        is_active=True, role__in=MANAGER_ROLES, user__is_active=True
    ).exists()


@rules.predicate
def onboards(user, organisation):
    """A provincial Diskominfo manager invites the first manager of a regency/city Diskominfo.

    Only while the regency's Diskominfo has no active manager: from then on its own manager
    invites the rest, and the province goes back to following it (read only).
    """
    return (
        organisation is not None
        and organisation.kind == Organisation.Kind.REGENCY_DISKOMINFO
        and oversees_province_of(user, organisation)
        and not has_active_manager(organisation)
    )


@rules.predicate
def can_invite_into(user, organisation):
    return (
        organisation is not None
        and organisation.is_active
        and (manages_invitations_of(user, organisation) or onboards(user, organisation))
    )


def invitable_roles(user, organisation) -> list[str]:
    """The roles ``user`` may give when inviting someone into ``organisation``.

    A province onboarding a regency invites its manager only: operators are that manager's call.
    """
    if not can_invite_into(user, organisation):
        return []
    if organisation.is_kpk:
        return [Role.KPK_MANAGER, Role.KPK_STAFF]
    if not manages_invitations_of(user, organisation):
        return [Role.PARTNER_MANAGER]
    return [Role.PARTNER_MANAGER, Role.PARTNER_OPERATOR]


@rules.predicate
def can_view_organisation(user, organisation):
    return (
        sees_everything(user)
        or is_member_of(user, organisation)
        or oversees_province_of(user, organisation)
    )


@rules.predicate
def can_manage_invitation(user, invitation):
    return invitation is not None and manages_invitations_of(user, invitation.organisation)


can_manage_organisation = is_administrator | is_kpk_manager | manages

rules.add_perm("accounts.require_mfa", is_administrator | is_kpk)
rules.add_perm("accounts.use_admin_site", is_administrator)
rules.add_perm("partnerships.view_directory", is_administrator | has_membership)
rules.add_perm("partnerships.view_organisation", can_view_organisation)
rules.add_perm("partnerships.change_organisation", can_manage_organisation)
rules.add_perm("partnerships.invite_member", can_invite_into)
rules.add_perm("partnerships.view_invitations", manages_invitations_of)
rules.add_perm(
    "partnerships.view_invitation_list", is_administrator | is_kpk_manager | is_any_manager
)
rules.add_perm("partnerships.revoke_invitation", can_manage_invitation)
rules.add_perm("partnerships.extend_invitation", can_manage_invitation)


# Press partners: a Diskominfo's managers, KPK and administrators record its media outlets.


@rules.predicate
def is_diskominfo(user, organisation):
    return organisation is not None and organisation.kind in (
        Organisation.Kind.PROVINCE_DISKOMINFO,
        Organisation.Kind.REGENCY_DISKOMINFO,
    )


rules.add_perm(
    "partnerships.manage_press_partners",
    (is_administrator | is_kpk | manages) & is_diskominfo,
)
