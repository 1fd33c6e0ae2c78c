"""The agreement targets content counts (see agreements.targets); each part keeps its section.

Imported by ``ContentConfig.ready``: ``agreements`` never imports content.
"""

from collections import Counter, defaultdict
from collections.abc import Collection, Mapping
from datetime import datetime, time, timedelta

from django.db.models import Count, F, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from agreements.models import AgreementParty, Target
from agreements.targets import Window, register_counter

from .models import ContentItem, Proof
from .selectors import approved_on, first_approvals

# ---------------------------------------------------------------------------------------------
# Review (branch "review"): joint productions.
# ---------------------------------------------------------------------------------------------


@register_counter(Target.Metric.JOINT_PRODUCTIONS)
def count_joint_productions(windows: Collection[Window]) -> Mapping[Window, int]:
    """Joint productions under each window's agreement whose first approval falls in the window
    (days in the project's time zone, both ends included): one query for every window.

    The same facts as ``selectors.joint_productions``, the list the figure stands for.
    """
    by_agreement = defaultdict(list)
    for window in windows:
        by_agreement[window.agreement_id].append(window)
    counted = Counter()
    approvals = first_approvals().filter(agreement_id__in=by_agreement)
    for agreement_id, moment in approvals.values_list("agreement_id", "first_approved_at"):
        day = approved_on(moment)
        for window in by_agreement[agreement_id]:
            if window.start <= day <= window.end:
                counted[window] += 1
    return counted


# --- KPK content published on partner channels (dissem branch) ------------------------------
#
# A post counts once it is verified: a verified proof of a KPK-origin item, on a channel of an
# organisation that is a party of the agreement, published (in the project's time zone) within
# the window. A forward counts for the Diskominfo that forwarded it (its press partner published
# on its behalf), not for the outlet. The list is ``kpk_content_published``; the counter answers
# the same question for many windows in three queries.


def _accountable_organisation():
    """The organisation a proof counts for: the forwarder of a forward, else the request's."""
    return Coalesce(F("request__forwarded_from__organisation_id"), F("request__organisation_id"))


def _verified_kpk_posts():
    return Proof.objects.filter(
        status=Proof.Status.VERIFIED, request__item__origin=ContentItem.Origin.KPK
    ).annotate(accountable=_accountable_organisation())


def _bounds(start, end) -> tuple[datetime, datetime]:
    zone = timezone.get_default_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=zone),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone),
    )


def kpk_content_published(window: Window):
    """The verified posts counted for ``window`` (what its counter counts), by publication."""
    since, until = _bounds(window.start, window.end)
    parties = AgreementParty.objects.filter(agreement_id=window.agreement_id).values(
        "organisation_id"
    )
    return (
        _verified_kpk_posts()
        .filter(accountable__in=parties, published_at__gte=since, published_at__lt=until)
        .order_by("published_at", "pk")
    )


@register_counter(Target.Metric.KPK_CONTENT_PUBLISHED)
def count_kpk_content_published(windows: Collection[Window]) -> Mapping[Window, int]:
    """Verified posts per window: one query for the parties, two for the posts by day."""
    # Each row is a proof; its request's id is in the index the figures are read from
    # (``content_proof_counted``), its own id is not.
    return _per_window(windows, Count("request_id"))


@register_counter(Target.Metric.KPK_CONTENT_REACH)
def count_kpk_content_reach(windows: Collection[Window]) -> Mapping[Window, int]:
    """People reached by the verified posts of each window: the sum of each post's latest
    reported reach (a post's reports replace each other; they do not add up)."""
    return _per_window(windows, Sum("reach"))


def _figure_by_day(organisations, since, until, figure):
    """(organisation, day, ``figure``) of the verified KPK posts published in [since, until)
    that count for one of ``organisations``: the requests' own, then the forwards'.

    Two queries rather than one filter on the accountable organisation: PostgreSQL can use no
    index for a condition on ``COALESCE`` and joined all 500,000 requests to its forwarders to
    find a province's (150 ms on the national data); each half is found by its organisation's
    index (about 9 ms together).
    """
    day = TruncDate("published_at", tzinfo=timezone.get_default_timezone())
    posts = Proof.objects.filter(
        status=Proof.Status.VERIFIED,
        request__item__origin=ContentItem.Origin.KPK,
        published_at__gte=since,
        published_at__lt=until,
    )
    own = posts.filter(
        request__forwarded_from__isnull=True, request__organisation_id__in=organisations
    ).values_list("request__organisation_id", day)
    forwarded = posts.filter(
        request__forwarded_from__organisation_id__in=organisations
    ).values_list("request__forwarded_from__organisation_id", day)
    for rows in (own, forwarded):
        yield from rows.annotate(figure=figure).order_by()


def _per_window(windows: Collection[Window], figure) -> Mapping[Window, int]:
    """``figure`` (an aggregate over the verified posts of ``kpk_content_published``) for every
    window: one query for the parties, two for the figure per organisation and day."""
    windows = list(windows)
    if not windows:
        return {}
    parties = defaultdict(set)
    for agreement_id, organisation_id in AgreementParty.objects.filter(
        agreement_id__in={window.agreement_id for window in windows}
    ).values_list("agreement_id", "organisation_id"):
        parties[agreement_id].add(organisation_id)
    organisations = set().union(*parties.values()) if parties else set()
    if not organisations:
        return {}
    since, _ = _bounds(min(w.start for w in windows), min(w.start for w in windows))
    _, until = _bounds(max(w.end for w in windows), max(w.end for w in windows))
    per_day = defaultdict(list)
    for organisation_id, day, value in _figure_by_day(organisations, since, until, figure):
        per_day[organisation_id].append((day, value or 0))
    counted = {}
    for window in windows:
        total = sum(
            value
            for organisation_id in parties.get(window.agreement_id, ())
            for day, value in per_day.get(organisation_id, ())
            if window.start <= day <= window.end
        )
        if total:
            counted[window] = total
    return counted
