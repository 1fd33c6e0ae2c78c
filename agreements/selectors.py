"""Reads used by more than one page: what the province overview shows, and what waits for whom."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy

from partnerships.models import Province
from partnerships.rules import is_any_manager

from .models import EXPIRING_COLOUR, AgreementParty, Status, expiring_horizon
from .rules import visible_agreements
from .services import TRANSITIONS


class ProvinceState:
    NONE = "none"
    DRAFTING = "drafting"
    ACTIVE = "active"
    EXPIRING = "expiring"
    EXPIRED = "expired"

    LABELS = {
        NONE: gettext_lazy("No agreement"),
        DRAFTING: gettext_lazy("Drafting"),
        ACTIVE: gettext_lazy("Active"),
        EXPIRING: gettext_lazy("Expiring"),
        EXPIRED: gettext_lazy("Expired"),
    }
    # The colours of the agreement statuses each state stands for.
    COLOURS = {
        NONE: "light",
        DRAFTING: Status.NEGOTIATION.colour,
        ACTIVE: Status.ACTIVE.colour,
        EXPIRING: EXPIRING_COLOUR,
        EXPIRED: Status.EXPIRED.colour,
    }
    # The most relevant state wins: a partnership in force, then one being prepared, then one
    # that has ended. Among those in force, one that is not about to end says "active".
    RANK = {NONE: 0, EXPIRED: 1, DRAFTING: 2, EXPIRING: 3, ACTIVE: 4}


def _state_of(status, ends_on, horizon):
    if status == Status.ACTIVE:
        return (
            ProvinceState.EXPIRING
            if ends_on is not None and ends_on <= horizon
            else ProvinceState.ACTIVE
        )
    # Signed but not yet in force counts with those being prepared: nothing runs yet.
    if status in Status.open() or status == Status.SIGNED:
        return ProvinceState.DRAFTING
    # Expired or terminated: either way the partnership has ended.
    return ProvinceState.EXPIRED


def province_states(user) -> list[tuple]:
    """(province, state, number of agreements) for each province, in two queries."""
    horizon = expiring_horizon()
    parties = (
        AgreementParty.objects.filter(
            agreement__in=visible_agreements(user), organisation__province__isnull=False
        )
        .values_list(
            "organisation__province_id", "agreement_id", "agreement__status", "agreement__ends_on"
        )
        .distinct()
    )
    states, counted = {}, {}
    for province_id, agreement_id, status, ends_on in parties:
        state = _state_of(status, ends_on, horizon)
        if ProvinceState.RANK[state] > ProvinceState.RANK[states.get(province_id, "none")]:
            states[province_id] = state
        counted.setdefault(province_id, set()).add(agreement_id)
    return [
        (
            province,
            states.get(province.pk, ProvinceState.NONE),
            len(counted.get(province.pk, ())),
        )
        for province in Province.objects.order_by("name")
    ]


# What waits for someone's step, one line per step; the newest few of each are shown.
WAITING_NEWEST = 3
TO_REVIEW = "review"
TO_MARK_READY = "mark_ready"
TO_SIGN = "sign"


@dataclass(frozen=True)
class Waiting:
    """The agreements waiting for one step of one user.

    ``filters`` is the agreement list's query that shows exactly the agreements counted.
    """

    count: int
    newest: list
    filters: dict = field(default_factory=dict)


def _waiting(queryset, **filters) -> Waiting:
    return Waiting(
        count=queryset.count(),
        newest=list(queryset.order_by("-updated_at", "-pk")[:WAITING_NEWEST]),
        filters=filters,
    )


def waiting_for(user) -> dict[str, Waiting]:
    """The steps that wait for ``user``, by step; a step that is not theirs is left out.

    Who takes which step follows the permissions of the moves (``services.TRANSITIONS``), asked
    without an agreement because they depend on the role only:

    - review: agreements in negotiation that the user takes part in. KPK people (who may move
      agreements) review those they own; partners those of their organisations.
    - mark ready: whoever may mark agreements ready (KPK managers) sees every one in negotiation.
    - sign: whoever may mark agreements ready sees every one ready to sign, other KPK people those
      they own; partners' managers those of their organisations.

    Two queries per step (a count and the newest few), at most six.
    """
    visible = visible_agreements(user)
    moves_agreements = user.has_perm(TRANSITIONS[(Status.READY, Status.NEGOTIATION)])
    marks_ready = user.has_perm(TRANSITIONS[(Status.NEGOTIATION, Status.READY)])
    signs = user.has_perm(TRANSITIONS[(Status.READY, Status.ACTIVE)])
    negotiation = visible.filter(status=Status.NEGOTIATION)
    ready = visible.filter(status=Status.READY)

    waiting = {}
    if moves_agreements:
        waiting[TO_REVIEW] = _waiting(
            negotiation.filter(owner=user), status=Status.NEGOTIATION, owner="me"
        )
    else:
        waiting[TO_REVIEW] = _waiting(negotiation, status=Status.NEGOTIATION)
    if marks_ready:
        waiting[TO_MARK_READY] = _waiting(negotiation, status=Status.NEGOTIATION)
    if signs and marks_ready:
        waiting[TO_SIGN] = _waiting(ready, status=Status.READY)
    elif signs:
        waiting[TO_SIGN] = _waiting(ready.filter(owner=user), status=Status.READY, owner="me")
    elif is_any_manager(user):
        waiting[TO_SIGN] = _waiting(ready, status=Status.READY)
    return waiting
