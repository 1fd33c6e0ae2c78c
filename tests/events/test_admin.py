"""The events in the admin (events/admin.py): support staff look; changes go through services."""

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from events.models import (
    CalendarFeed,
    Certificate,
    Event,
    EventFile,
    Feedback,
    Invitation,
    Registration,
    Report,
    Session,
    Speaker,
)
from tests.factories import (
    EventFactory,
    EventInvitationFactory,
    OrganisationFactory,
    RegistrationFactory,
    SpeakerFactory,
)
from tests.helpers import admin_changelist, changelist_results


@pytest.mark.parametrize(
    "model",
    [
        Event,
        Session,
        Invitation,
        Registration,
        EventFile,
        Report,
        Feedback,
        Certificate,
        CalendarFeed,
    ],
)
def test_admin_changelists_load(client, administrator, model):
    client.force_login(administrator)

    response = client.get(admin_changelist(model))

    assert response.status_code == 200


def test_admin_event_change_form_shows_read_only_status_and_history(client, administrator):
    event = EventFactory(title="Pelatihan Jurnalisme Data")
    SpeakerFactory(session__event=event)
    EventInvitationFactory(event=event)
    client.force_login(administrator)

    listing = client.get(admin_changelist(Event))
    form = client.get(reverse("admin:events_event_change", args=[event.pk]))

    assert changelist_results(listing) == [event]
    page = form.content.decode()
    assert form.status_code == 200
    assert 'name="status"' not in page
    assert "Its entries in the audit trail" in page or "Entrinya di jejak audit" in page


def test_admin_event_change_goes_through_the_service(client, administrator):
    kpk = OrganisationFactory(kpk=True)
    event = EventFactory(organisers=[kpk])
    client.force_login(administrator)
    data = {
        "organisers": [kpk.pk],
        "kind": event.kind,
        "title": "Judul Baru",
        "description": event.description,
        "venue_name": event.venue_name,
        "venue_address": event.venue_address,
        "venue_regency": event.venue_regency_id,
        "online_url": "",
        "time_zone": event.time_zone,
        "starts_at_0": event.starts_at.astimezone().strftime("%Y-%m-%d"),
        "starts_at_1": event.starts_at.astimezone().strftime("%H:%M:%S"),
        "ends_at_0": event.ends_at.astimezone().strftime("%Y-%m-%d"),
        "ends_at_1": event.ends_at.astimezone().strftime("%H:%M:%S"),
        "capacity": event.capacity,
        "visibility": event.visibility,
        "sessions-TOTAL_FORMS": "0",
        "sessions-INITIAL_FORMS": "0",
        "invitations-TOTAL_FORMS": "0",
        "invitations-INITIAL_FORMS": "0",
    }

    response = client.post(reverse("admin:events_event_change", args=[event.pk]), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert Event.objects.get(pk=event.pk).title == "Judul Baru"
    assert AuditEntry.objects.filter(action="events.changed", target_id=str(event.pk)).exists()


def test_admin_registrations_never_show_the_token(client, administrator):
    registration = RegistrationFactory()
    client.force_login(administrator)

    page = client.get(reverse("admin:events_registration_change", args=[registration.pk]))

    assert page.status_code == 200
    assert registration.token not in page.content.decode()


def test_admin_speakers_are_seen_in_their_session(client, administrator):
    speaker = SpeakerFactory(name="Ali Fikri")
    client.force_login(administrator)

    page = client.get(reverse("admin:events_session_change", args=[speaker.session.pk]))

    assert "Ali Fikri" in page.content.decode()
    assert Speaker.objects.count() == 1
