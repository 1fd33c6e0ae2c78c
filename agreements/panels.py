"""The agreements' panels on the home page (see common.panels).

Each panel is for whoever may see the agreement list, reads through ``visible_agreements`` (a
partner never counts another organisation's agreements), takes a fixed number of queries, and
links every number to the list filtered to exactly what it counts.
"""

from django.conf import settings
from django.urls import reverse
from django.utils.http import urlencode

from common.panels import panel
from notifications.selectors import unread_of_kind
from partnerships.rules import sees_everything

from .filters import EXPIRING
from .notification_kinds import AGREEMENT_COMMENTED
from .rules import visible_agreements
from .selectors import (
    TO_MARK_READY,
    TO_REVIEW,
    TO_SIGN,
    ProvinceState,
    province_states,
    waiting_for,
)

EXPIRING_NEWEST = 5
COMMENTS_NEWEST = 3


def _filtered(url_name: str, **query) -> str:
    return f"{reverse(url_name)}?{urlencode(query)}" if query else reverse(url_name)


def _sees_agreements(user) -> bool:
    return user.has_perm("agreements.view_agreement_list")


@panel(code="agreements.waiting", order=40, template="agreements/panels/waiting.html")
def waiting(request):
    """The agreements waiting for the user's step: to review, to mark ready, to sign."""
    if not _sees_agreements(request.user):
        return None
    steps = waiting_for(request.user)
    lines = [
        {
            "step": step,
            "count": steps[step].count,
            "newest": steps[step].newest,
            "list_url": _filtered("agreements:list", **steps[step].filters),
        }
        for step in (TO_REVIEW, TO_MARK_READY, TO_SIGN)
        if step in steps
    ]
    # The action leads to the first step with something waiting.
    first = next((line for line in lines if line["count"]), None)
    return {
        "lines": lines,
        "total": sum(line["count"] for line in lines),
        "next_url": first["list_url"] if first else None,
        "list_url": reverse("agreements:list"),
    }


@panel(code="agreements.expiring", order=50, template="agreements/panels/expiring.html")
def expiring(request):
    """Active agreements ending within AGREEMENT_EXPIRING_DAYS, the soonest first."""
    if not _sees_agreements(request.user):
        return None
    agreements = visible_agreements(request.user).expiring().order_by("ends_on", "pk")
    return {
        "count": agreements.count(),
        "soonest": list(agreements[:EXPIRING_NEWEST]),
        "days": settings.AGREEMENT_EXPIRING_DAYS,
        "list_url": _filtered("agreements:list", status=EXPIRING),
    }


@panel(code="agreements.comments", order=60, template="agreements/panels/comments.html")
def comments(request):
    """The user's unread notifications of new comments, each leading to the discussion."""
    if not _sees_agreements(request.user):
        return None
    count, newest = unread_of_kind(request.user, AGREEMENT_COMMENTED.code, COMMENTS_NEWEST)
    return {
        "count": count,
        "newest": newest,
        "list_url": _filtered("notifications:list", state="unread", kind=AGREEMENT_COMMENTED.code),
    }


# The panel's order of the province states, and the overview's word for each.
PROVINCE_STATES = (
    ProvinceState.ACTIVE,
    ProvinceState.EXPIRING,
    ProvinceState.DRAFTING,
    ProvinceState.EXPIRED,
    ProvinceState.NONE,
)


@panel(code="agreements.provinces", order=70, template="agreements/panels/provinces.html")
def provinces(request):
    """How many provinces are in each state of partnership (two queries)."""
    # Nationwide, so for KPK only: a provincial manager's overview is their own province's page.
    if not sees_everything(request.user):
        return None
    totals = dict.fromkeys(PROVINCE_STATES, 0)
    states = province_states(request.user)
    for _province, state, _count in states:
        totals[state] += 1
    return {
        "states": [
            (state, ProvinceState.LABELS[state], totals[state], ProvinceState.COLOURS[state])
            for state in PROVINCE_STATES
        ],
        "provinces": len(states),
        "overview_url": reverse("agreements:province_overview"),
    }
