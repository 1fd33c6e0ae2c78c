"""Every role against every page of events, for events of every reach (see the project matrix).

The rows, roles and outcomes are those of ``tests/test_permission_matrix.py``; this file keeps
the events' own world. ``test_every_event_url_has_a_row`` walks ``events.urls``, so a new page
cannot ship without saying who may open it.

Scopes (events published unless said; "own" is the role's own organisation as in the project
matrix: KPK's unit for KPK roles, the province's Diskominfo for its manager, Kota Palembang for
the partner roles and the administrator):
- own: organised by the role's own organisation;
- invited: organised by KPK, the role's own organisation invited (Palembang for KPK roles);
- neighbour: organised by KPK, only Kabupaten Ogan Ilir invited (the province manager oversees it);
- foreign: organised by KPK, only Kota Medan invited;
- open: an open event organised by KPK, only Kota Medan invited;
- draft: a draft organised by KPK, Palembang invited (not yet published).
Each part of the app keeps its section of rows, arguments and payloads.
"""

from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, reverse

from events import urls as event_urls
from events.models import Event
from tests.factories import EventFactory, EventInvitationFactory, build_network
from tests.helpers import finish
from tests.test_permission_matrix import (  # noqa: F401 (the outcomes the sections' rows use)
    DENIED,
    DONE,
    GONE,
    HIDDEN,
    LOGIN,
    METHOD,
    OK,
    OWN,
    ROLES,
    _outcome,
    page,
)

SCOPES = ("own", "invited", "neighbour", "foreign", "open", "draft")

# fmt: off
MATRIX = [
    # scope         method  anonym  kpk_mgr kpk_stf p_mgr   p_oper  prov    admin
    # --- The event (schedule) ---
    *page("events:list",
        ("-",         "GET",  LOGIN,  OK,     OK,     OK,     OK,     OK,     OK)),
    *page("events:create",
        ("-",         "GET",  LOGIN,  OK,     OK,     OK,     DENIED, OK,     OK),
        ("-",         "POST", LOGIN,  DONE,   DONE,   DONE,   DENIED, DONE,   DONE)),
    # Seen by its organisers from the draft on; once published, by the invited (and a province's
    # manager for its regencies), and by every member when open.
    *page("events:detail",
        ("own",       "GET",  LOGIN,  OK,     OK,     OK,     OK,     OK,     OK),
        ("invited",   "GET",  LOGIN,  OK,     OK,     OK,     OK,     OK,     OK),
        ("neighbour", "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, OK,     OK),
        ("foreign",   "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK),
        ("open",      "GET",  LOGIN,  OK,     OK,     OK,     OK,     OK,     OK),
        ("draft",     "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK)),
    # Organised by KPK (any event) and the organisers' managers; the others who see it: 403.
    *page("events:update",
        ("own",       "GET",  LOGIN,  OK,     OK,     OK,     DENIED, OK,     OK),
        ("invited",   "GET",  LOGIN,  OK,     OK,     DENIED, DENIED, DENIED, OK),
        ("neighbour", "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, DENIED, OK),
        ("foreign",   "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK),
        ("open",      "GET",  LOGIN,  OK,     OK,     DENIED, DENIED, DENIED, OK),
        ("draft",     "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK),
        ("own",       "POST", LOGIN,  DONE,   DONE,   DONE,   DENIED, DONE,   DONE),
        ("invited",   "POST", LOGIN,  DONE,   DONE,   DENIED, DENIED, DENIED, DONE),
        ("foreign",   "POST", LOGIN,  DONE,   DONE,   HIDDEN, HIDDEN, HIDDEN, DONE)),
    # The history names people: for the organisers' members and KPK.
    *page("events:history",
        ("own",       "GET",  LOGIN,  OK,     OK,     OK,     OK,     OK,     OK),
        ("invited",   "GET",  LOGIN,  OK,     OK,     DENIED, DENIED, DENIED, OK),
        ("neighbour", "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, DENIED, OK),
        ("foreign",   "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK)),
    *page("events:publish",
        ("draft",     "POST", LOGIN,  DONE,   DONE,   HIDDEN, HIDDEN, HIDDEN, DONE),
        ("own",       "POST", LOGIN,  DONE,   DONE,   DONE,   DENIED, DONE,   DONE),
        ("invited",   "POST", LOGIN,  DONE,   DONE,   DENIED, DENIED, DENIED, DONE),
        ("foreign",   "POST", LOGIN,  DONE,   DONE,   HIDDEN, HIDDEN, HIDDEN, DONE),
        ("own",       "GET",  LOGIN,  METHOD, METHOD, METHOD, METHOD, METHOD, METHOD)),
    *page("events:cancel",
        ("own",       "GET",  LOGIN,  OK,     OK,     OK,     DENIED, OK,     OK),
        ("invited",   "GET",  LOGIN,  OK,     OK,     DENIED, DENIED, DENIED, OK),
        ("foreign",   "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK),
        ("own",       "POST", LOGIN,  DONE,   DONE,   DONE,   DENIED, DONE,   DONE),
        ("invited",   "POST", LOGIN,  DONE,   DONE,   DENIED, DENIED, DENIED, DONE),
        ("foreign",   "POST", LOGIN,  DONE,   DONE,   HIDDEN, HIDDEN, HIDDEN, DONE)),
    *page("events:agenda",
        ("own",       "GET",  LOGIN,  OK,     OK,     OK,     DENIED, OK,     OK),
        ("invited",   "GET",  LOGIN,  OK,     OK,     DENIED, DENIED, DENIED, OK),
        ("foreign",   "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK),
        ("own",       "POST", LOGIN,  DONE,   DONE,   DONE,   DENIED, DONE,   DONE),
        ("invited",   "POST", LOGIN,  DONE,   DONE,   DENIED, DENIED, DENIED, DONE),
        ("foreign",   "POST", LOGIN,  DONE,   DONE,   HIDDEN, HIDDEN, HIDDEN, DONE)),
    *page("events:session_update",
        ("own",       "GET",  LOGIN,  OK,     OK,     OK,     DENIED, OK,     OK),
        ("invited",   "GET",  LOGIN,  OK,     OK,     DENIED, DENIED, DENIED, OK),
        ("foreign",   "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK),
        ("own",       "POST", LOGIN,  DONE,   DONE,   DONE,   DENIED, DONE,   DONE),
        ("foreign",   "POST", LOGIN,  DONE,   DONE,   HIDDEN, HIDDEN, HIDDEN, DONE)),
    *page("events:session_remove",
        ("own",       "POST", LOGIN,  DONE,   DONE,   DONE,   DENIED, DONE,   DONE),
        ("invited",   "POST", LOGIN,  DONE,   DONE,   DENIED, DENIED, DENIED, DONE),
        ("foreign",   "POST", LOGIN,  DONE,   DONE,   HIDDEN, HIDDEN, HIDDEN, DONE),
        ("own",       "GET",  LOGIN,  METHOD, METHOD, METHOD, METHOD, METHOD, METHOD)),
    *page("events:invite",
        ("own",       "GET",  LOGIN,  OK,     OK,     OK,     DENIED, OK,     OK),
        ("invited",   "GET",  LOGIN,  OK,     OK,     DENIED, DENIED, DENIED, OK),
        ("foreign",   "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK),
        ("own",       "POST", LOGIN,  DONE,   DONE,   DONE,   DENIED, DONE,   DONE),
        ("invited",   "POST", LOGIN,  DONE,   DONE,   DENIED, DENIED, DENIED, DONE),
        ("foreign",   "POST", LOGIN,  DONE,   DONE,   HIDDEN, HIDDEN, HIDDEN, DONE)),
    *page("events:invitation_remove",
        ("own",       "POST", LOGIN,  DONE,   DONE,   DONE,   DENIED, DONE,   DONE),
        ("invited",   "POST", LOGIN,  DONE,   DONE,   DENIED, DENIED, DENIED, DONE),
        ("foreign",   "POST", LOGIN,  DONE,   DONE,   HIDDEN, HIDDEN, HIDDEN, DONE),
        ("own",       "GET",  LOGIN,  METHOD, METHOD, METHOD, METHOD, METHOD, METHOD)),
    # --- Registration (registration) ---
    # --- Attendance (attendance) ---
    # --- After the event (followup) ---
]
# fmt: on

# URL name -> function (world, scope, role) -> the URL's arguments; names without one take none.
ARGUMENTS = {}
# URL name -> function (world, scope, role) -> the POST data; names without one post nothing.
PAYLOADS = {}


@dataclass
class World:
    network: object
    events: dict


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    network = build_network()
    return World(network, {})


def own_organisation(world, role):
    return getattr(world.network, OWN[role])


def event_for(world, scope, role) -> Event:
    """The scope's event (made once per test), seen from ``role``."""
    if scope in world.events:
        return world.events[scope]
    network = world.network
    own = own_organisation(world, role)
    invited_own = network.city if own.is_kpk else own
    if scope == "own":
        event = EventFactory(organisers=[own])
    elif scope == "invited":
        event = EventFactory(organisers=[network.kpk])
        EventInvitationFactory(event=event, organisation=invited_own)
    elif scope == "neighbour":
        event = EventFactory(organisers=[network.kpk])
        EventInvitationFactory(event=event, organisation=network.neighbour)
    elif scope == "foreign":
        event = EventFactory(organisers=[network.kpk], title="Rapat Koordinasi Kota Medan")
        EventInvitationFactory(event=event, organisation=network.foreign)
    elif scope == "open":
        event = EventFactory(organisers=[network.kpk], open=True)
        EventInvitationFactory(event=event, organisation=network.foreign)
    elif scope == "draft":
        event = EventFactory(organisers=[network.kpk], draft=True)
        EventInvitationFactory(event=event, organisation=network.city)
    else:
        raise ValueError(scope)
    world.events[scope] = event
    return event


def event_pk(world, scope, role):
    return [event_for(world, scope, role).pk]


def _event_url_names(patterns=None):
    for pattern in event_urls.urlpatterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from _event_url_names(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            yield f"events:{pattern.name}"


def test_every_event_url_has_a_row():
    names = set(_event_url_names())
    rows = {r.name for r in MATRIX}

    assert sorted(names - rows) == [], "event pages without a row in the matrix"
    assert sorted(rows - names) == [], "rows for event pages that no longer exist"


def test_matrix_rows_are_unique():
    ids = [r.id for r in MATRIX]

    assert len(ids) == len(set(ids))


def _path(world, row_, role):
    arguments = ARGUMENTS.get(row_.name)
    if arguments is None:
        return reverse(row_.name)
    return reverse(row_.name, args=arguments(world, row_.scope, role))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row_", MATRIX, ids=lambda r: r.id)
def test_event_permission_matrix(client, world, row_, role):
    if role != "anonymous":
        client.force_login(getattr(world.network, role))
    path = _path(world, row_, role)

    if row_.method == "POST":
        payload = PAYLOADS.get(row_.name)
        response = client.post(path, payload(world, row_.scope, role) if payload else {})
    else:
        response = client.get(path)
    finish(response)

    assert _outcome(response) == row_.expected[role], f"{row_.method} {path} as {role}"
    if row_.expected[role] in (DENIED, HIDDEN, LOGIN) and row_.scope == "foreign":
        # Refusals say nothing about the event they refused.
        assert "Rapat Koordinasi Kota Medan" not in response.content.decode()


# --- The event (schedule) ---
# Imported here, in this section, so the sections merge as blocks.
from datetime import timedelta  # noqa: E402

from django.utils import timezone  # noqa: E402

from tests.factories import SessionFactory  # noqa: E402


def _local(moment, event) -> str:
    return timezone.localtime(moment, event.zone).strftime("%Y-%m-%dT%H:%M")


def event_payload(world, scope, role):
    """The event's own details, as its form sends them (times in its zone, to the minute)."""
    event = event_for(world, scope, role)
    return {
        "kind": event.kind,
        "title": event.title,
        "organisers": [o.pk for o in event.organisers.all()],
        "venue_name": event.venue_name,
        "venue_address": event.venue_address,
        "venue_regency": event.venue_regency_id,
        "time_zone": event.time_zone,
        "starts_at": _local(event.starts_at, event),
        "ends_at": _local(event.ends_at, event),
        "capacity": event.capacity or "",
        "visibility": event.visibility,
    }


def create_payload(world, scope, role):
    return {
        "kind": "training",
        "title": "Pelatihan Konten Kreatif",
        "organisers": [own_organisation(world, role).pk],
        "venue_name": "Hotel Aryaduta",
        "venue_regency": "16.71",
        "time_zone": "Asia/Jakarta",
        "starts_at": "2030-05-02T09:00",
        "ends_at": "2030-05-02T15:00",
        "visibility": "invited",
    }


def session_payload(world, scope, role):
    """A session an hour long that starts the minute after the event does."""
    event = event_for(world, scope, role)
    start = event.starts_at + timedelta(minutes=1)
    return {
        "title": "Menulis berita berbasis data",
        "starts_at": _local(start, event),
        "ends_at": _local(start + timedelta(hours=1), event),
        "speakers-TOTAL_FORMS": "1",
        "speakers-INITIAL_FORMS": "0",
        "speakers-0-name": "Ali Fikri",
        "speakers-0-position": "Juru Bicara",
        "speakers-0-institution": "KPK",
    }


def session_arguments(world, scope, role):
    event = event_for(world, scope, role)
    session = event.sessions.first() or SessionFactory(event=event)
    return [event.pk, session.pk]


def invitation_arguments(world, scope, role):
    event = event_for(world, scope, role)
    invitation = EventInvitationFactory(event=event, organisation=world.network.provincial_media)
    return [event.pk, invitation.pk]


for _name in (
    "events:detail",
    "events:update",
    "events:history",
    "events:publish",
    "events:cancel",
    "events:agenda",
    "events:invite",
):
    ARGUMENTS[_name] = event_pk
ARGUMENTS["events:session_update"] = session_arguments
ARGUMENTS["events:session_remove"] = session_arguments
ARGUMENTS["events:invitation_remove"] = invitation_arguments
PAYLOADS["events:create"] = create_payload
PAYLOADS["events:update"] = event_payload
PAYLOADS["events:cancel"] = lambda world, scope, role: {"reason": "Narasumber berhalangan"}
PAYLOADS["events:agenda"] = session_payload
PAYLOADS["events:session_update"] = session_payload
PAYLOADS["events:invite"] = lambda world, scope, role: {
    "organisations": [world.network.neighbour.pk]
}
