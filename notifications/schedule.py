"""The registry of scans: jobs that find what is due and notify about it.

A domain app registers its scans in ``<app>/scans.py`` (imported when the apps are ready)::

    from notifications.schedule import register_scan

    @register_scan(
        "partnerships.agreements_expiring",
        label=_("Agreements expiring in 90, 30 and 7 days"),
        daily_at=time(6, 0),
    )
    def agreements_expiring(*, now):
        ...
        return f"{count} reminders"

``migrate`` creates a ``ScheduledScan`` row with the default schedule for every registered
scan that has none; administrators change the schedule, or switch a scan off, in the admin.
Beat queues the due rows every minute; ``manage.py run_scans`` runs them without a worker.
A scan must be idempotent: it can run twice (a retry, an administrator's "run now").
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Scan:
    code: str
    label: str
    func: Callable[..., object]
    every_minutes: int | None = None
    daily_at: time | None = None

    def run(self, *, now: datetime) -> str:
        """Run the scan; returns its summary ("12 reminders") for the admin."""
        result = self.func(now=now)
        return "" if result is None else str(result)


_scans: dict[str, Scan] = {}


def register_scan(
    code: str, *, label: str, every_minutes: int | None = None, daily_at: time | None = None
):
    """Register the decorated ``func(*, now)`` as scan ``code``, with a default schedule."""
    if every_minutes is not None and daily_at is not None:
        raise ImproperlyConfigured(f"Scan {code!r}: give every_minutes or daily_at, not both.")

    def decorator(func):
        existing = _scans.get(code)
        if existing is not None and existing.func.__qualname__ != func.__qualname__:
            raise ImproperlyConfigured(f"Scan {code!r} is registered twice.")
        _scans[code] = Scan(code, label, func, every_minutes, daily_at)
        return func

    return decorator


def unregister_scan(code: str) -> None:
    _scans.pop(code, None)


def get_scan(code: str) -> Scan:
    try:
        return _scans[code]
    except KeyError:
        raise LookupError(f"Unknown scan {code!r}.") from None


def registered_scans() -> list[Scan]:
    return sorted(_scans.values(), key=lambda scan: scan.code)


def scan_choices() -> list[tuple[str, str]]:
    return [(scan.code, scan.label) for scan in registered_scans()]
