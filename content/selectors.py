"""Reads of content used in more than one place. Each part of the issue keeps its own section."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Exists, F, Max, Min, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from partnerships.models import Organisation
from partnerships.rules import reach, sees_everything

from .models import Asset, ContentItem, Notice, NoticeConfirmation, Rendition, Request, Theme
from .rules import HELD_REQUEST_STATUSES, public_filter, visible_confirmations

# Corrections and withdrawals (branch notices) ------------------------------------------------


@dataclass
class NoticeBlock:
    """One notice as a reader sees it: the confirmation rows they may see, and the counts."""

    notice: Notice
    rows: list = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def confirmed(self) -> int:
        return sum(1 for row in self.rows if row.confirmed_at is not None)

    @property
    def waiting(self) -> list:
        """The rows still open: the partners that have not yet confirmed."""
        return [row for row in self.rows if row.confirmed_at is None]

    @property
    def done(self) -> list:
        return [row for row in self.rows if row.confirmed_at is not None]


def item_notices_context(item: ContentItem, user) -> dict:
    """The context of ``content/includes/item_notices.html`` for ``item`` as ``user`` sees it.

    KPK sees every notice with every partner's row; a partner sees only the notices that ask
    something of its own organisations, with its own rows (and counts over them); anyone else
    sees none. Two queries, whatever the number of notices and partners.
    """
    sees_all = user.is_authenticated and sees_everything(user)
    context = {
        "item": item,
        "notice_blocks": [],
        "can_issue_notice": user.has_perm("content.issue_notice", item),
    }
    if not sees_all and not reach(user).organisation_ids:
        return context
    notices = list(item.notices.select_related("issued_by", "version"))
    if not notices:
        return context
    rows = (
        visible_confirmations(user, NoticeConfirmation.objects.filter(notice__item=item))
        .select_related("request__organisation", "confirmed_by")
        .order_by("request__organisation__name", "pk")
    )
    by_notice = defaultdict(list)
    for row in rows:
        # The page offers the confirmation form on the rows this reader confirms.
        row.may_confirm = row.confirmed_at is None and user.has_perm("content.confirm_notice", row)
        by_notice[row.notice_id].append(row)
    context["notice_blocks"] = [
        NoticeBlock(notice, by_notice[notice.pk])
        for notice in notices
        if sees_all or by_notice[notice.pk]
    ]
    return context


def holders_count(item: ContentItem) -> int:
    """How many organisations hold ``item`` (a notice about it would tell them)."""
    return (
        item.requests.filter(status__in=HELD_REQUEST_STATUSES)
        .values("organisation")
        .distinct()
        .count()
    )


def unconfirmed_counts(request_ids) -> dict[int, int]:
    """How many notices each request has not yet confirmed, for every id given (0 if none).

    One query, for a page of the tracker.
    """
    request_ids = list(request_ids)
    counts = dict.fromkeys(request_ids, 0)
    if not request_ids:
        return counts
    rows = (
        NoticeConfirmation.objects.filter(request_id__in=request_ids, confirmed_at__isnull=True)
        .values("request_id")
        .order_by()
        .annotate(open=Count("pk"))
        .values_list("request_id", "open")
    )
    counts.update(rows)
    return counts


# The public feeds (branch notices) -----------------------------------------------------------

# A feed carries an organisation's latest entries only.
FEED_LIMIT = 50


def feed_organisation(organisation_pk: int) -> Organisation | None:
    """The partner organisation whose feed this is; None for an unknown, inactive or KPK one."""
    return (
        Organisation.objects.filter(pk=organisation_pk, is_active=True)
        .exclude(kind=Organisation.Kind.KPK_UNIT)
        .first()
    )


def _held_by(organisation: Organisation) -> QuerySet:
    return Request.objects.filter(
        item=OuterRef("pk"), organisation=organisation, status__in=HELD_REQUEST_STATUSES
    )


def feed_items(organisation: Organisation, now: datetime | None = None) -> list[ContentItem]:
    """The public content ``organisation`` accepted, newest first, at most FEED_LIMIT items.

    Public, approved and inside its embargo and validity window (``public_filter``), held by one
    of the organisation's requests (accepted or further). Each item carries ``published`` (when
    it became the organisation's to show: the later of its embargo's end and the moment the
    organisation accepted it), its themes, and ``thumbnail`` (the first image's thumbnail
    rendition, or None). Three queries, whatever the number of entries.
    """
    now = now or timezone.now()
    first_held = Subquery(
        _held_by(organisation)
        .order_by()
        .values("item")
        .annotate(first=Min(Coalesce("responded_at", "created_at")))
        .values("first")[:1]
    )
    items = list(
        ContentItem.objects.filter(public_filter(now))
        .filter(Exists(_held_by(organisation)))
        .annotate(held_since=first_held)
        .annotate(published=Greatest(Coalesce("not_before", "held_since"), "held_since"))
        .order_by("-published", "-pk")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("name")))[:FEED_LIMIT]
    )
    thumbnails = {}
    renditions = (
        Rendition.objects.filter(
            name=Rendition.Name.THUMBNAIL,
            asset__kind=Asset.Kind.IMAGE,
            asset__item__in=[item.pk for item in items],
        )
        .annotate(item_id=F("asset__item_id"))
        .order_by("asset__item_id", "asset__created_at", "asset__pk")
    )
    for rendition in renditions:
        thumbnails.setdefault(rendition.item_id, rendition)
    for item in items:
        item.thumbnail = thumbnails.get(item.pk)
    return items


def feed_last_modified(organisation: Organisation, now: datetime | None = None) -> datetime | None:
    """The last moment the organisation's feed changed, as far as rows tell; one query.

    Besides the entries' own changes this counts what makes an entry leave or join without a
    new one: an item the organisation holds that was changed (withdrawn, made private), whose
    embargo ended or whose validity ran out, and the organisation's latest holding request.
    """
    now = now or timezone.now()
    held = ContentItem.objects.filter(Exists(_held_by(organisation)))
    found = held.aggregate(
        changed=Max("updated_at"),
        embargo_ended=Max("not_before", filter=Q(not_before__lte=now)),
        expired=Max("not_after", filter=Q(not_after__lte=now)),
        held=Max(
            "requests__updated_at",
            filter=Q(
                requests__organisation=organisation,
                requests__status__in=HELD_REQUEST_STATUSES,
            ),
        ),
    )
    moments = [moment for moment in found.values() if moment is not None]
    return max(moments) if moments else None
