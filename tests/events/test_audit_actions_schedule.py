"""How the event's own audit entries read (events/audit_actions.py, the schedule's section)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from audit.actions import lines, verb
from audit.models import AuditEntry
from events import services
from events.models import Event
from partnerships.models import Regency
from tests.factories import EventFactory


@pytest.fixture(autouse=True)
def english(english_msgids):
    """Assertions read the English msgids."""


def test_created_event_reads_its_times_in_the_venues_zone(network):
    start = datetime(2030, 5, 2, 9, 0, tzinfo=ZoneInfo("Asia/Makassar"))
    event = services.create_event(
        by=network.kpk_staff,
        organisers=[network.kpk],
        kind=Event.Kind.TRAINING,
        title="Pelatihan Makassar",
        venue_name="Hotel Claro",
        venue_regency=Regency.objects.get(pk="73.71"),
        starts_at=start,
        ends_at=start + timedelta(hours=6),
    )

    entry = AuditEntry.objects.get(action="events.created", target_id=str(event.pk))

    assert verb(entry) == "created the event"
    shown = lines(entry)
    assert "Starts: 2 May 2030, 09.00 WITA" in shown
    assert "Ends: 2 May 2030, 15.00 WITA" in shown
    assert "Organising organisations: Biro Hubungan Masyarakat KPK" in shown
    assert not any(line.startswith("Shown in zone") for line in shown)


def test_status_change_reads_both_statuses_and_the_reason(network):
    event = EventFactory(organisers=[network.kpk])
    services.transition(event, "cancelled", by=network.kpk_staff, reason="Banjir")

    entry = AuditEntry.objects.get(action="events.status_changed")

    assert verb(entry) == "changed the status"
    assert lines(entry) == ["Published → Cancelled", "Reason: Banjir"]
