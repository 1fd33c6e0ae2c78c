"""Who may see and do what with agreements, composed from the partner network's base predicates.

The parties' members and KPK see an agreement; a province's manager does not follow a regency's
agreements (documents are for the parties and KPK only), but does see on the province page which
of the province's regencies and cities have a partnership.
"""

import contextlib

import rules
from django.db.models import QuerySet

from partnerships.rules import (
    has_membership,
    is_administrator,
    is_kpk,
    is_kpk_manager,
    oversees_a_province,
    oversees_province,
    reach,
    sees_everything,
)

from .models import Agreement, AgreementParty, Status


def party_ids(agreement) -> frozenset:
    """The organisations party to ``agreement``, read once per instance (prefetch is used)."""
    cached = getattr(agreement, "_sinergi_party_ids", None)
    if cached is None:
        prefetched = getattr(agreement, "_prefetched_objects_cache", {}).get("parties")
        if prefetched is not None:
            cached = frozenset(party.organisation_id for party in prefetched)
        else:
            cached = frozenset(agreement.parties.values_list("organisation_id", flat=True))
        agreement._sinergi_party_ids = cached
    return cached


def forget_party_ids(agreement) -> None:
    """Drop the cached parties after they changed."""
    with contextlib.suppress(AttributeError):
        del agreement._sinergi_party_ids


def visible_agreements(user, queryset: QuerySet | None = None) -> QuerySet:
    """The agreements ``user`` may see: all for KPK and administrators, else their parties'."""
    queryset = Agreement.objects.all() if queryset is None else queryset
    if not user.is_authenticated:
        return queryset.none()
    if sees_everything(user):
        return queryset
    parties = AgreementParty.objects.filter(organisation_id__in=reach(user).organisation_ids)
    return queryset.filter(pk__in=parties.values("agreement_id"))


@rules.predicate
def is_party_member(user, agreement):
    return agreement is not None and bool(party_ids(agreement) & reach(user).organisation_ids)


@rules.predicate
def manages_a_party(user, agreement):
    return agreement is not None and bool(
        party_ids(agreement) & reach(user).managed_organisation_ids
    )


@rules.predicate
def agreement_is_open(user, agreement):
    """Still being drafted: draft, in negotiation or ready to sign."""
    return agreement is not None and agreement.status in Status.open()


@rules.predicate
def agreement_has_not_ended(user, agreement):
    return agreement is not None and agreement.status not in Status.ended()


@rules.predicate
def party_number_is_editable(user, agreement):
    """A party's own number is entered while drafting and until the agreement takes effect."""
    return agreement is not None and (
        agreement.status in Status.open() or agreement.status == Status.SIGNED
    )


@rules.predicate
def agreement_is_active(user, agreement):
    return agreement is not None and agreement.status == Status.ACTIVE


can_view_agreement = sees_everything | is_party_member

rules.add_perm("agreements.view_agreement_list", is_administrator | has_membership)
rules.add_perm("agreements.add_agreement", is_administrator | is_kpk)
rules.add_perm("agreements.view_agreement", can_view_agreement)
rules.add_perm("agreements.change_agreement", is_kpk & agreement_is_open)
# The parties discuss while drafting and while the agreement runs; the discussion closes when it
# ends.
rules.add_perm("agreements.comment_agreement", (is_kpk | is_party_member) & agreement_has_not_ended)
rules.add_perm(
    "agreements.upload_agreement_document",
    (is_kpk | manages_a_party) & agreement_has_not_ended,
)
rules.add_perm("agreements.download_agreement_document", can_view_agreement)
# Whoever may upload may withdraw a version uploaded by mistake (it stays in the history).
rules.add_perm(
    "agreements.withdraw_agreement_document",
    (is_kpk | manages_a_party) & agreement_has_not_ended,
)
# A party's manager enters their own organisation's number (the service checks which party).
rules.add_perm("agreements.set_party_number", (is_kpk | manages_a_party) & party_number_is_editable)


def may_number_party(user, agreement, organisation) -> bool:
    """Whether ``user`` may enter ``organisation``'s own number on ``agreement``.

    KPK (and administrators) for any party; a party's manager only for their own organisation.
    """
    return user.has_perm("agreements.set_party_number", agreement) and (
        user.has_perm("agreements.add_agreement")
        or organisation.pk in reach(user).managed_organisation_ids
    )


rules.add_perm("agreements.transition_agreement", is_kpk)
rules.add_perm("agreements.mark_ready_agreement", is_kpk_manager)
rules.add_perm("agreements.terminate_agreement", is_kpk_manager)
rules.add_perm("agreements.renew_agreement", is_kpk)
rules.add_perm(
    "agreements.report_agreement_progress", (is_kpk | manages_a_party) & agreement_is_active
)
# KPK follows every province; a provincial Diskominfo manager follows their own province's
# regencies and cities (their coverage, and the agreements they may see anyway).
rules.add_perm("agreements.view_province_overview", sees_everything | oversees_a_province)
rules.add_perm("agreements.view_province", sees_everything | oversees_province)
