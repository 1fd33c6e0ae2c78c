"""Reads of events used in more than one place; each part of the app keeps its section."""

# --- Held events, panels, reminders (plumbing) ---
#
# An event was *held* when it was published (not a draft, not cancelled), it has ended, and at
# least one person was checked in. Its date is the day it started in its own time zone: a
# training at 23.30 WIT on 31 December was held on 31 December, although it is 14.30 UTC. The
# lists here are what the agreement targets count (``events/targets.py``): the counters answer
# the same question for many windows at once and are tested equal to these lists.

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from partnerships.models import TimeZone
from partnerships.rules import is_administrator, is_kpk, reach

from .models import Event, Invitation, Registration


def held_filter(now: datetime | None = None) -> Q:
    """Published, ended by ``now``, and someone checked in."""
    attended = Registration.objects.filter(event_id=OuterRef("pk"), checked_in_at__isnull=False)
    return Q(Exists(attended), status=Event.Status.PUBLISHED, ends_at__lte=now or timezone.now())


def local_day_bounds(start: date, end: date, zone: str) -> tuple[datetime, datetime]:
    """The moments ``start`` 00.00 and the day after ``end`` 00.00 in ``zone``."""
    tz = ZoneInfo(zone)
    return (
        datetime.combine(start, time.min, tzinfo=tz),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz),
    )


def starting_within(start: date, end: date) -> Q:
    """Events whose start falls on ``start`` to ``end`` (both included) in their own zone."""
    within = Q(pk__in=[])
    for zone in TimeZone.values:
        since, until = local_day_bounds(start, end, zone)
        within |= Q(time_zone=zone, starts_at__gte=since, starts_at__lt=until)
    return within


def held_on(event_start: datetime, zone: str) -> date:
    """The date an event counts for: its start's day in its own zone."""
    return event_start.astimezone(ZoneInfo(zone)).date()


def held_events(
    agreement_id: int, start: date, end: date, *, kinds=None, now: datetime | None = None
) -> QuerySet:
    """The events of ``agreement_id`` held from ``start`` to ``end`` (both included, each in the
    event's own zone), of ``kinds`` if given, the earliest first."""
    events = Event.objects.filter(
        held_filter(now), starting_within(start, end), agreement_id=agreement_id
    )
    if kinds is not None:
        events = events.filter(kind__in=kinds)
    return events.order_by("starts_at", "pk")


def trainings_held(agreement_id: int, start: date, end: date, *, now=None) -> QuerySet:
    return held_events(agreement_id, start, end, kinds=[Event.Kind.TRAINING], now=now)


def media_briefings_held(agreement_id: int, start: date, end: date, *, now=None) -> QuerySet:
    return held_events(agreement_id, start, end, kinds=[Event.Kind.MEDIA_BRIEFING], now=now)


def participants_trained(agreement_id: int, start: date, end: date, *, now=None) -> QuerySet:
    """The checked-in registrations of the trainings held in the window.

    Each person counts once per training: a check-in needs a confirmed registration, and the
    registration constraints allow one active registration per user and per email address for
    an event, so one row is one person at one training. Someone trained twice counts twice.
    """
    trainings = trainings_held(agreement_id, start, end, now=now)
    return (
        Registration.objects.filter(event__in=trainings.values("pk"), checked_in_at__isnull=False)
        .select_related("event")
        .order_by("event__starts_at", "event_id", "name", "pk")
    )


def upcoming_events_for(user, *, now: datetime | None = None, days: int = 30) -> QuerySet:
    """The events starting in the next ``days`` that ``user``'s organisations organise (drafts
    included: they are theirs to finish) or that ``user`` is registered for (published ones),
    the soonest first. Cancelled events are left out."""
    now = now or timezone.now()
    organised = Exists(
        Event.organisers.through.objects.filter(
            event_id=OuterRef("pk"), organisation_id__in=reach(user).organisation_ids
        )
    )
    registered = Exists(
        Registration.objects.filter(
            event_id=OuterRef("pk"), user_id=user.pk, status__in=Registration.ACTIVE
        )
    )
    return (
        Event.objects.filter(starts_at__gte=now, starts_at__lt=now + timedelta(days=days))
        .exclude(status=Event.Status.CANCELLED)
        .filter(organised | (Q(status=Event.Status.PUBLISHED) & registered))
        .order_by("starts_at", "pk")
    )


def nominations_waiting_for(user, *, now: datetime | None = None) -> QuerySet:
    """The invitations of the organisations ``user`` manages still waiting for nominations, to
    published events that have not ended, the soonest event first."""
    return (
        Invitation.objects.filter(
            organisation_id__in=reach(user).managed_organisation_ids,
            status=Invitation.Status.PENDING,
            event__status=Event.Status.PUBLISHED,
            event__ends_at__gt=now or timezone.now(),
        )
        .select_related("event", "organisation")
        .order_by("event__starts_at", "event_id", "organisation__name")
    )


def managed_events(user) -> QuerySet:
    """The events ``user`` may manage (``events.change_event``), as a queryset."""
    if is_administrator(user) or is_kpk(user):
        return Event.objects.all()
    organised = Event.organisers.through.objects.filter(
        organisation_id__in=reach(user).managed_organisation_ids
    )
    return Event.objects.filter(pk__in=organised.values("event_id"))


def reports_to_write_for(user, *, now: datetime | None = None) -> QuerySet:
    """Published events ``user`` may manage that have ended without an outcome report, the most
    recently ended first."""
    return (
        managed_events(user)
        .filter(status=Event.Status.PUBLISHED, ends_at__lte=now or timezone.now(), report=None)
        .order_by("-ends_at", "-pk")
    )
