"""Registration: every write to a registration's status, and to an invitation's answer.

The seat, the waiting list and the promotion are one concern, so one module holds them. Every
function checks, writes inside one transaction, logs on the event's audit trail and notifies;
a refusal raises ``RegistrationError`` (a ValidationError whose messages the page shows) or
PermissionDenied, and changes nothing.

API:

- ``register_member(event, *, user, by, source=SELF)``: a member's one-click registration.
- ``nominate(invitation, *, users, by)`` and ``decline_invitation(invitation, *, reason, by)``:
  an invited organisation's manager answers the invitation.
- ``register_guest(event, *, name, institution, position, email, phone, ip)`` then
  ``confirm_guest(token)``: a guest through the public link, confirmed by email.
- ``cancel_registration(registration, *, by)`` (``by=None``: the guest holding the ticket).
- ``fill_from_waiting_list(event, *, by)``: give freed seats to the waiting list in order (a
  cancellation does it; the schedule part calls it after raising the capacity).

Capacity holds under concurrency: whoever takes or frees a seat locks the event's row first
(``select_for_update``) and counts the seats inside the transaction, so two people racing for the
last seat are served one after the other: one gets it, the other joins the waiting list.

Statuses (``MOVES``): a member starts confirmed or waitlisted; a guest starts unconfirmed and
takes a seat (or the waiting list) when they confirm their address; waitlisted → confirmed by
promotion; any active status → cancelled. Nothing else assigns ``Registration.status``.
"""

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.services import log
from notifications.emails import absolute_url
from notifications.services import Link, notify
from partnerships.models import Membership, Organisation
from partnerships.rules import reach
from partnerships.selectors import managers_of

from .audit_actions import RegistrationAction as Action
from .guests import email_guest
from .models import CalendarFeed, Event, Invitation, Registration, new_token
from .notification_kinds import (
    INVITATION_DECLINED,
    NOMINATED,
    PROMOTED,
    REGISTRATION_CONFIRMED,
    REGISTRATION_WAITLISTED,
)
from .rules import organiser_ids
from .tickets import ticket_attachments, ticket_url
from .times import local

Status = Registration.Status
Source = Registration.Source

# The one table of a registration's moves (None: a new registration).
MOVES = {
    (None, Status.UNCONFIRMED),
    (None, Status.CONFIRMED),
    (None, Status.WAITLISTED),
    (Status.UNCONFIRMED, Status.CONFIRMED),
    (Status.UNCONFIRMED, Status.WAITLISTED),
    (Status.WAITLISTED, Status.CONFIRMED),
    (Status.UNCONFIRMED, Status.CANCELLED),
    (Status.CONFIRMED, Status.CANCELLED),
    (Status.WAITLISTED, Status.CANCELLED),
}
# A guest's confirmation link works this long; an unconfirmed registration older than this no
# longer holds the address (the guest may register again).
GUEST_CONFIRMATION_MAX_AGE = timedelta(days=2)
GUEST_SALT = "events.guest_confirm"


class RegistrationError(ValidationError):
    """A refused registration, answer or cancellation; ``messages`` say why."""


def _refuse(problems: list) -> None:
    if len(problems) == 1:
        raise RegistrationError(problems[0])
    if problems:
        raise RegistrationError(problems)


def _lock(event: Event) -> Event:
    """The event's row, locked until the transaction ends: the seats are counted under it."""
    return Event.objects.select_for_update().get(pk=event.pk)


def closes_at(event: Event):
    """When registration closes: the closing time set, else the start of the event."""
    return event.registration_closes_at or event.starts_at


def is_open_for_registration(event: Event, *, now=None) -> bool:
    now = now or timezone.now()
    return (
        event.status == Event.Status.PUBLISHED
        and (event.registration_opens_at is None or event.registration_opens_at <= now)
        and now < closes_at(event)
    )


def registration_problems(event: Event, *, now=None, opening: bool = True) -> list:
    """Why nobody may register for ``event`` now (``opening``: also refuse before it opens;
    nominations may come before registration opens)."""
    now = now or timezone.now()
    if event.status == Event.Status.CANCELLED:
        return [_("This event has been cancelled.")]
    if event.status != Event.Status.PUBLISHED:
        return [_("This event is not published yet.")]
    if event.ends_at <= now:
        return [_("This event is over.")]
    if opening and event.registration_opens_at and now < event.registration_opens_at:
        return [
            _("Registration is not open yet: it opens on %(when)s.")
            % {"when": local(event.registration_opens_at, event)}
        ]
    if now >= closes_at(event):
        return [_("Registration for this event has closed.")]
    return []


def seats_taken(event: Event) -> int:
    return event.registrations.filter(status=Status.CONFIRMED).count()


def seats_left(event: Event) -> int | None:
    """Free seats (None: no limit)."""
    if event.capacity is None:
        return None
    return max(event.capacity - seats_taken(event), 0)


def _admit(locked: Event, *, now) -> dict:
    """The status a new place takes in ``locked`` (whose row this transaction holds)."""
    if locked.capacity is None or seats_taken(locked) < locked.capacity:
        return {"status": Status.CONFIRMED, "confirmed_at": now}
    return {"status": Status.WAITLISTED, "waitlisted_at": now}


def _create(registration: Registration, fields: dict) -> Registration:
    """Insert a new registration in the status ``fields`` give (the door for new rows)."""
    if (None, fields["status"]) not in MOVES:
        raise ValueError(fields["status"])
    for name, value in fields.items():
        setattr(registration, name, value)
    try:
        with transaction.atomic():
            registration.save(force_insert=True)
    except IntegrityError:
        # The unique constraints back the checks made under the event's lock.
        raise RegistrationError(_("This person is already registered for this event.")) from None
    return registration


def _move(registration: Registration, to: str, **fields) -> Registration:
    """Move ``registration`` to ``to``: a conditional update whose row count is checked."""
    source = registration.status
    if (source, to) not in MOVES:
        raise RegistrationError(_("This registration cannot be changed that way."))
    fields = {"status": to, **fields}
    updated = Registration.objects.filter(pk=registration.pk, status=source).update(**fields)
    if not updated:
        raise RegistrationError(_("Someone else changed this registration meanwhile."))
    for name, value in fields.items():
        setattr(registration, name, value)
    return registration


def _active(event: Event) -> "Q":
    return Q(event=event, status__in=Registration.ACTIVE)


def _already_registered(event: Event, *, user=None, email: str = "") -> bool:
    condition = Q()
    if user is not None:
        condition |= Q(user=user)
    if email:
        condition |= Q(email__iexact=email)
    return Registration.objects.filter(_active(event)).filter(condition).exists()


def _notify_member(registration: Registration, *, kind: str, by) -> None:
    # The notification opens the person's ticket (QR code, calendar, the way to the event page).
    notify(
        kind,
        [registration.user],
        target=Link(reverse("events:ticket", args=[registration.token]), registration.event.title),
        context={
            "registration": registration.pk,
            "status": registration.status,
        },
        by=by,
    )


def _status_kind(registration: Registration) -> str:
    if registration.status == Status.CONFIRMED:
        return REGISTRATION_CONFIRMED.code
    return REGISTRATION_WAITLISTED.code


# --- Members ---------------------------------------------------------------------------------


def member_organisation(event: Event, user) -> Organisation | None:
    """The organisation ``user`` registers for: an invited one of theirs, else an organising one,
    else (open events) any of theirs; None if the event is invited-only and none fits."""
    mine = reach(user).organisation_ids
    if not mine:
        return None
    invited = set(
        event.invitations.filter(organisation_id__in=mine).values_list("organisation_id", flat=True)
    )
    candidates = invited or (organiser_ids(event) & mine)
    if not candidates and event.visibility == Event.Visibility.OPEN:
        candidates = mine
    return Organisation.objects.filter(pk__in=candidates).order_by("name").first()


def _snapshot(user, organisation: Organisation) -> dict:
    """What the attendance list and certificate print, as it is now."""
    return {
        "user": user,
        "organisation": organisation,
        "name": user.full_name or user.email,
        "institution": organisation.name,
        "position": user.position,
        "email": user.email,
        "phone": user.phone,
    }


def register_member(event: Event, *, user, by, source: str = Source.SELF) -> Registration:
    """Register ``user`` for ``event`` (one click): a seat if one is free, else the waiting list.

    ``source`` SELF: ``by`` registers themselves; NOMINATED: ``by`` manages the invited
    organisation ``user`` belongs to (``nominate`` does this for many people at once).
    """
    if source == Source.SELF:
        if by is None or by.pk != user.pk or not by.has_perm("events.register", event):
            raise PermissionDenied
        organisation = member_organisation(event, user)
    elif source == Source.NOMINATED:
        invitation = (
            event.invitations.filter(
                organisation_id__in=reach(by).managed_organisation_ids,
                organisation__memberships__user=user,
                organisation__memberships__is_active=True,
            )
            .select_related("organisation")
            .first()
        )
        if invitation is None:
            raise PermissionDenied
        # One person nominated is a nomination like any other (answer, audit, notification).
        [registration] = nominate(invitation, users=[user], by=by)
        return registration
    else:
        raise ValueError(source)
    now = timezone.now()
    with transaction.atomic():
        locked = _lock(event)
        problems = registration_problems(locked, now=now)
        if not problems and organisation is None:
            if not reach(user).organisation_ids:
                problems.append(_("Only members of an organisation can register here."))
            else:
                problems.append(
                    _("This event is for invited organisations only, and yours is not invited.")
                )
        if not problems and _already_registered(locked, user=user, email=user.email):
            problems.append(_("You are already registered for this event."))
        _refuse(problems)
        registration = _create(
            Registration(
                event=locked,
                source=source,
                **_snapshot(user, organisation),
            ),
            _admit(locked, now=now),
        )
        log(
            locked,
            Action.REGISTERED,
            by=by,
            changes={
                "registration": registration.pk,
                "name": registration.name,
                "organisation": organisation.name,
                "source": source,
                "status": registration.status,
            },
        )
        _notify_member(registration, kind=_status_kind(registration), by=None)
    return registration


def nominate(invitation: Invitation, *, users: Iterable, by) -> list[Registration]:
    """The invited organisation's manager ``by`` registers ``users`` (its members).

    Each gets a registration (a seat, or the waiting list once the house is full) and is told.
    The invitation is answered: nominated. People already registered are refused by name.
    """
    if by is None or not by.has_perm("events.answer_invitation", invitation):
        raise PermissionDenied
    users = list(users)
    if not users:
        raise RegistrationError(_("Choose at least one person to nominate."))
    organisation = invitation.organisation
    members = set(
        Membership.objects.filter(
            organisation=organisation, is_active=True, user__in=users, user__is_active=True
        ).values_list("user_id", flat=True)
    )
    problems = [
        _("%(name)s is not a member of %(organisation)s.")
        % {"name": user, "organisation": organisation}
        for user in users
        if user.pk not in members
    ]
    _refuse(problems)
    now = timezone.now()
    with transaction.atomic():
        locked = _lock(invitation.event)
        problems = registration_problems(locked, now=now, opening=False)
        _refuse(problems)
        registered = set(
            Registration.objects.filter(_active(locked))
            .filter(Q(user__in=users) | Q(email__in=[user.email for user in users]))
            .values_list("user_id", flat=True)
        )
        problems = [
            _("%(name)s is already registered for this event.") % {"name": user}
            for user in users
            if user.pk in registered
        ]
        _refuse(problems)
        created = []
        for user in users:
            registration = _create(
                Registration(
                    event=locked,
                    source=Source.NOMINATED,
                    nominated_by=by,
                    **_snapshot(user, organisation),
                ),
                _admit(locked, now=now),
            )
            created.append(registration)
        # A manager who declined may change their mind: nominating answers the invitation
        # anew, and the reason for declining no longer stands. The event's lock, taken first
        # here and in ``decline_invitation``, keeps a decline from slipping in between.
        Invitation.objects.filter(pk=invitation.pk).update(
            status=Invitation.Status.NOMINATED, decline_reason="", responded_by=by, responded_at=now
        )
        invitation.status, invitation.decline_reason = Invitation.Status.NOMINATED, ""
        invitation.responded_by, invitation.responded_at = by, now
        log(
            locked,
            Action.NOMINATED,
            by=by,
            changes={
                "organisation": organisation.name,
                "people": [registration.name for registration in created],
            },
        )
        for registration in created:
            _notify_member(registration, kind=NOMINATED.code, by=by)
    return created


def decline_invitation(invitation: Invitation, *, reason: str, by) -> Invitation:
    """The invited organisation's manager ``by`` declines, saying why (the reason is required)."""
    if by is None or not by.has_perm("events.answer_invitation", invitation):
        raise PermissionDenied
    reason = (reason or "").strip()
    limit = Invitation._meta.get_field("decline_reason").max_length
    problems = []
    if not reason:
        problems.append(_("Say why the invitation is declined."))
    elif len(reason) > limit:
        problems.append(_("The reason can be at most %(max)s characters long.") % {"max": limit})
    now = timezone.now()
    with transaction.atomic():
        # The event first, as ``nominate`` takes it: a nomination under way finishes before
        # this reads the invitation's status.
        _lock(invitation.event)
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.status == Invitation.Status.DECLINED:
            problems.append(_("This invitation has already been declined."))
        elif locked.status == Invitation.Status.NOMINATED:
            problems.append(
                _("Participants are already nominated: cancel their registrations instead.")
            )
        _refuse(problems)
        Invitation.objects.filter(pk=locked.pk, status=locked.status).update(
            status=Invitation.Status.DECLINED,
            decline_reason=reason,
            responded_by=by,
            responded_at=now,
        )
        invitation.status, invitation.decline_reason = Invitation.Status.DECLINED, reason
        invitation.responded_by, invitation.responded_at = by, now
        log(
            invitation.event,
            Action.INVITATION_DECLINED,
            by=by,
            changes={"organisation": invitation.organisation.name, "reason": reason},
        )
        # The organisers counted on this organisation's people: their managers are told.
        notify(
            INVITATION_DECLINED.code,
            managers_of(invitation.event.organisers.all()),
            target=invitation.event,
            context={"organisation": invitation.organisation.name, "reason": reason},
            by=by,
        )
    return invitation


# --- Guests ----------------------------------------------------------------------------------


def confirmation_token(registration: Registration) -> str:
    """A signed, expiring token for the guest's confirmation link."""
    return signing.dumps(registration.token, salt=GUEST_SALT, compress=True)


def guest_language() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE


def register_guest(
    event: Event,
    *,
    name: str,
    institution: str,
    position: str,
    email: str,
    phone: str,
    ip: str = "",
) -> Registration:
    """A guest registers through the public link of an open event.

    Creates an unconfirmed registration (no seat yet) and emails a confirmation link that works
    for GUEST_CONFIRMATION_MAX_AGE. Refused: missing fields, an invalid address, an address
    already registered (case-insensitive), an event that is not open to guests or not open for
    registration.
    """
    fields = {
        "name": (name or "").strip(),
        "institution": (institution or "").strip(),
        "position": (position or "").strip(),
        "email": (email or "").strip(),
        "phone": (phone or "").strip(),
    }
    problems = []
    labels = {
        "name": _("name"),
        "institution": _("institution"),
        "position": _("position"),
        "email": _("email"),
        "phone": _("phone"),
    }
    for field, value in fields.items():
        if not value:
            problems.append(_("Fill in your %(field)s.") % {"field": labels[field]})
        elif len(value) > Registration._meta.get_field(field).max_length:
            problems.append(_("Your %(field)s is too long.") % {"field": labels[field]})
    if fields["email"]:
        try:
            validate_email(fields["email"])
        except ValidationError:
            problems.append(_("Enter a valid email address."))
    now = timezone.now()
    with transaction.atomic():
        locked = _lock(event)
        if locked.visibility != Event.Visibility.OPEN:
            problems.insert(0, _("This event is for invited organisations only."))
        problems = registration_problems(locked, now=now) + problems
        if not problems:
            stale = Registration.objects.filter(
                _active(locked),
                email__iexact=fields["email"],
                status=Status.UNCONFIRMED,
                created_at__lt=now - GUEST_CONFIRMATION_MAX_AGE,
            )
            for registration in stale:
                # The link expired unused: the address may register again.
                _move(registration, Status.CANCELLED, cancelled_at=now)
            if _already_registered(locked, email=fields["email"]):
                problems.append(
                    _(
                        "This email address is already registered for this event. If you have "
                        "not confirmed it yet, look for our email in your inbox."
                    )
                )
        _refuse(problems)
        registration = _create(
            Registration(event=locked, source=Source.GUEST, **fields),
            {"status": Status.UNCONFIRMED},
        )
        log(
            locked,
            Action.GUEST_REGISTERED,
            by=None,
            changes={
                "registration": registration.pk,
                "name": registration.name,
                "institution": registration.institution,
                "email": registration.email,
                "ip": ip,
            },
        )
        email_guest(
            registration,
            "events/email/guest_confirm",
            {
                "event": locked,
                "url": absolute_url(
                    reverse("events:guest_confirm", args=[confirmation_token(registration)])
                ),
                "when": local(locked.starts_at, locked),
                "valid_until": local(now + GUEST_CONFIRMATION_MAX_AGE, locked),
            },
            language=guest_language(),
        )
    return registration


def find_guest_registration(token: str) -> Registration:
    """The registration behind a confirmation link, or a RegistrationError saying why not."""
    try:
        ticket = signing.loads(
            token, salt=GUEST_SALT, max_age=GUEST_CONFIRMATION_MAX_AGE.total_seconds()
        )
    except signing.SignatureExpired:
        raise RegistrationError(
            _("This confirmation link has expired. Register again from the event's page.")
        ) from None
    except signing.BadSignature:
        raise RegistrationError(_("This confirmation link is not valid.")) from None
    registration = (
        Registration.objects.select_related("event").filter(token=ticket, source=Source.GUEST)
    ).first()
    if registration is None:
        raise RegistrationError(_("This confirmation link is not valid."))
    return registration


def confirm_guest(token: str) -> Registration:
    """The guest opened their confirmation link: take a seat, or the waiting list.

    Confirming twice is harmless (the registration is returned as it is). Refused once the
    registration is cancelled, or the event cancelled or started.
    """
    registration = find_guest_registration(token)
    now = timezone.now()
    with transaction.atomic():
        locked = _lock(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        registration.event = locked
        if registration.status in (Status.CONFIRMED, Status.WAITLISTED):
            return registration
        problems = []
        if registration.status == Status.CANCELLED:
            problems.append(_("This registration has been cancelled."))
        elif locked.status == Event.Status.CANCELLED:
            problems.append(_("This event has been cancelled."))
        elif locked.starts_at <= now:
            problems.append(_("This event has already started."))
        _refuse(problems)
        admitted = _admit(locked, now=now)
        _move(registration, admitted.pop("status"), **admitted)
        log(
            locked,
            Action.GUEST_CONFIRMED,
            by=None,
            changes={
                "registration": registration.pk,
                "name": registration.name,
                "status": registration.status,
            },
        )
        _email_guest(registration, promoted=False)
    return registration


def _email_guest(registration: Registration, *, promoted: bool) -> None:
    """Tell a guest where they stand; with a seat, the email carries the .ics and the QR code."""
    event = registration.event
    language = guest_language()
    confirmed = registration.status == Status.CONFIRMED
    email_guest(
        registration,
        "events/email/guest_ticket",
        {
            "event": event,
            "confirmed": confirmed,
            "promoted": promoted,
            "url": ticket_url(registration),
            "when": local(event.starts_at, event),
        },
        language=language,
        attachments=ticket_attachments(registration, language=language) if confirmed else (),
    )


# --- Cancelling and the waiting list ---------------------------------------------------------


def cancel_registration(registration: Registration, *, by) -> Registration:
    """Cancel ``registration``; a seat it held goes to the next on the waiting list.

    ``by`` is the acting user, or None for the guest holding the ticket's secret link (the view
    has checked the token). Refused once checked in, or once the event is over.
    """
    if by is not None and not by.has_perm("events.cancel_registration", registration):
        raise PermissionDenied
    now = timezone.now()
    with transaction.atomic():
        locked = _lock(registration.event)
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        problems = []
        if current.status == Status.CANCELLED:
            problems.append(_("This registration is already cancelled."))
        elif current.checked_in_at is not None:
            problems.append(_("This person has already been checked in."))
        elif locked.ends_at <= now:
            problems.append(_("This event is over."))
        _refuse(problems)
        held_seat = current.status == Status.CONFIRMED
        _move(current, Status.CANCELLED, cancelled_at=now)
        registration.status, registration.cancelled_at = current.status, now
        log(
            locked,
            Action.CANCELLED,
            by=by,
            changes={"registration": current.pk, "name": current.name, "from": current.status},
        )
        if held_seat:
            _fill(locked, by=by, now=now)
    return registration


def fill_from_waiting_list(event: Event, *, by) -> list[Registration]:
    """Give the free seats of ``event`` to the waiting list, first come first served."""
    with transaction.atomic():
        return _fill(_lock(event), by=by, now=timezone.now())


def waiting_list(event: Event):
    """The waiting list in the order it is served."""
    return event.registrations.filter(status=Status.WAITLISTED).order_by("waitlisted_at", "pk")


def _fill(locked: Event, *, by, now) -> list[Registration]:
    if locked.capacity is None:
        free = waiting_list(locked).count()
    else:
        free = locked.capacity - seats_taken(locked)
    if free <= 0 or locked.status != Event.Status.PUBLISHED or locked.ends_at <= now:
        return []
    promoted = []
    for registration in waiting_list(locked).select_related("user")[:free]:
        registration.event = locked
        _move(registration, Status.CONFIRMED, confirmed_at=now)
        log(
            locked,
            Action.PROMOTED,
            by=by,
            changes={"registration": registration.pk, "name": registration.name},
        )
        if registration.user_id is not None:
            _notify_member(registration, kind=PROMOTED.code, by=None)
        elif registration.email:
            _email_guest(registration, promoted=True)
        promoted.append(registration)
    return promoted


# --- The private calendar feed ---------------------------------------------------------------


def calendar_feed(user) -> CalendarFeed:
    """The user's feed, made on first use."""
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


def reset_calendar_feed(user, *, by) -> CalendarFeed:
    """Replace the feed's secret: the old URL stops working at once."""
    if by is None or by.pk != user.pk:
        raise PermissionDenied
    with transaction.atomic():
        feed = calendar_feed(user)
        CalendarFeed.objects.filter(pk=feed.pk).update(token=new_token())
        feed.refresh_from_db()
        log(feed, Action.FEED_RESET, by=by)
    return feed


def feed_owner(token: str):
    """The active user whose feed ``token`` is, or None."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        return None
    return feed.user
