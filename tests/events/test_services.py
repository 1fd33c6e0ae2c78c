"""The event itself (events/services.py): details, the status's one door, agenda, invitations."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from audit.models import AuditEntry
from events import services
from events.models import Event, Invitation, Session
from events.services import EventError, SpeakerInput
from notifications.models import Delivery, Notification
from partnerships.models import Organisation, Regency, Role
from tests.factories import (
    AgreementFactory,
    EventFactory,
    EventInvitationFactory,
    OrganisationFactory,
    RegistrationFactory,
    ScopeItemFactory,
    SessionFactory,
    member,
)

WIB = ZoneInfo("Asia/Jakarta")


@pytest.fixture(autouse=True)
def english(english_msgids):
    """Assertions read the English msgids."""


def entries(event, action=None):
    found = AuditEntry.objects.filter(target_id=str(event.pk), action__startswith="events.")
    if action:
        found = found.filter(action=action)
    return list(found.order_by("sequence"))


def notified(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient__email", flat=True))


def details(**overrides):
    start = timezone.now().replace(microsecond=0) + timedelta(days=10)
    fields = {
        "kind": Event.Kind.TRAINING,
        "title": "Pelatihan Jurnalisme Data",
        "venue_name": "Hotel Aryaduta",
        "venue_regency": Regency.objects.get(pk="16.71"),
        "starts_at": start,
        "ends_at": start + timedelta(hours=6),
    }
    fields.update(overrides)
    return fields


# Creating and changing.


def test_create_event_makes_a_draft_with_organisers_and_an_entry(network):
    event = services.create_event(by=network.kpk_staff, organisers=[network.kpk], **details())

    assert event.status == Event.Status.DRAFT
    assert list(event.organisers.all()) == [network.kpk]
    assert event.created_by == network.kpk_staff
    [entry] = entries(event)
    assert entry.action == "events.created"
    assert entry.changes["organisers"] == ["Biro Hubungan Masyarakat KPK"]
    assert entry.changes["title"] == [None, "Pelatihan Jurnalisme Data"]


def test_create_event_takes_the_zone_of_the_venues_province(network):
    makassar = Regency.objects.get(pk="73.71")

    event = services.create_event(
        by=network.kpk_staff,
        organisers=[network.kpk],
        **details(venue_regency=makassar, time_zone="Asia/Jakarta"),
    )

    assert event.time_zone == "Asia/Makassar"
    assert event.time_zone_abbreviation == "WITA"


def test_create_event_refuses_an_end_before_the_start(network):
    fields = details()
    fields["ends_at"] = fields["starts_at"] - timedelta(hours=1)

    with pytest.raises(EventError) as refused:
        services.create_event(by=network.kpk_staff, organisers=[network.kpk], **fields)

    assert refused.value.message_dict["ends_at"] == ["The event must end after it starts."]
    assert not Event.objects.exists()


def test_create_event_refuses_registration_closing_after_the_end(network):
    fields = details()
    fields["registration_closes_at"] = fields["ends_at"] + timedelta(hours=1)

    with pytest.raises(EventError) as refused:
        services.create_event(by=network.kpk_staff, organisers=[network.kpk], **fields)

    assert refused.value.message_dict["registration_closes_at"] == [
        "Registration must close before the event ends."
    ]


def test_create_event_refuses_neither_venue_nor_link(network):
    with pytest.raises(EventError) as refused:
        services.create_event(
            by=network.kpk_staff, organisers=[network.kpk], **details(venue_name="")
        )

    assert refused.value.message_dict["venue_name"] == ["Give a venue or an online meeting link."]


def test_create_event_refuses_a_scope_item_of_another_agreement(network):
    agreement = AgreementFactory()
    other = ScopeItemFactory(agreement=AgreementFactory())

    with pytest.raises(EventError) as refused:
        services.create_event(
            by=network.kpk_staff,
            organisers=[network.kpk],
            **details(agreement=agreement, scope_item=other),
        )

    assert refused.value.message_dict["scope_item"] == [
        "This scope item belongs to another agreement."
    ]


def test_create_event_by_kpk_needs_its_own_unit_among_organisers(network):
    with pytest.raises(EventError) as refused:
        services.create_event(by=network.kpk_staff, organisers=[network.city], **details())

    assert refused.value.message_dict["organisers"] == [
        "Your KPK unit is always among the organisers of its events."
    ]


def test_create_event_by_a_partner_only_for_organisations_they_manage(network):
    with pytest.raises(EventError) as refused:
        services.create_event(
            by=network.partner_manager, organisers=[network.city, network.neighbour], **details()
        )

    assert refused.value.message_dict["organisers"] == [
        "You may organise events only for the organisations you manage."
    ]
    event = services.create_event(
        by=network.partner_manager, organisers=[network.city], **details()
    )
    assert list(event.organisers.all()) == [network.city]


def test_create_event_refuses_an_operator(network):
    with pytest.raises(PermissionDenied):
        services.create_event(by=network.partner_operator, organisers=[network.city], **details())


def test_update_event_logs_the_changed_fields(network):
    event = EventFactory(organisers=[network.kpk], draft=True)

    services.update_event(event, by=network.kpk_staff, title="Pelatihan Baru")

    [entry] = entries(event, "events.changed")
    assert entry.changes["title"] == [event.title, "Pelatihan Baru"]
    assert Event.objects.get(pk=event.pk).title == "Pelatihan Baru"


def test_update_event_without_change_logs_nothing(network):
    event = EventFactory(organisers=[network.kpk])

    services.update_event(event, by=network.kpk_staff, title=event.title)

    assert entries(event) == []


def test_update_event_by_another_organisation_is_refused(network):
    event = EventFactory(organisers=[network.kpk])

    with pytest.raises(PermissionDenied):
        services.update_event(event, by=network.partner_manager, title="X")


def test_update_event_of_a_cancelled_event_is_refused(network):
    event = EventFactory(organisers=[network.kpk], status=Event.Status.CANCELLED, cancel_reason="x")

    with pytest.raises(EventError) as refused:
        services.update_event(event, by=network.kpk_staff, title="X")

    assert refused.value.messages == ["A cancelled event can no longer be changed."]


def test_update_event_moving_the_time_tells_everyone_registered(network):
    event = EventFactory(organisers=[network.kpk])
    RegistrationFactory(event=event, user=network.partner_operator, name="Operator", email="")
    RegistrationFactory(event=event, email="jurnalis@example.id", name="Jurnalis")
    RegistrationFactory(event=event, email="batal@example.id", status="cancelled")
    old_start = event.starts_at
    new_start = old_start + timedelta(days=1)

    services.update_event(
        event, by=network.kpk_staff, starts_at=new_start, ends_at=new_start + timedelta(hours=6)
    )

    assert notified("events.schedule_changed") == ["operator@palembang.go.id"]
    notification = Notification.objects.get(kind="events.schedule_changed")
    assert set(notification.context["changes"]) == {"starts_at", "ends_at"}
    old, new = notification.context["changes"]["starts_at"]
    assert old.endswith(" WIB") and new.endswith(" WIB") and old != new
    assert "→" in notification.message
    [email] = Delivery.objects.filter(mode=Delivery.MESSAGE)
    assert email.to_email == "jurnalis@example.id"
    assert event.title in email.subject


def test_update_event_of_a_draft_tells_nobody(network):
    event = EventFactory(organisers=[network.kpk], draft=True)
    RegistrationFactory(event=event, user=network.partner_operator, email="")

    services.update_event(event, by=network.kpk_staff, venue_name="Gedung Merah Putih")

    assert Notification.objects.count() == 0


def test_update_event_other_details_tell_nobody(network):
    event = EventFactory(organisers=[network.kpk])
    RegistrationFactory(event=event, user=network.partner_operator, email="")

    services.update_event(event, by=network.kpk_staff, description="Materi baru")

    assert Notification.objects.count() == 0


def test_update_event_refuses_times_that_leave_sessions_outside(network):
    event = EventFactory(organisers=[network.kpk])
    SessionFactory(event=event)

    with pytest.raises(EventError) as refused:
        services.update_event(
            event,
            by=network.kpk_staff,
            starts_at=event.starts_at + timedelta(hours=2),
            ends_at=event.ends_at + timedelta(hours=2),
        )

    assert refused.value.message_dict["starts_at"] == [
        "Some agenda sessions would fall outside the new time: move them first."
    ]


# The status.


def test_transition_publishes_a_draft_and_tells_the_invited_managers(network):
    event = EventFactory(organisers=[network.kpk], draft=True)
    EventInvitationFactory(event=event, organisation=network.city)
    EventInvitationFactory(event=event, organisation=network.neighbour)  # no manager

    services.transition(event, Event.Status.PUBLISHED, by=network.kpk_staff)

    assert Event.objects.get(pk=event.pk).status == Event.Status.PUBLISHED
    assert notified("events.invitation") == ["kabid@palembang.go.id"]
    assert notified("events.nomination_requested") == ["kabid@palembang.go.id"]
    [entry] = entries(event, "events.status_changed")
    assert entry.changes == {"from": "draft", "to": "published", "reason": ""}


def test_transition_cancels_with_a_reason_and_tells_everyone(network):
    event = EventFactory(organisers=[network.kpk])
    EventInvitationFactory(event=event, organisation=network.city)
    RegistrationFactory(event=event, user=network.province_manager, email="")
    RegistrationFactory(event=event, email="tamu@example.id")

    services.transition(event, Event.Status.CANCELLED, by=network.kpk_staff, reason="Banjir")

    event.refresh_from_db()
    assert (event.status, event.cancel_reason) == ("cancelled", "Banjir")
    assert notified("events.cancelled") == ["kabid@palembang.go.id", "kadis@sumselprov.go.id"]
    assert (
        Notification.objects.get(recipient=network.partner_manager).message
        == f"{event.title} is cancelled: “Banjir”"
    )
    [email] = Delivery.objects.filter(mode=Delivery.MESSAGE)
    assert email.to_email == "tamu@example.id"
    assert "Banjir" in email.body_text


def test_transition_cancelling_a_draft_tells_nobody(network):
    event = EventFactory(organisers=[network.kpk], draft=True)
    EventInvitationFactory(event=event, organisation=network.city)

    services.transition(event, Event.Status.CANCELLED, by=network.kpk_staff, reason="Batal")

    assert Notification.objects.count() == 0
    assert Event.objects.get(pk=event.pk).status == "cancelled"


def test_transition_cancel_without_reason_is_refused(network):
    event = EventFactory(organisers=[network.kpk])

    with pytest.raises(EventError) as refused:
        services.transition(event, Event.Status.CANCELLED, by=network.kpk_staff, reason="  ")

    assert refused.value.messages == ["Give the reason for cancelling the event."]
    assert Event.objects.get(pk=event.pk).status == "published"


@pytest.mark.parametrize(
    ("source", "to"),
    [
        ("published", "published"),
        ("published", "draft"),
        ("cancelled", "published"),
        ("cancelled", "draft"),
        ("draft", "draft"),
    ],
)
def test_transition_outside_the_table_is_refused(network, source, to):
    reason = "x" if source == "cancelled" else ""
    event = EventFactory(organisers=[network.kpk], status=source, cancel_reason=reason)

    with pytest.raises(EventError) as refused:
        services.transition(event, to, by=network.kpk_staff, reason="y")

    assert refused.value.messages[0].startswith("An event cannot move from")
    assert Event.objects.get(pk=event.pk).status == source
    assert entries(event) == []


def test_transition_by_a_member_who_does_not_organise_is_refused(network):
    event = EventFactory(organisers=[network.city], draft=True)

    with pytest.raises(EventError) as refused:
        services.transition(event, Event.Status.PUBLISHED, by=network.partner_operator)

    assert refused.value.messages == ["Only the event's organisers can change its status."]


def test_transition_by_someone_who_cannot_see_it_is_denied(network):
    event = EventFactory(organisers=[network.foreign], draft=True)

    with pytest.raises(PermissionDenied):
        services.transition(event, Event.Status.PUBLISHED, by=network.partner_manager)


def test_transition_from_a_stale_status_is_refused(network):
    event = EventFactory(organisers=[network.kpk], draft=True)
    stale = Event.objects.get(pk=event.pk)
    services.transition(event, Event.Status.PUBLISHED, by=network.kpk_staff)

    with pytest.raises(EventError) as refused:
        services.transition(stale, Event.Status.CANCELLED, by=network.kpk_staff, reason="x")

    assert refused.value.messages == [
        "Someone else changed this event meanwhile: it is now “Published”."
    ]


def test_transition_publishing_an_ended_event_is_refused(network):
    start = timezone.now() - timedelta(days=2)
    event = EventFactory(
        organisers=[network.kpk], draft=True, starts_at=start, ends_at=start + timedelta(hours=2)
    )

    with pytest.raises(EventError) as refused:
        services.transition(event, Event.Status.PUBLISHED, by=network.kpk_staff)

    assert refused.value.messages == ["The event has already ended: it can no longer be published."]


def test_allowed_transitions_follow_the_table_and_permission(network):
    draft = EventFactory(organisers=[network.city], draft=True)

    assert services.allowed_transitions(network.partner_manager, draft) == [
        "published",
        "cancelled",
    ]
    assert services.allowed_transitions(network.partner_operator, draft) == []


# The agenda.


def test_add_session_with_speakers_is_logged_on_the_event(network):
    event = EventFactory(organisers=[network.kpk])

    session = services.add_session(
        event,
        by=network.kpk_staff,
        title="Jurnalisme data",
        starts_at=event.starts_at,
        ends_at=event.starts_at + timedelta(hours=1),
        speakers=[SpeakerInput("Ali Fikri", "Juru Bicara", "KPK"), ("Rina", "", "Katadata")],
    )

    assert [s.name for s in session.speakers.all()] == ["Ali Fikri", "Rina"]
    [entry] = entries(event, "events.session_added")
    assert entry.changes["speakers"] == ["Ali Fikri, Juru Bicara, KPK", "Rina, Katadata"]


def test_add_session_outside_the_event_is_refused_with_the_span(network):
    start = datetime(2030, 3, 4, 9, 0, tzinfo=WIB)
    event = EventFactory(
        organisers=[network.kpk], starts_at=start, ends_at=start + timedelta(hours=6)
    )

    with pytest.raises(EventError) as refused:
        services.add_session(
            event,
            by=network.kpk_staff,
            title="Terlalu pagi",
            starts_at=start - timedelta(hours=1),
            ends_at=start + timedelta(hours=1),
        )

    assert refused.value.message_dict["starts_at"] == [
        "A session must lie within the event's time: 4 March 2030, 09.00 WIB to "
        "4 March 2030, 15.00 WIB."
    ]
    assert not Session.objects.exists()


def test_add_session_speaker_without_a_name_is_refused(network):
    event = EventFactory(organisers=[network.kpk])

    with pytest.raises(EventError) as refused:
        services.add_session(
            event,
            by=network.kpk_staff,
            title="Diskusi",
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            speakers=[("", "Jurnalis", "Tempo")],
        )

    assert refused.value.message_dict["speakers"] == ["Give each speaker's name."]


def test_update_session_replaces_speakers_and_logs_the_difference(network):
    event = EventFactory(organisers=[network.kpk])
    session = SessionFactory(event=event)

    services.update_session(
        session,
        by=network.kpk_staff,
        title=session.title,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        speakers=[("Ipi Maryati", "Juru Bicara", "KPK")],
    )

    assert [s.name for s in session.speakers.all()] == ["Ipi Maryati"]
    [entry] = entries(event, "events.session_changed")
    assert entry.changes["speakers"] == [[], ["Ipi Maryati, Juru Bicara, KPK"]]


def test_remove_session_by_another_organisation_is_denied(network):
    session = SessionFactory(event=EventFactory(organisers=[network.kpk]))

    with pytest.raises(PermissionDenied):
        services.remove_session(session, by=network.partner_manager)

    services.remove_session(session, by=network.kpk_staff)
    assert not Session.objects.exists()
    assert [e.action for e in entries(session.event)] == ["events.session_removed"]


# Invitations.


def _seventeen_regencies_of_sumatera_selatan(network):
    """Sumatera Selatan has 17 regencies and cities; the network already has two of them."""
    have = {network.city.regency_id, network.neighbour.regency_id}
    for regency in Regency.objects.filter(province_id="16").exclude(pk__in=have):
        OrganisationFactory(name=f"Diskominfo {regency.name}", regency_id=regency.pk)


def test_invite_every_diskominfo_of_a_provinces_regencies_and_cities(network):
    _seventeen_regencies_of_sumatera_selatan(network)
    event = EventFactory(organisers=[network.kpk], draft=True)

    invited = services.invite(
        event, by=network.kpk_staff, provinces=["16"], with_province=False, with_regencies=True
    )

    assert len(invited) == 17
    assert Regency.objects.filter(province_id="16").count() == 17
    assert {i.organisation.regency.province_id for i in invited} == {"16"}
    assert Notification.objects.count() == 0  # a draft: told when published
    [entry] = entries(event, "events.invited")
    assert len(entry.changes["organisations"]) == 17


def test_invite_the_province_and_its_regencies_skips_those_already_invited(network):
    _seventeen_regencies_of_sumatera_selatan(network)
    event = EventFactory(organisers=[network.kpk])
    EventInvitationFactory(event=event, organisation=network.city)

    invited = services.invite(event, by=network.kpk_staff, provinces=["16"])

    assert len(invited) == 17  # 16 regencies and cities not yet invited, and the province
    assert network.province in [i.organisation for i in invited]
    assert Invitation.objects.filter(event=event).count() == 18


def test_invite_to_a_published_event_tells_the_new_managers_at_once(network):
    event = EventFactory(organisers=[network.kpk])
    EventInvitationFactory(event=event, organisation=network.province)

    services.invite(event, by=network.kpk_staff, organisations=[network.city, network.province])

    assert notified("events.invitation") == ["kabid@palembang.go.id"]
    assert notified("events.nomination_requested") == ["kabid@palembang.go.id"]
    assert Notification.objects.get(kind="events.nomination_requested").message == (
        f"Nominate the participants of Diskominfo Kota Palembang for {event.title}, or decline "
        "the invitation."
    )


def test_invite_skips_inactive_organisations_and_organisers(network):
    closed = OrganisationFactory(name="Diskominfo Lama", regency_id="16.02", is_active=False)
    event = EventFactory(organisers=[network.kpk], draft=True)

    invited = services.invite(
        event, by=network.kpk_staff, organisations=[closed, network.kpk, network.foreign]
    )

    assert [i.organisation for i in invited] == [network.foreign]


def test_invite_everyone_already_invited_writes_nothing(network):
    event = EventFactory(organisers=[network.kpk])
    EventInvitationFactory(event=event, organisation=network.city)

    assert services.invite(event, by=network.kpk_staff, organisations=[network.city]) == []
    assert entries(event) == []


def test_invite_by_another_organisation_is_denied(network):
    event = EventFactory(organisers=[network.kpk])

    with pytest.raises(PermissionDenied):
        services.invite(event, by=network.partner_manager, organisations=[network.city])
    assert not Invitation.objects.exists()


def test_invite_to_a_cancelled_event_is_refused(network):
    event = EventFactory(organisers=[network.kpk], status="cancelled", cancel_reason="x")

    with pytest.raises(EventError):
        services.invite(event, by=network.kpk_staff, organisations=[network.city])


def test_remove_invitation_without_registrations(network):
    event = EventFactory(organisers=[network.kpk])
    invitation = EventInvitationFactory(event=event, organisation=network.city)

    services.remove_invitation(invitation, by=network.kpk_staff)

    assert not Invitation.objects.exists()
    [entry] = entries(event, "events.invitation_removed")
    assert entry.changes == {"organisation": "Diskominfo Kota Palembang"}


def test_remove_invitation_with_registrations_is_refused(network):
    event = EventFactory(organisers=[network.kpk])
    invitation = EventInvitationFactory(event=event, organisation=network.city)
    RegistrationFactory(
        event=event, user=network.partner_operator, organisation=network.city, email=""
    )

    with pytest.raises(EventError) as refused:
        services.remove_invitation(invitation, by=network.kpk_staff)

    assert refused.value.messages == [
        "Diskominfo Kota Palembang already has people registered: the invitation stays while "
        "they are."
    ]
    assert Invitation.objects.count() == 1


def test_managers_of_other_roles_are_not_told(network):
    # An operator of an invited organisation is not its manager.
    event = EventFactory(organisers=[network.kpk], draft=True)
    EventInvitationFactory(event=event, organisation=network.city)
    member(Role.PARTNER_OPERATOR, network.city, email="operator2@palembang.go.id")

    services.transition(event, Event.Status.PUBLISHED, by=network.kpk_staff)

    assert notified("events.invitation") == ["kabid@palembang.go.id"]
    assert Organisation.objects.filter(pk=network.city.pk).exists()
