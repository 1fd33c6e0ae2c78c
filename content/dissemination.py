"""Dissemination ("nitip konten"): every write to dispatches, requests, proofs and reach.

Kept beside ``content.services`` rather than in it: the library's services already fill that
module, and the requests' workflow is a whole of its own (its one door, its guards, its bulk
send). The rules are the same: each function checks the permission, validates, writes inside one
transaction, records an audit entry and notifies; a refusal raises ``DisseminationError`` (a
ValidationError whose messages the page shows) or PermissionDenied, and changes nothing, no row
and no file.

API:

- ``recipients(organisation_ids=(), province_codes=(), with_regencies=False)``: the active
  Diskominfo chosen by name, or by province (the provincial Diskominfo of each province; with
  ``with_regencies`` also the Diskominfo of its regencies and cities).
- ``send(item, *, organisations, due_on, platforms=(), message="", by) -> Dispatch``
  (``dispatch.sent_count`` and ``dispatch.skipped_count`` say what happened).
- ``request_transition(request, to, *, by, fields=None, changes=None) -> Request``: the one door
  of a request's status (``REQUEST_TRANSITIONS``).
- ``accept``, ``decline``, ``assign``, ``forward`` (the partner's managers), ``add_proof``,
  ``report_reach``, ``schedule``, ``unschedule`` (the partner's members), ``verify_proof``,
  ``return_proof`` (KPK).
- ``schedule_problems(request, at)``: why ``request`` cannot be planned at ``at``.
- ``request_actions(user, request)``: what the request page offers ``user``.

Statuses: requested → accepted | declined; accepted → scheduled when the partner plans the post
(``scheduled_for``, moved again while scheduled), scheduled → accepted when the plan is
cancelled; accepted or scheduled → published when a proof is given (``scheduled_for`` stays: it
was the plan); published → verified when every proof of it is verified; published → accepted
when its last standing proof is returned. Proof may be given while the request is accepted,
scheduled or published (more channels, or a returned proof again); not before it is accepted,
and not once it is declined or verified (a verified request is closed).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from audit.services import log
from common import images
from notifications.services import Message, notify_many
from partnerships.models import (
    DISKOMINFO_KINDS,
    MANAGER_ROLES,
    Channel,
    Membership,
    Organisation,
    PressPartner,
    Role,
)

from . import post_links
from .audit_actions import DisseminationAction as Action
from .models import ContentItem, Dispatch, Proof, ReachReport, Request
from .notification_kinds import (
    PROOF_RETURNED,
    PROOF_SUBMITTED,
    PROOF_VERIFIED,
    REQUEST_ASSIGNED,
    REQUEST_DECLINED,
    REQUEST_FORWARDED,
    REQUEST_NEW,
)

Status = Request.Status

# The one table of a request's moves: (from, to) -> the permission the acting user needs.
REQUEST_TRANSITIONS = {
    (Status.REQUESTED, Status.ACCEPTED): "content.answer_request",
    (Status.REQUESTED, Status.DECLINED): "content.answer_request",
    # The partner's members plan the post, move the plan, or cancel it.
    (Status.ACCEPTED, Status.SCHEDULED): "content.prove_request",
    (Status.SCHEDULED, Status.SCHEDULED): "content.prove_request",
    (Status.SCHEDULED, Status.ACCEPTED): "content.prove_request",
    (Status.ACCEPTED, Status.PUBLISHED): "content.prove_request",
    (Status.SCHEDULED, Status.PUBLISHED): "content.prove_request",
    (Status.PUBLISHED, Status.VERIFIED): "content.verify_proof",
    (Status.PUBLISHED, Status.ACCEPTED): "content.verify_proof",
}
# Still to be done by the partner or KPK: a new dispatch skips organisations with one of these.
PENDING = frozenset({*Status.open(), Status.PUBLISHED})
# When the partner may give proof, assign an operator, or forward to press partners.
PROVABLE = frozenset({Status.ACCEPTED, Status.SCHEDULED, Status.PUBLISHED})
# When the partner may plan the post (or move the plan).
SCHEDULABLE = frozenset({Status.ACCEPTED, Status.SCHEDULED})
ASSIGNABLE = PROVABLE
FORWARDABLE = frozenset({Status.ACCEPTED, Status.SCHEDULED, Status.PUBLISHED, Status.VERIFIED})
# Proofs that stand (count for the request): waiting for verification or verified.
STANDING = frozenset({Proof.Status.SUBMITTED, Proof.Status.VERIFIED})
REACH_FIELDS = ("views", "reach", "likes", "shares", "comments")
# Larger than any post's audience; keeps a typing slip out of the totals.
LARGEST_FIGURE = 10**12
SCREENSHOT_TYPES = {
    ".jpg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".gif": "image/gif",
}


class DisseminationError(ValidationError):
    """A refused change; ``messages`` say why in the user's language."""


def _refuse(problems: list[str]) -> None:
    if len(problems) == 1:
        raise DisseminationError(problems[0])
    if problems:
        raise DisseminationError(problems)


def _require(by, permission: str, obj=None) -> None:
    if by is None or not by.has_perm(permission, obj):
        raise PermissionDenied


def _lock(request: Request) -> Request:
    """The request's row, locked until the transaction ends, with what the rules read."""
    return (
        Request.objects.select_for_update(of=("self",))
        .select_related("organisation", "forwarded_from", "item", "dispatch")
        .get(pk=request.pk)
    )


# Recipients and sending.


def recipients(
    organisation_ids: Iterable[int] = (),
    province_codes: Iterable[str] = (),
    with_regencies: bool = False,
):
    """The active Diskominfo chosen, by name (ids) or by province (codes), by name."""
    organisation_ids, province_codes = list(organisation_ids), list(province_codes)
    chosen = Q(pk__in=organisation_ids) | Q(
        kind=Organisation.Kind.PROVINCE_DISKOMINFO, province_id__in=province_codes
    )
    if with_regencies:
        chosen |= Q(
            kind=Organisation.Kind.REGENCY_DISKOMINFO, regency__province_id__in=province_codes
        )
    return Organisation.objects.filter(chosen, kind__in=DISKOMINFO_KINDS, is_active=True).order_by(
        "name"
    )


def send_problems(item: ContentItem, *, due_on, platforms, message: str, today=None) -> list[str]:
    """Every reason ``item`` cannot be sent with these details (empty when it can)."""
    today = today or timezone.localdate()
    problems = []
    if item.status != ContentItem.Status.APPROVED:
        problems.append(_("Only approved content can be sent to partners."))
    if item.not_after is not None and item.not_after <= timezone.now():
        problems.append(_("This content is no longer valid, so it cannot be sent."))
    if due_on is None:
        problems.append(_("Give the due date."))
    elif due_on < today:
        problems.append(_("The due date cannot be in the past."))
    unknown = [platform for platform in platforms if platform not in Channel.Kind.values]
    if unknown:
        problems.append(
            _("Not a channel type: %(names)s.") % {"names": ", ".join(map(str, unknown))}
        )
    limit = Dispatch._meta.get_field("message").max_length
    if len(message) > limit:
        problems.append(_("The message can be at most %(max)s characters long.") % {"max": limit})
    return problems


def send(
    item: ContentItem,
    *,
    organisations,
    due_on: date,
    platforms: Iterable[str] = (),
    message: str = "",
    by,
) -> Dispatch:
    """Send approved ``item`` to ``organisations`` (active Diskominfo) by ``due_on``.

    One dispatch, its requests written in one bulk insert, one audit entry on the item and one
    bulk of notifications to the organisations' managers: the number of queries does not grow
    with the number of organisations. Organisations that already have a pending request for the
    item (requested, accepted, scheduled or published) are skipped; the dispatch returned says
    how many were sent (``sent_count``) and skipped (``skipped_count``). Refused, with nothing
    written, when every organisation chosen was skipped.
    """
    _require(by, "content.send_item", item)
    platforms = list(dict.fromkeys(platforms))
    message = (message or "").strip()
    organisations = list(organisations)
    problems = send_problems(item, due_on=due_on, platforms=platforms, message=message)
    if not organisations:
        problems.append(_("Choose at least one organisation to send it to."))
    others = [org for org in organisations if org.kind not in DISKOMINFO_KINDS or not org.is_active]
    if others:
        problems.append(
            _(
                "Requests go to active Diskominfo only (press partners receive them through "
                "their Diskominfo): %(names)s."
            )
            % {"names": ", ".join(org.name for org in others)}
        )
    _refuse(problems)
    by_id = {org.pk: org for org in organisations}
    with transaction.atomic():
        item = ContentItem.objects.select_for_update().get(pk=item.pk)
        _refuse(send_problems(item, due_on=due_on, platforms=platforms, message=message))
        pending = set(
            Request.objects.filter(
                item=item, status__in=PENDING, organisation_id__in=list(by_id)
            ).values_list("organisation_id", flat=True)
        )
        chosen = [org for pk, org in by_id.items() if pk not in pending]
        if not chosen:
            raise DisseminationError(
                _("Every organisation chosen already has a pending request for this content.")
            )
        dispatch = Dispatch.objects.create(
            item=item, due_on=due_on, platforms=platforms, message=message, sent_by=by
        )
        requests = Request.objects.bulk_create(
            [
                Request(dispatch=dispatch, item=item, organisation=organisation, due_on=due_on)
                for organisation in chosen
            ]
        )
        log(
            item,
            Action.ITEM_SENT,
            by=by,
            changes={
                "dispatch": dispatch.pk,
                "due_on": due_on,
                "platforms": platforms,
                "organisations": len(chosen),
                "skipped": len(pending),
            },
        )
        managers = _managers_by_organisation([org.pk for org in chosen])
        notify_many(
            REQUEST_NEW.code,
            [
                Message(
                    managers.get(request.organisation_id, []),
                    request,
                    {"due": due_on.isoformat()},
                    url=request.get_absolute_url(),
                )
                for request in requests
            ],
            by=by,
        )
    dispatch.sent_count = len(chosen)
    dispatch.skipped_count = len(pending)
    return dispatch


def _managers_by_organisation(organisation_ids) -> dict[int, list]:
    """The active managers of each organisation, by organisation id (one query)."""
    found = defaultdict(list)
    memberships = Membership.objects.filter(
        organisation_id__in=list(organisation_ids),
        organisation__is_active=True,
        role__in=MANAGER_ROLES,
        is_active=True,
        user__is_active=True,
    ).select_related("user")
    for membership in memberships:
        found[membership.organisation_id].append(membership.user)
    return found


def _kpk_managers() -> list:
    return list(
        get_user_model()
        .objects.filter(
            memberships__role=Role.KPK_MANAGER,
            memberships__is_active=True,
            memberships__organisation__is_active=True,
            memberships__organisation__kind=Organisation.Kind.KPK_UNIT,
            is_active=True,
        )
        .distinct()
    )


def _partner_people(request: Request, *extra) -> list:
    """Who hears about a request's proofs: its organisation's managers, its assignee, ``extra``."""
    people = list(
        _managers_by_organisation([request.organisation_id]).get(request.organisation_id, [])
    )
    if request.assignee_id:
        people.append(request.assignee)
    people.extend(person for person in extra if person is not None)
    return people


# The one door.


def request_transition(
    request: Request,
    to: str,
    *,
    by,
    fields: dict | None = None,
    changes: dict | None = None,
    action: str = Action.REQUEST_STATUS_CHANGED,
) -> Request:
    """Move ``request`` to ``to``: the only code that changes a request's status.

    Checks the move against REQUEST_TRANSITIONS and the permission of ``by``, then writes with a
    status-conditional update (the row lock serialises it on PostgreSQL; the condition keeps it
    safe where locks are no-ops) with ``fields`` besides, and records the move on the request
    as ``action`` with ``changes`` besides. Raises DisseminationError, changing nothing, when the
    move is not allowed or the status changed since ``request`` was loaded; PermissionDenied
    when ``by`` may not make it.
    """
    with transaction.atomic():
        locked = _lock(request)
        if locked.status != request.status:
            raise DisseminationError(
                _("Someone else changed this request meanwhile: it is now “%(status)s”.")
                % {"status": locked.get_status_display()}
            )
        source = locked.status
        permission = REQUEST_TRANSITIONS.get((source, to))
        if permission is None:
            raise DisseminationError(
                _("A request that is “%(from)s” cannot become “%(to)s”.")
                % {"from": Status(source).label, "to": Status(to).label}
            )
        _require(by, permission, locked)
        values = {"status": to, "updated_at": timezone.now(), **(fields or {})}
        if not Request.objects.filter(pk=locked.pk, status=source).update(**values):
            raise DisseminationError(_("Someone else changed this request meanwhile."))
        for name, value in values.items():
            setattr(request, name, value)
        log(request, action, by=by, changes={"from": source, "to": to, **(changes or {})})
    return request


# The partner's answer.


def _check_assignee(request: Request, assignee) -> None:
    if assignee is None:
        return
    if not (
        assignee.is_active
        and Membership.objects.filter(
            user=assignee, organisation_id=request.organisation_id, is_active=True
        ).exists()
    ):
        raise DisseminationError(
            _("%(person)s is not an active member of %(organisation)s.")
            % {"person": assignee, "organisation": request.organisation}
        )


def accept(request: Request, *, by, assignee=None) -> Request:
    """The partner's manager accepts ``request``, and may assign it to a member at once."""
    with transaction.atomic():
        locked = _lock(request)
        _require(by, "content.answer_request", locked)
        _check_assignee(locked, assignee)
        fields = {"responded_by": by, "responded_at": timezone.now()}
        changes = {}
        if assignee is not None:
            fields["assignee"] = assignee
            changes["assignee"] = str(assignee)
        request_transition(locked, Status.ACCEPTED, by=by, fields=fields, changes=changes)
        if assignee is not None:
            _notify_assigned(locked, assignee, by=by)
    _copy(locked, request)
    return request


def assign(request: Request, *, assignee, by) -> Request:
    """The partner's manager gives ``request`` to ``assignee`` (an active member) to publish."""
    with transaction.atomic():
        locked = _lock(request)
        _require(by, "content.answer_request", locked)
        if locked.status not in ASSIGNABLE:
            raise DisseminationError(
                _("A request is assigned once it is accepted and until it is verified.")
            )
        if assignee is None:
            raise DisseminationError(_("Choose who publishes it."))
        _check_assignee(locked, assignee)
        if locked.assignee_id == assignee.pk:
            _copy(locked, request)
            return request
        before = str(locked.assignee) if locked.assignee_id else None
        Request.objects.filter(pk=locked.pk).update(assignee=assignee, updated_at=timezone.now())
        locked.assignee = assignee
        log(locked, Action.REQUEST_ASSIGNED, by=by, changes={"assignee": [before, str(assignee)]})
        _notify_assigned(locked, assignee, by=by)
    _copy(locked, request)
    return request


def _notify_assigned(request: Request, assignee, *, by) -> None:
    notify_many(
        REQUEST_ASSIGNED.code,
        [
            Message(
                [assignee],
                request,
                {"due": request.due_on.isoformat()},
                url=request.get_absolute_url(),
            )
        ],
        by=by,
    )


def decline(request: Request, *, reason: str, by) -> Request:
    """The partner's manager declines ``request``, saying why; KPK's sender hears of it (and,
    for a forward, the Diskominfo that forwarded it)."""
    reason = (reason or "").strip()
    limit = Request._meta.get_field("decline_reason").max_length
    if not reason:
        raise DisseminationError(_("Say why the request is declined."))
    if len(reason) > limit:
        raise DisseminationError(
            _("The reason can be at most %(max)s characters long.") % {"max": limit}
        )
    with transaction.atomic():
        locked = _lock(request)
        _require(by, "content.answer_request", locked)
        request_transition(
            locked,
            Status.DECLINED,
            by=by,
            fields={"decline_reason": reason, "responded_by": by, "responded_at": timezone.now()},
            changes={"reason": reason},
        )
        told = [locked.dispatch.sent_by]
        if locked.forwarded_from_id:
            forwarder = locked.forwarded_from.organisation_id
            told += _managers_by_organisation([forwarder]).get(forwarder, [])
        notify_many(
            REQUEST_DECLINED.code,
            [
                Message(
                    [person for person in told if person is not None],
                    locked,
                    {"organisation": locked.organisation.name, "reason": reason[:200]},
                    url=locked.get_absolute_url(),
                )
            ],
            by=by,
        )
    _copy(locked, request)
    return request


def _copy(source: Request, target: Request) -> None:
    """Bring ``target`` (the caller's instance) up to what was written through ``source``."""
    if source is target:
        return
    for field in (
        "status",
        "assignee_id",
        "decline_reason",
        "scheduled_for",
        "responded_by_id",
        "responded_at",
        "updated_at",
    ):
        setattr(target, field, getattr(source, field))
    target._state.fields_cache.pop("assignee", None)


# Forwarding to press partners.


def forward(request: Request, *, outlets, by) -> list[Request]:
    """A Diskominfo's manager forwards its accepted ``request`` to press partners ``outlets``.

    Each outlet gets a request of the same dispatch (due the same day) pointing at this one;
    the outlet's own members then accept and prove it like any partner. Outlets that already
    have a request of this dispatch are skipped. Returns the new requests.
    """
    outlets = list(outlets)
    with transaction.atomic():
        locked = _lock(request)
        _require(by, "content.forward_request", locked)
        if locked.status not in FORWARDABLE:
            raise DisseminationError(
                _("Accept the request before forwarding it to press partners.")
            )
        if not outlets:
            raise DisseminationError(_("Choose at least one press partner."))
        partners = set(
            PressPartner.objects.filter(
                organisation_id=locked.organisation_id,
                outlet__in=[outlet.pk for outlet in outlets],
                outlet__is_active=True,
            ).values_list("outlet_id", flat=True)
        )
        strangers = [outlet for outlet in outlets if outlet.pk not in partners]
        if strangers:
            raise DisseminationError(
                _("Not a press partner of %(organisation)s: %(names)s.")
                % {
                    "organisation": locked.organisation,
                    "names": ", ".join(outlet.name for outlet in strangers),
                }
            )
        already = set(
            Request.objects.filter(
                dispatch_id=locked.dispatch_id, organisation__in=[o.pk for o in outlets]
            ).values_list("organisation_id", flat=True)
        )
        chosen = list({o.pk: o for o in outlets if o.pk not in already}.values())
        if not chosen:
            raise DisseminationError(_("Every press partner chosen already has this request."))
        forwards = Request.objects.bulk_create(
            [
                Request(
                    dispatch_id=locked.dispatch_id,
                    item=locked.item,
                    organisation=outlet,
                    forwarded_from=locked,
                    due_on=locked.due_on,
                )
                for outlet in chosen
            ]
        )
        log(
            locked,
            Action.REQUEST_FORWARDED,
            by=by,
            changes={"outlets": [outlet.name for outlet in chosen], "skipped": len(already)},
        )
        managers = _managers_by_organisation([outlet.pk for outlet in chosen])
        notify_many(
            REQUEST_FORWARDED.code,
            [
                Message(
                    managers.get(forward_.organisation_id, []),
                    forward_,
                    {"due": locked.due_on.isoformat(), "forwarder": locked.organisation.name},
                    url=forward_.get_absolute_url(),
                )
                for forward_ in forwards
            ],
            by=by,
        )
    return forwards


# Planning the post.


def _moment(value: datetime) -> str:
    """A time as the reader writes it, in the site's time zone."""
    return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


def schedule_problems(request: Request, at: datetime | None, *, now=None) -> list[str]:
    """Every reason the post of ``request`` cannot be planned at ``at`` (empty when it can).

    The request must be accepted (or scheduled: the plan is moved) and its content still
    approved; the time must be ahead, not before the content's embargo ("not before") and
    before the end of its validity ("not after").
    """
    now = now or timezone.now()
    item = request.item
    problems = []
    if request.status not in SCHEDULABLE:
        problems.append(
            _(
                "A publication is scheduled once the request is accepted, and until it is "
                "published; this request is “%(status)s”."
            )
            % {"status": Status(request.status).label}
        )
    if item.status != ContentItem.Status.APPROVED:
        problems.append(_("This content was withdrawn, so its publication cannot be scheduled."))
    if at is None:
        problems.append(_("Give the date and time of publication."))
        return problems
    if at <= now:
        problems.append(_("The publication cannot be scheduled in the past."))
    if item.not_before is not None and at < item.not_before:
        problems.append(
            _("This content is under embargo until %(time)s: schedule it from then on.")
            % {"time": _moment(item.not_before)}
        )
    if item.not_after is not None and at >= item.not_after:
        problems.append(
            _("This content is valid until %(time)s: schedule it before then.")
            % {"time": _moment(item.not_after)}
        )
    return problems


def schedule(request: Request, *, at: datetime, by) -> Request:
    """A member of the partner plans the post of accepted ``request`` at ``at``, or moves the
    plan of a scheduled one (``schedule_problems`` says what is refused).

    The request becomes scheduled with ``scheduled_for``: its page, the partner's inbox, KPK's
    tracker and both calendars show the plan. Planning the time already planned changes
    nothing. Nobody is notified: a plan is the partner's to make and move, KPK reads the plans
    of every partner in its tracker and calendar (a notification for each plan and move of
    hundreds of partners would bury what KPK must act on), and KPK is told when the post is
    proved (``add_proof``).
    """
    _require(by, "content.prove_request", request)
    with transaction.atomic():
        locked = _lock(request)
        _require(by, "content.prove_request", locked)
        _refuse(schedule_problems(locked, at))
        if locked.status == Status.SCHEDULED and locked.scheduled_for == at:
            _copy(locked, request)
            return request
        moving = locked.status == Status.SCHEDULED
        request_transition(
            locked,
            Status.SCHEDULED,
            by=by,
            fields={"scheduled_for": at},
            changes={"scheduled_for": [locked.scheduled_for, at] if moving else at},
            action=Action.REQUEST_RESCHEDULED if moving else Action.REQUEST_SCHEDULED,
        )
    _copy(locked, request)
    return request


def unschedule(request: Request, *, by) -> Request:
    """A member of the partner cancels the planned post of ``request``: it is accepted again,
    with no time planned. Nobody is notified (see ``schedule``)."""
    _require(by, "content.prove_request", request)
    with transaction.atomic():
        locked = _lock(request)
        _require(by, "content.prove_request", locked)
        if locked.status != Status.SCHEDULED:
            raise DisseminationError(
                _("Only a scheduled publication can be cancelled; this request is “%(status)s”.")
                % {"status": Status(locked.status).label}
            )
        request_transition(
            locked,
            Status.ACCEPTED,
            by=by,
            fields={"scheduled_for": None},
            changes={"scheduled_for": [locked.scheduled_for, None]},
            action=Action.REQUEST_UNSCHEDULED,
        )
    _copy(locked, request)
    return request


# Proofs.


@dataclass(frozen=True)
class StoredScreenshot:
    name: str
    storage: object


def add_proof(
    request: Request,
    *,
    channel: Channel,
    published_at: datetime,
    by,
    url: str = "",
    screenshot=None,
) -> Proof:
    """A member of the partner records that ``request`` was published on ``channel``.

    The channel must be an active channel of the request's organisation; the link must be a post
    on it (``post_links``); the screenshot, when given, must be an image (``content.images``:
    what is kept is its re-encoded copy); the time of publication cannot be in the future. One
    proof per channel: a returned proof is given again on the same row (back to waiting for
    verification); another is refused. The request becomes published; KPK (the dispatch's
    sender and KPK's managers) is told in the app.
    """
    _require(by, "content.prove_request", request)
    url = (url or "").strip()
    problems = []
    if channel.organisation_id != request.organisation_id or not channel.is_active:
        problems.append(_("Choose one of the organisation's active channels."))
    else:
        try:
            post_links.check_post_link(url, channel)
        except ValidationError as error:
            problems += error.messages
    if published_at is None:
        problems.append(_("Give the time of publication."))
    elif published_at > timezone.now():
        problems.append(_("The time of publication cannot be in the future."))
    clean = None
    if screenshot:
        try:
            info = images.inspect_image(screenshot)
            clean = images.reencode(screenshot, info)
        except ValidationError as error:
            problems += [
                _("The screenshot is not accepted: %(reason)s") % {"reason": message}
                for message in error.messages
            ]
    _refuse(problems)
    stored = None
    try:
        with transaction.atomic():
            locked = _lock(request)
            _require(by, "content.prove_request", locked)
            if locked.status not in PROVABLE:
                raise DisseminationError(
                    _(
                        "Proof is given once the request is accepted, and until it is "
                        "verified; this request is “%(status)s”."
                    )
                    % {"status": locked.get_status_display()}
                )
            proof = (
                Proof.objects.select_for_update().filter(request=locked, channel=channel).first()
            )
            if proof is not None and proof.status != Proof.Status.RETURNED:
                raise DisseminationError(
                    _("The proof on %(channel)s was already given (“%(status)s”).")
                    % {"channel": channel, "status": proof.get_status_display()}
                )
            if (
                clean is None
                and post_links.needs_screenshot(channel.kind)
                and not (proof is not None and proof.screenshot)
            ):
                raise DisseminationError(
                    _("Add a screenshot or photo: a %(kind)s channel has no post link to check.")
                    % {"kind": channel.get_kind_display()}
                )
            resubmitted = proof is not None
            old_screenshot = proof.screenshot.name if resubmitted and clean is not None else ""
            if clean is not None:
                holder = proof or Proof(request=locked, channel=channel)
                holder.screenshot.save(f"screenshot{info.extension}", clean, save=False)
                stored = StoredScreenshot(holder.screenshot.name, holder.screenshot.storage)
            details = {
                "url": url,
                "published_at": published_at,
                "submitted_by": by,
            }
            if stored is not None:
                details["screenshot"] = stored.name
            if resubmitted:
                # A returned proof given again: the proof's one move besides _review's.
                moved = Proof.objects.filter(pk=proof.pk, status=Proof.Status.RETURNED).update(
                    status=Proof.Status.SUBMITTED,
                    submitted_at=timezone.now(),
                    return_reason="",
                    reviewed_by=None,
                    reviewed_at=None,
                    **details,
                )
                if not moved:
                    raise DisseminationError(_("Someone else changed this proof meanwhile."))
                proof.refresh_from_db()
            else:
                proof = Proof.objects.create(request=locked, channel=channel, **details)
            if locked.status != Status.PUBLISHED:
                request_transition(locked, Status.PUBLISHED, by=by)
            log(
                locked,
                Action.PROOF_RESUBMITTED if resubmitted else Action.PROOF_SUBMITTED,
                by=by,
                changes={
                    "proof": proof.pk,
                    "channel": str(channel),
                    "url": url,
                    "published_at": published_at,
                },
            )
            told = [locked.dispatch.sent_by, *_kpk_managers()]
            notify_many(
                PROOF_SUBMITTED.code,
                [
                    Message(
                        [person for person in told if person is not None],
                        locked,
                        {"organisation": locked.organisation.name, "channel": str(channel)},
                        url=locked.get_absolute_url(),
                    )
                ],
                by=by,
            )
            if old_screenshot:
                storage = proof.screenshot.storage
                transaction.on_commit(lambda: storage.delete(old_screenshot))
    except BaseException:
        # The row was rolled back; the file already written must not outlive it.
        if stored is not None:
            stored.storage.delete(stored.name)
        raise
    _copy(locked, request)
    return proof


def _review(proof: Proof, to: str, *, by, reason: str = ""):
    """Verify or return ``proof`` (submitted), and move its request as its proofs now stand."""
    _require(by, "content.verify_proof", proof)
    with transaction.atomic():
        request = _lock(proof.request)
        locked = Proof.objects.select_for_update().select_related("channel").get(pk=proof.pk)
        if locked.status != Proof.Status.SUBMITTED:
            raise DisseminationError(
                _("Only a proof waiting for verification can be checked; this one is “%(status)s”.")
                % {"status": locked.get_status_display()}
            )
        now = timezone.now()
        values = {"status": to, "reviewed_by": by, "reviewed_at": now, "return_reason": reason}
        if not Proof.objects.filter(pk=locked.pk, status=Proof.Status.SUBMITTED).update(**values):
            raise DisseminationError(_("Someone else checked this proof meanwhile."))
        for name, value in values.items():
            setattr(proof, name, value)
        log(
            request,
            Action.PROOF_VERIFIED if to == Proof.Status.VERIFIED else Action.PROOF_RETURNED,
            by=by,
            changes={"proof": locked.pk, "channel": str(locked.channel), "reason": reason},
        )
        statuses = set(request.proofs.values_list("status", flat=True))
        if request.status == Status.PUBLISHED:
            if statuses == {Proof.Status.VERIFIED}:
                request_transition(request, Status.VERIFIED, by=by)
            elif not statuses & STANDING:
                request_transition(request, Status.ACCEPTED, by=by)
        kind = PROOF_VERIFIED if to == Proof.Status.VERIFIED else PROOF_RETURNED
        context = {"channel": str(locked.channel)}
        if reason:
            context["reason"] = reason[:200]
        notify_many(
            kind.code,
            [
                Message(
                    _partner_people(request, locked.submitted_by),
                    request,
                    context,
                    url=request.get_absolute_url(),
                )
            ],
            by=by,
        )
    return proof


def verify_proof(proof: Proof, *, by) -> Proof:
    """KPK verifies ``proof``; its request is verified once all its proofs are."""
    return _review(proof, Proof.Status.VERIFIED, by=by)


def return_proof(proof: Proof, *, reason: str, by) -> Proof:
    """KPK returns ``proof`` with ``reason``; with no other proof standing, its request goes
    back to accepted (the partner gives proof again)."""
    reason = (reason or "").strip()
    limit = Proof._meta.get_field("return_reason").max_length
    if not reason:
        raise DisseminationError(_("Say why the proof is returned."))
    if len(reason) > limit:
        raise DisseminationError(
            _("The reason can be at most %(max)s characters long.") % {"max": limit}
        )
    return _review(proof, Proof.Status.RETURNED, by=by, reason=reason)


def reach_problems(figures: dict) -> list[str]:
    """Why the reach ``figures`` ({field: value}) cannot be recorded (empty when they can)."""
    problems = []
    for name in REACH_FIELDS:
        value = figures.get(name)
        label = Proof._meta.get_field(name).verbose_name
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            problems.append(
                _("%(figure)s must be a whole number of 0 or more.")
                % {"figure": label.capitalize()}
            )
        elif value > LARGEST_FIGURE:
            problems.append(
                _("%(figure)s is larger than any audience.") % {"figure": label.capitalize()}
            )
    return problems


def report_reach(
    proof: Proof, *, views: int, reach: int, likes: int, shares: int, comments: int, by
) -> ReachReport:
    """A member of the partner reports the post's reach figures now: a new report is kept, and
    the proof's latest figures are updated with it (a returned proof takes none)."""
    figures = {
        "views": views,
        "reach": reach,
        "likes": likes,
        "shares": shares,
        "comments": comments,
    }
    _require(by, "content.prove_request", proof.request)
    _refuse(reach_problems(figures))
    with transaction.atomic():
        request = _lock(proof.request)
        _require(by, "content.prove_request", request)
        locked = Proof.objects.select_for_update().select_related("channel").get(pk=proof.pk)
        if locked.status not in STANDING:
            raise DisseminationError(
                _("Reach is reported on a proof that stands; give this one again first.")
            )
        report = ReachReport.objects.create(proof=locked, reported_by=by, **figures)
        Proof.objects.filter(pk=locked.pk).update(reach_reported_at=report.reported_at, **figures)
        for name, value in {**figures, "reach_reported_at": report.reported_at}.items():
            setattr(proof, name, value)
        log(
            request,
            Action.REACH_REPORTED,
            by=by,
            changes={"proof": locked.pk, "channel": str(locked.channel), **figures},
        )
    return report


# What the request page offers.


@dataclass(frozen=True)
class Actions:
    accept: bool = False
    decline: bool = False
    assign: bool = False
    forward: bool = False
    prove: bool = False
    verify: bool = False
    report_reach: bool = False
    schedule: bool = False
    unschedule: bool = False

    def __bool__(self):
        return any(vars(self).values())


def request_actions(user, request: Request) -> Actions:
    """The forms the request page shows ``user`` (each still checked again by its service)."""
    answers = user.has_perm("content.answer_request", request)
    proves = user.has_perm("content.prove_request", request)
    return Actions(
        accept=answers and request.status == Status.REQUESTED,
        decline=answers and request.status == Status.REQUESTED,
        assign=answers and request.status in ASSIGNABLE,
        forward=user.has_perm("content.forward_request", request) and request.status in FORWARDABLE,
        prove=proves and request.status in PROVABLE,
        verify=user.has_perm("content.verify_proof"),
        report_reach=proves,
        schedule=proves
        and request.status in SCHEDULABLE
        and request.item.status == ContentItem.Status.APPROVED,
        unschedule=proves and request.status == Status.SCHEDULED,
    )


def screenshot_content_type(name: str) -> str:
    for extension, content_type in SCREENSHOT_TYPES.items():
        if name.lower().endswith(extension):
            return content_type
    return "application/octet-stream"
