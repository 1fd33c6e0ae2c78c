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

from partnerships.rules import has_membership, is_administrator, is_kpk, reach, sees_everything

from .models import ContentItem

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


# --- Tracking (branch `tracking`): the lists over dissemination requests. -------------------
# Which rows each list shows is decided by ``content.selectors.requests_for``; these say who may
# open the lists at all.

# A partner's inbox of requests; KPK and administrators see every request in it.
rules.add_perm("content.view_request_inbox", is_administrator | has_membership)
# KPK's tracker of every request across partners.
rules.add_perm("content.view_request_tracker", sees_everything)
# The month view of due dates and published posts.
rules.add_perm("content.view_request_calendar", is_administrator | has_membership)
