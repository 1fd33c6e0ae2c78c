"""The invitations of an event, for its organisers (events/views/schedule.py, ``invitations``),
and the summary of them on the event page (``event_detail``)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from events.models import Event, Invitation, Registration
from tests.factories import (
    EventFactory,
    EventInvitationFactory,
    OrganisationFactory,
    RegistrationFactory,
)
from tests.helpers import count_queries, listed, messages_of

JAKARTA = ZoneInfo("Asia/Jakarta")


@pytest.fixture(autouse=True)
def english(english_msgids):
    """Assertions read the English msgids; pages follow each user's language (English here)."""


@pytest.fixture
def event(network):
    return EventFactory(organisers=[network.kpk], title="Pelatihan Konten Sumatera Selatan")


def invite(event, name, **answer) -> Invitation:
    """An invitation of a new organisation called ``name``, answered as ``answer`` says."""
    invitation = EventInvitationFactory(event=event, organisation=OrganisationFactory(name=name))
    if answer:
        Invitation.objects.filter(pk=invitation.pk).update(**answer)
        invitation.refresh_from_db()
    return invitation


def declined(event, name, reason, *, at, by=None) -> Invitation:
    return invite(
        event,
        name,
        status=Invitation.Status.DECLINED,
        decline_reason=reason,
        responded_at=at,
        responded_by=by,
    )


def url(event) -> str:
    return reverse("events:invitations", args=[event.pk])


# The list -----------------------------------------------------------------------------------------


def test_invitations_lists_each_with_status_reason_answer_and_registrations(
    client_as, network, event
):
    lahat = invite(event, "Diskominfo Kabupaten Lahat")
    RegistrationFactory(event=event, organisation=lahat.organisation)
    RegistrationFactory(event=event, organisation=lahat.organisation, waitlisted=True)
    RegistrationFactory(
        event=event, organisation=lahat.organisation, status=Registration.Status.CANCELLED
    )
    declined(
        event,
        "Diskominfo Kabupaten Banyuasin",
        "Bertepatan dengan rapat anggaran",
        at=datetime(2030, 4, 20, 3, 15, tzinfo=JAKARTA),
        by=network.partner_manager,
    )
    invite(event, "Diskominfo Kota Prabumulih", status=Invitation.Status.NOMINATED)

    response = client_as(network.kpk_staff).get(url(event))

    assert response.status_code == 200
    assert listed(response, "organisation_id") == [
        o.pk
        for o in sorted(
            (i.organisation for i in event.invitations.select_related("organisation")),
            key=lambda o: o.name,
        )
    ]
    assert {i.organisation.name: i.registered for i in response.context["page"]} == {
        "Diskominfo Kabupaten Banyuasin": 0,
        "Diskominfo Kabupaten Lahat": 2,
        "Diskominfo Kota Prabumulih": 0,
    }
    page = response.content.decode()
    assert "Bertepatan dengan rapat anggaran" in page
    assert network.partner_manager.full_name in page
    assert '<time datetime="2030-04-20T03:15:00+07:00">20 Apr 2030, 03.15</time> WIB' in page
    assert page.count('data-testid="invitation"') == 3


def test_invitations_show_the_counts_by_status(client_as, network, event):
    invite(event, "Diskominfo Kabupaten Lahat")
    invite(event, "Diskominfo Kabupaten Muara Enim")
    invite(event, "Diskominfo Kota Prabumulih", status=Invitation.Status.NOMINATED)

    response = client_as(network.kpk_staff).get(url(event))

    counts = response.context["counts"]
    assert (counts.total, counts.by_status) == (
        3,
        [
            ("pending", "Waiting for nominations", 2),
            ("nominated", "Participants nominated", 1),
            ("declined", "Declined", 0),
        ],
    )
    assert f'href="{url(event)}?status=declined"' in response.content.decode()


def test_invitations_come_fifty_a_page(client_as, network, event):
    for number in range(51):
        invite(event, f"Diskominfo Kabupaten {number:02d}")
    client = client_as(network.kpk_staff)

    first = client.get(url(event))
    second = client.get(url(event), {"page": "2"})

    assert len(first.context["page"].object_list) == 50
    assert [i.organisation.name for i in second.context["page"]] == ["Diskominfo Kabupaten 50"]
    assert "?page=2" in first.content.decode()


def test_invitations_filter_by_status_and_search_by_name(client_as, network, event):
    invite(event, "Diskominfo Kabupaten Lahat")
    invite(event, "Diskominfo Kota Lubuklinggau", status=Invitation.Status.NOMINATED)
    declined(event, "Diskominfo Kabupaten Lahat Selatan", "Sibuk", at=datetime.now(JAKARTA))
    short = invite(event, "Dinas Komunikasi dan Informatika Kota Pagar Alam")
    short.organisation.short_name = "Diskominfo Pagaralam"
    short.organisation.save()
    client = client_as(network.kpk_staff)

    by_status = client.get(url(event), {"status": "nominated"})
    by_name = client.get(url(event), {"q": " lahat "})
    by_short_name = client.get(url(event), {"q": "pagaralam"})
    both = client.get(url(event), {"q": "lahat", "status": "declined"})
    nothing = client.get(url(event), {"q": "medan"})

    def names(response):
        return [i.organisation.name for i in response.context["page"]]

    assert names(by_status) == ["Diskominfo Kota Lubuklinggau"]
    assert names(by_name) == ["Diskominfo Kabupaten Lahat", "Diskominfo Kabupaten Lahat Selatan"]
    assert names(by_short_name) == ["Dinas Komunikasi dan Informatika Kota Pagar Alam"]
    assert names(both) == ["Diskominfo Kabupaten Lahat Selatan"]
    assert "No invitation matches these filters." in nothing.content.decode()
    # The counts are the event's, whatever the filter.
    assert both.context["counts"].total == 4


def test_invitations_without_any_say_so(client_as, network, event):
    response = client_as(network.kpk_staff).get(url(event))

    assert "No organisation invited yet." in response.content.decode()


# The "Withdraw" button ----------------------------------------------------------------------------


def withdraw_action(event, invitation) -> str:
    return f'action="{reverse("events:invitation_remove", args=[event.pk, invitation.pk])}"'


def test_withdraw_is_offered_only_while_nobody_of_the_organisation_is_registered(
    client_as, network, event
):
    free = invite(event, "Diskominfo Kabupaten Lahat")
    taken = invite(event, "Diskominfo Kota Prabumulih")
    RegistrationFactory(event=event, organisation=taken.organisation)
    gone = invite(event, "Diskominfo Kabupaten Empat Lawang")
    RegistrationFactory(
        event=event, organisation=gone.organisation, status=Registration.Status.CANCELLED
    )

    page = client_as(network.kpk_staff).get(url(event)).content.decode()

    assert withdraw_action(event, free) in page
    assert withdraw_action(event, taken) not in page
    assert withdraw_action(event, gone) in page


def test_withdraw_is_not_offered_on_a_cancelled_event(client_as, network, event):
    invitation = invite(event, "Diskominfo Kabupaten Lahat")
    Event.objects.filter(pk=event.pk).update(
        status=Event.Status.CANCELLED, cancel_reason="Narasumber berhalangan"
    )

    response = client_as(network.kpk_staff).get(url(event))

    assert response.status_code == 200
    assert withdraw_action(event, invitation) not in response.content.decode()
    assert 'data-testid="invite"' not in response.content.decode()


def test_withdraw_goes_back_to_the_list_as_it_was(client_as, network, event):
    invitation = invite(event, "Diskominfo Kabupaten Lahat")
    back = f"{url(event)}?status=pending&q=kabupaten"

    response = client_as(network.kpk_staff).post(
        reverse("events:invitation_remove", args=[event.pk, invitation.pk]), {"next": back}
    )

    assert (response.status_code, response.url) == (302, back)
    assert messages_of(response) == ["Invitation withdrawn."]
    assert not event.invitations.exists()


def test_withdraw_without_a_page_to_return_to_goes_to_the_list(client_as, network, event):
    invitation = invite(event, "Diskominfo Kabupaten Lahat")
    other = invite(event, "Diskominfo Kota Prabumulih")

    plain = client_as(network.kpk_staff).post(
        reverse("events:invitation_remove", args=[event.pk, invitation.pk])
    )
    elsewhere = client_as(network.kpk_staff).post(
        reverse("events:invitation_remove", args=[event.pk, other.pk]),
        {"next": "https://example.com/"},
    )

    assert plain.url == url(event)
    assert elsewhere.url == url(event)


# Queries ------------------------------------------------------------------------------------------


def _grow(event, count):
    """Invitations in every status, each organisation with someone registered."""
    for number in range(count):
        status = list(Invitation.Status)[number % 3]
        invitation = invite(
            event,
            f"Diskominfo Kabupaten Tumbuh {event.invitations.count()}",
            status=status,
            decline_reason="Sibuk" if status == Invitation.Status.DECLINED else "",
            responded_at=None if status == Invitation.Status.PENDING else datetime.now(JAKARTA),
        )
        RegistrationFactory(event=event, organisation=invitation.organisation)


def test_invitations_queries_do_not_grow_with_the_invitations(client_as, network, event):
    client = client_as(network.kpk_manager)

    _grow(event, 3)
    few = count_queries(lambda: client.get(url(event)))
    _grow(event, 30)
    many = count_queries(lambda: client.get(url(event), {"status": "", "q": ""}))

    assert len(client.get(url(event)).context["page"].object_list) == 33
    assert few == many


def test_event_page_summary_queries_do_not_grow_with_the_invitations(client_as, network, event):
    client = client_as(network.kpk_manager)
    page = event.get_absolute_url()

    _grow(event, 3)
    few = count_queries(lambda: client.get(page))
    _grow(event, 30)
    many = count_queries(lambda: client.get(page))

    assert client.get(page).context["invitations"].counts.total == 33
    assert few == many


# Who may open it ----------------------------------------------------------------------------------


def test_invitations_ask_the_anonymous_to_sign_in(client, event):
    response = client.get(url(event))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert "Pelatihan Konten Sumatera Selatan" not in response.content.decode()


def test_invitations_refused_to_a_manager_of_an_invited_organisation(client_as, network, event):
    EventInvitationFactory(event=event, organisation=network.city)
    declined(event, "Diskominfo Kabupaten Lahat", "Rahasia anggaran", at=datetime.now(JAKARTA))

    response = client_as(network.partner_manager).get(url(event))

    assert response.status_code == 403
    assert "Rahasia anggaran" not in response.content.decode()


def test_invitations_of_an_event_out_of_sight_are_not_found(client_as, network):
    foreign = EventFactory(organisers=[network.kpk], title="Rapat Koordinasi Kota Medan")
    EventInvitationFactory(event=foreign, organisation=network.foreign)

    response = client_as(network.partner_manager).get(url(foreign))

    assert response.status_code == 404
    assert "Rapat Koordinasi Kota Medan" not in response.content.decode()


@pytest.mark.parametrize("role", ["kpk_manager", "kpk_staff", "administrator"])
def test_invitations_open_to_kpk_and_administrators(client_as, network, event, role):
    invite(event, "Diskominfo Kabupaten Lahat")

    response = client_as(getattr(network, role)).get(url(event))

    assert response.status_code == 200
    assert listed(response, "event_id") == [event.pk]


def test_invitations_open_to_the_managers_of_an_organiser(client_as, network):
    own = EventFactory(organisers=[network.city])
    EventInvitationFactory(event=own, organisation=network.neighbour)

    manager = client_as(network.partner_manager).get(url(own))

    assert manager.status_code == 200
    assert client_as(network.partner_operator).get(url(own)).status_code == 403


def test_invitations_page_speaks_indonesian(client_as, network, event):
    network.kpk_staff.language = "id"
    network.kpk_staff.save()
    declined(event, "Diskominfo Kabupaten Lahat", "Sibuk", at=datetime.now(JAKARTA))
    invite(event, "Diskominfo Kota Prabumulih")

    page = client_as(network.kpk_staff).get(url(event)).content.decode()

    for words in (
        "Undangan",
        "Menunggu usulan peserta",
        "Ditolak",
        "Alasan penolakan",
        "Dijawab",
        "Terdaftar",
        "Batalkan",
        "Semua status",
    ):
        assert words in page, words


# The summary on the event page --------------------------------------------------------------------


def test_event_page_counts_the_invitations_by_status(client_as, network, event):
    for number in range(4):
        invite(event, f"Diskominfo Kabupaten Tunggu {number}")
    invite(event, "Diskominfo Kota Prabumulih", status=Invitation.Status.NOMINATED)
    declined(event, "Diskominfo Kabupaten Lahat", "Sibuk", at=datetime.now(JAKARTA))

    response = client_as(network.kpk_staff).get(event.get_absolute_url())

    summary = response.context["invitations"]
    by_status = {status: count for status, _label, count in summary.counts.by_status}
    assert by_status == {
        status: event.invitations.filter(status=status).count() for status in Invitation.Status
    }
    assert by_status == {"pending": 4, "nominated": 1, "declined": 1}
    page = response.content.decode()
    assert 'id="invitations" data-testid="invitations"' in page
    assert f'href="{url(event)}" data-testid="all-invitations">See all 6 invitations</a>' in page
    assert 'data-testid="invitation"' not in page  # no longer the whole list
    assert withdraw_action(event, event.invitations.first()) not in page


def test_event_page_quotes_the_five_latest_declines_newest_first(client_as, network, event):
    start = datetime(2030, 4, 1, 9, 0, tzinfo=JAKARTA)
    for day in range(7):
        declined(
            event,
            f"Diskominfo Kabupaten {day}",
            f"Alasan hari {day}",
            at=start + timedelta(days=day),
        )

    response = client_as(network.kpk_staff).get(event.get_absolute_url())

    declines = response.context["invitations"].declines
    assert [i.decline_reason for i in declines] == [f"Alasan hari {day}" for day in (6, 5, 4, 3, 2)]
    page = response.content.decode()
    assert page.count('data-testid="decline-reason"') == 5
    assert "Alasan hari 1" not in page


def test_event_page_without_invitations_says_so(client_as, network, event):
    response = client_as(network.kpk_staff).get(event.get_absolute_url())

    page = response.content.decode()
    assert 'id="invitations" data-testid="invitations"' in page
    assert "No organisation invited yet." in page
    assert 'data-testid="all-invitations"' not in page


def test_event_page_summary_speaks_indonesian(client_as, network, event):
    network.kpk_staff.language = "id"
    network.kpk_staff.save()
    declined(event, "Diskominfo Kabupaten Lahat", "Sibuk", at=datetime.now(JAKARTA))

    page = client_as(network.kpk_staff).get(event.get_absolute_url()).content.decode()

    assert "Penolakan terakhir" in page
    assert "Lihat semua undangan (1)" in page
