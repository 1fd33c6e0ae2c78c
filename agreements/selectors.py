"""Reads used by more than one page: what the province overview shows, what waits for whom, the
organisations found as one types a party's name, and the agreements (and their scope items) that
content and events may serve."""

from dataclasses import dataclass, field

from django.db.models import Case, Count, Max, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy

from partnerships.models import Organisation, Province, Regency
from partnerships.rules import is_any_manager

from .models import (
    EXPIRING_COLOUR,
    Agreement,
    AgreementParty,
    ScopeItem,
    Status,
    expiring_horizon,
)
from .rules import visible_agreements
from .services import TRANSITIONS

# An organisation picker offers at most this many matches: a few to choose from, never the
# hundreds of organisations a KPK person may see.
ORGANISATION_MATCHES = 20
# An agreement picker likewise: KPK may link any of some two thousand agreements.
AGREEMENT_MATCHES = 20
# Words of a search that count, and how much of it is read at all.
SEARCH_WORDS = 5
SEARCH_LENGTH = 100


# The discussion shows its newest comments; the earlier ones are a link away.
COMMENTS_SHOWN = 20


def discussion(agreement, *, everything: bool = False) -> tuple[list, bool]:
    """The agreement's comments in the order they were written, and whether earlier ones were
    left out: the newest ``COMMENTS_SHOWN``, or ``everything``.

    A long negotiation gathers a hundred comments; formatting all of them on every view of the
    agreement was most of its page's time.
    """
    comments = agreement.comments.select_related("author")
    if everything:
        return list(comments.order_by("created_at", "pk")), False
    newest = list(comments.order_by("-created_at", "-pk")[: COMMENTS_SHOWN + 1])
    return newest[:COMMENTS_SHOWN][::-1], len(newest) > COMMENTS_SHOWN


def searched(text: str) -> str:
    """What a search box sent, as it is searched: at most ``SEARCH_LENGTH`` characters, and no
    NUL (PostgreSQL refuses it in a text parameter: a typed or forged one was an error 500)."""
    return text.replace("\x00", "").strip()[:SEARCH_LENGTH]


def search_organisations(
    organisations: QuerySet, text: str, *, limit: int = ORGANISATION_MATCHES
) -> QuerySet:
    """The first ``limit`` of ``organisations`` by name that match every word of ``text``.

    A word matches an organisation's name, short name, type or province; only the first five
    words count. The caller passes what the user may choose (the access layer decides).
    """
    matches = organisations
    for word in searched(text).split()[:SEARCH_WORDS]:
        kinds = [
            value
            for value, label in Organisation.Kind.choices
            if word.lower() in str(label).lower()
        ]
        matches = matches.filter(
            Q(name__icontains=word)
            | Q(short_name__icontains=word)
            | Q(province__name__icontains=word)
            | Q(kind__in=kinds)
        )
    return matches.order_by("name")[:limit]


def linkable_agreements(user, *, kept: int | None = None) -> QuerySet:
    """The agreements a content item or an event may serve: those ``user`` may see, and ``kept``
    (the id of the one it serves already, kept even when out of the user's sight)."""
    condition = Q(pk__in=visible_agreements(user).values("pk"))
    if kept is not None:
        condition |= Q(pk=kept)
    return Agreement.objects.filter(condition).order_by("title")


def linkable_scope_items(agreements: QuerySet) -> QuerySet:
    """The scope items of ``agreements``, each with its agreement (their labels name it)."""
    return (
        ScopeItem.objects.filter(agreement__in=agreements)
        .select_related("agreement")
        .order_by("agreement__title", "pk")
    )


def search_agreements(
    agreements: QuerySet, text: str, *, limit: int = AGREEMENT_MATCHES
) -> QuerySet:
    """The first ``limit`` of ``agreements`` by title whose title holds every word of ``text``, or
    one of whose parties' document numbers holds ``text`` (a number is typed whole: its slashes and
    dots are no word boundaries). Nothing typed: the first ``limit``.

    The caller passes what the user may choose (the access layer decides).
    """
    text = searched(text)
    matches = agreements
    if text:
        titles = Q()
        for word in text.split()[:SEARCH_WORDS]:
            titles &= Q(title__icontains=word)
        # A union of two id lists, each able to use its trigram index on PostgreSQL (as the
        # agreement list's search): an OR of the title and a subquery scans every agreement.
        by_title = Agreement.objects.filter(titles).values("pk")
        by_number = AgreementParty.objects.filter(document_number__icontains=text)
        matches = matches.filter(pk__in=by_title.union(by_number.values("agreement_id")))
    return matches.order_by("title", "pk")[:limit]


class ProvinceState:
    NONE = "none"
    DRAFTING = "drafting"
    ACTIVE = "active"
    EXPIRING = "expiring"
    EXPIRED = "expired"

    LABELS = {
        NONE: gettext_lazy("No agreement"),
        DRAFTING: gettext_lazy("Drafting"),
        ACTIVE: gettext_lazy("Active"),
        EXPIRING: gettext_lazy("Expiring"),
        EXPIRED: gettext_lazy("Expired"),
    }
    # The colours of the agreement statuses each state stands for.
    COLOURS = {
        NONE: "light",
        DRAFTING: Status.NEGOTIATION.colour,
        ACTIVE: Status.ACTIVE.colour,
        EXPIRING: EXPIRING_COLOUR,
        EXPIRED: Status.EXPIRED.colour,
    }
    # The most relevant state wins: a partnership in force, then one being prepared, then one
    # that has ended. Among those in force, one that is not about to end says "active".
    RANK = {NONE: 0, EXPIRED: 1, DRAFTING: 2, EXPIRING: 3, ACTIVE: 4}


def _state_rank(horizon) -> Case:
    """The province state (as its ``ProvinceState.RANK``) a party row's agreement stands for."""
    rank = ProvinceState.RANK
    return Case(
        When(
            agreement__status=Status.ACTIVE,
            agreement__ends_on__lte=horizon,
            then=Value(rank[ProvinceState.EXPIRING]),
        ),
        When(agreement__status=Status.ACTIVE, then=Value(rank[ProvinceState.ACTIVE])),
        # Signed but not yet in force counts with those being prepared: nothing runs yet.
        When(
            agreement__status__in=[*Status.open(), Status.SIGNED],
            then=Value(rank[ProvinceState.DRAFTING]),
        ),
        # Expired or terminated: either way the partnership has ended.
        default=Value(rank[ProvinceState.EXPIRED]),
    )


def province_partnerships(user) -> dict[str, tuple[str, int]]:
    """(state, number of agreements) of each province a party of an agreement ``user`` may see
    belongs to, by province id; an agreement counts once per province, however many of its
    parties are there. One query, one row per province: the database ranks and counts (reading
    a row per party and agreement to do it here took 7 ms at national scale)."""
    by_rank = {rank: state for state, rank in ProvinceState.RANK.items()}
    rows = (
        AgreementParty.objects.filter(
            agreement__in=visible_agreements(user), organisation__province__isnull=False
        )
        # Without the parties' default ordering, whose columns would join the GROUP BY.
        .order_by()
        .values("organisation__province_id")
        .annotate(
            rank=Max(_state_rank(expiring_horizon())),
            agreements=Count("agreement_id", distinct=True),
        )
        .values_list("organisation__province_id", "rank", "agreements")
    )
    return {province_id: (by_rank[rank], count) for province_id, rank, count in rows}


def province_states(user) -> list[tuple]:
    """(province, state, number of agreements) for each province, in two queries."""
    partnerships = province_partnerships(user)
    return [
        (province, *partnerships.get(province.pk, (ProvinceState.NONE, 0)))
        for province in Province.objects.order_by("name")
    ]


# Coverage: how many of a province's regencies and cities have a partnership.


def partnered_parties() -> QuerySet:
    """The parties that give a regency or city "a partnership".

    A regency or city has a partnership when an active organisation tied to it (its
    Diskominfo, a media outlet there, ...) is party to an agreement that has not ended: being
    drafted, signed or in force. Expired and terminated agreements no longer count. Coverage is
    a fact about the province's organisations, so it counts every agreement, not only those the
    viewer may open; which agreements are listed is still decided by ``visible_agreements``.
    """
    return AgreementParty.objects.filter(
        organisation__is_active=True, organisation__regency__isnull=False
    ).exclude(agreement__status__in=Status.ended())


@dataclass(frozen=True)
class ProvinceSummary:
    """One card of the overview: the partnership's state, its agreements and its coverage."""

    province: Province
    state: str
    agreements: int
    regencies: int
    covered: int

    @property
    def label(self):
        return ProvinceState.LABELS[self.state]

    @property
    def colour(self) -> str:
        return ProvinceState.COLOURS[self.state]


SORT_BY_STATE = "state"
SORT_BY_NAME = "name"


def province_summaries(user, provinces: QuerySet | None = None) -> list[ProvinceSummary]:
    """A summary of each of ``provinces`` (all by default), by name, in three queries."""
    partnerships = province_partnerships(user)
    covered = dict(
        partnered_parties()
        .order_by()
        .values("organisation__regency__province_id")
        .annotate(covered=Count("organisation__regency_id", distinct=True))
        .values_list("organisation__regency__province_id", "covered")
    )
    provinces = Province.objects.all() if provinces is None else provinces
    summaries = []
    for province in provinces.annotate(regency_count=Count("regencies")).order_by("name"):
        state, agreements = partnerships.get(province.pk, (ProvinceState.NONE, 0))
        summaries.append(
            ProvinceSummary(
                province=province,
                state=state,
                agreements=agreements,
                regencies=province.regency_count,
                covered=covered.get(province.pk, 0),
            )
        )
    return summaries


def arrange(
    summaries: list[ProvinceSummary], *, state: str | None = None, sort: str = SORT_BY_STATE
) -> list[ProvinceSummary]:
    """The summaries in ``state`` (all for an unknown one), the most relevant state first."""
    if state in ProvinceState.LABELS:
        summaries = [summary for summary in summaries if summary.state == state]
    if sort == SORT_BY_NAME:
        return sorted(summaries, key=lambda summary: summary.province.name)
    return sorted(
        summaries,
        key=lambda summary: (-ProvinceState.RANK[summary.state], summary.province.name),
    )


@dataclass(frozen=True)
class RegencyCoverage:
    """A regency or city of a province page: who is partnered there, under which agreements."""

    regency: Regency
    partners: list  # organisations of the regency party to an agreement that has not ended
    agreements: list  # those agreements that the viewer may see

    @property
    def covered(self) -> bool:
        return bool(self.partners)


def province_coverage(user, province: Province) -> list[RegencyCoverage]:
    """Each regency and city of ``province`` by name, with its partners, in three queries."""
    parties = list(
        partnered_parties()
        .filter(organisation__regency__province=province)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    visible = {
        agreement.pk: agreement
        for agreement in visible_agreements(
            user, Agreement.objects.filter(pk__in={party.agreement_id for party in parties})
        ).order_by("title")
    }
    partners, agreements = {}, {}
    for party in parties:
        regency_id = party.organisation.regency_id
        partners.setdefault(regency_id, {})[party.organisation_id] = party.organisation
        if party.agreement_id in visible:
            agreements.setdefault(regency_id, {})[party.agreement_id] = visible[party.agreement_id]
    return [
        RegencyCoverage(
            regency=regency,
            partners=list(partners.get(regency.pk, {}).values()),
            agreements=sorted(
                agreements.get(regency.pk, {}).values(), key=lambda agreement: agreement.title
            ),
        )
        for regency in Regency.objects.filter(province=province).order_by("name")
    ]


# What waits for someone's step, one line per step; the newest few of each are shown.
WAITING_NEWEST = 3
TO_REVIEW = "review"
TO_MARK_READY = "mark_ready"
TO_SIGN = "sign"


@dataclass(frozen=True)
class Waiting:
    """The agreements waiting for one step of one user.

    ``filters`` is the agreement list's query that shows exactly the agreements counted.
    """

    count: int
    newest: list
    filters: dict = field(default_factory=dict)


def _waiting(queryset, **filters) -> Waiting:
    return Waiting(
        count=queryset.count(),
        newest=list(queryset.order_by("-updated_at", "-pk")[:WAITING_NEWEST]),
        filters=filters,
    )


def waiting_for(user) -> dict[str, Waiting]:
    """The steps that wait for ``user``, by step; a step that is not theirs is left out.

    Who takes which step follows the permissions of the moves (``services.TRANSITIONS``), asked
    without an agreement because they depend on the role only:

    - review: agreements in negotiation that the user takes part in. KPK people (who may move
      agreements) review those they own; partners those of their organisations.
    - mark ready: whoever may mark agreements ready (KPK managers) sees every one in negotiation.
    - sign: whoever may mark agreements ready sees every one ready to sign, other KPK people those
      they own; partners' managers those of their organisations.

    Two queries per step (a count and the newest few), at most six.
    """
    visible = visible_agreements(user)
    moves_agreements = user.has_perm(TRANSITIONS[(Status.READY, Status.NEGOTIATION)])
    marks_ready = user.has_perm(TRANSITIONS[(Status.NEGOTIATION, Status.READY)])
    signs = user.has_perm(TRANSITIONS[(Status.READY, Status.ACTIVE)])
    negotiation = visible.filter(status=Status.NEGOTIATION)
    ready = visible.filter(status=Status.READY)

    waiting = {}
    if moves_agreements:
        waiting[TO_REVIEW] = _waiting(
            negotiation.filter(owner=user), status=Status.NEGOTIATION, owner="me"
        )
    else:
        waiting[TO_REVIEW] = _waiting(negotiation, status=Status.NEGOTIATION)
    if marks_ready:
        waiting[TO_MARK_READY] = _waiting(negotiation, status=Status.NEGOTIATION)
    if signs and marks_ready:
        waiting[TO_SIGN] = _waiting(ready, status=Status.READY)
    elif signs:
        waiting[TO_SIGN] = _waiting(ready.filter(owner=user), status=Status.READY, owner="me")
    elif is_any_manager(user):
        waiting[TO_SIGN] = _waiting(ready, status=Status.READY)
    return waiting
