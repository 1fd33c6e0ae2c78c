"""Every write to an event itself: its details, its status, its agenda and its invitations.

Each function checks the permission, validates (listing every problem at once, by field),
writes inside one transaction, records an entry on the event in the audit trail (one timeline
for the event and its parts) and notifies once the transaction commits. A refusal raises
``EventError`` (a ValidationError whose messages the pages show) and changes nothing; a user
who may not touch the event at all gets ``PermissionDenied``.

API:

- ``create_event(*, by, organisers, **fields) -> Event``  (a draft; ``EVENT_FIELDS``)
- ``update_event(event, *, by, organisers=None, **fields) -> Event``  (a changed time or venue
  of a published event is told to everyone registered, old and new values)
- ``transition(event, to, *, by, reason="") -> Event``  (the one door of the status)
- ``allowed_transitions(user, event) -> list[str]``  (the buttons to offer)
- ``add_session(event, *, by, title, starts_at, ends_at, description="", speakers=())``,
  ``update_session(session, *, by, ...)``, ``remove_session(session, *, by)``
- ``invite(event, *, by, organisations=(), provinces=(), with_province=True,
  with_regencies=True) -> list[Invitation]``  (one bulk write; those already invited are skipped)
- ``remove_invitation(invitation, *, by)``  (only while nobody of it is registered)
"""

from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import diff, log
from notifications.services import Message, notify, notify_many
from partnerships.models import MANAGER_ROLES, Membership, Organisation
from partnerships.rules import is_administrator, is_kpk, reach, sees_everything

from .audit_actions import ZONE_KEY, ScheduleAction
from .guests import email_guest
from .models import Event, Invitation, Registration, Session, Speaker
from .notification_kinds import (
    EVENT_CANCELLED,
    EVENT_INVITATION,
    EVENT_NOMINATION_REQUESTED,
    EVENT_SCHEDULE_CHANGED,
)
from .times import local

Status = Event.Status

# What create_event and update_event take besides the organisers.
EVENT_FIELDS = (
    "kind",
    "title",
    "description",
    "agreement",
    "scope_item",
    "venue_name",
    "venue_address",
    "venue_regency",
    "online_url",
    "time_zone",
    "starts_at",
    "ends_at",
    "capacity",
    "registration_opens_at",
    "registration_closes_at",
    "visibility",
)
# A change to any of these on a published event is told to everyone registered.
TIME_AND_VENUE = (
    "starts_at",
    "ends_at",
    "venue_name",
    "venue_address",
    "venue_regency",
    "online_url",
    "time_zone",
)
DATETIME_FIELDS = ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at")

# The one table of moves: (from, to) -> the permission the acting user needs on the event.
TRANSITIONS = {
    (Status.DRAFT, Status.PUBLISHED): "events.change_event",
    (Status.DRAFT, Status.CANCELLED): "events.change_event",
    (Status.PUBLISHED, Status.CANCELLED): "events.change_event",
}


class EventError(ValidationError):
    """A refused change; ``messages`` (or ``message_dict``) say why in the user's language."""


class SpeakerInput(NamedTuple):
    name: str
    position: str = ""
    institution: str = ""


def _refuse(problems) -> None:
    if problems:
        raise EventError(problems)


def _lock(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


# The event's details.


def _organiser_problems(organisers, *, by, before=()) -> list[str]:
    """Why ``by`` may not name ``organisers`` (``before``: the current ones when changing)."""
    chosen = {organisation.pk: organisation for organisation in organisers}
    if not chosen:
        return [_("Choose at least one organising organisation.")]
    problems = []
    inactive = [organisation.name for organisation in chosen.values() if not organisation.is_active]
    if inactive:
        problems.append(
            _("These organisations are no longer active: %(names)s.")
            % {"names": ", ".join(sorted(inactive))}
        )
    if sees_everything(by):
        if not before and is_kpk(by) and not is_administrator(by):
            own_units = reach(by).organisation_ids
            if not any(o.is_kpk and o.pk in own_units for o in chosen.values()):
                problems.append(_("Your KPK unit is always among the organisers of its events."))
        return problems
    # A partner organises only for the organisations they manage: they may add or remove those,
    # and leave the others as they are.
    touched = set(chosen) ^ {organisation.pk for organisation in before}
    if touched - reach(by).managed_organisation_ids:
        problems.append(_("You may organise events only for the organisations you manage."))
    return problems


def _detail_problems(event: Event, *, by) -> dict[str, list[str]]:
    try:
        event.full_clean(exclude=["created_by", "public_token"], validate_constraints=False)
        problems = {}
    except ValidationError as error:
        problems = error.message_dict
    if event.agreement_id is not None and not by.has_perm(
        "agreements.view_agreement", event.agreement
    ):
        problems.setdefault("agreement", []).append(_("Choose an agreement you take part in."))
    return problems


def _apply(event: Event, fields: dict) -> None:
    unknown = set(fields) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"Unexpected event fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(event, name, "" if value is None and name in _TEXT_FIELDS else value)
    event.time_zone = event_zone(
        event.time_zone, venue_regency=event.venue_regency, venue_name=event.venue_name
    )


def event_zone(chosen: str, *, venue_regency, venue_name: str) -> str:
    """The event's zone: the venue's province decides it; an online event keeps ``chosen``.

    The form asks it too, to read the times typed in that zone before the services see them.
    """
    if venue_regency is not None and venue_name:
        return venue_regency.province.time_zone
    return chosen


_TEXT_FIELDS = {"description", "venue_name", "venue_address", "online_url"}


def create_event(*, by, organisers, **fields) -> Event:
    """A new draft event organised by ``organisers``, audited on the event.

    ``fields`` are ``EVENT_FIELDS`` (times aware; the zone follows the venue's province).
    Raises PermissionDenied unless ``by`` may create events, EventError (by field) for every
    problem at once: details, an agreement ``by`` does not take part in, organisers ``by`` does
    not act for (KPK's own unit always among them when KPK creates).
    """
    if not by.has_perm("events.add_event"):
        raise PermissionDenied
    organisers = list(organisers)
    event = Event(created_by=by)
    _apply(event, fields)
    problems = _detail_problems(event, by=by)
    organiser_problems = _organiser_problems(organisers, by=by)
    if organiser_problems:
        problems.setdefault("organisers", []).extend(organiser_problems)
    _refuse(problems)
    with transaction.atomic():
        event.save()
        event.organisers.set(organisers)
        changes = diff(None, event, fields=list(EVENT_FIELDS))
        changes["organisers"] = sorted(organisation.name for organisation in organisers)
        changes[ZONE_KEY] = event.time_zone
        log(event, ScheduleAction.CREATED, by=by, changes=changes)
    return event


def update_event(event: Event, *, by, organisers=None, **fields) -> Event:
    """Change ``event``'s details (``EVENT_FIELDS``, ``organisers``), audited field by field.

    A cancelled event is not changed. The agenda must still fit the new times. When the time
    or the venue of a published event changes, everyone with an active registration is told
    the old and new values (members by a notification, guests by email). Nothing is logged
    when nothing changed.
    """
    with transaction.atomic():
        locked = _lock(event)
        _check_changeable(locked, by)
        before = Event.objects.select_related("venue_regency", "agreement", "scope_item").get(
            pk=locked.pk
        )
        _apply(locked, fields)
        problems = _detail_problems(locked, by=by)
        before_organisers = list(locked.organisers.all())
        if organisers is not None:
            organisers = list(organisers)
            organiser_problems = _organiser_problems(organisers, by=by, before=before_organisers)
            if organiser_problems:
                problems.setdefault("organisers", []).extend(organiser_problems)
        if not problems and (locked.starts_at, locked.ends_at) != (
            before.starts_at,
            before.ends_at,
        ):
            outside = locked.sessions.filter(
                Q(starts_at__lt=locked.starts_at) | Q(ends_at__gt=locked.ends_at)
            )
            if outside.exists():
                problems.setdefault("starts_at", []).append(
                    _("Some agenda sessions would fall outside the new time: move them first.")
                )
        _refuse(problems)
        changes = diff(before, locked, fields=list(EVENT_FIELDS))
        if changes:
            locked.save(update_fields=[*changes, "updated_at"])
        if organisers is not None:
            old_names = sorted(o.name for o in before_organisers)
            new_names = sorted(o.name for o in organisers)
            if old_names != new_names:
                locked.organisers.set(organisers)
                changes["organisers"] = [old_names, new_names]
        if changes:
            log(
                locked,
                ScheduleAction.CHANGED,
                by=by,
                changes={**changes, ZONE_KEY: locked.time_zone},
            )
        moved = {name: changes[name] for name in TIME_AND_VENUE if name in changes}
        if moved and locked.status == Status.PUBLISHED:
            _tell_registered_of_change(locked, before, by=by)
    return locked


def _change_lines(before: Event, after: Event) -> dict[str, list[str]]:
    """{field: [old, new]} of the time and venue, as readers see them (times in each zone)."""
    lines = {}
    for name in TIME_AND_VENUE:
        if name == "time_zone":
            continue
        old, new = getattr(before, name), getattr(after, name)
        if name in DATETIME_FIELDS:
            old, new = local(old, before), local(new, after)
        else:
            old, new = str(old or "—"), str(new or "—")
        if old != new:
            lines[name] = [old, new]
    return lines


def _active_registrations(event: Event):
    return event.registrations.filter(status__in=Registration.ACTIVE).select_related("user")


def _tell_registered_of_change(event: Event, before: Event, *, by) -> None:
    changes = _change_lines(before, event)
    if not changes:
        return
    registrations = list(_active_registrations(event))
    notify(
        EVENT_SCHEDULE_CHANGED.code,
        [r.user for r in registrations if r.user_id is not None],
        target=event,
        context={"changes": changes},
        by=by,
    )
    _email_guests(
        event,
        registrations,
        "events/email/schedule_changed",
        {"changes": [(Event._meta.get_field(n).verbose_name, *v) for n, v in changes.items()]},
    )


def _email_guests(event: Event, registrations, template: str, context: dict) -> None:
    """Email the guests (registrations without an account) of ``registrations``, once each."""
    seen = set()
    for registration in registrations:
        email = registration.email.lower()
        if registration.user_id is not None or not email or email in seen:
            continue
        seen.add(email)
        email_guest(
            registration,
            template,
            {
                **context,
                "event": event,
                "starts": local(event.starts_at, event),
                "ends": local(event.ends_at, event),
            },
        )


# The one door of the status.


def _move_problems(event: Event, to: str, *, by, reason: str) -> list[str]:
    move = (event.status, to)
    if move not in TRANSITIONS:
        return [
            _("An event cannot move from “%(from)s” to “%(to)s”.")
            % {
                "from": Status(event.status).label,
                "to": Status(to).label if to in Status.values else to,
            }
        ]
    if not by.has_perm(TRANSITIONS[move], event):
        return [_("Only the event's organisers can change its status.")]
    problems = []
    if to == Status.PUBLISHED and event.ends_at <= timezone.now():
        problems.append(_("The event has already ended: it can no longer be published."))
    if to == Status.CANCELLED:
        if event.status == Status.PUBLISHED and event.ends_at <= timezone.now():
            problems.append(_("The event has already taken place: it cannot be cancelled."))
        if not reason:
            problems.append(_("Give the reason for cancelling the event."))
        limit = Event._meta.get_field("cancel_reason").max_length
        if len(reason) > limit:
            problems.append(
                _("The reason can be at most %(max)s characters long.") % {"max": limit}
            )
    return problems


def allowed_transitions(user, event: Event) -> list[str]:
    """The statuses ``user`` may move ``event`` to (by the table and the permission)."""
    return [
        to
        for (source, to), permission in TRANSITIONS.items()
        if source == event.status and user.has_perm(permission, event)
    ]


def transition(event: Event, to: str, *, by, reason: str = "") -> Event:
    """Move ``event`` to ``to``: the only code that changes an event's status.

    Checks the move against TRANSITIONS and the permission of ``by``, then writes under the
    row lock with a status-conditional update, logs the move and notifies: publishing tells the
    managers of the invited organisations (an invitation, and a request to nominate);
    cancelling (a reason is required) tells everyone registered, members and guests, and the
    invited organisations' managers. Raises PermissionDenied if ``by`` may not see the event,
    EventError (changing nothing) for any other refusal, including a status changed since
    ``event`` was loaded.
    """
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = _lock(event)
        if not by.has_perm("events.view_event", locked):
            raise PermissionDenied
        if locked.status != event.status:
            _refuse(
                [
                    _("Someone else changed this event meanwhile: it is now “%(status)s”.")
                    % {"status": locked.get_status_display()}
                ]
            )
        source = locked.status
        _refuse(_move_problems(locked, to, by=by, reason=reason))
        fields = {"status": to, "updated_at": timezone.now()}
        if to == Status.CANCELLED:
            fields["cancel_reason"] = reason
        # The row lock serialises this on PostgreSQL; the condition keeps it safe on SQLite.
        if not Event.objects.filter(pk=locked.pk, status=source).update(**fields):
            _refuse([_("Someone else changed this event meanwhile.")])
        for name, value in fields.items():
            setattr(event, name, value)
            setattr(locked, name, value)
        log(
            event,
            ScheduleAction.STATUS_CHANGED,
            by=by,
            changes={"from": source, "to": to, "reason": reason},
        )
        if to == Status.PUBLISHED:
            _tell_invited(locked, locked.invitations.select_related("organisation"), by=by)
        elif to == Status.CANCELLED:
            _tell_of_cancelling(
                locked, reason=reason, by=by, was_published=source == Status.PUBLISHED
            )
    return event


def _managers_by_organisation(organisation_ids: Iterable[int]) -> dict[int, list]:
    """The active managers of each active organisation, by organisation id (one query)."""
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


def _tell_invited(event: Event, invitations, *, by) -> None:
    """Tell the managers of each invited organisation: invited, and asked to nominate."""
    invitations = list(invitations)
    managers = _managers_by_organisation(i.organisation_id for i in invitations)
    for kind in (EVENT_INVITATION, EVENT_NOMINATION_REQUESTED):
        notify_many(
            kind.code,
            [
                Message(
                    recipients=managers.get(invitation.organisation_id, []),
                    target=event,
                    context={"organisation": invitation.organisation.name},
                )
                for invitation in invitations
            ],
            by=by,
        )


def _tell_of_cancelling(event: Event, *, reason: str, by, was_published: bool) -> None:
    if not was_published:
        # Nobody but the organisers knew of a draft.
        return
    registrations = list(_active_registrations(event))
    invited = event.invitations.values_list("organisation_id", flat=True)
    managers = [user for users in _managers_by_organisation(invited).values() for user in users]
    notify(
        EVENT_CANCELLED.code,
        [r.user for r in registrations if r.user_id is not None] + managers,
        target=event,
        context={"reason": reason},
        by=by,
    )
    _email_guests(event, registrations, "events/email/schedule_cancelled", {"reason": reason})


# The agenda.


def _session_problems(event: Event, session: Session, speakers) -> dict[str, list[str]]:
    try:
        session.full_clean(exclude=["event"], validate_constraints=False)
        problems = {}
    except ValidationError as error:
        problems = error.message_dict
    if (
        session.starts_at
        and session.ends_at
        and (session.starts_at < event.starts_at or session.ends_at > event.ends_at)
    ):
        problems.setdefault("starts_at", []).append(
            _("A session must lie within the event's time: %(start)s to %(end)s.")
            % {"start": local(event.starts_at, event), "end": local(event.ends_at, event)}
        )
    for speaker in speakers:
        if not speaker.name.strip():
            problems.setdefault("speakers", []).append(_("Give each speaker's name."))
            break
    limit = Speaker._meta.get_field("name").max_length
    if any(len(value) > limit for speaker in speakers for value in speaker):
        problems.setdefault("speakers", []).append(
            _("A speaker's details can be at most %(max)s characters long.") % {"max": limit}
        )
    return problems


def _speaker_lines(session: Session) -> list[str]:
    return [
        ", ".join(part for part in (s.name, s.position, s.institution) if part)
        for s in session.speakers.all()
    ]


def _session_changes(session: Session, event: Event, speakers: list[str]) -> dict:
    return {
        "session": session.title,
        "time": f"{local(session.starts_at, event)} \u2013 {local(session.ends_at, event)}",
        "speakers": speakers,
    }


def _check_changeable(event: Event, by) -> None:
    """Refuse unless ``by`` may change ``event`` and it is not cancelled (its details, agenda,
    invitations)."""
    if not by.has_perm("events.change_event", event):
        raise PermissionDenied
    if event.status == Status.CANCELLED:
        _refuse([_("A cancelled event can no longer be changed.")])


def _write_speakers(session: Session, speakers) -> None:
    session.speakers.all().delete()
    Speaker.objects.bulk_create(
        Speaker(
            session=session,
            name=s.name.strip(),
            position=s.position.strip(),
            institution=s.institution.strip(),
            order=index,
        )
        for index, s in enumerate(speakers)
    )


def add_session(
    event: Event, *, by, title, starts_at, ends_at, description="", speakers=()
) -> Session:
    """A new agenda session with its speakers (``SpeakerInput``), within the event's time."""
    speakers = [SpeakerInput(*s) for s in speakers]
    with transaction.atomic():
        locked = _lock(event)
        _check_changeable(locked, by)
        session = Session(
            event=locked, title=title, starts_at=starts_at, ends_at=ends_at, description=description
        )
        _refuse(_session_problems(locked, session, speakers))
        session.save()
        _write_speakers(session, speakers)
        log(
            locked,
            ScheduleAction.SESSION_ADDED,
            by=by,
            changes=_session_changes(session, locked, _speaker_lines(session)),
        )
    return session


def update_session(
    session: Session, *, by, title, starts_at, ends_at, description="", speakers=()
) -> Session:
    """Change a session and replace its speakers, audited on the event."""
    speakers = [SpeakerInput(*s) for s in speakers]
    with transaction.atomic():
        locked = _lock(session.event)
        _check_changeable(locked, by)
        session = Session.objects.select_for_update().get(pk=session.pk, event=locked)
        before = _session_changes(session, locked, _speaker_lines(session))
        session.title, session.starts_at, session.ends_at = title, starts_at, ends_at
        session.description = description
        _refuse(_session_problems(locked, session, speakers))
        session.save()
        _write_speakers(session, speakers)
        after = _session_changes(session, locked, _speaker_lines(session))
        changes = {key: [before[key], after[key]] for key in after if before[key] != after[key]}
        if changes:
            changes.setdefault("session", [before["session"], after["session"]])
            log(locked, ScheduleAction.SESSION_CHANGED, by=by, changes=changes)
    return session


def remove_session(session: Session, *, by) -> None:
    with transaction.atomic():
        locked = _lock(session.event)
        _check_changeable(locked, by)
        session = Session.objects.get(pk=session.pk, event=locked)
        changes = _session_changes(session, locked, _speaker_lines(session))
        session.delete()
        log(locked, ScheduleAction.SESSION_REMOVED, by=by, changes=changes)


# Invitations.


def invitation_candidates(
    *,
    organisations: Iterable[Organisation] = (),
    provinces: Iterable = (),
    with_province: bool = True,
    with_regencies: bool = True,
):
    """The active organisations chosen by name, and the Diskominfo of the provinces chosen:
    the provincial one (``with_province``) and those of its regencies and cities
    (``with_regencies``)."""
    organisation_ids = [getattr(o, "pk", o) for o in organisations]
    province_codes = [getattr(p, "pk", p) for p in provinces]
    chosen = Q(pk__in=organisation_ids)
    if with_province:
        chosen |= Q(kind=Organisation.Kind.PROVINCE_DISKOMINFO, province_id__in=province_codes)
    if with_regencies:
        chosen |= Q(
            kind=Organisation.Kind.REGENCY_DISKOMINFO, regency__province_id__in=province_codes
        )
    return Organisation.objects.filter(chosen, is_active=True).order_by("name")


def invite(
    event: Event,
    *,
    by,
    organisations: Iterable[Organisation] = (),
    provinces: Iterable = (),
    with_province: bool = True,
    with_regencies: bool = True,
) -> list[Invitation]:
    """Invite organisations in one step: those named, and the Diskominfo of the provinces named
    (the provincial one, those of its regencies and cities, or both), in one bulk write.

    Organisations already invited, and the organisers, are skipped. Invitations to a published
    event are told at once to the invited organisations' managers; a draft's are told when it is
    published. Returns the new invitations (empty when everyone chosen was already invited).
    """
    organisations, provinces = list(organisations), list(provinces)
    with transaction.atomic():
        locked = _lock(event)
        _check_changeable(locked, by)
        if not organisations and not provinces:
            _refuse([_("Choose organisations, or provinces, to invite.")])
        candidates = list(
            invitation_candidates(
                organisations=organisations,
                provinces=provinces,
                with_province=with_province,
                with_regencies=with_regencies,
            )
        )
        if provinces and not candidates and not organisations:
            _refuse([_("No active Diskominfo was found in the provinces chosen.")])
        skipped = set(locked.invitations.values_list("organisation_id", flat=True))
        skipped |= set(locked.organisers.values_list("pk", flat=True))
        new = [o for o in candidates if o.pk not in skipped]
        if not new:
            return []
        invitations = Invitation.objects.bulk_create(
            Invitation(event=locked, organisation=organisation, invited_by=by)
            for organisation in new
        )
        # bulk_create gives back primary keys on PostgreSQL and SQLite; read them again anyway
        # so the invitations carry their organisation and timestamps.
        invitations = list(
            locked.invitations.filter(organisation__in=new).select_related("organisation")
        )
        log(
            locked,
            ScheduleAction.INVITED,
            by=by,
            changes={"organisations": [i.organisation.name for i in invitations]},
        )
        if locked.status == Status.PUBLISHED:
            _tell_invited(locked, invitations, by=by)
    return invitations


def remove_invitation(invitation: Invitation, *, by) -> None:
    """Withdraw an invitation while nobody of the organisation is registered for the event."""
    with transaction.atomic():
        locked = _lock(invitation.event)
        if not by.has_perm("events.change_event", locked):
            raise PermissionDenied
        invitation = Invitation.objects.select_related("organisation").get(
            pk=invitation.pk, event=locked
        )
        registered = locked.registrations.filter(
            organisation_id=invitation.organisation_id, status__in=Registration.ACTIVE
        ).exists()
        if registered:
            _refuse(
                [
                    _(
                        "%(organisation)s already has people registered: the invitation "
                        "stays while they are."
                    )
                    % {"organisation": invitation.organisation.name}
                ]
            )
        invitation.delete()
        log(
            locked,
            ScheduleAction.INVITATION_REMOVED,
            by=by,
            changes={"organisation": invitation.organisation.name},
        )
