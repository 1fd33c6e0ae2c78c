"""The events in the admin (events/admin.py): support staff look; changes go through services."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
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
    UserFactory,
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
        "starts_at": event.starts_at.astimezone(event.zone).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": event.ends_at.astimezone(event.zone).strftime("%Y-%m-%dT%H:%M"),
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


def test_admin_types_and_shows_an_events_times_in_its_own_zone(client, administrator):
    """A WITA event's 09:00 is 09:00 in the admin too, not 08:00 WIB."""
    kpk = OrganisationFactory(kpk=True)
    client.force_login(administrator)
    data = {
        "organisers": [kpk.pk],
        "kind": Event.Kind.MEDIA_BRIEFING,
        "title": "Media briefing Makassar",
        "description": "",
        "venue_name": "",
        "venue_address": "",
        "venue_regency": "",
        "online_url": "https://meet.example.org/kpk",
        "time_zone": "Asia/Makassar",
        "starts_at": "2027-03-04T09:00",
        "ends_at": "2027-03-04T11:30",
        "capacity": "",
        "visibility": Event.Visibility.INVITED,
        "sessions-TOTAL_FORMS": "0",
        "sessions-INITIAL_FORMS": "0",
        "invitations-TOTAL_FORMS": "0",
        "invitations-INITIAL_FORMS": "0",
    }

    response = client.post(reverse("admin:events_event_add"), data)

    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get(title="Media briefing Makassar")
    assert event.starts_at == datetime(2027, 3, 4, 1, 0, tzinfo=UTC)
    assert event.ends_at == datetime(2027, 3, 4, 3, 30, tzinfo=UTC)
    page = client.get(reverse("admin:events_event_change", args=[event.pk])).content.decode()
    assert 'value="2027-03-04T09:00"' in page
    assert "WITA" in page


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


def test_admin_registrations_search_and_filter(client, administrator):
    published = EventFactory(status=Event.Status.PUBLISHED)
    draft = EventFactory(status=Event.Status.DRAFT)
    came = RegistrationFactory(event=published, name="Dewi Lestari", checked_in=True)
    stayed = RegistrationFactory(
        event=published, name="Rahmat Hidayat", institution="Tempo Makassar"
    )
    drafted = RegistrationFactory(event=draft, email="tamu@contoh.id")
    client.force_login(administrator)
    url = admin_changelist(Registration)

    def shown(**query):
        return set(changelist_results(client.get(url, query)))

    assert shown(q="Dewi") == {came}
    assert shown(q="tempo makassar") == {stayed}
    assert shown(q="tamu@contoh.id") == {drafted}
    assert shown(event_status="draft") == {drafted}
    assert shown(checked_in="yes") == {came}
    assert shown(checked_in="no") == {stayed, drafted}
    assert shown(source=came.source) >= {came}


def test_admin_registration_status_is_read_only(client, administrator):
    registration = RegistrationFactory()
    client.force_login(administrator)

    page = client.get(reverse("admin:events_registration_change", args=[registration.pk]))
    client.post(
        reverse("admin:events_registration_change", args=[registration.pk]),
        {"status": Registration.Status.CANCELLED},
    )

    assert 'name="status"' not in page.content.decode()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


def test_admin_cancels_registrations_through_the_service(client, administrator):
    coming = EventFactory(status=Event.Status.PUBLISHED)
    seat = RegistrationFactory(event=coming)
    came = RegistrationFactory(event=coming, checked_in=True)
    client.force_login(administrator)

    response = client.post(
        admin_changelist(Registration),
        {"action": "cancel", "_selected_action": [seat.pk, came.pk]},
        follow=True,
    )

    seat.refresh_from_db()
    came.refresh_from_db()
    assert (seat.status, came.status) == (
        Registration.Status.CANCELLED,
        Registration.Status.CONFIRMED,
    )
    assert AuditEntry.objects.filter(action="events.registration_cancelled").count() == 1
    shown = [str(message) for message in response.context["messages"]]
    assert f"{came}: This person has already been checked in." in shown
    assert "1 registration cancelled." in shown


def _certificate():
    from events import followup
    from tests.events.followup_data import past_event
    from tests.factories import member

    kpk = OrganisationFactory(kpk=True)
    event = past_event(organisers=[kpk])
    RegistrationFactory(event=event, name="Nyoman Ayu", checked_in=True)
    (certificate,) = followup.issue_certificates(event, by=member("kpk_staff", kpk))
    return certificate


def test_admin_revokes_certificates_after_asking_why(client, administrator):
    certificate = _certificate()
    client.force_login(administrator)
    url = admin_changelist(Certificate)

    asked = client.post(url, {"action": "revoke", "_selected_action": [certificate.pk]})
    refused = client.post(
        url, {"action": "revoke", "_selected_action": [certificate.pk], "reason": " "}
    )
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    done = client.post(
        url,
        {"action": "revoke", "_selected_action": [certificate.pk], "reason": "Salah orang"},
        follow=True,
    )

    assert asked.status_code == refused.status_code == 200
    assert "Why are they revoked?" in asked.content.decode()
    assert certificate.code in asked.content.decode()
    assert "This field is required." in refused.content.decode()
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None
    entry = AuditEntry.objects.get(action="events.certificate_revoked")
    assert entry.changes["reason"] == "Salah orang"
    assert "1 certificate revoked." in [str(message) for message in done.context["messages"]]


def test_admin_revocation_form_carries_large_ids_without_a_thousands_separator(
    client, administrator
):
    certificate = _certificate()
    Certificate.objects.filter(pk=certificate.pk).update(id=12345)
    client.force_login(administrator)

    asked = client.post(
        admin_changelist(Certificate), {"action": "revoke", "_selected_action": [12345]}
    )

    assert 'name="_selected_action" value="12345"' in asked.content.decode()


def _changelist_queries(client, model) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(admin_changelist(model))
    assert response.status_code == 200
    return len(queries)


def test_admin_calendar_feeds_take_the_same_queries_for_more_rows(client, administrator):
    client.force_login(administrator)
    CalendarFeed.objects.create(user=UserFactory())
    _changelist_queries(client, CalendarFeed)  # the session's first save is not the list's
    one = _changelist_queries(client, CalendarFeed)

    CalendarFeed.objects.bulk_create([CalendarFeed(user=UserFactory()) for _ in range(3)])

    assert _changelist_queries(client, CalendarFeed) == one
