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


# --- Tracking (branch `tracking`): the daily reminders of due and overdue requests. ---------
# Imported here so this section merges as one block beside the other branches' sections.

from datetime import date, timedelta  # noqa: E402
from itertools import batched  # noqa: E402

from django.urls import reverse  # noqa: E402

from notifications.services import Link, notify  # noqa: E402
from partnerships.models import MANAGER_ROLES, Membership  # noqa: E402

from .models import Request  # noqa: E402
from .notification_kinds import REQUEST_DUE_SOON, REQUEST_OVERDUE  # noqa: E402

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
