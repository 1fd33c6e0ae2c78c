"""Reads of content used in more than one place; each part of the app keeps its own section."""

# ---------------------------------------------------------------------------------------------
# Review (branch "review"): what the item page's review part shows, the submissions waiting for
# KPK, an item's versions compared, and the joint productions a target counts.
# ---------------------------------------------------------------------------------------------

import difflib
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.db.models import Max, Min, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from partnerships.models import Channel

from . import services
from .models import ContentItem, ItemComment, ItemVersion

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


def review_context(item: ContentItem, user) -> dict:
    """The context of ``content/includes/item_review.html`` for ``user`` on ``item``.

    The page including it passes this dict as ``review``. Three queries: the versions, the
    comments, and the user's permissions (cached after the first).
    """
    return {
        "item": item,
        "status_colour": STATUS_COLOURS.get(item.status, "secondary"),
        "moves": [_move(item, to) for to in services.allowed_transitions(user, item)],
        "versions": list(item.versions.select_related("created_by", "decided_by")),
        "comments": list(
            item.comments.select_related("author", "organisation", "version").order_by(
                "-created_at", "-pk"
            )
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
