"""``rules.visible_events`` (the querysets) and ``events.view_event`` (the predicates) state the
same fact twice, as do ``rules.managed_events`` and ``events.change_event``: for every role
and every reach of event, each pair must agree."""

import pytest
from django.contrib.auth.models import AnonymousUser

from events.models import Event
from events.rules import managed_events, visible_events
from tests.events.test_matrix import SCOPES, event_for, world  # noqa: F401 (the fixture)
from tests.factories import EventFactory, EventInvitationFactory, RegistrationFactory
from tests.test_permission_matrix import ROLES


def _cancelled(event) -> Event:
    Event.objects.filter(pk=event.pk).update(status=Event.Status.CANCELLED)
    return event


def _events(built, role, user) -> dict:
    events = {scope: event_for(built, scope, role) for scope in SCOPES}
    network = built.network
    events["cancelled_invited"] = _cancelled(
        EventInvitationFactory(
            event=EventFactory(organisers=[network.kpk]), organisation=network.city
        ).event
    )
    events["cancelled_open"] = _cancelled(EventFactory(organisers=[network.kpk], open=True))
    if user.is_authenticated:
        # Registered for an event of Medan's, nothing else linking the user to it.
        registered = EventFactory(organisers=[network.foreign])
        RegistrationFactory(event=registered, user=user)
        events["registered"] = registered
        registered_draft = EventFactory(organisers=[network.foreign], draft=True)
        RegistrationFactory(event=registered_draft, user=user)
        events["registered_draft"] = registered_draft
    return events


@pytest.mark.parametrize("role", ROLES)
def test_visible_events_agrees_with_view_event(world, role):  # noqa: F811 (the fixture)
    user = AnonymousUser() if role == "anonymous" else getattr(world.network, role)
    events = _events(world, role, user)

    visible = set(visible_events(user).values_list("pk", flat=True))

    disagreements = {
        scope: (event.pk in visible)
        for scope, event in events.items()
        if (event.pk in visible)
        != user.has_perm("events.view_event", Event.objects.get(pk=event.pk))
    }
    assert disagreements == {}


@pytest.mark.parametrize("role", [role for role in ROLES if role != "anonymous"])
def test_managed_events_agrees_with_change_event(world, role):  # noqa: F811 (the fixture)
    user = getattr(world.network, role)
    events = _events(world, role, user)

    managed = set(managed_events(user).values_list("pk", flat=True))

    disagreements = {
        scope: (event.pk in managed)
        for scope, event in events.items()
        if (event.pk in managed)
        != user.has_perm("events.change_event", Event.objects.get(pk=event.pk))
    }
    assert disagreements == {}
