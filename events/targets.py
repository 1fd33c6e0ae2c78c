"""The agreement targets events count (see agreements.targets): trainings and media briefings
held, and participants trained.

Imported by ``EventsConfig.ready``: ``agreements`` never imports events. Each counter answers
for any number of windows in one query, and counts what the lists of ``selectors`` list
(``trainings_held``, ``media_briefings_held``, ``participants_trained``): the held events of
the windows' agreements are read once, over the span of every window, and each is given to the
windows whose days hold its date (its start's day in its own zone).
"""

from collections import Counter, defaultdict
from collections.abc import Collection, Mapping

from django.db.models import Count, Q

from agreements.models import Target
from agreements.targets import Window, register_counter

from .models import Event
from .selectors import held_filter, held_on, starting_within


def _count(windows: Collection[Window], kind: str, *, participants: bool) -> Mapping[Window, int]:
    windows = list(windows)
    if not windows:
        return {}
    by_agreement = defaultdict(list)
    for window in windows:
        by_agreement[window.agreement_id].append(window)
    events = Event.objects.filter(
        held_filter(),
        starting_within(min(w.start for w in windows), max(w.end for w in windows)),
        agreement_id__in=by_agreement,
        kind=kind,
    )
    if participants:
        rows = events.annotate(
            figure=Count("registrations", filter=Q(registrations__checked_in_at__isnull=False))
        ).values_list("agreement_id", "starts_at", "time_zone", "figure")
    else:
        rows = ((*row, 1) for row in events.values_list("agreement_id", "starts_at", "time_zone"))
    counted = Counter()
    for agreement_id, starts_at, zone, figure in rows:
        day = held_on(starts_at, zone)
        for window in by_agreement[agreement_id]:
            if window.start <= day <= window.end:
                counted[window] += figure
    return counted


@register_counter(Target.Metric.TRAININGS_HELD)
def count_trainings_held(windows: Collection[Window]) -> Mapping[Window, int]:
    """Trainings held per window (``selectors.trainings_held``): one query."""
    return _count(windows, Event.Kind.TRAINING, participants=False)


@register_counter(Target.Metric.MEDIA_BRIEFINGS_HELD)
def count_media_briefings_held(windows: Collection[Window]) -> Mapping[Window, int]:
    """Media briefings held per window (``selectors.media_briefings_held``): one query."""
    return _count(windows, Event.Kind.MEDIA_BRIEFING, participants=False)


@register_counter(Target.Metric.PARTICIPANTS_TRAINED)
def count_participants_trained(windows: Collection[Window]) -> Mapping[Window, int]:
    """People checked in at the trainings held per window (``selectors.participants_trained``):
    one query, the check-ins counted per training."""
    return _count(windows, Event.Kind.TRAINING, participants=True)
