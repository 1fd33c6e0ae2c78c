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
    # --- Registration (registration) ---
    # --- Attendance (attendance) ---
    # The organisers' list and the daftar hadir are their managers' (and KPK's); any member of an
    # organising organisation checks people in. Others who see the event are refused, the rest
    # are not told it exists.
    *page("events:registrations",
        ("own",       "GET",  LOGIN,  OK,     OK,     OK,     DENIED, OK,     OK),
        ("invited",   "GET",  LOGIN,  OK,     OK,     DENIED, DENIED, DENIED, OK),
        ("neighbour", "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, DENIED, OK),
        ("foreign",   "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK),
        ("draft",     "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK)),
    *page("events:attendance_pdf",
        ("own",       "GET",  LOGIN,  OK,     OK,     OK,     DENIED, OK,     OK),
        ("invited",   "GET",  LOGIN,  OK,     OK,     DENIED, DENIED, DENIED, OK),
        ("foreign",   "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK)),
    *page("events:attendance_xlsx",
        ("own",       "GET",  LOGIN,  OK,     OK,     OK,     DENIED, OK,     OK),
        ("invited",   "GET",  LOGIN,  OK,     OK,     DENIED, DENIED, DENIED, OK),
        ("foreign",   "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK)),
    *page("events:checkin",
        ("own",       "GET",  LOGIN,  OK,     OK,     OK,     OK,     OK,     OK),
        ("invited",   "GET",  LOGIN,  OK,     OK,     DENIED, DENIED, DENIED, OK),
        ("neighbour", "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, DENIED, OK),
        ("foreign",   "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK),
        ("draft",     "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK)),
    *page("events:checkin_mark",
        ("own",       "POST", LOGIN,  DONE,   DONE,   DONE,   DONE,   DONE,   DONE),
        ("invited",   "POST", LOGIN,  DONE,   DONE,   DENIED, DENIED, DENIED, DONE),
        ("foreign",   "POST", LOGIN,  DONE,   DONE,   HIDDEN, HIDDEN, HIDDEN, DONE),
        ("own",       "GET",  LOGIN,  METHOD, METHOD, METHOD, METHOD, METHOD, METHOD)),
    *page("events:checkin_token",
        ("own",       "POST", LOGIN,  DONE,   DONE,   DONE,   DONE,   DONE,   DONE),
        ("invited",   "POST", LOGIN,  DONE,   DONE,   DENIED, DENIED, DENIED, DONE),
        ("foreign",   "POST", LOGIN,  DONE,   DONE,   HIDDEN, HIDDEN, HIDDEN, DONE),
        ("own",       "GET",  LOGIN,  METHOD, METHOD, METHOD, METHOD, METHOD, METHOD)),
    *page("events:walk_in",
        ("own",       "GET",  LOGIN,  OK,     OK,     OK,     OK,     OK,     OK),
        ("invited",   "GET",  LOGIN,  OK,     OK,     DENIED, DENIED, DENIED, OK),
        ("foreign",   "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK),
        ("own",       "POST", LOGIN,  DONE,   DONE,   DONE,   DONE,   DONE,   DONE),
        ("invited",   "POST", LOGIN,  DONE,   DONE,   DENIED, DENIED, DENIED, DONE),
        ("foreign",   "POST", LOGIN,  DONE,   DONE,   HIDDEN, HIDDEN, HIDDEN, DONE)),
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


# --- Attendance (attendance) ---


def _registered(world, scope, role):
    """A confirmed registration of the scope's event (one per test)."""
    from tests.factories import RegistrationFactory

    event = event_for(world, scope, role)
    key = f"registration-{scope}"
    if key not in world.events:
        world.events[key] = RegistrationFactory(event=event, name="Peserta Matriks")
    return world.events[key]


def _event_and_registration(world, scope, role):
    return [event_for(world, scope, role).pk, _registered(world, scope, role).pk]


for _name in (
    "events:registrations",
    "events:attendance_pdf",
    "events:attendance_xlsx",
    "events:checkin",
    "events:checkin_token",
    "events:walk_in",
):
    ARGUMENTS[_name] = event_pk
ARGUMENTS["events:checkin_mark"] = _event_and_registration
PAYLOADS["events:checkin_token"] = lambda world, scope, role: {
    "code": _registered(world, scope, role).token
}
PAYLOADS["events:walk_in"] = lambda world, scope, role: {
    "name": "Budi Santoso",
    "institution": "Inspektorat Kota Palembang",
    "position": "Auditor",
}
