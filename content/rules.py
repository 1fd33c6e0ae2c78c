"""Who may see, make and change content, composed from the partner network's base predicates.

- KPK (and administrators) see every item; KPK people make and change KPK's own items.
- A partner's members make items for their organisation, change them while they are drafts or
  sent back for changes, and see them; the co-producers of a joint item see it while it is made.
- Every member of the network sees what is approved: that is the library partners draw from.
- Anyone, signed in or not, may see and download a public, approved item in its validity
  window (what the public feed will carry).
"""

import rules
from django.db.models import Q, QuerySet
from django.utils import timezone

from partnerships.models import DISKOMINFO_KINDS
from partnerships.rules import has_membership, is_administrator, is_kpk, reach, sees_everything

from .models import ContentItem, NoticeConfirmation, Request

# While these, the owner's members may still change a partner's item; after that it is reviewed.
EDITABLE_STATUSES = frozenset({ContentItem.Status.DRAFT, ContentItem.Status.CHANGES_REQUESTED})


def co_producer_ids(item) -> frozenset:
    """The co-producing organisations of ``item``, read once per instance (prefetch is used)."""
    cached = getattr(item, "_sinergi_co_producer_ids", None)
    if cached is None:
        prefetched = getattr(item, "_prefetched_objects_cache", {}).get("co_producers")
        if prefetched is not None:
            cached = frozenset(organisation.pk for organisation in prefetched)
        else:
            cached = frozenset(item.co_producers.values_list("pk", flat=True))
        item._sinergi_co_producer_ids = cached
    return cached


def public_filter(now=None) -> Q:
    """Items anyone may see: public, approved, past their embargo and not past their validity."""
    now = now or timezone.now()
    return (
        Q(is_public=True, status=ContentItem.Status.APPROVED)
        & (Q(not_before__isnull=True) | Q(not_before__lte=now))
        & (Q(not_after__isnull=True) | Q(not_after__gt=now))
    )


def visible_items(user, queryset: QuerySet | None = None) -> QuerySet:
    """The items ``user`` may see, by the same facts as ``content.view_content_item``."""
    queryset = ContentItem.objects.all() if queryset is None else queryset
    if user.is_authenticated and sees_everything(user):
        return queryset
    visible = public_filter()
    organisations = reach(user).organisation_ids
    if organisations:
        visible |= (
            Q(status=ContentItem.Status.APPROVED)
            | Q(owner_id__in=organisations)
            | Q(
                pk__in=ContentItem.co_producers.through.objects.filter(
                    organisation_id__in=organisations
                ).values("contentitem_id")
            )
        )
    return queryset.filter(visible)


@rules.predicate
def is_kpk_organisation(user, organisation):
    return organisation is not None and organisation.is_kpk


@rules.predicate
def acts_for(user, organisation):
    return organisation is not None and organisation.pk in reach(user).organisation_ids


@rules.predicate
def owned_by_kpk(user, item):
    """A KPK unit owns the item: KPK's own content, or a joint production KPK leads."""
    return item is not None and item.owner.is_kpk


@rules.predicate
def owner_member(user, item):
    return item is not None and item.owner_id in reach(user).organisation_ids


@rules.predicate
def co_producer_member(user, item):
    return item is not None and bool(co_producer_ids(item) & reach(user).organisation_ids)


@rules.predicate
def item_is_editable(user, item):
    return item is not None and item.status in EDITABLE_STATUSES


@rules.predicate
def item_is_approved(user, item):
    return item is not None and item.status == ContentItem.Status.APPROVED


@rules.predicate
def item_is_public(user, item):
    if item is None or not item.is_public or item.status != ContentItem.Status.APPROVED:
        return False
    now = timezone.now()
    return (item.not_before is None or item.not_before <= now) and (
        item.not_after is None or item.not_after > now
    )


@rules.predicate
def item_is_not_archived(user, item):
    return item is not None and item.status != ContentItem.Status.ARCHIVED


can_view_item = (
    sees_everything
    | owner_member
    | co_producer_member
    | (has_membership & item_is_approved)
    | item_is_public
)

# The organisation is the item's owner-to-be: KPK people make KPK's content, a partner's members
# make their own organisation's (alone or as the owner of a joint production).
rules.add_perm(
    "content.add_content_item",
    is_administrator | (is_kpk & is_kpk_organisation) | (acts_for & ~is_kpk_organisation),
)
rules.add_perm("content.view_content_item", can_view_item)
# The list of themes is the library's vocabulary, kept by administrators.
rules.add_perm("content.manage_themes", is_administrator)
can_change_item = (
    is_administrator
    | (is_kpk & owned_by_kpk & item_is_not_archived)
    | (owner_member & ~owned_by_kpk & item_is_editable)
)
rules.add_perm("content.change_content_item", can_change_item)
# Whoever may change an item adds and removes its files (the object is the item).
rules.add_perm("content.add_asset", can_change_item)
rules.add_perm("content.remove_asset", can_change_item)


@rules.predicate
def may_view_item_of(user, asset):
    return asset is not None and can_view_item.test(user, asset.item)


# The object is the asset: its files are for whoever may see its item.
rules.add_perm("content.download_asset", may_view_item_of)


# ---------------------------------------------------------------------------------------------
# Review (branch "review"): who submits, reviews, approves, archives and comments on an item.
# The moves themselves and their table are in content.services (``transition``).
# ---------------------------------------------------------------------------------------------


@rules.predicate
def item_is_submitted(user, item):
    return item is not None and item.status == ContentItem.Status.SUBMITTED


# KPK (staff and managers) and administrators judge what partners submit.
can_review_item = is_administrator | is_kpk
rules.add_perm("content.review_item", can_review_item)
# The owner's members send a partner's item (or a joint production a partner leads) for review,
# first as a draft and again after changes were asked for. KPK's own items are not submitted.
rules.add_perm("content.submit_item", owner_member & ~owned_by_kpk & item_is_editable)
# KPK approves its own items (and the joint productions it leads) without a review.
rules.add_perm("content.approve_own_item", can_review_item & owned_by_kpk)
rules.add_perm("content.archive_item", can_review_item)
# KPK, the owner's members and the co-producers' members discuss an item until it is archived.
# A comment is written on behalf of an organisation, so an administrator without a membership
# does not comment.
rules.add_perm(
    "content.comment_item",
    (is_kpk | owner_member | co_producer_member) & item_is_not_archived,
)
# --- Dissemination requests ("nitip konten"), proofs and forwards (dissem branch) -------------
#
# - KPK (and administrators, read only) see every request; KPK sends items and checks proofs.
# - A partner sees its own organisation's requests, and the requests it forwarded to its press
#   partners (read only: the outlet answers and proves those itself).
# - A press outlet sees only what was forwarded to it (requests are sent to Diskominfo only, so
#   every request an outlet holds is a forward).
# - The organisation's managers answer (accept, decline, assign) and forward; any of its members
#   (manager or operator) gives proof and reports reach.
# A provincial manager does not follow its regencies' requests: as with agreements, they are the
# regency's own business with KPK.


def visible_requests(user, queryset: QuerySet | None = None) -> QuerySet:
    """The requests ``user`` may see, by the same facts as ``content.view_request``."""
    queryset = Request.objects.all() if queryset is None else queryset
    if not user.is_authenticated:
        return queryset.none()
    if sees_everything(user):
        return queryset
    organisations = reach(user).organisation_ids
    return queryset.filter(
        Q(organisation_id__in=organisations) | Q(forwarded_from__organisation_id__in=organisations)
    )


@rules.predicate
def member_of_request_organisation(user, request):
    return request is not None and request.organisation_id in reach(user).organisation_ids


@rules.predicate
def manages_request_organisation(user, request):
    return request is not None and request.organisation_id in reach(user).managed_organisation_ids


@rules.predicate
def forwarded_the_request(user, request):
    """The request is a forward made by one of ``user``'s organisations."""
    return (
        request is not None
        and request.forwarded_from_id is not None
        and request.forwarded_from.organisation_id in reach(user).organisation_ids
    )


@rules.predicate
def request_of_diskominfo(user, request):
    return request is not None and request.organisation.kind in DISKOMINFO_KINDS


can_view_request = sees_everything | member_of_request_organisation | forwarded_the_request

rules.add_perm("content.view_request", can_view_request)
# The object is the item (optional): KPK sends what is approved (the service says so otherwise).
rules.add_perm("content.send_item", is_kpk)
rules.add_perm("content.answer_request", manages_request_organisation)
rules.add_perm("content.prove_request", member_of_request_organisation)
rules.add_perm("content.forward_request", manages_request_organisation & request_of_diskominfo)
rules.add_perm("content.verify_proof", is_kpk)


@rules.predicate
def may_view_request_of(user, proof):
    return proof is not None and can_view_request.test(user, proof.request)


# The object is the proof: its screenshot is for whoever may see its request.
rules.add_perm("content.view_proof_screenshot", may_view_request_of)
# Corrections, withdrawals and the public feeds (branch notices) -----------------------------
#
# - KPK issues a correction or a withdrawal of an item it has sent (administrators too).
# - A confirmation is seen by KPK and by the members of the request's organisation, who alone
#   confirm it: the partner that published says it has updated or taken down its post.
# - The feeds are public: they carry only what ``public_filter`` lets anyone see.

# This section's own import, kept here so the branches of the issue merge by appending.

# The requests whose organisation holds the item: told of a correction or a withdrawal, and
# whose organisation's public feed carries it.
HELD_REQUEST_STATUSES = frozenset(
    {
        Request.Status.ACCEPTED,
        Request.Status.SCHEDULED,
        Request.Status.PUBLISHED,
        Request.Status.VERIFIED,
    }
)


def visible_confirmations(user, queryset: QuerySet | None = None) -> QuerySet:
    """The notice confirmations ``user`` may see: all for KPK, else its organisations' own."""
    queryset = NoticeConfirmation.objects.all() if queryset is None else queryset
    if user.is_authenticated and sees_everything(user):
        return queryset
    return queryset.filter(request__organisation_id__in=reach(user).organisation_ids)


@rules.predicate
def member_of_confirming_organisation(user, confirmation):
    return (
        confirmation is not None
        and confirmation.request.organisation_id in reach(user).organisation_ids
    )


rules.add_perm("content.issue_notice", is_kpk | is_administrator)
rules.add_perm("content.confirm_notice", member_of_confirming_organisation)
rules.add_perm(
    "content.view_notice_confirmation", sees_everything | member_of_confirming_organisation
)


# --- Tracking (branch `tracking`): the lists over dissemination requests. -------------------
# Which rows each list shows is decided by ``content.selectors.requests_for``; these say who may
# open the lists at all.

# A partner's inbox of requests; KPK and administrators see every request in it.
rules.add_perm("content.view_request_inbox", is_administrator | has_membership)
# An item's history and review name the people who worked on it: for the network, not the
# public that may see a public item.
rules.add_perm("content.view_item_history", sees_everything | has_membership)
# KPK's tracker of every request across partners.
rules.add_perm("content.view_request_tracker", sees_everything)
# The month view of due dates and published posts.
rules.add_perm("content.view_request_calendar", is_administrator | has_membership)
