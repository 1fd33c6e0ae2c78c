"""The event's "when" and status badge, and an invitation's status badge
(events/templatetags/event_tags.py)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

MAKASSAR = ZoneInfo("Asia/Makassar")


def _render(text: str, event) -> str:
    with translation.override("id"):
        return Template("{% load event_tags %}" + text).render(Context({"event": event}))


def test_event_when_writes_the_span_in_the_events_zone_and_names_it():
    start = datetime(2026, 12, 1, 9, 0, tzinfo=MAKASSAR)
    event = EventFactory(
        venue_regency_id="73.71",
        time_zone="Asia/Makassar",
        starts_at=start,
        ends_at=start.replace(hour=12),
    )

    shown = _render("{% event_when event %}", event)

    assert shown == (
        '<time datetime="2026-12-01T09:00:00+08:00">Selasa, 1 Desember 2026, 09.00</time>'
        '\u2013<time datetime="2026-12-01T12:00:00+08:00">12.00</time> '
        '<abbr title="WITA (UTC+8)" data-testid="time-zone">WITA</abbr>'
    )


def test_event_when_writes_the_end_day_when_the_event_ends_on_another_day():
    start = datetime(2026, 12, 1, 9, 0, tzinfo=MAKASSAR)
    event = EventFactory(
        venue_regency_id="73.71",
        time_zone="Asia/Makassar",
        starts_at=start,
        ends_at=start.replace(day=2, hour=15),
    )

    assert "Rabu, 2 Desember 2026, 15.00</time>" in _render("{% event_when event %}", event)


def test_event_status_badge_colours_by_status():
    assert _render("{% event_status event %}", EventFactory()) == (
        '<span class="badge text-bg-success" data-status="published">Terbit</span>'
    )
    assert 'class="badge text-bg-secondary" data-status="draft"' in _render(
        "{% event_status event %}", EventFactory(draft=True)
    )


def test_invitation_status_badge_colours_and_names_each_status():
    badges = [
        _render(f'{{% invitation_status "{status}" %}}', None)
        for status in ("pending", "nominated", "declined")
    ]

    assert badges == [
        '<span class="badge text-bg-light border" data-status="pending">'
        "Menunggu usulan peserta</span>",
        '<span class="badge text-bg-success" data-status="nominated">'
        "Peserta sudah diusulkan</span>",
        '<span class="badge text-bg-warning" data-status="declined">Ditolak</span>',
    ]
