"""The attendance writes ask ``events.check_in`` themselves (events/attendance.py)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from audit.models import AuditEntry
from events import attendance
from events.models import Registration
from tests.factories import RegistrationFactory


def test_check_in_by_someone_outside_the_organisers_is_refused(network):
    registration = RegistrationFactory()

    with pytest.raises(PermissionDenied):
        attendance.check_in(registration, by=network.partner_manager)

    assert Registration.objects.get(pk=registration.pk).checked_in_at is None
    assert AuditEntry.objects.filter(target_id=str(registration.pk)).count() == 0


def test_check_in_by_token_by_someone_outside_the_organisers_is_refused(network):
    registration = RegistrationFactory()

    with pytest.raises(PermissionDenied):
        attendance.check_in_by_token(
            registration.event, registration.token, by=network.partner_manager
        )

    assert Registration.objects.get(pk=registration.pk).checked_in_at is None


def test_undo_check_in_by_someone_outside_the_organisers_is_refused(network):
    checked_in = timezone.now()
    registration = RegistrationFactory(checked_in_at=checked_in)

    with pytest.raises(PermissionDenied):
        attendance.undo_check_in(registration, by=network.partner_manager)

    assert Registration.objects.get(pk=registration.pk).checked_in_at == checked_in


def test_add_walk_in_by_someone_outside_the_organisers_is_refused(network):
    event = RegistrationFactory().event

    with pytest.raises(PermissionDenied):
        attendance.add_walk_in(
            event,
            name="Budi",
            institution="Inspektorat",
            position="Auditor",
            by=network.partner_manager,
        )

    assert event.registrations.count() == 1
