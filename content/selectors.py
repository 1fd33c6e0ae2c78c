"""Reads of the content library shared by its pages, downloads and package.

What a user may see is decided by ``content.rules.visible_items``; these only shape the reads
(how few queries a page takes, what a form offers).
"""

from django.db.models import Prefetch, Q, QuerySet

from agreements.models import Agreement, ScopeItem
from agreements.rules import visible_agreements
from partnerships.models import Organisation
from partnerships.rules import is_administrator, reach, visible_organisations

from .models import Asset, ContentItem, Rendition, Theme
from .rules import visible_items

# Colours of the status badges (Bootstrap's text-bg-*), one place for every page.
STATUS_COLOURS = {
    ContentItem.Status.DRAFT: "secondary",
    ContentItem.Status.SUBMITTED: "info",
    ContentItem.Status.CHANGES_REQUESTED: "warning",
    ContentItem.Status.APPROVED: "success",
    ContentItem.Status.ARCHIVED: "dark",
}

# The icon a card shows where an item has no thumbnail, by kind (Font Awesome solid).
KIND_ICONS = {
    ContentItem.Kind.ARTICLE: "fa-newspaper",
    ContentItem.Kind.IMAGE: "fa-image",
    ContentItem.Kind.VIDEO: "fa-film",
    ContentItem.Kind.PUBLIC_SERVICE_AD: "fa-bullhorn",
    ContentItem.Kind.AUDIO: "fa-volume-high",
    ContentItem.Kind.SOCIAL_POST: "fa-hashtag",
}


def library_items(user) -> QuerySet:
    """The items ``user`` may see, newest first, with what a library card shows (3 queries)."""
    return (
        visible_items(user)
        .select_related("owner")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("name")))
        .order_by("-created_at", "-pk")
    )


def thumbnails(items) -> dict[int, int]:
    """{item id: asset id} of the first image of each item that has its thumbnail, one query.

    The card links the thumbnail through the access-checked ``content:rendition`` view, which
    needs only the two ids.
    """
    ids = [item.pk for item in items]
    if not ids:
        return {}
    rows = (
        Rendition.objects.filter(name=Rendition.Name.THUMBNAIL, asset__item_id__in=ids)
        .order_by("asset__created_at", "asset_id")
        .values_list("asset__item_id", "asset_id")
    )
    found = {}
    for item_id, asset_id in rows:
        found.setdefault(item_id, asset_id)
    return found


def item_for_page(user, pk) -> ContentItem | None:
    """The item ``pk`` with what its page shows, if ``user`` may see it; else None."""
    return (
        visible_items(
            user,
            ContentItem.objects.select_related("owner", "agreement", "scope_item", "created_by"),
        )
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.order_by("name")),
            Prefetch("co_producers", queryset=Organisation.objects.order_by("name")),
            "captions",
            Prefetch(
                "assets",
                queryset=Asset.objects.select_related("uploaded_by").prefetch_related(
                    Prefetch("renditions", queryset=Rendition.objects.order_by("name"))
                ),
            ),
        )
        .filter(pk=pk)
        .first()
    )


def visible_item(user, pk) -> ContentItem | None:
    """The item ``pk`` (with its owner), if ``user`` may see it; else None."""
    return visible_items(user, ContentItem.objects.select_related("owner")).filter(pk=pk).first()


def owner_choices(user) -> QuerySet:
    """The organisations ``user`` may make content for: KPK units for KPK people, the
    organisations they act for otherwise, every active one for administrators."""
    organisations = Organisation.objects.filter(is_active=True).order_by("name")
    if is_administrator(user):
        return organisations
    allowed = [
        organisation.pk
        for organisation in organisations.filter(pk__in=reach(user).organisation_ids)
        if user.has_perm("content.add_content_item", organisation)
    ]
    return organisations.filter(pk__in=allowed)


def co_producer_choices(user, item: ContentItem | None = None) -> QuerySet:
    """Organisations a joint production may name: KPK's units, those ``user`` may see, and the
    item's present co-producers (kept even when out of the user's sight)."""
    condition = Q(kind=Organisation.Kind.KPK_UNIT) | Q(
        pk__in=visible_organisations(user).values("pk")
    )
    if item is not None and item.pk:
        condition |= Q(pk__in=item.co_producers.values("pk"))
    return Organisation.objects.filter(condition, is_active=True).order_by("name")


def theme_choices(item: ContentItem | None = None) -> QuerySet:
    """The active themes, and those the item is already filed under."""
    condition = Q(is_active=True)
    if item is not None and item.pk:
        condition |= Q(pk__in=item.themes.values("pk"))
    return Theme.objects.filter(condition).order_by("name")


def agreement_choices(user, item: ContentItem | None = None) -> QuerySet:
    """The agreements an item may serve: those ``user`` may see, and the item's own."""
    condition = Q(pk__in=visible_agreements(user).values("pk"))
    if item is not None and item.agreement_id:
        condition |= Q(pk=item.agreement_id)
    return Agreement.objects.filter(condition).order_by("title")


def scope_item_choices(agreements: QuerySet) -> QuerySet:
    return (
        ScopeItem.objects.filter(agreement__in=agreements)
        .select_related("agreement")
        .order_by("agreement__title", "pk")
    )


def agreements_with_content(user) -> QuerySet:
    """Agreements ``user`` may see that some item serves: what the library filters by."""
    served = ContentItem.objects.filter(agreement__isnull=False).values("agreement_id")
    return visible_agreements(user).filter(pk__in=served).order_by("title")
