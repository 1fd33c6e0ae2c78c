"""The events' dashboard panels: upcoming events, nominations waiting, reports not yet written."""

from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from events import panels
from events.models import Event, Invitation, Registration, Report
from partnerships.rules import reach
from tests.factories import EventFactory, EventInvitationFactory, RegistrationFactory
from tests.helpers import count_queries

HOME = reverse("home")
ALL = ("events.upcoming", "events.nominations", "events.reports")


@pytest.fixture(autouse=True)
def english(english_msgids):
    """Assertions read the English msgids."""


def _panels(response) -> dict:
    return {shown.code: shown.context for shown in response.context["panels"]}


def _in(days, **fields):
    starts = timezone.now() + timedelta(days=days)
    return EventFactory(starts_at=starts, ends_at=starts + timedelta(hours=4), **fields)


def _titles(rows):
    return [getattr(row, "event", row).title for row in rows]


def _registered(event, user):
    return RegistrationFactory(
        event=event, user=user, email=user.email, source=Registration.Source.SELF
    )


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        ("kpk_manager", ("events.upcoming", "events.reports")),
        ("kpk_staff", ("events.upcoming", "events.reports")),
        ("province_manager", ALL),
        ("partner_manager", ALL),
        ("partner_operator", ("events.upcoming",)),
        ("administrator", ("events.reports",)),
    ],
)
def test_each_role_gets_the_events_panels_that_concern_it(network, client_as, role, shown):
    panels_shown = _panels(client_as(getattr(network, role)).get(HOME))

    assert [code for code in ALL if code in panels_shown] == list(shown)


def test_kpk_sees_nominations_only_when_one_of_its_units_was_invited(network, client_as):
    EventInvitationFactory(event=_in(5, title="Rakor Humas"), organisation=network.kpk)

    response = client_as(network.kpk_manager).get(HOME)

    assert _titles(_panels(response)["events.nominations"]["first"]) == ["Rakor Humas"]


def test_upcoming_lists_what_my_organisation_organises_and_what_i_registered_for(
    network, client_as
):
    user = network.partner_operator
    organised = _in(3, title="Pelatihan Palembang", organisers=[network.city])
    draft = _in(2, title="Draf Palembang", organisers=[network.city], draft=True)
    registered = _in(10, title="Media Briefing KPK")
    _registered(registered, user)
    # Not listed: cancelled, beyond 30 days, started already, someone else's, waitlisted for a
    # draft, another organisation's.
    _in(4, organisers=[network.city], status=Event.Status.CANCELLED, cancel_reason="Ditunda.")
    _in(31, organisers=[network.city])
    _in(-1, organisers=[network.city])
    _registered(_in(6, draft=True), user)
    _in(5, organisers=[network.neighbour])
    RegistrationFactory(event=_in(7))

    response = client_as(user).get(HOME)

    panel = _panels(response)["events.upcoming"]
    assert panel["count"] == 3
    assert panel["first"] == [draft, organised, registered]
    content = response.content.decode()
    assert "events in the next 30 days</span>" in content
    assert f'href="{registered.get_absolute_url()}"' in content
    assert "WIB" in content


def test_upcoming_says_when_there_is_nothing(network, client_as):
    response = client_as(network.partner_operator).get(HOME)

    assert _panels(response)["events.upcoming"]["count"] == 0
    assert "No event of yours in the next 30 days." in response.content.decode()


def test_upcoming_always_links_every_event(network, client_as):
    response = client_as(network.partner_operator).get(HOME)

    assert f'href="{reverse("events:list")}">See every event</a>' in response.content.decode()


def test_nominations_are_the_pending_invitations_of_organisations_i_manage(network, client_as):
    waiting = EventInvitationFactory(event=_in(8, title="Pelatihan ILM"), organisation=network.city)
    sooner = EventInvitationFactory(event=_in(2, title="Rakor"), organisation=network.city)
    for status, reason in ((Invitation.Status.NOMINATED, ""), (Invitation.Status.DECLINED, "X")):
        EventInvitationFactory(
            event=_in(3), organisation=network.city, status=status, decline_reason=reason
        )
    EventInvitationFactory(event=_in(3, draft=True), organisation=network.city)
    EventInvitationFactory(event=_in(-2), organisation=network.city)  # ended
    EventInvitationFactory(
        event=_in(3, status=Event.Status.CANCELLED, cancel_reason="Batal."),
        organisation=network.city,
    )
    EventInvitationFactory(event=_in(3), organisation=network.neighbour)

    response = client_as(network.partner_manager).get(HOME)

    panel = _panels(response)["events.nominations"]
    assert (panel["count"], panel["first"]) == (2, [sooner, waiting])
    assert "invitations waiting for nominations</span>" in response.content.decode()
    # The province's manager manages the province's Diskominfo, not Palembang's.
    assert (
        _panels(client_as(network.province_manager).get(HOME))["events.nominations"]["count"] == 0
    )


def test_reports_are_the_ended_events_i_manage_without_one(network, client_as):
    mine = _in(-3, title="Pelatihan Selesai", organisers=[network.city])
    recent = _in(-1, title="Rakor Selesai", organisers=[network.city])
    written = _in(-5, organisers=[network.city])
    Report.objects.create(event=written, summary="Berjalan lancar.")
    _in(-2, organisers=[network.city], status=Event.Status.CANCELLED, cancel_reason="Batal.")
    _in(-2, organisers=[network.city], draft=True)
    _in(2, organisers=[network.city])  # not ended
    theirs = _in(-4, title="Acara KPK")  # organised by a KPK unit

    partner = _panels(client_as(network.partner_manager).get(HOME))["events.reports"]
    kpk = _panels(client_as(network.kpk_staff).get(HOME))["events.reports"]

    assert (partner["count"], partner["first"]) == (2, [recent, mine])
    assert kpk["count"] == 3
    assert kpk["first"] == [recent, mine, theirs]


@pytest.mark.parametrize("role", ["partner_manager", "kpk_manager", "partner_operator"])
def test_events_panels_take_the_same_queries_whatever_the_events(network, client_as, role):
    user = getattr(network, role)
    client = client_as(user)

    def add(count):
        for _ in range(count):
            _registered(_in(4, organisers=[network.city]), user)
            EventInvitationFactory(event=_in(5), organisation=network.city)
            _in(-2, organisers=[network.city])

    add(1)
    few = count_queries(lambda: client.get(HOME))
    add(7)
    many = count_queries(lambda: client.get(HOME))

    assert few == many


@pytest.mark.parametrize(
    ("name", "role"),
    [("upcoming", "partner_manager"), ("nominations", "partner_manager"), ("reports", "kpk_staff")],
)
def test_each_panel_takes_two_queries(network, django_assert_num_queries, name, role):
    user = getattr(network, role)
    for days in (2, 3, 4, -2, -3):
        event = _in(days, organisers=[network.city])
        EventInvitationFactory(event=event, organisation=network.city)
    request = RequestFactory().get(HOME)
    request.user = user
    reach(user)  # read once per request, shared by every panel

    with django_assert_num_queries(2):
        context = getattr(panels, name)(request)

    assert context["count"] >= 2


def test_panels_speak_indonesian_to_an_indonesian_reader(network, client_as):
    user = network.partner_manager
    user.language = "id"
    user.save(update_fields=["language"])
    _registered(_in(3, title="Pelatihan ILM"), user)
    EventInvitationFactory(event=_in(4), organisation=network.city)

    content = client_as(user).get(HOME).content.decode()

    for expected in (
        "Kegiatan mendatang",
        "kegiatan dalam 30 hari ke depan",
        "Nominasi yang menunggu saya",
        "undangan menunggu nominasi",
        "Laporan yang belum ditulis",
        "Setiap kegiatan yang sudah selesai telah memiliki laporan.",
    ):
        assert expected in content, expected
    assert "Upcoming events" not in content
