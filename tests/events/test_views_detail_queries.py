"""The event page asks a fixed number of queries however many invitations, sessions, speakers
and registrations the event has (events/views/schedule.py, ``event_detail``)."""

from django.urls import reverse

from tests.factories import (
    EventFactory,
    EventInvitationFactory,
    OrganisationFactory,
    RegistrationFactory,
    SessionFactory,
    SpeakerFactory,
)
from tests.helpers import count_queries


def _grow(event, n):
    for _ in range(n):
        invitation = EventInvitationFactory(event=event, organisation=OrganisationFactory())
        RegistrationFactory(event=event, organisation=invitation.organisation)
        SpeakerFactory(session=SessionFactory(event=event))


def test_event_page_query_count_does_not_grow_with_the_event(client_as, network):
    event = EventFactory(organisers=[network.kpk])
    client = client_as(network.kpk_manager)
    page = reverse("events:detail", args=[event.pk])

    _grow(event, 2)
    few = count_queries(lambda: client.get(page))
    _grow(event, 10)
    many = count_queries(lambda: client.get(page))

    # The organisers' view: the invitations counted by status (the list is on its own page).
    assert client.get(page).context["invitations"].counts.total == 12
    assert few == many
