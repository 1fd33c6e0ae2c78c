"""Every write to the content library: items, their captions, assets and renditions.

Each function checks the permission, validates, writes inside one transaction and records an
audit entry on the item. A refused write stores nothing: no row, no file. The status is set only
at creation (a draft); the review workflow will be its one door.
"""

import io
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image

from audit.services import diff, log
from common.files import original_name, sha256_of
from common.tasks import queue_on_commit
from partnerships.models import Channel

from . import images, uploads
from .audit_actions import Action
from .models import Asset, Caption, ContentItem, Rendition, Theme

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


# Notices: corrections and withdrawals (branch notices) ---------------------------------------
#
# KPK corrects an item it has sent (its content first, through update_item and the assets) and
# issues a correction, or withdraws it. Every partner whose request holds the item (accepted or
# further, forwarded requests included) gets a confirmation row, open until it confirms with
# proof that its post was updated or taken down.

# This section's own imports, kept here so the branches of the issue merge by appending.
from collections import defaultdict  # noqa: E402

from django.db.models import Max, Q  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from common.text import shorten  # noqa: E402
from notifications.services import Link, notify  # noqa: E402
from partnerships.models import MANAGER_ROLES, Membership  # noqa: E402

from .audit_actions import NoticeAction  # noqa: E402
from .models import ItemVersion, Notice, NoticeConfirmation  # noqa: E402
from .notification_kinds import (  # noqa: E402
    CONTENT_CORRECTED,
    CONTENT_WITHDRAWN,
    NOTICE_CONFIRMED,
)
from .rules import HELD_REQUEST_STATUSES  # noqa: E402

# How much of the reason a notification's sentence quotes (the page shows all of it).
NOTICE_EXCERPT = 200


def snapshot(item: ContentItem) -> dict:
    """What a version keeps of ``item``: what a reviewer judges and a partner republishes.

    Title, kind, description, hashtags, language, themes (by name), captions by platform, and
    each asset's id, name, kind and digest (see ItemVersion).
    """
    return {
        "title": item.title,
        "kind": item.kind,
        "description": item.description,
        "hashtags": item.hashtags,
        "language": item.language,
        "themes": sorted(theme.name for theme in item.themes.all()),
        "captions": dict(item.captions.order_by("platform").values_list("platform", "text")),
        "assets": [
            {
                "id": asset.pk,
                "name": asset.original_name or asset.external_url,
                "kind": asset.kind,
                "sha256": asset.sha256,
            }
            for asset in item.assets.order_by("created_at", "pk")
        ],
    }


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
            # The review workflow's transition (approved → archived) will be the one door for
            # the item's status when its branch is merged; until then the move is made here,
            # conditionally, under the row lock taken above.
            moved = ContentItem.objects.filter(
                pk=item.pk, status=ContentItem.Status.APPROVED
            ).update(status=ContentItem.Status.ARCHIVED, updated_at=timezone.now())
            if moved != 1:
                raise ValidationError(_("Only approved content can be corrected or withdrawn."))
            changes["status"] = [ContentItem.Status.APPROVED, ContentItem.Status.ARCHIVED]
        log(item, NoticeAction.NOTICE_ISSUED, by=by, changes=changes)
        _notify_holders(notice, item, held, confirmations, by=by)
    return notice


def _corrected_version(item: ContentItem, *, reason: str, by) -> ItemVersion:
    number = (item.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    now = timezone.now()
    return ItemVersion.objects.create(
        item=item,
        number=number,
        snapshot=snapshot(item),
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
