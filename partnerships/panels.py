"""The partner network's panels on the home page (see common.panels)."""

from allauth.mfa.models import Authenticator
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.http import urlencode

from accounts.backends import uses_authenticator_app
from common.panels import panel

from .models import Invitation, Organisation
from .rules import (
    REQUIRES_MFA,
    is_administrator,
    is_kpk_manager,
    managed_memberships,
    visible_invitations,
)

# Panels list the newest few rows; the number links to the whole list.
NEWEST = 5


def _filtered(url_name: str, **query) -> str:
    return f"{reverse(url_name)}?{urlencode(query)}"


@panel(
    code="partnerships.pending_invitations",
    order=20,
    template="partnerships/panels/pending_invitations.html",
)
def pending_invitations(request):
    """Invitations still waiting in the organisations the user manages."""
    if not request.user.has_perm("partnerships.view_invitation_list"):
        return None
    pending = visible_invitations(request.user).pending()
    return {
        "count": pending.count(),
        "newest": list(pending.select_related("organisation")[:NEWEST]),
        "list_url": _filtered("partnerships:invitation_list", status=Invitation.Status.PENDING),
    }


@panel(
    code="partnerships.members_without_two_factor",
    order=30,
    template="partnerships/panels/members_without_two_factor.html",
)
def members_without_two_factor(request):
    """Members whose role requires two-factor sign-in but who have no authenticator app yet.

    Only KPK roles require it, and they exist only in KPK units, which only KPK managers and
    administrators manage: everyone else has no such member and does not see the panel.
    """
    user = request.user
    if not (is_administrator(user) or is_kpk_manager(user)):
        return None
    has_totp = Authenticator.objects.filter(
        user_id=OuterRef("user_id"), type=Authenticator.Type.TOTP
    )
    members = (
        managed_memberships(user)
        .filter(REQUIRES_MFA, user__is_active=True)
        .filter(~Exists(has_totp))
    )
    organisation_ids = list(
        members.order_by().values_list("organisation_id", flat=True).distinct()[:2]
    )
    if len(organisation_ids) == 1:
        list_url = reverse("partnerships:organisation_detail", args=[organisation_ids[0]])
    else:
        list_url = _filtered("partnerships:organisation_list", kind=Organisation.Kind.KPK_UNIT)
    return {
        "count": members.order_by().values("user_id").distinct().count(),
        "newest": list(
            members.select_related("user", "organisation").order_by("user__full_name", "pk")[
                :NEWEST
            ]
        ),
        "list_url": list_url,
    }


@panel(
    code="partnerships.organisations",
    order=80,
    template="partnerships/panels/organisations.html",
)
def organisations(request):
    """The user's own memberships, with their roles."""
    memberships = (
        request.user.memberships.filter(is_active=True)
        .select_related("organisation__province")
        .order_by("organisation__name")
    )
    return {"memberships": list(memberships)}


@panel(code="partnerships.get_started", order=90, template="partnerships/panels/get_started.html")
def get_started(request):
    """The first steps of a new account, until two-factor sign-in is set up."""
    if uses_authenticator_app(request.user):
        return None
    return {}
