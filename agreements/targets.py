"""How agreement targets are counted: a registry that the content and events apps fill.

``agreements`` never imports them. An app registers a counter for a metric. A counter is
set-based: it answers for many windows (an agreement and a period) at once, in a fixed number of
queries, so that a page or an export of thousands of agreements asks it once, not per target::

    from agreements.targets import Window, register_counter

    @register_counter(Target.Metric.TRAININGS_HELD)
    def count_trainings(windows: Collection[Window]) -> Mapping[Window, int]: ...

A window the counter leaves out of its answer counts zero (a ``GROUP BY`` returns only what it
found). A metric without a counter is "not measured yet" (``progress`` returns ``None``), never
zero.
"""

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from .models import Agreement, Target


@dataclass(frozen=True)
class Window:
    """What a counter counts: the agreement's content or events dated ``start`` to ``end``."""

    agreement_id: int
    start: date
    end: date


Counter = Callable[[Collection[Window]], Mapping[Window, int]]

_counters: dict[str, Counter] = {}


def register_counter(metric: str):
    def decorator(counter: Counter) -> Counter:
        _counters[metric] = counter
        return counter

    return decorator


def unregister_counter(metric: str) -> None:
    _counters.pop(metric, None)


@dataclass(frozen=True)
class Progress:
    achieved: int
    quantity: int

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.achieved / self.quantity)) if self.quantity else 0


def period_bounds(target: Target, agreement: Agreement, today: date) -> tuple[date, date]:
    """The current period of a target: this year, this quarter, or the agreement's whole term."""
    if target.period == Target.Period.YEAR:
        return date(today.year, 1, 1), date(today.year, 12, 31)
    if target.period == Target.Period.QUARTER:
        first_month = 3 * ((today.month - 1) // 3) + 1
        last_month = first_month + 2
        last_day = 31 if last_month in (3, 12) else 30
        return date(today.year, first_month, 1), date(today.year, last_month, last_day)
    return agreement.effective_on or today, agreement.ends_on or today


def progress(target: Target, agreement: Agreement, today: date) -> Progress | None:
    """Progress in the current period, or None when nothing counts this metric yet."""
    return progress_of([(target, agreement)], today)[target.pk]


def progress_of(
    targets: Iterable[tuple[Target, Agreement]], today: date
) -> dict[int, Progress | None]:
    """The progress of many targets by target id, each metric's counter asked once for all."""
    targets = list(targets)
    windows: dict[int, Window] = {}
    asked: dict[str, set[Window]] = defaultdict(set)
    for target, agreement in targets:
        if target.metric != Target.Metric.MANUAL and target.metric in _counters:
            window = Window(agreement.pk, *period_bounds(target, agreement, today))
            windows[target.pk] = window
            asked[target.metric].add(window)
    counted = {metric: _counters[metric](windows_) for metric, windows_ in asked.items()}

    measured: dict[int, Progress | None] = {}
    for target, _agreement in targets:
        if target.metric == Target.Metric.MANUAL:
            value = target.manual_value
        elif target.pk in windows:
            value = counted[target.metric].get(windows[target.pk], 0)
        else:
            value = None
        measured[target.pk] = None if value is None else Progress(value, target.quantity)
    return measured
