"""Reads used by more than one page: what the province overview shows."""

from django.utils.translation import gettext_lazy

from partnerships.models import Province

from .models import EXPIRING_COLOUR, AgreementParty, Status, expiring_horizon
from .rules import visible_agreements


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
    if status in Status.open():
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
