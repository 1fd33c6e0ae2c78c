"""Who may see, organise and take part in events, composed from the base predicates.

- KPK (and administrators) see every event and organise any of them.
- The members of an event's organising organisations see it from its draft on; their managers
  organise it (details, agenda, invitations, registrations, files, report, certificates); any of
  their members may check people in on the day.
- Once published, an event is seen by the members of the organisations invited to it, by a
  province's manager when a regency or city of the province is invited, by whoever registered,
  and, for an open event, by every member of the network. Guests see only its public page.
- A participant list (registrations, attendance, exports) is the organisers'; an invited
  organisation's managers see the registrations of their own people where they nominate.
- Materials and photos are the participants' and the organisers' unless made public.
"""

import rules
from django.db.models import Q, QuerySet

from partnerships.rules import (
    is_administrator,
    is_any_manager,
    is_kpk,
    overseen_organisation_ids,
    reach,
    sees_everything,
)

from .models import Event, Invitation, Registration


def organiser_ids(event) -> frozenset:
    """The organising organisations of ``event``, read once per instance (prefetch is used)."""
    cached = getattr(event, "_sinergi_organiser_ids", None)
    if cached is None:
        prefetched = getattr(event, "_prefetched_objects_cache", {}).get("organisers")
        if prefetched is not None:
            cached = frozenset(organisation.pk for organisation in prefetched)
        else:
            cached = frozenset(event.organisers.values_list("pk", flat=True))
        event._sinergi_organiser_ids = cached
    return cached


def _invited_ids(event) -> frozenset:
    cached = getattr(event, "_sinergi_invited_ids", None)
    if cached is None:
        cached = frozenset(event.invitations.values_list("organisation_id", flat=True))
        event._sinergi_invited_ids = cached
    return cached


def _invited_province_ids(event) -> frozenset:
    cached = getattr(event, "_sinergi_invited_province_ids", None)
    if cached is None:
        cached = frozenset(
            event.invitations.exclude(organisation__regency=None).values_list(
                "organisation__regency__province_id", flat=True
            )
        )
        event._sinergi_invited_province_ids = cached
    return cached


def visible_events(user, queryset: QuerySet | None = None) -> QuerySet:
    """The events ``user`` may see, by the same facts as ``events.view_event``."""
    queryset = Event.objects.all() if queryset is None else queryset
    if not user.is_authenticated:
        return queryset.none()
    if sees_everything(user):
        return queryset
    mine = reach(user)
    # Id lists, not correlated EXISTS: PostgreSQL hashes each list once instead of probing it
    # for every event; the invitations of a province's regencies and cities come by the
    # invitation's organisation index (a province manager's list: 11.8 ms, then 3.6 ms with a
    # subquery of the province's organisations, 1.2 ms with their ids, national data).
    organised = Q(
        pk__in=Event.organisers.through.objects.filter(
            organisation_id__in=mine.organisation_ids
        ).values("event_id")
    )
    invited = Q(
        pk__in=Invitation.objects.filter(
            organisation_id__in=mine.organisation_ids | overseen_organisation_ids(user)
        ).values("event_id")
    )
    registered = Q(
        pk__in=Registration.objects.filter(user_id=user.pk, status__in=Registration.ACTIVE).values(
            "event_id"
        )
    )
    # The predicates' ``event_is_not_draft``: a cancelled event stays seen by its people.
    not_draft = ~Q(status=Event.Status.DRAFT)
    open_to_members = Q(visibility=Event.Visibility.OPEN) if mine.organisation_ids else Q(pk=None)
    return queryset.filter(organised | (not_draft & (invited | registered | open_to_members)))


def managed_events(user) -> QuerySet:
    """The events ``user`` may manage (``events.change_event``), as a queryset."""
    if is_administrator(user) or is_kpk(user):
        return Event.objects.all()
    organised = Event.organisers.through.objects.filter(
        organisation_id__in=reach(user).managed_organisation_ids
    )
    return Event.objects.filter(pk__in=organised.values("event_id"))


def registered_user(user, event) -> Registration | None:
    """The user's active registration for ``event``, read once per instance."""
    if not user.is_authenticated:
        return None
    cache = event.__dict__.setdefault("_sinergi_registrations", {})
    if user.pk not in cache:
        cache[user.pk] = Registration.objects.filter(
            event=event, user=user, status__in=Registration.ACTIVE
        ).first()
    return cache[user.pk]


@rules.predicate
def organiser_member(user, event):
    return event is not None and bool(organiser_ids(event) & reach(user).organisation_ids)


@rules.predicate
def organiser_manager(user, event):
    return event is not None and bool(organiser_ids(event) & reach(user).managed_organisation_ids)


@rules.predicate
def invited_member(user, event):
    return event is not None and bool(_invited_ids(event) & reach(user).organisation_ids)


@rules.predicate
def oversees_an_invited_regency(user, event):
    provinces = reach(user).managed_province_ids
    return event is not None and bool(provinces) and bool(_invited_province_ids(event) & provinces)


@rules.predicate
def is_registered(user, event):
    return event is not None and registered_user(user, event) is not None


@rules.predicate
def event_is_published(user, event):
    return event is not None and event.status == Event.Status.PUBLISHED


@rules.predicate
def event_is_not_draft(user, event):
    return event is not None and event.status != Event.Status.DRAFT


@rules.predicate
def event_is_open(user, event):
    return event is not None and event.visibility == Event.Visibility.OPEN


@rules.predicate
def is_member(user):
    return bool(reach(user).organisation_ids)


can_view_event = (
    sees_everything
    | organiser_member
    | (
        event_is_not_draft
        & (
            invited_member
            | oversees_an_invited_regency
            | is_registered
            | (event_is_open & is_member)
        )
    )
)
rules.add_perm("events.view_event", can_view_event)

# KPK organises events with any partner; a partner's managers organise their own organisation's.
rules.add_perm("events.add_event", is_administrator | is_kpk | is_any_manager)
# KPK (and administrators) may name any organisation of the network as an organiser; a
# partner's managers only their own (the form offers them no search over the network).
rules.add_perm("events.organise_with_anyone", sees_everything)
can_manage_event = is_administrator | is_kpk | organiser_manager
rules.add_perm("events.change_event", can_manage_event)
rules.add_perm("events.view_registrations", can_manage_event)
rules.add_perm("events.check_in", can_manage_event | organiser_member)

# A member registers themselves for a published event they may see (the service checks the
# registration window and the capacity, and says why it refuses).
rules.add_perm("events.register", can_view_event & event_is_published & is_member)


@rules.predicate
def manages_invited_organisation(user, invitation):
    return (
        invitation is not None
        and invitation.organisation_id in reach(user).managed_organisation_ids
    )


rules.add_perm("events.answer_invitation", manages_invited_organisation)


@rules.predicate
def own_registration(user, registration):
    return registration is not None and registration.user_id == user.pk


@rules.predicate
def manages_registration_event(user, registration):
    return registration is not None and can_manage_event(user, registration.event)


@rules.predicate
def nominated_by_my_organisation(user, registration):
    return (
        registration is not None
        and registration.source == Registration.Source.NOMINATED
        and registration.organisation_id in reach(user).managed_organisation_ids
    )


rules.add_perm(
    "events.cancel_registration",
    own_registration | manages_registration_event | nominated_by_my_organisation,
)


@rules.predicate
def participates(user, event):
    """Registered with a seat (or attended): the people materials are shared with."""
    registration = registered_user(user, event)
    return registration is not None and registration.status == Registration.Status.CONFIRMED


@rules.predicate
def file_is_public(user, file):
    return file is not None and file.is_public


@rules.predicate
def may_see_private_files_of(user, file):
    if file is None:
        return False
    event = file.event
    return bool(sees_everything(user) or organiser_member(user, event) or participates(user, event))


rules.add_perm("events.view_file", file_is_public | may_see_private_files_of)


# --- After the event: files, report, feedback, certificates (followup) ---
#
# The organisers (KPK, the organising organisations' managers) upload and remove files, write the
# report, ask for feedback and issue certificates; the report and the feedback's results are read
# by whoever organises or sees everything (an organising organisation's members included). The
# services check the moment (published, started, ended, a training) and say why they refuse:
# these are facts of the event, not of the person, so no permission (nor a superuser) skips them.


rules.add_perm("events.manage_files", can_manage_event)
rules.add_perm("events.view_report", sees_everything | organiser_member)
rules.add_perm("events.write_report", can_manage_event)
rules.add_perm("events.request_feedback", can_manage_event)
rules.add_perm("events.view_feedback", sees_everything | organiser_member)
rules.add_perm("events.issue_certificates", can_manage_event)
rules.add_perm("events.view_certificates", can_manage_event)


# --- The event (schedule) ---
# The event's history names the people who worked on it: its organisers' (and KPK's).
rules.add_perm("events.view_event_history", can_manage_event | organiser_member)
