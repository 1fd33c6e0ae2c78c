"""Every write to the content library: items, their captions, assets and renditions.

Each function checks the permission, validates, writes inside one transaction and records an
audit entry on the item. A refused write stores nothing: no row, no file. The status is set only
at creation (a draft); the review workflow will be its one door.
"""

import io
import logging
from collections import defaultdict
from datetime import date, timedelta
from itertools import batched

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image

from audit.services import diff, log
from common import images
from common.files import original_name, sha256_of
from common.tasks import queue_on_commit
from common.text import shorten
from notifications.services import Link, notify
from partnerships.models import KPK_ROLES, MANAGER_ROLES, Channel, Membership, Organisation
from partnerships.rules import reach
from partnerships.selectors import managers_of_filter

from . import uploads
from .audit_actions import Action, NoticeAction, ReviewAction
from .models import (
    Asset,
    Caption,
    ContentItem,
    ItemComment,
    ItemVersion,
    Notice,
    NoticeConfirmation,
    Rendition,
    Request,
    Theme,
)
from .notification_kinds import (
    CONTENT_CORRECTED,
    CONTENT_WITHDRAWN,
    ITEM_COMMENTED,
    ITEM_REVIEWED,
    ITEM_SUBMITTED,
    NOTICE_CONFIRMED,
    REQUEST_DUE_SOON,
    REQUEST_OVERDUE,
)
from .rules import HELD_REQUEST_STATUSES, can_view_item

logger = logging.getLogger(__name__)

# What update_item may change; the owner is who made the item and stays so.
ITEM_FIELDS = (
    "title",
    "kind",
    "description",
    "hashtags",
    "language",
    "not_before",
    "not_after",
    "origin",
    "agreement",
    "scope_item",
    "is_public",
)
RELATED_FIELDS = ("themes", "co_producers")


def save_theme(theme: Theme, *, by) -> Theme:
    """Create or change a theme of the managed list, recording which fields changed."""
    if not by.has_perm("content.manage_themes"):
        raise PermissionDenied
    theme.full_clean()
    with transaction.atomic():
        before = Theme.objects.select_for_update().get(pk=theme.pk) if theme.pk else None
        theme.save()
        changes = diff(before, theme)
        if before is None:
            log(theme, Action.THEME_CREATED, by=by, changes=changes)
        elif changes:
            log(theme, Action.THEME_CHANGED, by=by, changes=changes)
    return theme


def item_problems(item: ContentItem, *, co_producers) -> dict[str, list[str]]:
    """Every reason ``item`` (with these co-producers) cannot be saved, by field; empty if none."""
    try:
        item.full_clean(exclude=["created_by"], validate_constraints=False)
        problems = {}
    except ValidationError as error:
        problems = error.message_dict
    co_producer_ids = {organisation.pk for organisation in co_producers}
    owner = item.owner if item.owner_id else None
    origin_problem = None
    if owner is not None and item.origin == ContentItem.Origin.KPK and not owner.is_kpk:
        origin_problem = _("Content of KPK origin is owned by a KPK unit.")
    elif owner is not None and item.origin == ContentItem.Origin.PARTNER and owner.is_kpk:
        origin_problem = _("A partner's content is owned by the partner, not by a KPK unit.")
    if origin_problem:
        problems.setdefault("origin", []).append(origin_problem)
    if item.origin == ContentItem.Origin.JOINT:
        if not co_producer_ids - {item.owner_id}:
            problems.setdefault("co_producers", []).append(
                _("Name the organisations that produce it together with the owner.")
            )
    elif co_producer_ids:
        problems.setdefault("co_producers", []).append(
            _("Only a joint production has co-producing organisations.")
        )
    return problems


def create_item(
    *,
    owner,
    origin: str,
    title: str,
    kind: str,
    by,
    themes=(),
    co_producers=(),
    captions: dict[str, str] | None = None,
    **fields,
) -> ContentItem:
    """A new draft item owned by ``owner``, with its themes, co-producers and captions.

    ``fields`` are the other ``ITEM_FIELDS``. Raises PermissionDenied unless ``by`` may make
    content for ``owner``, ValidationError (by field) for every problem at once.
    """
    if not by.has_perm("content.add_content_item", owner):
        raise PermissionDenied
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise TypeError(f"create_item() got unexpected fields: {sorted(unknown)}")
    item = ContentItem(owner=owner, origin=origin, title=title, kind=kind, created_by=by, **fields)
    co_producers = list(co_producers)
    problems = item_problems(item, co_producers=co_producers)
    problems.update(_caption_problems(captions or {}))
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        item.save()
        item.themes.set(themes)
        item.co_producers.set(co_producers)
        Caption.objects.bulk_create(
            Caption(item=item, platform=platform, text=text)
            for platform, text in (captions or {}).items()
            if text
        )
        changes = diff(None, item)
        changes.update(_related_values(item, before=None))
        if captions:
            changes["captions"] = sorted(platform for platform, text in captions.items() if text)
        log(item, Action.ITEM_CREATED, by=by, changes=changes)
    return item


def update_item(item: ContentItem, *, by, **changes) -> ContentItem:
    """Change ``item``'s details (``ITEM_FIELDS``, ``themes``, ``co_producers``), audited.

    Raises PermissionDenied unless ``by`` may change the item (asked again under its row lock),
    ValidationError (by field) for every problem at once. Nothing is logged when nothing changed.
    """
    unknown = set(changes) - set(ITEM_FIELDS) - set(RELATED_FIELDS)
    if unknown:
        raise TypeError(f"update_item() got unexpected fields: {sorted(unknown)}")
    with transaction.atomic():
        item = ContentItem.objects.select_for_update().select_related("owner").get(pk=item.pk)
        if not by.has_perm("content.change_content_item", item):
            raise PermissionDenied
        before = ContentItem.objects.select_related("owner").get(pk=item.pk)
        before_related = _related_values(item, before=None)
        for name in ITEM_FIELDS:
            if name in changes:
                setattr(item, name, changes[name])
        co_producers = list(changes.get("co_producers", item.co_producers.all()))
        problems = item_problems(item, co_producers=co_producers)
        if problems:
            raise ValidationError(problems)
        field_changes = diff(before, item, fields=list(ITEM_FIELDS))
        if field_changes:
            item.save(update_fields=[*field_changes, "updated_at"])
        for name in RELATED_FIELDS:
            if name in changes:
                getattr(item, name).set(changes[name])
        after_related = _related_values(item, before=None)
        field_changes.update(
            {
                name: [before_related[name][1], after_related[name][1]]
                for name in RELATED_FIELDS
                if before_related[name][1] != after_related[name][1]
            }
        )
        if field_changes:
            log(item, Action.ITEM_CHANGED, by=by, changes=field_changes)
    return item


def set_captions(item: ContentItem, captions: dict[str, str], *, by) -> ContentItem:
    """Set the captions of the platforms named in ``captions`` ({platform: text}), audited.

    An empty text removes that platform's caption; platforms not named are left as they are.
    """
    problems = _caption_problems(captions)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        item = ContentItem.objects.select_for_update().select_related("owner").get(pk=item.pk)
        if not by.has_perm("content.change_content_item", item):
            raise PermissionDenied
        current = dict(item.captions.values_list("platform", "text"))
        changes = {
            platform: [current.get(platform, ""), text or ""]
            for platform, text in sorted(captions.items())
            if current.get(platform, "") != (text or "")
        }
        if not changes:
            return item
        item.captions.filter(
            platform__in=[p for p, (_old, new) in changes.items() if not new]
        ).delete()
        for platform, (_old, text) in changes.items():
            if text:
                Caption.objects.update_or_create(
                    item=item, platform=platform, defaults={"text": text}
                )
        log(item, Action.CAPTIONS_CHANGED, by=by, changes=changes)
    return item


def _caption_problems(captions: dict[str, str]) -> dict[str, list[str]]:
    limit = Caption._meta.get_field("text").max_length
    problems = []
    for platform, text in captions.items():
        if platform not in Channel.Kind.values:
            problems.append(_("“%(platform)s” is not a platform.") % {"platform": platform})
        elif len(text or "") > limit:
            problems.append(
                _("The %(platform)s caption is longer than %(max)s characters.")
                % {"platform": Channel.Kind(platform).label, "max": limit}
            )
    return {"captions": problems} if problems else {}


def _related_values(item: ContentItem, *, before) -> dict[str, list]:
    # Names, sorted, so the entry reads the same after a theme or organisation is renamed.
    return {
        "themes": [before, sorted(theme.name for theme in item.themes.all())],
        "co_producers": [before, sorted(org.name for org in item.co_producers.all())],
    }


def add_asset(item: ContentItem, *, by, file=None, external_url: str = "") -> Asset:
    """Add a file (recognised by content; an image kept re-encoded) or a video link to ``item``.

    Raises PermissionDenied unless ``by`` may add assets to the item, ValidationError when both
    or neither of file and link are given, the link is not an https URL, or the file is refused
    (``uploads.accept_upload``). Nothing is stored then. An image's renditions are made by a task
    queued once the transaction commits.
    """
    if not by.has_perm("content.add_asset", item):
        raise PermissionDenied
    if bool(file) == bool(external_url):
        raise ValidationError(
            _("Give either a file or a video link, not both."), code="file_or_link"
        )
    if external_url:
        URLValidator(schemes=["https"], message=_("Enter a video link that starts with https://."))(
            external_url
        )
        asset = Asset(kind=Asset.Kind.VIDEO, external_url=external_url, uploaded_by=by)
        accepted = None
    else:
        accepted = uploads.accept_upload(file)
        limit = Asset._meta.get_field("original_name").max_length
        asset = Asset(
            kind=accepted.kind,
            original_name=original_name(file.name, limit=limit, default="file"),
            content_type=accepted.content_type,
            size=accepted.file.size,
            sha256=sha256_of(accepted.file),
            width=accepted.width,
            height=accepted.height,
            uploaded_by=by,
        )
    try:
        with transaction.atomic():
            item = ContentItem.objects.select_for_update().select_related("owner").get(pk=item.pk)
            if not by.has_perm("content.add_asset", item):
                raise PermissionDenied
            asset.item = item
            if accepted is not None:
                # upload_to generates the stored name; the extension is the content's own.
                asset.file.save(f"file{accepted.extension}", accepted.file, save=False)
            asset.save()
            log(
                item,
                Action.ASSET_ADDED,
                by=by,
                changes={
                    "asset": asset.pk,
                    "asset_kind": asset.kind,
                    "name": asset.original_name or asset.external_url,
                },
            )
            if asset.kind == Asset.Kind.IMAGE:
                _queue_renditions(asset.pk)
    except BaseException:
        # The row was rolled back; the file already written must not outlive it.
        if asset.file.name:
            asset.file.storage.delete(asset.file.name)
        raise
    return asset


def _queue_renditions(asset_id: int) -> None:
    from .tasks import make_renditions  # the task calls this module

    def unqueued(index: int, error: Exception) -> None:
        # The upload is saved; the image stays without its sizes until make_renditions runs
        # for it again.
        logger.error(
            "Could not queue the renditions of asset %s. %s: %s",
            asset_id,
            type(error).__name__,
            error,
        )

    queue_on_commit(make_renditions, [[asset_id]], unqueued=unqueued)


def remove_asset(asset: Asset, *, by) -> None:
    """Delete ``asset``, its renditions and their files (once the deletion commits), audited."""
    with transaction.atomic():
        item = ContentItem.objects.select_for_update().select_related("owner").get(pk=asset.item_id)
        if not by.has_perm("content.remove_asset", item):
            raise PermissionDenied
        asset = Asset.objects.get(pk=asset.pk, item=item)
        names = [asset.file.name, *asset.renditions.values_list("file", flat=True)]
        log(
            item,
            Action.ASSET_REMOVED,
            by=by,
            changes={
                "asset": asset.pk,
                "asset_kind": asset.kind,
                "name": asset.original_name or asset.external_url,
            },
        )
        asset.delete()
        storage = asset.file.storage
        transaction.on_commit(lambda: _delete_files(storage, [name for name in names if name]))


def _delete_files(storage, names: list[str]) -> None:
    for name in names:
        storage.delete(name)


def make_renditions(asset_id: int) -> list[Rendition]:
    """The thumbnail and platform sizes of an image asset, made once.

    Idempotent: an asset that has all its renditions, is gone, or is not an image is left as it
    is. A run that fails leaves no files behind.
    """
    asset = Asset.objects.filter(pk=asset_id, kind=Asset.Kind.IMAGE).exclude(file="").first()
    if asset is None:
        return []
    if asset.renditions.count() == len(Rendition.Name.values):
        return list(asset.renditions.all())
    with asset.file.open("rb") as stored:
        made = images.derivatives(stored)
    written = []
    try:
        with transaction.atomic():
            # The asset's row lock keeps two runs from making the same renditions twice.
            Asset.objects.select_for_update().filter(pk=asset.pk).first()
            existing = set(asset.renditions.values_list("name", flat=True))
            renditions = []
            for filename, content in made.items():
                name, _dot, extension = filename.partition(".")
                if name in existing:
                    continue
                rendition = Rendition(asset=asset, name=name, size=len(content))
                rendition.width, rendition.height = _size_of(content)
                rendition.content_type = "image/png" if extension == "png" else "image/jpeg"
                rendition.file.save(filename, ContentFile(content), save=False)
                written.append(rendition.file.name)
                renditions.append(rendition)
            Rendition.objects.bulk_create(renditions)
    except BaseException:
        for name in written:
            asset.file.storage.delete(name)
        raise
    return list(asset.renditions.all())


def _size_of(content: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(content)) as image:
        return image.size


# The library pages (branch "library"): recovering the renditions a lost task never made.


def queue_missing_renditions(*, before) -> int:
    """Queue ``make_renditions`` again for every image asset uploaded before ``before`` that has
    fewer renditions than ``Rendition.Name`` lists (its task was lost, or failed); how many.

    Safe to repeat: the task makes only the renditions an asset lacks.
    """
    from django.db.models import Count  # imported here: this section is appended to the module

    from .tasks import make_renditions

    ids = list(
        Asset.objects.filter(kind=Asset.Kind.IMAGE, created_at__lt=before)
        .exclude(file="")
        .annotate(made=Count("renditions"))
        .filter(made__lt=len(Rendition.Name.values))
        .order_by("pk")
        .values_list("pk", flat=True)
    )

    def unqueued(index: int, error: Exception) -> None:
        logger.error(
            "Could not queue the renditions of %s assets. %s: %s",
            len(ids) - index,
            type(error).__name__,
            error,
        )

    queue_on_commit(make_renditions, [[asset_id] for asset_id in ids], unqueued=unqueued)
    return len(ids)


# ---------------------------------------------------------------------------------------------
# Review (branch "review"): the one door of an item's status, its versions and its discussion.
#
# - ``transition(item, to, *, by, reason="", note="") -> ContentItem``: the only code that
#   changes ``ContentItem.status``, by the table REVIEW_TRANSITIONS.
# - ``allowed_transitions(user, item) -> list[str]``: the moves to offer as buttons.
# - ``add_comment(item, *, body, by) -> ItemComment``.
# - ``can_be_disseminated(item) -> bool`` and ``disseminable_filter()``: only approved content,
#   within its validity, is sent to partners.
# - ``snapshot_of(item) -> dict``: what a version keeps of the item.
#
# Imported here, below the library's code, so that this section merges as one block.
# ---------------------------------------------------------------------------------------------


ReviewStatus = ContentItem.Status

# The one table of allowed moves: (from, to) -> the permission the acting user needs on the item.
# A partner's item (or a joint production a partner leads) is submitted by its owner's members
# and judged by KPK; KPK's own items (and the joint productions KPK leads) are approved by KPK
# directly. Nothing leaves "archived".
REVIEW_TRANSITIONS = {
    (ReviewStatus.DRAFT, ReviewStatus.SUBMITTED): "content.submit_item",
    (ReviewStatus.CHANGES_REQUESTED, ReviewStatus.SUBMITTED): "content.submit_item",
    (ReviewStatus.SUBMITTED, ReviewStatus.CHANGES_REQUESTED): "content.review_item",
    (ReviewStatus.SUBMITTED, ReviewStatus.APPROVED): "content.review_item",
    (ReviewStatus.DRAFT, ReviewStatus.APPROVED): "content.approve_own_item",
    (ReviewStatus.DRAFT, ReviewStatus.ARCHIVED): "content.archive_item",
    (ReviewStatus.APPROVED, ReviewStatus.ARCHIVED): "content.archive_item",
}
# The moves that keep the item as it is now in a new version: every state a reviewer judges,
# and every approved state, is a version.
VERSIONED_MOVES = frozenset(
    {
        (ReviewStatus.DRAFT, ReviewStatus.SUBMITTED),
        (ReviewStatus.CHANGES_REQUESTED, ReviewStatus.SUBMITTED),
        (ReviewStatus.DRAFT, ReviewStatus.APPROVED),
    }
)
# A comment's excerpt in a notification.
COMMENT_EXCERPT_LENGTH = 140


class ReviewError(ValidationError):
    """A refused move or comment; ``messages`` say why in the user's language."""


def can_be_disseminated(item: ContentItem, *, now=None) -> bool:
    """Whether KPK may send ``item`` to partners: approved, and not past its validity.

    The embargo does not stop a sending (partners schedule the post after it); the validity
    does (a partner could no longer publish it).
    """
    now = now or timezone.now()
    return item.status == ReviewStatus.APPROVED and (item.not_after is None or item.not_after > now)


def disseminable_filter(now=None) -> Q:
    """``can_be_disseminated`` as a filter on ContentItem, for pickers and bulk checks."""
    now = now or timezone.now()
    return Q(status=ReviewStatus.APPROVED) & (Q(not_after__isnull=True) | Q(not_after__gt=now))


def snapshot_of(item: ContentItem) -> dict:
    """What a version keeps of ``item``: its text, themes, co-producers, captions and assets.

    Names rather than ids for themes and organisations, so an old version reads as it was
    judged; each asset keeps its id, name, kind and digest (or its link).
    """
    return {
        "title": item.title,
        "kind": item.kind,
        "description": item.description,
        "hashtags": item.hashtags,
        "language": item.language,
        "not_before": item.not_before.isoformat() if item.not_before else None,
        "not_after": item.not_after.isoformat() if item.not_after else None,
        "themes": sorted(item.themes.values_list("name", flat=True)),
        "co_producers": sorted(item.co_producers.values_list("name", flat=True)),
        "captions": dict(item.captions.order_by("platform").values_list("platform", "text")),
        "assets": [
            {
                "id": asset.pk,
                "name": asset.original_name or asset.external_url,
                "kind": asset.kind,
                "sha256": asset.sha256,
                "link": asset.external_url,
            }
            for asset in item.assets.order_by("created_at", "pk")
        ],
    }


def allowed_transitions(user, item: ContentItem) -> list[str]:
    """The statuses ``user`` may move ``item`` to now, for the review's buttons.

    By the table and the permissions; ``transition`` may still refuse (and say why), e.g. an
    item submitted with neither a file nor a description.
    """
    return [
        to
        for (source, to), permission in REVIEW_TRANSITIONS.items()
        if source == item.status
        and not _owner_problems(item, to)
        and user.has_perm(permission, item)
    ]


def submission_problems(item: ContentItem) -> list[str]:
    """Why ``item`` cannot be submitted (or approved) as it is; empty if it can.

    A reviewer needs something to judge: at least one file or video link, or a description
    (an article may be text only).
    """
    if item.description.strip() or item.assets.exists():
        return []
    return [_("Add a file or a description before sending the item for review.")]


def _owner_problems(item: ContentItem, to: str) -> list[str]:
    """Why the owner's kind rules out the move, whoever asks (administrators included): KPK's
    own items are approved directly, a partner's are submitted and reviewed first."""
    if to == ReviewStatus.SUBMITTED and item.owner.is_kpk:
        return [_("KPK's own content is not submitted for review: approve it directly.")]
    if (item.status, to) == (ReviewStatus.DRAFT, ReviewStatus.APPROVED) and not item.owner.is_kpk:
        return [_("A partner's content is approved only after it was submitted for review.")]
    return []


def _review_move_problems(item: ContentItem, to: str, *, by) -> list[str]:
    """Why ``by`` may not move ``item`` to ``to`` now; empty if they may."""
    move = (item.status, to)
    if move not in REVIEW_TRANSITIONS:
        if item.status == ReviewStatus.ARCHIVED:
            return [_("An archived item stays archived.")]
        return [
            _("A content item cannot move from “%(from)s” to “%(to)s”.")
            % {
                "from": ReviewStatus(item.status).label,
                "to": ReviewStatus(to).label if to in ReviewStatus.values else to,
            }
        ]
    problems = _owner_problems(item, to)
    if problems or by.has_perm(REVIEW_TRANSITIONS[move], item):
        return problems
    if to == ReviewStatus.SUBMITTED:
        return [_("Only the members of the owning organisation can submit it for review.")]
    if to == ReviewStatus.ARCHIVED:
        return [_("Only KPK can archive content.")]
    return [_("Only KPK staff can review content.")]


def _refuse_review(problems: list[str]) -> None:
    if len(problems) == 1:
        raise ReviewError(problems[0])
    if problems:
        raise ReviewError(problems)


def _text_too_long(model, **values) -> list[str]:
    problems = []
    for name, value in values.items():
        field = model._meta.get_field(name)
        if value and len(value) > field.max_length:
            problems.append(
                _("%(field)s can be at most %(max)s characters long.")
                % {"field": str(field.verbose_name).capitalize(), "max": field.max_length}
            )
    return problems


def transition(item: ContentItem, to: str, *, by, reason: str = "", note: str = "") -> ContentItem:
    """Move ``item`` to status ``to``: the only code that changes an item's status.

    Checks the move against REVIEW_TRANSITIONS and the permission of ``by``, then writes under
    the item's row lock with a status-conditional update, keeps a version where the move calls
    for one (a submission, or KPK approving its own item: a snapshot with the next number and
    ``note``), records the decision on the version judged (``reason`` required when asking for
    changes), logs the move and notifies. Raises PermissionDenied if ``by`` may not even see the
    item, ReviewError (changing nothing) for any other refusal, including a status changed
    since ``item`` was loaded.
    """
    reason = (reason or "").strip()
    note = (note or "").strip()
    with transaction.atomic():
        locked = ContentItem.objects.select_for_update().select_related("owner").get(pk=item.pk)
        if not can_view_item.test(by, locked):
            raise PermissionDenied
        if locked.status != item.status:
            raise ReviewError(
                _("Someone else changed this item meanwhile: it is now “%(status)s”.")
                % {"status": locked.get_status_display()}
            )
        source = locked.status
        move = (source, to)
        problems = _review_move_problems(locked, to, by=by)
        if not problems and move in VERSIONED_MOVES:
            problems += submission_problems(locked)
        if not problems and to == ReviewStatus.CHANGES_REQUESTED and not reason:
            problems.append(_("Say what should change."))
        problems += _text_too_long(ItemVersion, decision_reason=reason, note=note)
        _refuse_review(problems)

        now = timezone.now()
        updated = ContentItem.objects.filter(pk=locked.pk, status=source).update(
            status=to, updated_at=now
        )
        if not updated:
            raise ReviewError(_("Someone else changed this item meanwhile."))
        item.status, item.updated_at = to, now

        version = None
        if move in VERSIONED_MOVES:
            latest = locked.versions.aggregate(latest=Max("number"))["latest"] or 0
            version = ItemVersion(
                item=locked,
                number=latest + 1,
                snapshot=snapshot_of(locked),
                note=note,
                created_by=by,
            )
            if to == ReviewStatus.APPROVED:
                _decide(version, ItemVersion.Decision.APPROVED, reason=reason, by=by, at=now)
            version.save()
        elif source == ReviewStatus.SUBMITTED:
            version = locked.versions.order_by("-number").first()
            _decide(version, to, reason=reason, by=by, at=now)
            version.save(update_fields=["decision", "decision_reason", "decided_by", "decided_at"])

        changes = {"from": source, "to": to, "reason": reason}
        if version is not None:
            changes["version"] = version.number
        if note:
            changes["note"] = note
        log(item, ReviewAction.STATUS_CHANGED, by=by, changes=changes)
        _notify_move(locked, to, version=version, reason=reason, by=by)
    return item


def _decide(version: ItemVersion, decision: str, *, reason: str, by, at) -> None:
    version.decision = decision
    version.decision_reason = reason
    version.decided_by = by
    version.decided_at = at


def _notify_move(item: ContentItem, to: str, *, version, reason: str, by) -> None:
    if to == ReviewStatus.SUBMITTED:
        notify(
            ITEM_SUBMITTED.code,
            reviewers(),
            target=item,
            context={"version": version.number},
            by=by,
        )
    elif to in (ReviewStatus.APPROVED, ReviewStatus.CHANGES_REQUESTED):
        notify(
            ITEM_REVIEWED.code,
            decision_recipients(item),
            target=item,
            context={"decision": to, "reason": reason, "version": version.number},
            by=by,
        )


def reviewers():
    """KPK's reviewers: the active members of active KPK units in a KPK role (staff, managers)."""
    return (
        get_user_model()
        .objects.filter(
            memberships__is_active=True,
            memberships__role__in=KPK_ROLES,
            memberships__organisation__is_active=True,
            memberships__organisation__kind=Organisation.Kind.KPK_UNIT,
            is_active=True,
        )
        .distinct()
        .order_by("pk")
    )


def _members_filter(organisations) -> Q:
    return Q(
        memberships__is_active=True,
        memberships__organisation__is_active=True,
        memberships__organisation__in=organisations,
        is_active=True,
    )


def decision_recipients(item: ContentItem):
    """Who hears a review decision: the owner's members and the co-producers' managers."""
    owner = Organisation.objects.filter(pk=item.owner_id)
    return (
        get_user_model()
        .objects.filter(_members_filter(owner) | managers_of_filter(item.co_producers.all()))
        .distinct()
        .order_by("pk")
    )


def people_involved(item: ContentItem):
    """Everyone taking part in ``item``'s making and review, for its discussion.

    The owner's and co-producers' members, whoever already commented or decided on a version,
    and, while it waits for a review, KPK's reviewers.
    """
    organisations = Organisation.objects.filter(Q(pk=item.owner_id) | Q(co_produced_items=item))
    taken_part = Q(
        pk__in=ItemComment.objects.filter(item=item, author__isnull=False).values("author_id")
    ) | Q(pk__in=item.versions.filter(decided_by__isnull=False).values("decided_by_id"))
    people = _members_filter(organisations) | (taken_part & Q(is_active=True))
    if item.status == ReviewStatus.SUBMITTED:
        people |= Q(pk__in=reviewers().values("pk"))
    return get_user_model().objects.filter(people).distinct().order_by("pk")


def comment_organisation(user, item: ContentItem) -> Organisation | None:
    """On whose behalf ``user`` comments on ``item``: the owner, else a co-producer, else the
    user's KPK unit (None if none of these)."""
    organisations = reach(user).organisation_ids
    if item.owner_id in organisations:
        return item.owner
    mine = Organisation.objects.filter(pk__in=organisations).order_by("pk")
    # A co-producer before a KPK unit: someone in both speaks for the production.
    return (
        mine.filter(co_produced_items=item).first()
        or mine.filter(kind=Organisation.Kind.KPK_UNIT).first()
    )


def add_comment(item: ContentItem, *, body: str, by) -> ItemComment:
    """A comment on ``item``'s latest version (on no version while it is a draft never
    submitted), on behalf of the organisation ``by`` takes part for; notifies everyone else
    involved. Raises PermissionDenied unless ``by`` may comment, ReviewError for an empty or
    too long comment."""
    body = (body or "").strip()
    if not by.has_perm("content.comment_item", item):
        raise PermissionDenied
    problems = [] if body else [_("Write something to comment.")]
    problems += _text_too_long(ItemComment, body=body)
    _refuse_review(problems)
    with transaction.atomic():
        # The lock keeps the comment on the version that is latest when it is written.
        item = ContentItem.objects.select_for_update().select_related("owner").get(pk=item.pk)
        if not by.has_perm("content.comment_item", item):
            raise PermissionDenied
        organisation = comment_organisation(by, item)
        if organisation is None:
            raise PermissionDenied
        comment = ItemComment.objects.create(
            item=item,
            version=item.versions.order_by("-number").first(),
            author=by,
            organisation=organisation,
            body=body,
        )
        log(item, ReviewAction.COMMENTED, by=by, changes={"comment": comment.pk})
        notify(
            ITEM_COMMENTED.code,
            people_involved(item),
            target=item,
            context={"excerpt": shorten(body, COMMENT_EXCERPT_LENGTH)},
            by=by,
        )
    return comment


# Notices: corrections and withdrawals (branch notices) ---------------------------------------
#
# KPK corrects an item it has sent (its content first, through update_item and the assets) and
# issues a correction, or withdraws it. Every partner whose request holds the item (accepted or
# further, forwarded requests included) gets a confirmation row, open until it confirms with
# proof that its post was updated or taken down.

# This section's own imports, kept here so the branches of the issue merge by appending.


# How much of the reason a notification's sentence quotes (the page shows all of it).
NOTICE_EXCERPT = 200


def notice_problems(item: ContentItem, *, held: int) -> list[str]:
    """Why no notice can be issued for ``item`` now (``held``: its requests that hold it)."""
    problems = []
    if item.status != ContentItem.Status.APPROVED:
        problems.append(_("Only approved content can be corrected or withdrawn."))
    if not held:
        problems.append(_("No partner has accepted this content yet, so there is nobody to tell."))
    return problems


def issue_notice(item: ContentItem, *, kind: str, reason: str, by) -> Notice:
    """Issue a correction or a withdrawal of ``item`` to every partner that holds it.

    A correction keeps the item's current state (KPK has corrected it beforehand) as a new
    version, approved by ``by``. A withdrawal archives the item, so it leaves the library and the
    public feeds. One confirmation per holding request is written in one bulk insert, and the
    managers of each organisation and the request's assignee are notified, each with the link
    to their organisation's confirmation. Raises PermissionDenied unless ``by`` is KPK,
    ValidationError for a missing reason or kind, an item that is not approved, or one that no
    partner holds; nothing is written then.
    """
    if not by.has_perm("content.issue_notice", item):
        raise PermissionDenied
    reason = (reason or "").strip()
    problems = {}
    if kind not in Notice.Kind.values:
        problems["kind"] = [_("Choose a correction or a withdrawal.")]
    limit = Notice._meta.get_field("reason").max_length
    if not reason:
        problems["reason"] = [_("Tell the partners what changed and why.")]
    elif len(reason) > limit:
        problems["reason"] = [_("Keep the reason within %(max)s characters.") % {"max": limit}]
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        # The row lock keeps two notices of one item (and their version numbers) in turn.
        item = ContentItem.objects.select_for_update().get(pk=item.pk)
        held = list(
            item.requests.filter(status__in=HELD_REQUEST_STATUSES)
            .order_by("pk")
            .values_list("pk", "organisation_id", "assignee_id")
        )
        refused = notice_problems(item, held=len(held))
        if refused:
            raise ValidationError(refused, code="refused")
        version = None
        if kind == Notice.Kind.CORRECTION:
            version = _corrected_version(item, reason=reason, by=by)
        notice = Notice.objects.create(
            item=item, kind=kind, version=version, reason=reason, issued_by=by
        )
        confirmations = NoticeConfirmation.objects.bulk_create(
            [NoticeConfirmation(notice=notice, request_id=pk) for pk, _org, _user in held],
            batch_size=1000,
        )
        changes = {
            "notice": notice.pk,
            "notice_kind": kind,
            "reason": reason,
            "partners": len({organisation for _pk, organisation, _user in held}),
        }
        if version is not None:
            changes["version"] = version.number
        if kind == Notice.Kind.WITHDRAWAL:
            # Through the item's one door: approved → archived, audited as a move of its own.
            transition(item, ContentItem.Status.ARCHIVED, by=by, reason=reason)
        log(item, NoticeAction.NOTICE_ISSUED, by=by, changes=changes)
        _notify_holders(notice, item, held, confirmations, by=by)
    return notice


def _corrected_version(item: ContentItem, *, reason: str, by) -> ItemVersion:
    number = (item.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    now = timezone.now()
    return ItemVersion.objects.create(
        item=item,
        number=number,
        snapshot=snapshot_of(item),
        note=reason,
        created_by=by,
        # KPK's own correction of approved content is approved as it is issued.
        decision=ItemVersion.Decision.APPROVED,
        decided_by=by,
        decided_at=now,
    )


def _notify_holders(notice, item, held, confirmations, *, by) -> None:
    """Tell each holding organisation's managers and the requests' assignees.

    One notify per organisation, each linking to that organisation's confirmation: that page is
    where they act, and a withdrawn item's own page is no longer open to partners.
    """
    kind = CONTENT_CORRECTED if notice.kind == Notice.Kind.CORRECTION else CONTENT_WITHDRAWN
    confirmation_of = {}
    assignees_of = defaultdict(set)
    for (_request, organisation_id, assignee_id), confirmation in zip(
        held, confirmations, strict=True
    ):
        confirmation_of.setdefault(organisation_id, confirmation.pk)
        if assignee_id:
            assignees_of[organisation_id].add(assignee_id)
    assignee_ids = set().union(*assignees_of.values())
    # Who is told for which organisation, in one query whatever the number of partners.
    memberships = (
        Membership.objects.filter(
            organisation_id__in=confirmation_of,
            is_active=True,
            organisation__is_active=True,
            user__is_active=True,
        )
        .filter(Q(role__in=MANAGER_ROLES) | Q(user_id__in=assignee_ids))
        .select_related("user")
        .order_by("organisation_id", "user_id")
    )
    recipients = defaultdict(list)
    for membership in memberships:
        organisation_id = membership.organisation_id
        if membership.role in MANAGER_ROLES or membership.user_id in assignees_of[organisation_id]:
            recipients[organisation_id].append(membership.user)
    context = {"reason": shorten(notice.reason, NOTICE_EXCERPT)}
    for organisation_id, users in recipients.items():
        notify(
            kind.code,
            users,
            target=Link(
                reverse("content:notice_confirm", args=[confirmation_of[organisation_id]]),
                item.title,
            ),
            context=context,
            by=by,
        )


def confirmation_problems(
    confirmation: NoticeConfirmation, *, proof_url: str, has_screenshot: bool, note: str
) -> dict[str, list[str]]:
    """What is missing or wrong in a confirmation, by field; empty if it may be recorded.

    A correction is confirmed by the updated post: its link, or a screenshot of it. A withdrawal
    is confirmed by a note saying where and when the post was taken down, or by a screenshot
    showing it gone: the link of a post that no longer exists proves nothing, so a link alone
    does not do (it may still be given beside them).
    """
    problems = {}
    if proof_url:
        try:
            URLValidator(
                schemes=["https", "http"], message=_("Enter the post's full link (https://…).")
            )(proof_url)
        except ValidationError as error:
            problems["proof_url"] = error.messages
    note_limit = NoticeConfirmation._meta.get_field("note").max_length
    if len(note) > note_limit:
        problems["note"] = [_("Keep the note within %(max)s characters.") % {"max": note_limit}]
    if confirmation.notice.kind == Notice.Kind.CORRECTION:
        if not proof_url and not has_screenshot:
            problems.setdefault("proof_url", []).append(
                _("Give the link to the updated post, or a screenshot of it.")
            )
    elif not note and not has_screenshot:
        problems.setdefault("note", []).append(
            _("Say where and when the post was taken down, or add a screenshot showing it is gone.")
        )
    return problems


def confirm_notice(
    confirmation: NoticeConfirmation, *, by, proof_url: str = "", screenshot=None, note: str = ""
) -> NoticeConfirmation:
    """Record that the request's organisation has updated (or taken down) its post, once.

    The screenshot, if any, is checked and kept as a clean re-encoded copy (content.images).
    Raises PermissionDenied unless ``by`` is a member of the request's organisation,
    ValidationError (by field) when the proof is missing or refused, or when the notice was
    already confirmed; nothing is stored then, no row and no file. KPK's issuer is told.
    """
    confirmation = NoticeConfirmation.objects.select_related(
        "notice__item", "notice__issued_by", "request__organisation"
    ).get(pk=confirmation.pk)
    if not by.has_perm("content.confirm_notice", confirmation):
        raise PermissionDenied
    if confirmation.confirmed_at is not None:
        raise _already_confirmed(confirmation)
    proof_url = (proof_url or "").strip()
    note = (note or "").strip()
    problems = confirmation_problems(
        confirmation, proof_url=proof_url, has_screenshot=bool(screenshot), note=note
    )
    clean = None
    if screenshot:
        try:
            info = images.inspect_image(screenshot)
            clean = images.reencode(screenshot, info)
        except ValidationError as error:
            problems["screenshot"] = error.messages
    if problems:
        raise ValidationError(problems)
    notice = confirmation.notice
    written = ""
    try:
        with transaction.atomic():
            locked = NoticeConfirmation.objects.select_for_update().get(pk=confirmation.pk)
            if locked.confirmed_at is not None:
                raise _already_confirmed(locked)
            if clean is not None:
                # upload_to generates the stored name; the extension is the image's own.
                locked.screenshot.save(f"screenshot{info.extension}", clean, save=False)
                written = locked.screenshot.name
            locked.proof_url = proof_url
            locked.note = note
            locked.confirmed_at = timezone.now()
            locked.confirmed_by = by
            locked.save(
                update_fields=["proof_url", "note", "screenshot", "confirmed_at", "confirmed_by"]
            )
            organisation = confirmation.request.organisation
            log(
                notice.item,
                NoticeAction.NOTICE_CONFIRMED,
                by=by,
                changes={
                    "notice": notice.pk,
                    "confirmation": locked.pk,
                    "notice_kind": notice.kind,
                    "organisation": organisation.name,
                    "proof_url": proof_url,
                    "screenshot": bool(locked.screenshot),
                    "note": note,
                },
            )
            if notice.issued_by_id is not None:
                notify(
                    NOTICE_CONFIRMED.code,
                    [notice.issued_by],
                    target=Link(
                        reverse("content:item_detail", args=[notice.item_id]) + "#notices",
                        notice.item.title,
                    ),
                    context={"organisation": organisation.name, "kind": notice.kind},
                    by=by,
                )
    except BaseException:
        # The row was rolled back; the file already written must not outlive it.
        if written:
            NoticeConfirmation._meta.get_field("screenshot").storage.delete(written)
        raise
    return locked


def _already_confirmed(confirmation: NoticeConfirmation) -> ValidationError:
    return ValidationError(
        _("Your organisation has already confirmed this notice."), code="confirmed"
    )


# --- Tracking (branch `tracking`): the daily reminders of due and overdue requests. ---------
# Imported here so this section merges as one block beside the other branches' sections.


# Reminded this many days before the due date.
DUE_SOON_REMINDER_DAYS = 2
# A request is told it is overdue once; a scan that missed days still tells those that became
# overdue within this many days (never twice: the notification's key is the request and date).
OVERDUE_CATCH_UP_DAYS = 3
SCAN_BATCH = 500


def _managers_by_organisation(organisation_ids) -> dict[int, list]:
    """The active managers of each organisation, in one query."""
    managers: dict[int, list] = {}
    memberships = Membership.objects.filter(
        organisation_id__in=organisation_ids,
        organisation__is_active=True,
        role__in=MANAGER_ROLES,
        is_active=True,
        user__is_active=True,
    ).select_related("user")
    for membership in memberships.order_by("user_id"):
        managers.setdefault(membership.organisation_id, []).append(membership.user)
    return managers


def _request_link(request: Request) -> Link:
    return Link(url=reverse("content:request_detail", args=[request.pk]), label=str(request))


def _remind(requests, kind: str, key_prefix: str, *, with_sender: bool) -> int:
    """Notify each request's organisation's managers and its assignee (and, ``with_sender``,
    the KPK person who sent it, for requests KPK sent itself). Returns how many requests had
    someone newly notified; notify's key makes a second run notify nobody again."""
    reminded = 0
    rows = requests.select_related("item", "organisation", "assignee", "dispatch__sent_by")
    for batch in batched(rows.order_by("pk").iterator(chunk_size=SCAN_BATCH), SCAN_BATCH):
        managers = _managers_by_organisation({request.organisation_id for request in batch})
        for request in batch:
            people = [*managers.get(request.organisation_id, [])]
            if request.assignee is not None:
                people.append(request.assignee)
            if with_sender and request.forwarded_from_id is None and request.dispatch.sent_by:
                people.append(request.dispatch.sent_by)
            sent = notify(
                kind,
                people,
                target=_request_link(request),
                context={"due_on": request.due_on.isoformat()},
                key=f"{key_prefix}:{request.pk}:{request.due_on.isoformat()}",
            )
            reminded += bool(sent)
    return reminded


def remind_requests_due_soon(*, today: date) -> int:
    """Remind the open requests due exactly two days from ``today``; returns how many."""
    due = Request.objects.filter(
        status__in=Request.Status.open(),
        due_on=today + timedelta(days=DUE_SOON_REMINDER_DAYS),
    )
    return _remind(due, REQUEST_DUE_SOON.code, "request-due-soon", with_sender=False)


def notify_overdue_requests(*, today: date) -> int:
    """Tell who owes them (and KPK's sender) about the requests that became overdue: due
    yesterday, or within the catch-up days before if a scan was missed; returns how many."""
    overdue = Request.objects.filter(
        status__in=Request.Status.open(),
        due_on__lt=today,
        due_on__gte=today - timedelta(days=OVERDUE_CATCH_UP_DAYS),
    )
    return _remind(overdue, REQUEST_OVERDUE.code, "request-overdue", with_sender=True)
