"""The events demo (events/demo.py): the Sumsel report's three events held, and what comes next."""

import pytest
from django.utils import timezone

from audit.models import AuditEntry
from events import demo
from events.models import Certificate, Event, Invitation, Registration
from tests.helpers import run_command

pytestmark = pytest.mark.django_db


def test_seed_demo_holds_the_sumsel_training_for_its_regencies_with_certificates(debug, media):
    run_command("seed_demo")

    training = Event.objects.get(title=demo.SUMSEL_TRAINING)
    invitations = training.invitations.all()
    assert invitations.count() == 17
    assert invitations.filter(status=Invitation.Status.DECLINED).count() == 1
    assert invitations.get(status=Invitation.Status.DECLINED).decline_reason
    attended = training.registrations.filter(checked_in_at__isnull=False)
    # Every attendee of the training has a certificate, and nobody else.
    assert set(
        Certificate.objects.filter(registration__event=training).values_list(
            "registration_id", flat=True
        )
    ) == set(attended.values_list("pk", flat=True))
    assert training.registrations.filter(checked_in_at__isnull=True).exists()
    assert training.report.summary
    assert training.agreement.title == demo.PKS_SUMSEL_EXPIRING
    assert training.ends_at < timezone.now()


def test_seed_demo_events_cover_every_status_kind_and_a_waiting_list(debug, media):
    run_command("seed_demo")

    assert set(Event.objects.values_list("status", flat=True)) == set(Event.Status.values)
    assert set(Event.objects.values_list("kind", flat=True)) == set(Event.Kind.values)
    makassar = Event.objects.get(title=demo.MAKASSAR_BRIEFING)
    assert makassar.time_zone == "Asia/Makassar"
    assert makassar.registrations.filter(status=Registration.Status.CONFIRMED).count() == (
        makassar.capacity
    )
    assert makassar.registrations.filter(status=Registration.Status.WAITLISTED).exists()
    assert Event.objects.filter(starts_at__gt=timezone.now(), status="published").count() >= 3


def test_seed_demo_events_have_their_history(debug, media):
    run_command("seed_demo")

    cancelled = Event.objects.get(title=demo.CANCELLED_TALK_SHOW)
    actions = list(
        AuditEntry.objects.filter(target_type__model="event", target_id=str(cancelled.pk))
        .order_by("sequence")
        .values_list("action", flat=True)
    )
    assert actions == ["events.created", "events.status_changed", "events.status_changed"]


def test_seed_demo_events_run_twice_creates_nothing_more(debug, media):
    run_command("seed_demo")
    counts = (Event.objects.count(), Registration.objects.count(), Certificate.objects.count())

    run_command("seed_demo")

    assert (
        Event.objects.count(),
        Registration.objects.count(),
        Certificate.objects.count(),
    ) == counts
