"""Reads of content used in more than one place; each part of the app keeps its own section."""

import calendar as calendars
import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    FilteredRelation,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Greatest, NullIf, TruncDate
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from agreements.rules import visible_agreements
from partnerships.models import Channel, Organisation
from partnerships.rules import is_administrator, reach, sees_everything, visible_organisations

from . import services
from .dissemination import request_actions
from .models import (
    Asset,
    ContentItem,
    ItemComment,
    ItemVersion,
    Notice,
    NoticeConfirmation,
    Proof,
    ReachReport,
    Rendition,
    Request,
    Theme,
)
from .rules import (
    HELD_REQUEST_STATUSES,
    public_filter,
    visible_confirmations,
    visible_items,
    visible_requests,
)

# ---------------------------------------------------------------------------------------------
# Review (branch "review"): what the item page's review part shows, the submissions waiting for
# KPK, an item's versions compared, and the joint productions a target counts.
# ---------------------------------------------------------------------------------------------


# What each move's button says, from where it starts.
TRANSITION_LABELS = {
    (ContentItem.Status.DRAFT, ContentItem.Status.SUBMITTED): _("Submit for review"),
    (ContentItem.Status.CHANGES_REQUESTED, ContentItem.Status.SUBMITTED): _(
        "Submit the revised version"
    ),
    (ContentItem.Status.SUBMITTED, ContentItem.Status.CHANGES_REQUESTED): _("Request changes"),
    (ContentItem.Status.SUBMITTED, ContentItem.Status.APPROVED): _("Approve"),
    (ContentItem.Status.DRAFT, ContentItem.Status.APPROVED): _("Approve"),
    (ContentItem.Status.DRAFT, ContentItem.Status.ARCHIVED): _("Archive"),
    (ContentItem.Status.APPROVED, ContentItem.Status.ARCHIVED): _("Archive"),
}


# The Bootstrap colour of each status's badge (text-bg-*, contrast checked by Bootstrap).
STATUS_COLOURS = {
    ContentItem.Status.DRAFT: "secondary",
    ContentItem.Status.SUBMITTED: "primary",
    ContentItem.Status.CHANGES_REQUESTED: "warning",
    ContentItem.Status.APPROVED: "success",
    ContentItem.Status.ARCHIVED: "dark",
}


@dataclass(frozen=True)
class Move:
    """A button of the review part: where it leads, what it says, and its text box, if any."""

    to: str
    label: str
    # "reason" (required or optional) for a decision or an archiving, "note" for a submission.
    text_field: str = ""
    text_label: str = ""
    text_required: bool = False


def _move(item: ContentItem, to: str) -> Move:
    label = TRANSITION_LABELS[(item.status, to)]
    if to == ContentItem.Status.SUBMITTED:
        return Move(to, label, "note", _("Note for the reviewer (optional)"))
    if to == ContentItem.Status.CHANGES_REQUESTED:
        return Move(to, label, "reason", _("What should change"), text_required=True)
    if to == ContentItem.Status.ARCHIVED:
        return Move(to, label, "reason", _("Reason for archiving (optional)"))
    return Move(to, label)


# What the review part shows of a version and of a comment: reading only these spares the
# versions' snapshots and the people's and organisations' every column. A part that shows
# another column adds it here; the item page's query-count test catches one left out.
REVIEW_VERSION_COLUMNS = (
    *("number", "note", "created_at", "decision", "decision_reason"),
    *("created_by__full_name", "created_by__email", "decided_by__full_name", "decided_by__email"),
)
REVIEW_COMMENT_COLUMNS = (
    *("body", "created_at", "author__full_name", "author__email"),
    *("organisation__name", "organisation__short_name", "version__number"),
)


def review_context(item: ContentItem, user) -> dict:
    """The context of ``content/includes/item_review.html`` for ``user`` on ``item``.

    The page including it passes this dict as ``review``. Three queries: the versions, the
    comments, and the user's permissions (cached after the first).
    """
    return {
        "item": item,
        "status_colour": STATUS_COLOURS.get(item.status, "secondary"),
        "moves": [_move(item, to) for to in services.allowed_transitions(user, item)],
        "versions": list(
            item.versions.select_related("created_by", "decided_by").only(*REVIEW_VERSION_COLUMNS)
        ),
        "comments": list(
            item.comments.select_related("author", "organisation", "version")
            .only(*REVIEW_COMMENT_COLUMNS)
            .order_by("-created_at", "-pk")
        ),
        "can_comment": user.has_perm("content.comment_item", item),
        "comment_max_length": ItemComment._meta.get_field("body").max_length,
        "reason_max_length": ItemVersion._meta.get_field("decision_reason").max_length,
    }


def submissions_to_review() -> QuerySet:
    """The items waiting for KPK's review, the longest waiting first, each with
    ``submitted_at`` (when its latest version was submitted)."""
    return (
        ContentItem.objects.filter(status=ContentItem.Status.SUBMITTED)
        .annotate(submitted_at=Max("versions__created_at"))
        .select_related("owner")
        .order_by("submitted_at", "pk")
    )


# Comparing versions.


WORDS = re.compile(r"\s+|\S+")


@dataclass(frozen=True)
class Segment:
    """A run of words of a compared text: kept (""), removed ("-") or added ("+")."""

    op: str
    text: str


@dataclass
class FieldChange:
    """One field of two versions compared: its label, and either a text diff (``segments``),
    a value before and after, or what was removed and added (lists)."""

    label: str
    segments: list[Segment] = field(default_factory=list)
    before: str = ""
    after: str = ""
    removed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)


def text_diff(old: str, new: str) -> list[Segment]:
    """``old`` to ``new`` word by word (whitespace kept), by difflib."""
    old_words = _words(old)
    new_words = _words(new)
    segments = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(Segment("", "".join(old_words[a1:a2])))
            continue
        if op in ("delete", "replace"):
            segments.append(Segment("-", "".join(old_words[a1:a2])))
        if op in ("insert", "replace"):
            segments.append(Segment("+", "".join(new_words[b1:b2])))
    return segments


def _words(text: str) -> list[str]:
    # Words and the whitespace between them, so joining the pieces gives the text back.
    return WORDS.findall(text or "")


def _moment(value) -> str:
    if not value:
        return "—"
    return date_format(timezone.localtime(datetime.fromisoformat(value)), "DATETIME_FORMAT")


def _choice(choices, value) -> str:
    return str(choices(value).label) if value in choices.values else (value or "—")


def _asset_line(asset: dict) -> str:
    return asset.get("name") or asset.get("link") or f"#{asset.get('id')}"


def compare_versions(old: ItemVersion, new: ItemVersion) -> list[FieldChange]:
    """The fields that differ from ``old``'s snapshot to ``new``'s, in the item's order."""
    a, b = old.snapshot or {}, new.snapshot or {}
    changes = []
    for name, label in (
        ("title", _("Title")),
        ("description", _("Description")),
        ("hashtags", _("Hashtags")),
    ):
        if a.get(name, "") != b.get(name, ""):
            changes.append(FieldChange(label, segments=text_diff(a.get(name, ""), b.get(name, ""))))
    for name, label, show in (
        ("kind", _("Kind"), lambda v: _choice(ContentItem.Kind, v)),
        ("language", _("Language"), lambda v: str(dict(settings.LANGUAGES).get(v, v or "—"))),
        ("not_before", _("Embargoed until"), _moment),
        ("not_after", _("Valid until"), _moment),
    ):
        if a.get(name) != b.get(name):
            changes.append(FieldChange(label, before=show(a.get(name)), after=show(b.get(name))))
    for name, label in (("themes", _("Themes")), ("co_producers", _("Co-producing organisations"))):
        before, after = set(a.get(name) or []), set(b.get(name) or [])
        if before != after:
            changes.append(
                FieldChange(label, removed=sorted(before - after), added=sorted(after - before))
            )
    before_captions, after_captions = a.get("captions") or {}, b.get("captions") or {}
    for platform in sorted(set(before_captions) | set(after_captions)):
        old_text, new_text = before_captions.get(platform, ""), after_captions.get(platform, "")
        if old_text != new_text:
            changes.append(
                FieldChange(
                    _("Caption for %(platform)s") % {"platform": _choice(Channel.Kind, platform)},
                    segments=text_diff(old_text, new_text),
                )
            )
    # An asset is the same asset by id; a file replaced is one removed and one added.
    before_assets = {_asset_key(asset): asset for asset in a.get("assets") or []}
    after_assets = {_asset_key(asset): asset for asset in b.get("assets") or []}
    if set(before_assets) != set(after_assets):
        changes.append(
            FieldChange(
                _("Files"),
                removed=[
                    _asset_line(before_assets[k]) for k in before_assets if k not in after_assets
                ],
                added=[
                    _asset_line(after_assets[k]) for k in after_assets if k not in before_assets
                ],
            )
        )
    return changes


def _asset_key(asset: dict) -> tuple:
    return (asset.get("id"), asset.get("sha256") or asset.get("link"))


# The joint productions a target counts.


def first_approvals() -> QuerySet:
    """Joint productions with ``first_approved_at``: when a version of each was first approved.

    An approved production archived later still counts: it was produced.
    """
    return (
        ContentItem.objects.filter(origin=ContentItem.Origin.JOINT)
        .annotate(
            first_approved_at=Min(
                "versions__decided_at",
                filter=Q(versions__decision=ItemVersion.Decision.APPROVED),
            )
        )
        .filter(first_approved_at__isnull=False)
    )


def approved_on(moment: datetime) -> date:
    """The day of an approval, in the project's time zone (agreements' periods are days)."""
    return timezone.localtime(moment).date()


def joint_productions(agreement_id: int, start: date, end: date) -> list[ContentItem]:
    """The joint productions under ``agreement_id`` first approved from ``start`` to ``end``
    (both included), the earliest first: the list the JOINT_PRODUCTIONS target counts."""
    items = first_approvals().filter(agreement_id=agreement_id).order_by("first_approved_at", "pk")
    return [item for item in items if start <= approved_on(item.first_approved_at) <= end]


# ---------------------------------------------------------------------------------------------
# Library (branch "library"): the library's cards, the item page's reads, and what the item
# form offers.
#
# Imported here, below the review's code, so that this section merges as one block.
# ---------------------------------------------------------------------------------------------


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
            ContentItem.objects.select_related("owner", "agreement", "scope_item"),
        )
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.order_by("name")),
            Prefetch("co_producers", queryset=Organisation.objects.order_by("name")),
            "captions",
            Prefetch(
                "assets",
                queryset=Asset.objects.prefetch_related(
                    Prefetch("renditions", queryset=Rendition.objects.order_by("name"))
                ),
            ),
        )
        .filter(pk=pk)
        # One row by its id: the items' order (newest first) only cost building it, 0.2 ms.
        .order_by()
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


def agreements_with_content(user) -> QuerySet:
    """Agreements ``user`` may see that some item serves: what the library filters by."""
    served = ContentItem.objects.filter(agreement__isnull=False).values("agreement_id")
    return visible_agreements(user).filter(pk__in=served).order_by("title")


# --- Dissemination requests ("nitip konten"), proofs and reach (dissem branch) --------------


# The item page lists this many of its requests (newest first); the tracker has the rest.
ITEM_REQUESTS_SHOWN = 50
REACH_FIELDS = ("views", "reach", "likes", "shares", "comments")


@dataclass
class Reach:
    views: int = 0
    reach: int = 0
    likes: int = 0
    shares: int = 0
    comments: int = 0


@dataclass
class ItemRequests:
    requests: list
    total: int
    status_counts: list = field(default_factory=list)
    reach: Reach = field(default_factory=Reach)
    can_send: bool = False

    @property
    def more(self) -> int:
        return self.total - len(self.requests)


# What a row of the item page's requests shows (``content_tags.item_requests``): the request's
# own columns, and the names it shows read beside them rather than as the organisations' and
# people's models (building four models a row took 1 ms of CPU for 50 rows).
ITEM_REQUEST_COLUMNS = ("status", "due_on", "scheduled_for", "forwarded_from_id", "assignee_id")
ITEM_REQUEST_NAMES = {
    "organisation_name": F("organisation__name"),
    # What Organisation.display_name says: the short name, else the name.
    "forwarded_by": Coalesce(
        NullIf("forwarded_from__organisation__short_name", Value("")),
        "forwarded_from__organisation__name",
    ),
    # What str(User) says: the full name, else the e-mail address.
    "assignee_name": Coalesce(
        NullIf("assignee__full_name", Value("")), "assignee__email", output_field=CharField()
    ),
}


def item_requests_context(item: ContentItem, user) -> dict:
    """The item page's requests part, for ``content/includes/item_requests.html``.

    The requests of ``item`` that ``user`` may see (the newest ITEM_REQUESTS_SHOWN, each with
    ``proof_count`` and the names it shows: ``organisation_name``, ``forwarded_by`` and
    ``assignee_name``), how many there are by status, and their total reach: the sum of their
    proofs' latest figures (returned proofs left out). Two queries.
    """
    requests = visible_requests(user, Request.objects.filter(item=item))
    # The counts and the reach in one pass over the requests and their standing proofs (joined
    # without the returned ones): a request with two proofs is two rows, so it is counted once by
    # its id.
    by_status = {
        row["status"]: row
        for row in requests.order_by()
        .annotate(
            standing=FilteredRelation("proofs", condition=~Q(proofs__status=Proof.Status.RETURNED))
        )
        .values("status")
        .annotate(
            count=Count("pk", distinct=True),
            **{name: Sum(f"standing__{name}") for name in REACH_FIELDS},
        )
    }
    # The newest ids first, then only those rows joined and their proofs counted: joining and
    # grouping first made PostgreSQL count the proofs of all 1,672 requests of a busy item to
    # keep 50 (28 ms against 2).
    newest = requests.order_by("-created_at", "-pk").values("pk")[:ITEM_REQUESTS_SHOWN]
    shown = list(
        Request.objects.filter(pk__in=newest)
        .only(*ITEM_REQUEST_COLUMNS)
        .annotate(proof_count=Count("proofs"), **ITEM_REQUEST_NAMES)
        .order_by("-created_at", "-pk")
    )
    return {
        "item_requests": ItemRequests(
            requests=shown,
            total=sum(row["count"] for row in by_status.values()),
            status_counts=[
                (status, label, by_status[status]["count"])
                for status, label in Request.Status.choices
                if status in by_status
            ],
            reach=Reach(
                **{name: sum(row[name] or 0 for row in by_status.values()) for name in REACH_FIELDS}
            ),
            can_send=item.status == ContentItem.Status.APPROVED
            and user.has_perm("content.send_item", item),
        )
    }


def request_page(request_id: int, user):
    """The request ``user`` may see, with everything its page shows, else None.

    The forward chain (where it came from, where it went, each with its status), its proofs by
    channel with their reach history, newest first.
    """
    found = (
        visible_requests(user)
        .select_related(
            "item__owner",
            "organisation",
            "dispatch__sent_by",
            "assignee",
            "responded_by",
            "forwarded_from__organisation",
        )
        .prefetch_related(
            Prefetch(
                "forwards",
                queryset=Request.objects.select_related("organisation", "assignee").order_by(
                    "organisation__name"
                ),
            ),
            Prefetch(
                "proofs",
                queryset=Proof.objects.select_related(
                    "channel", "submitted_by", "reviewed_by"
                ).prefetch_related(
                    Prefetch(
                        "reach_reports",
                        queryset=ReachReport.objects.select_related("reported_by"),
                    )
                ),
            ),
        )
        .filter(pk=request_id)
        .first()
    )
    return found


def request_page_context(found: Request, user) -> dict:
    """What the request page shows ``user`` besides the request: the allowed forms' choices."""
    actions = request_actions(user, found)
    outlets = Organisation.objects.none()
    if actions.forward:
        # The press partners that do not have this dispatch's request yet.
        already = Request.objects.filter(dispatch_id=found.dispatch_id).values("organisation_id")
        outlets = (
            Organisation.objects.filter(
                press_partner_of__organisation_id=found.organisation_id, is_active=True
            )
            .exclude(pk__in=already)
            .order_by("name")
        )
    channels = []
    if actions.prove:
        channels = list(found.organisation.channels.filter(is_active=True).order_by("kind", "name"))
    proofs = list(found.proofs.all())
    return {
        "req": found,
        "actions": actions,
        "outlets": outlets,
        "channels": channels,
        "proofs": proofs,
        "reach": Reach(
            **{
                name: sum(getattr(p, name) for p in proofs if p.status != Proof.Status.RETURNED)
                for name in REACH_FIELDS
            }
        ),
        "overdue": found.is_overdue(),
        "reach_fields": [
            (name, Proof._meta.get_field(name).verbose_name.capitalize()) for name in REACH_FIELDS
        ],
        "platforms": [
            Channel.Kind(code).label
            for code in found.dispatch.platforms or ()
            if code in Channel.Kind.values
        ],
        "forwarded_from_visible": found.forwarded_from_id is not None
        and user.has_perm("content.view_request", found.forwarded_from),
    }


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


# What the item page shows of a notice: its version's number, not its snapshot; who issued it,
# by name. The item page's query-count test catches a column left out.
NOTICE_COLUMNS = (
    *("item_id", "kind", "reason", "issued_at", "version__number"),
    *("issued_by__full_name", "issued_by__email"),
)


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
    notices = list(item.notices.select_related("issued_by", "version").only(*NOTICE_COLUMNS))
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


# --- Tracking (branch `tracking`): who sees which dissemination requests, overdue, the lists'
# --- and the calendar's reads. ------------------------------------------------------------


# "Due soon" in the partner inbox: open and due within this many days (today included).
DUE_SOON_DAYS = 7


def requests_for(user, queryset: QuerySet | None = None) -> QuerySet:
    """The dissemination requests ``user`` may see: the lists ask the same rule as the request
    page (``content.rules.visible_requests``)."""
    return visible_requests(user, queryset)


def inbox_requests(user) -> QuerySet:
    """The requests addressed to the organisations ``user`` acts for (every request for KPK);
    forwards to press partners are followed on the request's page, not worked from the inbox."""
    requests = visible_requests(user)
    if not sees_everything(user):
        requests = requests.filter(organisation_id__in=reach(user).organisation_ids)
    return requests


def overdue_filter(today: date | None = None) -> Q:
    """Requests still owed by the partner whose due date has passed (in the site's time zone).

    The one definition of overdue for querysets; ``Request.is_overdue`` is its twin for a row.
    """
    today = today or timezone.localdate()
    return Q(status__in=Request.Status.open(), due_on__lt=today)


def due_soon_filter(today: date | None = None) -> Q:
    today = today or timezone.localdate()
    return Q(
        status__in=Request.Status.open(),
        due_on__gte=today,
        due_on__lte=today + timedelta(days=DUE_SOON_DAYS),
    )


def waiting_filter(user) -> Q:
    """What waits for ``user``: new requests of their organisations, and what is assigned to
    them and still open."""
    return Q(organisation_id__in=reach(user).organisation_ids, status=Request.Status.REQUESTED) | Q(
        assignee_id=user.pk, status__in=Request.Status.open()
    )


# The columns a list row reads of a request and what it joins (``for_rows``): reading only these
# spares building the items' descriptions and the organisations' and people's every column, a
# third of the rows query's time (4.2 ms of CPU for 50 rows against 2.7). A row that shows
# another column adds it here; the lists' query-count tests catch one left out.
ROW_COLUMNS = (
    *("status", "due_on", "scheduled_for", "created_at", "item_id", "organisation_id"),
    *("forwarded_from_id", "assignee_id", "dispatch_id"),
    *("item__title", "item__kind"),
    *("organisation__name", "organisation__short_name", "organisation__province__name"),
    *("assignee__full_name", "assignee__email"),
    *("forwarded_from__organisation_id", "forwarded_from__organisation__name"),
    "forwarded_from__organisation__short_name",
)


def for_rows(queryset: QuerySet) -> QuerySet:
    """What a list row shows of a request, joined in the same query."""
    return queryset.select_related(
        "item", "organisation__province", "assignee", "forwarded_from__organisation"
    ).only(*ROW_COLUMNS)


def proof_totals(request_ids) -> dict[int, dict]:
    """{request id: {"proofs": n, "reach": latest total reach}} for the given requests (one
    query). Each proof keeps its latest reach figures; a request's reach is their sum."""
    rows = (
        Proof.objects.filter(request_id__in=list(request_ids))
        .order_by()
        .values("request_id")
        .annotate(proofs=Count("pk"), reach=Sum("reach"))
    )
    return {row["request_id"]: {"proofs": row["proofs"], "reach": row["reach"]} for row in rows}


# Counting a list of 500,000 requests costs more than showing its first page: the lists count
# at most this many rows and say "more than" beyond it (see CappedPaginator).
COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """A paginator that counts at most ``cap`` rows (``SELECT COUNT(*) FROM (… LIMIT cap+1)``).

    An exact count of every request takes PostgreSQL a scan of the whole index on each page
    view; nobody reads page 201 of a list. Past the cap the list says "more than 10,000" and
    offers its first ``cap / per_page`` pages: filter to see the rest.
    """

    def __init__(self, object_list, per_page, cap: int = COUNT_CAP, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def found(self) -> int:
        # Counted unordered: kept, the list's order made PostgreSQL walk the due-date index and
        # filter 130,000 rows to count the 10,001 of a title search (25 ms), where the item
        # index counts them (3 ms).
        return self.object_list.order_by()[: self.cap + 1].count()

    @cached_property
    def capped(self) -> bool:
        return self.found > self.cap

    @cached_property
    def count(self) -> int:
        return min(self.found, self.cap)


@dataclass
class Entry:
    """One line of a calendar day: an item, with how many requests or posts it stands for."""

    item_id: int
    title: str
    kind: str  # "due", "scheduled" or "published"
    count: int
    overdue: bool = False
    url: str = ""  # the list of its requests that day (set by the page)


@dataclass
class Day:
    day: date
    in_month: bool
    entries: list = field(default_factory=list)
    more_due: int = 0
    more_scheduled: int = 0
    more_published: int = 0
    due_url: str = ""  # the lists of that day (set by the page)
    scheduled_url: str = ""
    published_url: str = ""

    @property
    def empty(self) -> bool:
        return not (self.entries or self.more_due or self.more_scheduled or self.more_published)


# KPK's national aggregates (every partner's overdue requests, a month of every request and
# post) are the same for every KPK person and take PostgreSQL 100-250 ms at 500,000 requests:
# they are kept this long in the cache, so a figure may be up to five minutes old.
NATIONAL_CACHE_SECONDS = 300


def national_cached(key: str, compute):
    """``compute()``, kept under ``key`` for NATIONAL_CACHE_SECONDS (for KPK's national views)."""
    return cache.get_or_set(f"content:{key}", compute, NATIONAL_CACHE_SECONDS)


# A calendar day shows this many entries; the rest are "+N more", a link to the list.
DAY_ENTRIES = 3


def month_bounds(year: int, month: int) -> tuple[date, date]:
    last = calendars.monthrange(year, month)[1]
    return date(year, month, 1), date(year, month, last)


def calendar_weeks(requests: QuerySet, year: int, month: int, today: date) -> list[list[Day]]:
    """The weeks (Monday first) of ``month``, each day with the items due, scheduled and
    published on it.

    ``requests`` is what the user may see, already filtered. Three grouped queries whatever the
    number of requests: due dates by (day, item), planned posts of scheduled requests by (local
    day of ``scheduled_for``, item), and posts by (local publication day, item), so an item sent
    to 552 organisations on one date is one line ("552").
    """
    first, last = month_bounds(year, month)
    # Grouped by ids only (the titles come after, for the few items shown): sorting and grouping
    # 30,000 requests of a national month by title spilled to disk.
    due = list(
        requests.filter(due_on__gte=first, due_on__lte=last)
        .order_by()
        .values_list("due_on", "item_id")
        .annotate(count=Count("pk"), overdue=Count("pk", filter=overdue_filter(today)))
    )
    # Bounds as moments, so the index on the publication time serves; the day in the site's zone.
    zone = ZoneInfo(settings.TIME_ZONE)
    start = datetime.combine(first, time.min, tzinfo=zone)
    end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone)
    # Only what is still planned: a published request's plan gave way to its post.
    scheduled = list(
        requests.filter(
            status=Request.Status.SCHEDULED, scheduled_for__gte=start, scheduled_for__lt=end
        )
        .annotate(day=TruncDate("scheduled_for", tzinfo=zone))
        .order_by()
        .values_list("day", "item_id")
        .annotate(count=Count("pk"))
    )
    published = list(
        requests.filter(proofs__published_at__gte=start, proofs__published_at__lt=end)
        .annotate(day=TruncDate("proofs__published_at", tzinfo=zone))
        .order_by()
        .values_list("day", "item_id")
        .annotate(count=Count("proofs"))
    )
    titles = dict(
        ContentItem.objects.filter(
            pk__in={item for _day, item, *_counts in due}
            | {item for _day, item, _n in scheduled}
            | {item for _day, item, _n in published}
        ).values_list("pk", "title")
    )
    days: dict[date, Day] = {}
    for week in calendars.Calendar(firstweekday=0).monthdatescalendar(year, month):
        for day in week:
            days[day] = Day(day=day, in_month=day.month == month)
    for day, item, count, overdue in sorted(due, key=lambda row: (row[0], titles[row[1]], row[1])):
        cell = days[day]
        if len(cell.entries) < DAY_ENTRIES:
            cell.entries.append(Entry(item, titles[item], "due", count, overdue > 0))
        else:
            cell.more_due += 1
    for kind, rows in (("scheduled", scheduled), ("published", published)):
        for day, item, count in sorted(rows, key=lambda row: (row[0], titles[row[1]], row[1])):
            cell = days.get(day)
            if cell is None:
                continue
            if len(cell.entries) < DAY_ENTRIES:
                cell.entries.append(Entry(item, titles[item], kind, count))
            elif kind == "scheduled":
                cell.more_scheduled += 1
            else:
                cell.more_published += 1
    ordered = list(days.values())
    return [ordered[start : start + 7] for start in range(0, len(ordered), 7)]
