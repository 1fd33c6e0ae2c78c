"""The event's pages (events/views/schedule.py): list, page, forms, agenda, invite, status."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements.models import ScopeItem
from audit.models import AuditEntry
from events.models import Event, Invitation, Session
from partnerships.models import Regency
from tests.factories import (
    AgreementFactory,
    EventFactory,
    EventInvitationFactory,
    OrganisationFactory,
    RegistrationFactory,
    ScopeItemFactory,
    SessionFactory,
    SpeakerFactory,
)
from tests.helpers import count_queries, listed, messages_of

UTC = ZoneInfo("UTC")


@pytest.fixture(autouse=True)
def english(english_msgids):
    """Assertions read the English msgids; pages follow each user's language (English here)."""


def form_data(organisers, **overrides):
    data = {
        "kind": "training",
        "title": "Pelatihan Jurnalisme Data",
        "description": "",
        "organisers": [o.pk for o in organisers],
        "venue_name": "Hotel Claro",
        "venue_address": "Jl. A. P. Pettarani, Makassar",
        "venue_regency": "73.71",
        "online_url": "",
        "time_zone": "Asia/Jakarta",
        "starts_at": "2030-05-02T09:00",
        "ends_at": "2030-05-02T15:00",
        "capacity": "40",
        "registration_opens_at": "",
        "registration_closes_at": "2030-05-01T17:00",
        "visibility": "invited",
    }
    data.update(overrides)
    return data


# The list.


def test_list_shows_upcoming_events_the_user_may_see(client_as, network):
    mine = EventFactory(organisers=[network.city], title="Rapat Palembang")
    EventFactory(organisers=[network.foreign], title="Rapat Medan")
    EventFactory(organisers=[network.city], title="Dulu", past=True)

    response = client_as(network.partner_operator).get(reverse("events:list"))

    assert listed(response, "title") == [mine.title]


def test_list_past_tab_shows_ended_events_latest_first(client_as, network):
    start = timezone.now() - timedelta(days=10)
    older = EventFactory(
        organisers=[network.kpk], starts_at=start, ends_at=start + timedelta(hours=2)
    )
    newer = EventFactory(
        organisers=[network.kpk],
        starts_at=start + timedelta(days=2),
        ends_at=start + timedelta(days=2, hours=2),
    )
    EventFactory(organisers=[network.kpk])

    response = client_as(network.kpk_staff).get(reverse("events:list"), {"tab": "past"})

    assert listed(response, "pk") == [newer.pk, older.pk]


def test_list_kpk_sees_every_event(client_as, network):
    EventFactory(organisers=[network.foreign], draft=True)
    EventFactory(organisers=[network.city])

    response = client_as(network.kpk_manager).get(reverse("events:list"))

    assert len(listed(response, "pk")) == 2


def test_list_filters_by_kind_province_status_words_and_mine(client_as, network):
    briefing = EventFactory(
        organisers=[network.kpk],
        kind="media_briefing",
        title="Media Briefing Makassar",
        venue_regency_id="73.71",
        time_zone="Asia/Makassar",
    )
    invited = EventFactory(organisers=[network.kpk], title="Pelatihan Palembang")
    EventInvitationFactory(event=invited, organisation=network.city)
    cancelled = EventFactory(organisers=[network.kpk], status="cancelled", cancel_reason="x")
    client = client_as(network.kpk_staff)
    url = reverse("events:list")

    assert listed(client.get(url, {"kind": "media_briefing"}), "pk") == [briefing.pk]
    assert listed(client.get(url, {"province": "73"}), "pk") == [briefing.pk]
    assert listed(client.get(url, {"status": "cancelled"}), "pk") == [cancelled.pk]
    assert listed(client.get(url, {"q": "palembang"}), "pk") == [invited.pk]
    operator = client_as(network.partner_operator)
    EventFactory(organisers=[network.kpk], open=True)
    assert listed(operator.get(url, {"mine": "true"}), "pk") == [invited.pk]


def test_list_needs_a_sign_in(client):
    response = client.get(reverse("events:list"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_list_query_count_does_not_grow_with_the_events(client_as, network):
    client = client_as(network.partner_manager)

    def make(n):
        for _ in range(n):
            event = EventFactory(organisers=[network.kpk, OrganisationFactory()])
            EventInvitationFactory(event=event, organisation=network.city)

    make(2)
    few = count_queries(lambda: client.get(reverse("events:list")))
    make(10)
    many = count_queries(lambda: client.get(reverse("events:list")))

    assert few == many


# The page and its time zones.


def test_detail_of_a_wita_event_shows_local_times_and_the_zone(client_as, network):
    start = datetime(2030, 5, 2, 1, 0, tzinfo=UTC)  # 09.00 in Makassar
    event = EventFactory(
        organisers=[network.kpk],
        venue_name="Hotel Claro",
        venue_regency_id="73.71",
        time_zone="Asia/Makassar",
        starts_at=start,
        ends_at=start + timedelta(hours=6),
    )

    response = client_as(network.kpk_staff).get(event.get_absolute_url())
    page = response.content.decode()

    assert "Thursday, 2 May 2030, 09.00" in page
    assert "15.00" in page
    assert ">WITA</abbr>" in page
    assert "Kota Makassar, Sulawesi Selatan" in page


def test_detail_of_a_wit_event_shows_local_times_and_the_zone(client_as, network):
    jayapura = Regency.objects.get(pk="91.71")
    start = datetime(2030, 5, 2, 0, 0, tzinfo=UTC)  # 09.00 in Jayapura
    event = EventFactory(
        organisers=[network.kpk],
        venue_name="Aula Kantor Wali Kota",
        venue_regency=jayapura,
        time_zone="Asia/Jayapura",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
    )
    client = client_as(network.kpk_staff)

    page = client.get(event.get_absolute_url()).content.decode()
    listing = client.get(reverse("events:list")).content.decode()

    assert jayapura.province.time_zone == "Asia/Jayapura"
    assert "Thursday, 2 May 2030, 09.00" in page and ">WIT</abbr>" in page
    assert "Thursday, 2 May 2030, 09.00" in listing and ">WIT</abbr>" in listing


def test_detail_in_indonesian_names_the_day_and_month(client_as, network):
    network.kpk_staff.language = "id"
    network.kpk_staff.save()
    start = datetime(2030, 5, 2, 1, 0, tzinfo=UTC)
    event = EventFactory(
        organisers=[network.kpk],
        venue_regency_id="73.71",
        time_zone="Asia/Makassar",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
    )

    page = client_as(network.kpk_staff).get(event.get_absolute_url()).content.decode()

    assert "Kamis, 2 Mei 2030, 09.00" in page
    assert "Rincian" in page and "Agenda" in page and "Tempat" in page


def test_detail_shows_agenda_seats_and_for_organisers_invitations(client_as, network):
    event = EventFactory(organisers=[network.kpk], capacity=30)
    SpeakerFactory(session=SessionFactory(event=event), name="Ali Fikri")
    invitation = EventInvitationFactory(event=event, organisation=network.city)
    Invitation.objects.filter(pk=invitation.pk).update(
        status="declined", decline_reason="Bertepatan dengan rapat anggaran"
    )
    RegistrationFactory(event=event)

    organiser = client_as(network.kpk_staff).get(event.get_absolute_url())

    page = organiser.content.decode()
    assert "Ali Fikri" in page
    assert "1 of 30 taken" in page
    assert "Bertepatan dengan rapat anggaran" in page  # the latest declines, with their reason
    assert [t.name for t in organiser.templates if "detail_" in t.name] == [
        "events/includes/detail_registration.html",
        "events/includes/detail_attendance.html",
        "events/includes/detail_followup.html",
    ]


def test_detail_for_an_invited_member_hides_invitations_and_actions(client_as, network):
    event = EventFactory(organisers=[network.kpk])
    invitation = EventInvitationFactory(event=event, organisation=network.city)
    Invitation.objects.filter(pk=invitation.pk).update(status="declined", decline_reason="Sibuk")

    response = client_as(network.partner_manager).get(event.get_absolute_url())

    assert response.status_code == 200
    assert response.context["invitations"] is None
    assert response.context["history"] is None
    assert 'data-testid="edit-event"' not in response.content.decode()
    assert "Sibuk" not in response.content.decode()


def test_detail_shows_an_open_events_public_link_to_its_organisers_only(client_as, network):
    event = EventFactory(organisers=[network.city], open=True)
    EventInvitationFactory(event=event, organisation=network.neighbour)
    link = f'href="{event.get_public_url()}" class="text-break" data-testid="public-link"'

    organiser = client_as(network.partner_manager).get(event.get_absolute_url())

    assert link in organiser.content.decode()


def test_detail_hides_the_public_link_from_participants(client_as, network):
    event = EventFactory(organisers=[network.kpk], open=True)
    EventInvitationFactory(event=event, organisation=network.city)

    participant = client_as(network.partner_operator).get(event.get_absolute_url())

    assert participant.status_code == 200
    assert event.public_token not in participant.content.decode()


def test_detail_of_another_organisations_event_is_hidden(client_as, network):
    event = EventFactory(organisers=[network.foreign], title="Rapat Medan")

    response = client_as(network.partner_manager).get(event.get_absolute_url())

    assert response.status_code == 404
    assert "Rapat Medan" not in response.content.decode()


def test_detail_shows_the_history_to_organisers(client_as, network):
    client = client_as(network.kpk_staff)
    client.post(reverse("events:create"), form_data([network.kpk]))
    event = Event.objects.get()

    response = client.get(event.get_absolute_url())

    assert [item.verb for item in response.context["history"]] == ["created the event"]
    fragment = client.get(reverse("events:history", args=[event.pk]))
    assert fragment.status_code == 200


# Creating and changing.


def test_create_stores_local_wita_times_as_utc(client_as, network):
    response = client_as(network.kpk_staff).post(reverse("events:create"), form_data([network.kpk]))

    event = Event.objects.get()
    assert response.status_code == 302 and response.url == event.get_absolute_url()
    assert event.time_zone == "Asia/Makassar"
    assert event.starts_at == datetime(2030, 5, 2, 1, 0, tzinfo=UTC)
    assert event.ends_at == datetime(2030, 5, 2, 7, 0, tzinfo=UTC)
    assert event.registration_closes_at == datetime(2030, 5, 1, 9, 0, tzinfo=UTC)
    assert event.status == "draft"
    assert messages_of(response) == ["Event saved."]


def test_create_online_event_takes_the_zone_chosen(client_as, network):
    client_as(network.kpk_staff).post(
        reverse("events:create"),
        form_data(
            [network.kpk],
            venue_name="",
            venue_address="",
            venue_regency="",
            online_url="https://zoom.us/j/123",
            time_zone="Asia/Jayapura",
        ),
    )

    event = Event.objects.get()
    assert event.time_zone == "Asia/Jayapura"
    assert event.starts_at == datetime(2030, 5, 2, 0, 0, tzinfo=UTC)


def test_create_offers_kpk_its_own_unit_as_organiser(client_as, network):
    response = client_as(network.kpk_staff).get(reverse("events:create"))

    assert response.status_code == 200
    assert response.context["form"].initial["organisers"] == [network.kpk]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"ends_at": "2030-05-02T08:00"}, "ends_at", "The event must end after it starts."),
        (
            {"registration_closes_at": "2030-05-03T08:00"},
            "registration_closes_at",
            "Registration must close before the event ends.",
        ),
        ({"venue_name": ""}, "venue_name", "Give a venue or an online meeting link."),
    ],
)
def test_create_refuses_bad_input_clearly(client_as, network, overrides, field, message):
    response = client_as(network.kpk_staff).post(
        reverse("events:create"), form_data([network.kpk], **overrides)
    )

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert not Event.objects.exists()


def test_create_by_a_partner_for_another_organisation_is_refused(client_as, network):
    response = client_as(network.partner_manager).post(
        reverse("events:create"), form_data([network.foreign])
    )

    # The foreign organisation is not even offered.
    assert "organisers" in response.context["form"].errors
    assert not Event.objects.exists()


def test_create_by_a_partner_manager_for_their_organisation(client_as, network):
    client_as(network.partner_manager).post(reverse("events:create"), form_data([network.city]))

    assert list(Event.objects.get().organisers.all()) == [network.city]


def test_create_by_an_operator_is_forbidden(client_as, network):
    response = client_as(network.partner_operator).get(reverse("events:create"))

    assert response.status_code == 403


def test_update_shows_stored_times_in_the_events_zone(client_as, network):
    start = datetime(2030, 5, 2, 1, 0, tzinfo=UTC)
    event = EventFactory(
        organisers=[network.kpk],
        venue_regency_id="73.71",
        time_zone="Asia/Makassar",
        starts_at=start,
        ends_at=start + timedelta(hours=6),
    )

    page = client_as(network.kpk_staff).get(reverse("events:update", args=[event.pk]))

    assert 'value="2030-05-02T09:00"' in page.content.decode()


def test_update_by_an_invited_manager_is_forbidden(client_as, network):
    event = EventFactory(organisers=[network.kpk])
    EventInvitationFactory(event=event, organisation=network.city)

    response = client_as(network.partner_manager).post(
        reverse("events:update", args=[event.pk]), form_data([network.city], title="Diubah")
    )

    assert response.status_code == 403
    assert Event.objects.get().title != "Diubah"


# The agreement an event serves, and its scope item.


def _agreements_with_scope(network, count):
    for number in range(count):
        agreement = AgreementFactory(
            title=f"PKS Contoh {number:02}", between=[network.kpk, network.city]
        )
        ScopeItemFactory.create_batch(2, agreement=agreement)


def test_create_page_lists_no_agreement_nor_scope_item_whatever_their_number(client_as, network):
    client = client_as(network.kpk_staff)
    create = reverse("events:create")
    _agreements_with_scope(network, 3)
    few_queries = count_queries(lambda: client.get(create))
    few = client.get(create).content.decode()
    _agreements_with_scope(network, 30)
    many_queries = count_queries(lambda: client.get(create))
    many = client.get(create).content.decode()

    assert many.count("<option") == few.count("<option")
    assert len(many) == len(few)
    assert many_queries == few_queries
    assert "PKS Contoh" not in many


def test_create_with_an_agreement_and_its_scope_item(client_as, network):
    agreement = AgreementFactory(title="PKS Palembang", between=[network.kpk, network.city])
    scope = ScopeItemFactory(agreement=agreement)

    response = client_as(network.partner_manager).post(
        reverse("events:create"),
        form_data([network.city], agreement=agreement.pk, scope_item=scope.pk),
    )

    event = Event.objects.get()
    assert response.status_code == 302
    assert (event.agreement, event.scope_item) == (agreement, scope)


def test_create_refuses_a_scope_item_of_another_agreement(client_as, network):
    agreement = AgreementFactory(between=[network.kpk, network.city])
    other = ScopeItemFactory(agreement=AgreementFactory(between=[network.kpk, network.city]))

    response = client_as(network.kpk_staff).post(
        reverse("events:create"),
        form_data([network.kpk], agreement=agreement.pk, scope_item=other.pk),
    )

    assert response.context["form"].errors["scope_item"] == [
        "This scope item belongs to another agreement."
    ]
    assert not Event.objects.exists()


def test_create_refuses_an_agreement_of_another_organisation(client_as, network):
    hidden = AgreementFactory(title="PKS Medan", between=[network.kpk, network.foreign])

    response = client_as(network.partner_manager).post(
        reverse("events:create"), form_data([network.city], agreement=hidden.pk)
    )

    assert response.context["form"].errors["agreement"] == [
        "Choose one of the agreements found, or search again."
    ]
    assert "PKS Medan" not in response.content.decode()
    assert not Event.objects.exists()


def test_create_agreement_search_without_script_offers_the_matches_and_their_scope(
    client_as, network
):
    palembang = AgreementFactory(title="PKS Palembang", between=[network.kpk, network.city])
    scope = ScopeItemFactory(agreement=palembang, area=ScopeItem.Area.EDUCATION)
    AgreementFactory(title="PKS Medan", between=[network.kpk, network.foreign])

    response = client_as(network.partner_manager).post(
        reverse("events:create"),
        form_data([network.city], agreement="", agreement_search="pks"),
    )

    page = response.content.decode()
    assert f'<option value="{palembang.pk}">PKS Palembang</option>' in page
    assert f'<option value="{scope.pk}">PKS Palembang · Education and training</option>' in page
    assert "PKS Medan" not in page
    assert not Event.objects.exists()


def test_update_offers_the_events_agreement_and_only_its_scope_items(client_as, network):
    agreement = AgreementFactory(title="PKS Palembang", between=[network.kpk, network.city])
    scope = ScopeItemFactory(agreement=agreement, area=ScopeItem.Area.EDUCATION)
    other = ScopeItemFactory(agreement=AgreementFactory(title="PKS Medan"))
    event = EventFactory(organisers=[network.kpk], agreement=agreement, scope_item=scope)

    page = client_as(network.kpk_staff).get(reverse("events:update", args=[event.pk]))

    html = page.content.decode()
    assert f'<option value="{agreement.pk}" selected>PKS Palembang</option>' in html
    assert (
        f'<option value="{scope.pk}" selected>PKS Palembang · Education and training</option>'
        in html
    )
    assert other.agreement.title not in html


# The agenda.


def test_agenda_adds_a_session_in_local_time_with_speakers(client_as, network):
    start = datetime(2030, 5, 2, 1, 0, tzinfo=UTC)
    event = EventFactory(
        organisers=[network.kpk],
        venue_regency_id="73.71",
        time_zone="Asia/Makassar",
        starts_at=start,
        ends_at=start + timedelta(hours=6),
    )

    response = client_as(network.kpk_staff).post(
        reverse("events:agenda", args=[event.pk]),
        {
            "title": "Jurnalisme data",
            "starts_at": "2030-05-02T10:00",
            "ends_at": "2030-05-02T11:00",
            "description": "",
            "speakers-TOTAL_FORMS": "2",
            "speakers-INITIAL_FORMS": "0",
            "speakers-0-name": "Ali Fikri",
            "speakers-0-position": "Juru Bicara",
            "speakers-0-institution": "KPK",
            "speakers-1-name": "",
            "speakers-1-position": "",
            "speakers-1-institution": "",
        },
    )

    assert response.status_code == 302
    session = Session.objects.get()
    assert session.starts_at == datetime(2030, 5, 2, 2, 0, tzinfo=UTC)
    assert [s.name for s in session.speakers.all()] == ["Ali Fikri"]


def test_agenda_refuses_a_session_outside_the_event(client_as, network):
    start = datetime(2030, 5, 2, 2, 0, tzinfo=UTC)  # 09.00 WIB
    event = EventFactory(
        organisers=[network.kpk], starts_at=start, ends_at=start + timedelta(hours=2)
    )

    response = client_as(network.kpk_staff).post(
        reverse("events:agenda", args=[event.pk]),
        {
            "title": "Terlambat",
            "starts_at": "2030-05-02T12:00",
            "ends_at": "2030-05-02T13:00",
            "speakers-TOTAL_FORMS": "0",
            "speakers-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["starts_at"] == [
        "A session must lie within the event's time: 2 May 2030, 09.00 WIB to 2 May 2030, "
        "11.00 WIB."
    ]
    assert not Session.objects.exists()


def test_session_update_and_remove(client_as, network):
    event = EventFactory(organisers=[network.kpk])
    session = SessionFactory(event=event)
    client = client_as(network.kpk_staff)

    page = client.get(reverse("events:session_update", args=[event.pk, session.pk]))
    removed = client.post(reverse("events:session_remove", args=[event.pk, session.pk]))

    assert page.status_code == 200
    assert removed.status_code == 302
    assert not Session.objects.exists()


def test_session_of_another_event_is_not_found(client_as, network):
    event = EventFactory(organisers=[network.kpk])
    other = SessionFactory(event=EventFactory(organisers=[network.kpk]))

    response = client_as(network.kpk_staff).get(
        reverse("events:session_update", args=[event.pk, other.pk])
    )

    assert response.status_code == 404


def test_removing_a_session_of_another_event_is_not_found(client_as, network):
    event = EventFactory(organisers=[network.kpk])
    other = SessionFactory(event=EventFactory(organisers=[network.kpk]))

    response = client_as(network.kpk_staff).post(
        reverse("events:session_remove", args=[event.pk, other.pk])
    )

    assert response.status_code == 404
    assert Session.objects.filter(pk=other.pk).exists()


# Invitations.


def test_invite_every_diskominfo_of_sumatera_selatans_regencies(client_as, network):
    for regency in Regency.objects.filter(province_id="16").exclude(pk__in=["16.71", "16.10"]):
        OrganisationFactory(name=f"Diskominfo {regency.name}", regency_id=regency.pk)
    event = EventFactory(organisers=[network.kpk])

    response = client_as(network.kpk_staff).post(
        reverse("events:invite", args=[event.pk]), {"provinces": ["16"], "which": "regencies"}
    )

    assert (response.status_code, response.url) == (
        302,
        reverse("events:invitations", args=[event.pk]),
    )
    assert messages_of(response) == ["17 organisations invited."]
    assert event.invitations.count() == 17


def test_invite_with_nothing_chosen_says_so(client_as, network):
    event = EventFactory(organisers=[network.kpk])

    response = client_as(network.kpk_staff).post(reverse("events:invite", args=[event.pk]), {})

    assert response.context["form"].errors["organisations"] == [
        "Choose organisations, or provinces, to invite."
    ]


def test_invitation_remove(client_as, network):
    event = EventFactory(organisers=[network.kpk])
    invitation = EventInvitationFactory(event=event, organisation=network.city)

    response = client_as(network.kpk_staff).post(
        reverse("events:invitation_remove", args=[event.pk, invitation.pk])
    )

    assert response.url == reverse("events:invitations", args=[event.pk])
    assert messages_of(response) == ["Invitation withdrawn."]
    assert not Invitation.objects.exists()


def test_removing_an_invitation_of_another_event_is_not_found(client_as, network):
    event = EventFactory(organisers=[network.kpk])
    other = EventInvitationFactory(
        event=EventFactory(organisers=[network.kpk]), organisation=network.city
    )

    response = client_as(network.kpk_staff).post(
        reverse("events:invitation_remove", args=[event.pk, other.pk])
    )

    assert response.status_code == 404
    assert Invitation.objects.filter(pk=other.pk).exists()


# The status.


def test_publish_and_cancel_through_the_pages(client_as, network):
    event = EventFactory(organisers=[network.city], draft=True)
    client = client_as(network.partner_manager)

    client.post(reverse("events:publish", args=[event.pk]))
    form = client.get(reverse("events:cancel", args=[event.pk]))
    refused = client.post(reverse("events:cancel", args=[event.pk]), {"reason": ""})
    client.post(reverse("events:cancel", args=[event.pk]), {"reason": "Narasumber berhalangan"})

    assert form.status_code == 200
    assert refused.context["form"].errors["reason"] == ["This field is required."]
    event.refresh_from_db()
    assert (event.status, event.cancel_reason) == ("cancelled", "Narasumber berhalangan")
    assert list(
        AuditEntry.objects.filter(action="events.status_changed")
        .order_by("sequence")
        .values_list("changes__to", flat=True)
    ) == ["published", "cancelled"]


def test_publish_a_published_event_says_why_not(client_as, network):
    event = EventFactory(organisers=[network.kpk])

    response = client_as(network.kpk_staff).post(reverse("events:publish", args=[event.pk]))

    assert messages_of(response) == ["An event cannot move from “Published” to “Published”."]


def test_publish_by_an_operator_is_forbidden(client_as, network):
    event = EventFactory(organisers=[network.city], draft=True)

    response = client_as(network.partner_operator).post(reverse("events:publish", args=[event.pk]))

    assert response.status_code == 403
    assert Event.objects.get().status == "draft"


def test_update_a_joint_event_by_a_partner_keeps_kpk_among_organisers(client_as, network):
    event = EventFactory(organisers=[network.kpk, network.city])
    client = client_as(network.partner_manager)
    data = form_data(
        [network.kpk, network.city],
        venue_name=event.venue_name,
        venue_regency="16.71",
        registration_closes_at="",
        title="Pelatihan Bersama",
    )

    kept = client.post(reverse("events:update", args=[event.pk]), data)
    dropped = client.post(
        reverse("events:update", args=[event.pk]), {**data, "organisers": [network.city.pk]}
    )

    assert kept.status_code == 302
    assert Event.objects.get().title == "Pelatihan Bersama"
    assert dropped.context["form"].errors["organisers"] == [
        "You may organise events only for the organisations you manage."
    ]
    assert set(Event.objects.get().organisers.all()) == {network.kpk, network.city}
