"""Reads of events used by more than one page; each part of the app keeps its section."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.urls import NoReverseMatch
from django.utils import timezone

from agreements.models import Agreement, ScopeItem
from agreements.rules import visible_agreements
from partnerships.models import Organisation
from partnerships.rules import reach, sees_everything

from .models import Event, Invitation, Registration, Session, Speaker
from .rules import visible_events

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


def invitations_of(event: Event) -> list[Invitation]:
    """The event's invitations with their organisation, how many of it registered, by name."""
    registered = Registration.objects.filter(
        event_id=OuterRef("event_id"),
        organisation_id=OuterRef("organisation_id"),
        status__in=Registration.ACTIVE,
    )
    return list(
        event.invitations.select_related("organisation", "responded_by")
        .annotate(has_registrations=Exists(registered))
        .order_by("organisation__name")
    )


def seats(event: Event) -> dict:
    """The seats taken (confirmed registrations) and the waiting list, in one query."""
    return event.registrations.aggregate(
        taken=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=Registration.Status.WAITLISTED)),
    )


def public_url(event: Event) -> str:
    """The open event's public page, once the registration part routes it."""
    try:
        return event.get_public_url()
    except NoReverseMatch:
        return ""


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


def agreement_choices(user, event: Event | None = None) -> QuerySet:
    """The agreements an event may serve: those ``user`` may see, and the event's own."""
    condition = Q(pk__in=visible_agreements(user).values("pk"))
    if event is not None and event.agreement_id:
        condition |= Q(pk=event.agreement_id)
    return Agreement.objects.filter(condition).order_by("title")


def scope_item_choices(agreements: QuerySet) -> QuerySet:
    return (
        ScopeItem.objects.filter(agreement__in=agreements)
        .select_related("agreement")
        .order_by("agreement__title", "pk")
    )
