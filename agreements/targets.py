"""How agreement targets are counted: a registry that the content and events apps fill.

``agreements`` never imports them. An app registers a counter for a metric::

    from agreements.targets import register_counter

    @register_counter(Target.Metric.TRAININGS_HELD)
    def count_trainings(agreement, start, end) -> int: ...

A metric without a counter is "not measured yet" (``progress`` returns ``None``), never zero.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from .models import Agreement, Target

Counter = Callable[[Agreement, date, date], int]

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
    if target.metric == Target.Metric.MANUAL:
        if target.manual_value is None:
            return None
        return Progress(target.manual_value, target.quantity)
    counter = _counters.get(target.metric)
    if counter is None:
        return None
    start, end = period_bounds(target, agreement, today)
    return Progress(counter(agreement, start, end), target.quantity)
