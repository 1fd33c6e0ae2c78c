"""Reads of events used in more than one place; each part of the app keeps its section."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import (
    Avg,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnerships.models import Organisation, TimeZone
from partnerships.rules import is_administrator, is_kpk, reach, sees_everything

from .models import (
    Certificate,
    Event,
    EventFile,
    Feedback,
    Invitation,
    Registration,
    Session,
    Speaker,
)
from .rules import managed_events, visible_events

# --- Held events, panels, reminders (plumbing) ---
#
# An event was *held* when it was published (not a draft, not cancelled), it has ended, and at
# least one person was checked in. Its date is the day it started in its own time zone: a
# training at 23.30 WIT on 31 December was held on 31 December, although it is 14.30 UTC. The
# lists here are what the agreement targets count (``events/targets.py``): the counters answer
# the same question for many windows at once and are tested equal to these lists.


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


def reports_to_write_for(user, *, now: datetime | None = None) -> QuerySet:
    """Published events ``user`` may manage that have ended without an outcome report, the most
    recently ended first."""
    return (
        managed_events(user)
        .filter(status=Event.Status.PUBLISHED, ends_at__lte=now or timezone.now(), report=None)
        .order_by("-ends_at", "-pk")
    )


# --- After the event: files, report figures, feedback results, certificates (followup) ---


FEEDBACK_QUESTIONS = ("overall", "content", "speakers", "organisation")
# The questions as the form asks them and the results name them.
QUESTION_LABELS = {
    "overall": _("Overall, how was the event?"),
    "content": _("How useful was the material?"),
    "speakers": _("How were the speakers?"),
    "organisation": _("How well was it organised?"),
}


def files_for(user, event) -> list[EventFile]:
    """The files of ``event`` that ``user`` may open (``events.view_file``), photos last.

    The access rule is asked once for a private file of this event: every private file of an
    event has the same readers.
    """
    event_files = list(event.files.all())
    if not event_files:
        return []
    private = next((file for file in event_files if not file.is_public), None)
    sees_private = private is not None and user.has_perm("events.view_file", private)
    return [file for file in event_files if file.is_public or sees_private]


@dataclass(frozen=True)
class Figures:
    """What the report counts from the registrations (never typed)."""

    registered: int
    attended: int
    by_institution: list  # [(name, attended)], most first
    by_regency: list  # [(name, attended)], most first


NOT_TIED = _("Not tied to a regency or city")


def attendance_figures(event) -> Figures:
    """Registered (with a seat) and attended, and attendance by institution and regency or city.

    A member counts under their organisation (and its regency or city); a guest under the
    institution they typed, and under no regency. Three queries, whatever the size.
    """
    seated = event.registrations.filter(status=Registration.Status.CONFIRMED)
    totals = seated.aggregate(
        registered=Count("pk"), attended=Count("pk", filter=Q(checked_in_at__isnull=False))
    )
    attended = seated.filter(checked_in_at__isnull=False)
    by_institution = (
        attended.annotate(
            label=Coalesce("organisation__name", NullIf("institution", Value("")), Value("—"))
        )
        .values("label")
        .annotate(count=Count("pk"))
        .order_by("-count", "label")
    )
    by_regency = (
        attended.values("organisation__regency__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "organisation__regency__name")
    )
    regencies = [
        (row["organisation__regency__name"] or NOT_TIED, row["count"]) for row in by_regency
    ]
    # Those tied to no regency or city are listed last, whatever their number.
    regencies.sort(key=lambda row: row[0] is NOT_TIED)
    return Figures(
        registered=totals["registered"],
        attended=totals["attended"],
        by_institution=[(row["label"], row["count"]) for row in by_institution],
        by_regency=regencies,
    )


@dataclass(frozen=True)
class QuestionResult:
    name: str
    label: str
    average: float | None
    distribution: list  # [(rating, count, percent)] for 1..5


def feedback_summary(event) -> dict:
    """The feedback of ``event``: responses, each question's average and 1-5 distribution, and
    the comments (newest first). Three queries, whatever the size."""
    answers = Feedback.objects.filter(registration__event=event)
    aggregates = {"responses": Count("pk")}
    for question in FEEDBACK_QUESTIONS:
        aggregates[f"{question}_average"] = Avg(question)
        for rating in range(1, 6):
            aggregates[f"{question}_{rating}"] = Count("pk", filter=Q(**{question: rating}))
    row = answers.aggregate(**aggregates)
    responses = row["responses"]
    questions = []
    for question in FEEDBACK_QUESTIONS:
        distribution = []
        for rating in range(1, 6):
            count = row[f"{question}_{rating}"]
            percent = round(100 * count / responses) if responses else 0
            distribution.append((rating, count, percent))
        questions.append(
            QuestionResult(
                name=question,
                label=QUESTION_LABELS[question],
                average=row[f"{question}_average"],
                distribution=distribution,
            )
        )
    comments = list(
        answers.exclude(comments="")
        .order_by("-submitted_at", "-pk")
        .values_list("comments", flat=True)
    )
    attended = event.registrations.filter(
        status=Registration.Status.CONFIRMED, checked_in_at__isnull=False
    ).count()
    return {
        "responses": responses,
        "attended": attended,
        "questions": questions,
        "comments": comments,
    }


def certificate_by_code(code: str) -> Certificate | None:
    """The certificate of a printed code (typed in any case), revoked or not; else None."""
    code = (code or "").strip().upper()
    if not code or len(code) > Certificate._meta.get_field("code").max_length:
        return None
    return Certificate.objects.filter(code=code).first()


# --- The event (schedule): the list, the event's page, the form's choices ---


class Tab:
    UPCOMING = "upcoming"
    PAST = "past"


def event_list(user, *, tab: str = Tab.UPCOMING, now=None) -> QuerySet:
    """The events ``user`` may see for the list: upcoming (not yet ended, soonest first) or
    past (latest first), with what a row shows. Three queries whatever the page holds: the
    count, the page and its organisers."""
    now = now or timezone.now()
    events = visible_events(
        user, Event.objects.select_related("venue_regency__province")
    ).prefetch_related(Prefetch("organisers", queryset=Organisation.objects.order_by("name")))
    if tab == Tab.PAST:
        return events.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    return events.filter(ends_at__gte=now).order_by("starts_at", "pk")


def mine_filter(user) -> Q:
    """Events organised by one of ``user``'s organisations or to which one is invited."""
    organisations = reach(user).organisation_ids
    organised = Exists(
        Event.organisers.through.objects.filter(
            event_id=OuterRef("pk"), organisation_id__in=organisations
        )
    )
    invited = Exists(
        Invitation.objects.filter(event_id=OuterRef("pk"), organisation_id__in=organisations)
    )
    return Q(organised) | Q(invited)


def event_for_page(user, pk) -> Event | None:
    """The event ``pk`` with what its page shows, if ``user`` may see it; else None."""
    return (
        visible_events(
            user,
            Event.objects.select_related(
                "venue_regency__province", "agreement", "scope_item", "created_by"
            ),
        )
        .prefetch_related(
            Prefetch("organisers", queryset=Organisation.objects.order_by("name")),
            Prefetch(
                "sessions",
                queryset=Session.objects.prefetch_related(
                    Prefetch("speakers", queryset=Speaker.objects.order_by("order", "pk"))
                ),
            ),
        )
        .filter(pk=pk)
        .first()
    )


def visible_event(user, pk) -> Event | None:
    """The event ``pk``, if ``user`` may see it; else None."""
    return visible_events(user).filter(pk=pk).first()


LATEST_DECLINES = 5  # the declines the event page quotes, the newest first


@dataclass(frozen=True)
class InvitationCounts:
    total: int
    by_status: list  # [(status, label, count)] for each ``Invitation.Status``, in its order

    def of(self, status: str) -> int:
        return next(count for value, _label, count in self.by_status if value == status)


@dataclass(frozen=True)
class InvitationSummary:
    """What the event page says of the invitations: how many in each status, the last declines."""

    counts: InvitationCounts
    declines: list  # [Invitation] the latest LATEST_DECLINES declines, the newest first


def invitation_counts(event: Event) -> InvitationCounts:
    """How many invitations ``event`` has, in each status and in all, in one query."""
    row = event.invitations.aggregate(
        total=Count("pk"),
        **{status: Count("pk", filter=Q(status=status)) for status in Invitation.Status.values},
    )
    return InvitationCounts(
        total=row["total"],
        by_status=[(status, status.label, row[status]) for status in Invitation.Status],
    )


def invitation_summary(event: Event) -> InvitationSummary:
    """The counts by status and the latest declines, with their organisation and reason.

    One query for the counts, and one for the declines when there are any, whatever the number
    of invitations: an event that invites all 552 Diskominfo lists them on their own page
    (``invitations_of``), not on the event page.
    """
    counts = invitation_counts(event)
    declines = []
    if counts.of(Invitation.Status.DECLINED):
        declines = list(
            event.invitations.filter(status=Invitation.Status.DECLINED)
            .select_related("organisation")
            .order_by(F("responded_at").desc(nulls_last=True), "-pk")[:LATEST_DECLINES]
        )
    return InvitationSummary(counts=counts, declines=declines)


def invitations_of(event: Event) -> QuerySet:
    """The event's invitations by organisation name, with the organisation, who answered, and
    how many of the organisation are registered (``registered``, active registrations): one
    query for a page of them, whatever their number."""
    registered = (
        Registration.objects.filter(
            event_id=OuterRef("event_id"),
            organisation_id=OuterRef("organisation_id"),
            status__in=Registration.ACTIVE,
        )
        .order_by()
        .values("organisation_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        event.invitations.select_related("organisation", "responded_by")
        .annotate(registered=Coalesce(Subquery(registered), 0))
        .order_by("organisation__name", "pk")
    )


def seats(event: Event) -> dict:
    """The seats taken (confirmed registrations) and the waiting list, in one query."""
    return event.registrations.aggregate(
        taken=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=Registration.Status.WAITLISTED)),
    )


def organiser_choices(user, event: Event | None = None) -> QuerySet:
    """The organisations ``user`` may name as organisers: any active one for KPK and
    administrators, else the organisations they manage; and ``event``'s own organisers (a
    partner changing a joint event keeps the others, which the services do not let them drop).
    """
    organisations = Organisation.objects.filter(is_active=True).order_by("name")
    if sees_everything(user):
        return organisations
    condition = Q(pk__in=reach(user).managed_organisation_ids)
    if event is not None:
        condition |= Q(pk__in=event.organisers.values("pk"))
    return organisations.filter(condition)


def own_kpk_units(user) -> QuerySet:
    """The KPK units ``user`` belongs to (the default organisers of what KPK creates)."""
    return Organisation.objects.filter(
        pk__in=reach(user).organisation_ids, kind=Organisation.Kind.KPK_UNIT, is_active=True
    ).order_by("name")


def default_organisers(user) -> list[Organisation]:
    """Who a new event's form names as organisers at first: a KPK person's own units (KPK is
    always among the organisers of what it creates); nobody for an administrator or a partner."""
    if not is_kpk(user) or is_administrator(user):
        return []
    return list(own_kpk_units(user))
