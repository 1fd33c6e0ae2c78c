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
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, reverse
from django.utils import timezone

from events import followup
from events import urls as event_urls
from events.models import Certificate, Event, EventFile
from tests.events.followup_data import image_bytes
from tests.factories import (
    EventFactory,
    EventInvitationFactory,
    RegistrationFactory,
    build_network,
)
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
    # The invitations' own page: for whoever sees the event page's invitations (its organisers).
    *page("events:invitations",
        ("own",       "GET",  LOGIN,  OK,     OK,     OK,     DENIED, OK,     OK),
        ("invited",   "GET",  LOGIN,  OK,     OK,     DENIED, DENIED, DENIED, OK),
        ("neighbour", "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, DENIED, OK),
        ("foreign",   "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK),
        ("open",      "GET",  LOGIN,  OK,     OK,     DENIED, DENIED, DENIED, OK),
        ("draft",     "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK)),
    *page("events:invitation_remove",
        ("own",       "POST", LOGIN,  DONE,   DONE,   DONE,   DENIED, DONE,   DONE),
        ("invited",   "POST", LOGIN,  DONE,   DONE,   DENIED, DENIED, DENIED, DONE),
        ("foreign",   "POST", LOGIN,  DONE,   DONE,   HIDDEN, HIDDEN, HIDDEN, DONE),
        ("own",       "GET",  LOGIN,  METHOD, METHOD, METHOD, METHOD, METHOD, METHOD)),
    # --- Registration (registration) ---
    # One click to register: a refusal (not invited, already registered) is a message on the
    # page it came from, so every visible published event answers with a redirect.
    *page("events:register",
        ("own",       "POST", LOGIN,  DONE,   DONE,   DONE,   DONE,   DONE,   DONE),
        ("invited",   "POST", LOGIN,  DONE,   DONE,   DONE,   DONE,   DONE,   DONE),
        ("neighbour", "POST", LOGIN,  DONE,   DONE,   HIDDEN, HIDDEN, DONE,   DONE),
        ("foreign",   "POST", LOGIN,  DONE,   DONE,   HIDDEN, HIDDEN, HIDDEN, DONE),
        ("open",      "POST", LOGIN,  DONE,   DONE,   DONE,   DONE,   DONE,   DONE),
        ("draft",     "POST", LOGIN,  DENIED, DENIED, HIDDEN, HIDDEN, HIDDEN, DONE),
        ("own",       "GET",  LOGIN,  METHOD, METHOD, METHOD, METHOD, METHOD, METHOD)),
    # A guest's registration of the scope's event: the organisers (and KPK) may cancel it.
    *page("events:registration_cancel",
        ("own",       "POST", LOGIN,  DONE,   DONE,   DONE,   DENIED, DONE,   DONE),
        ("invited",   "POST", LOGIN,  DONE,   DONE,   DENIED, DENIED, DENIED, DONE),
        ("neighbour", "POST", LOGIN,  DONE,   DONE,   HIDDEN, HIDDEN, DENIED, DONE),
        ("foreign",   "POST", LOGIN,  DONE,   DONE,   HIDDEN, HIDDEN, HIDDEN, DONE),
        ("open",      "POST", LOGIN,  DONE,   DONE,   DENIED, DENIED, DENIED, DONE),
        ("draft",     "POST", LOGIN,  DONE,   DONE,   HIDDEN, HIDDEN, HIDDEN, DONE),
        ("own",       "GET",  LOGIN,  METHOD, METHOD, METHOD, METHOD, METHOD, METHOD)),
    # The invitation of the scope's invited organisation: only its managers answer it; any
    # other is not found, and so is an invitation to a draft.
    *page("events:invitation",
        ("invited",   "GET",  LOGIN,  HIDDEN, HIDDEN, OK,     HIDDEN, OK,     OK),
        ("neighbour", "GET",  LOGIN,  HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, OK),
        ("foreign",   "GET",  LOGIN,  HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, OK),
        ("draft",     "GET",  LOGIN,  HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN),
        ("invited",   "POST", LOGIN,  HIDDEN, HIDDEN, DONE,   HIDDEN, DONE,   DONE)),
    *page("events:invitation_decline",
        ("invited",   "POST", LOGIN,  HIDDEN, HIDDEN, DONE,   HIDDEN, DONE,   DONE),
        ("foreign",   "POST", LOGIN,  HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, DONE),
        ("draft",     "POST", LOGIN,  HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN),
        ("invited",   "GET",  LOGIN,  METHOD, METHOD, METHOD, METHOD, METHOD, METHOD)),
    # The public link answers for an open event only, signed in or not.
    *page("events:public",
        ("open",      "GET",  OK,     OK,     OK,     OK,     OK,     OK,     OK),
        ("open",      "POST", DONE,   DONE,   DONE,   DONE,   DONE,   DONE,   DONE),
        ("invited",   "GET",  HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN),
        ("draft",     "GET",  HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN)),
    # Links with a secret token (a guest's confirmation, a ticket): whoever holds them.
    *page("events:guest_confirm",
        ("open",      "GET",  OK,     OK,     OK,     OK,     OK,     OK,     OK),
        ("open",      "POST", DONE,   DONE,   DONE,   DONE,   DONE,   DONE,   DONE)),
    *page("events:ticket",
        ("open",      "GET",  OK,     OK,     OK,     OK,     OK,     OK,     OK),
        ("foreign",   "GET",  OK,     OK,     OK,     OK,     OK,     OK,     OK)),
    *page("events:ticket_qr",
        ("open",      "GET",  OK,     OK,     OK,     OK,     OK,     OK,     OK)),
    *page("events:ticket_ics",
        ("open",      "GET",  OK,     OK,     OK,     OK,     OK,     OK,     OK)),
    *page("events:ticket_cancel",
        ("open",      "POST", DONE,   DONE,   DONE,   DONE,   DONE,   DONE,   DONE),
        ("open",      "GET",  METHOD, METHOD, METHOD, METHOD, METHOD, METHOD, METHOD)),
    # An event's .ics: for whoever may see the event.
    *page("events:ics",
        ("own",       "GET",  LOGIN,  OK,     OK,     OK,     OK,     OK,     OK),
        ("invited",   "GET",  LOGIN,  OK,     OK,     OK,     OK,     OK,     OK),
        ("neighbour", "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, OK,     OK),
        ("foreign",   "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK),
        ("open",      "GET",  LOGIN,  OK,     OK,     OK,     OK,     OK,     OK),
        ("draft",     "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK)),
    # Each user's own feed; its secret URL works without signing in.
    *page("events:calendar_settings",
        ("-",         "GET",  LOGIN,  OK,     OK,     OK,     OK,     OK,     OK)),
    *page("events:calendar_reset",
        ("-",         "POST", LOGIN,  DONE,   DONE,   DONE,   DONE,   DONE,   DONE),
        ("-",         "GET",  LOGIN,  METHOD, METHOD, METHOD, METHOD, METHOD, METHOD)),
    *page("events:calendar_feed",
        ("-",         "GET",  OK,     OK,     OK,     OK,     OK,     OK,     OK)),
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
    # Files: who sees the event sees the list (what they may open); organisers manage. A private
    # file is the participants' and organisers' (others 404; a visitor without an account signs
    # in first); a public one anyone's ("foreign-public").
    *page("events:files",
        ("own",       "GET",  LOGIN,  OK,     OK,     OK,     OK,     OK,     OK),
        ("invited",   "GET",  LOGIN,  OK,     OK,     OK,     OK,     OK,     OK),
        ("neighbour", "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, OK,     OK),
        ("foreign",   "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK),
        ("open",      "GET",  LOGIN,  OK,     OK,     OK,     OK,     OK,     OK),
        ("draft",     "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK)),
    *page("events:file_add",
        ("own",       "GET",  LOGIN,  OK,     OK,     OK,     DENIED, OK,     OK),
        ("invited",   "GET",  LOGIN,  OK,     OK,     DENIED, DENIED, DENIED, OK),
        ("neighbour", "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, DENIED, OK),
        ("foreign",   "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK),
        ("open",      "GET",  LOGIN,  OK,     OK,     DENIED, DENIED, DENIED, OK),
        ("draft",     "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK),
        ("own",       "POST", LOGIN,  DONE,   DONE,   DONE,   DENIED, DONE,   DONE),
        ("invited",   "POST", LOGIN,  DONE,   DONE,   DENIED, DENIED, DENIED, DONE),
        ("foreign",   "POST", LOGIN,  DONE,   DONE,   HIDDEN, HIDDEN, HIDDEN, DONE),
        ("draft",     "POST", LOGIN,  DONE,   DONE,   HIDDEN, HIDDEN, HIDDEN, DONE)),
    *page("events:file_download",
        ("own",       "GET",  LOGIN,  OK,     OK,     OK,     OK,     OK,     OK),
        ("invited",   "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK),
        ("neighbour", "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK),
        ("foreign",   "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK),
        ("open",      "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK),
        ("draft",     "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK),
        ("foreign-public", "GET", OK, OK,     OK,     OK,     OK,     OK,     OK)),
    *page("events:file_thumbnail",
        ("own",       "GET",  LOGIN,  OK,     OK,     OK,     OK,     OK,     OK),
        ("invited",   "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK),
        ("foreign",   "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK),
        ("foreign-public", "GET", OK, OK,     OK,     OK,     OK,     OK,     OK)),
    *page("events:file_visibility",
        ("own",       "POST", LOGIN,  DONE,   DONE,   DONE,   DENIED, DONE,   DONE),
        ("invited",   "POST", LOGIN,  DONE,   DONE,   DENIED, DENIED, DENIED, DONE),
        ("neighbour", "POST", LOGIN,  DONE,   DONE,   HIDDEN, HIDDEN, DENIED, DONE),
        ("foreign",   "POST", LOGIN,  DONE,   DONE,   HIDDEN, HIDDEN, HIDDEN, DONE),
        ("draft",     "POST", LOGIN,  DONE,   DONE,   HIDDEN, HIDDEN, HIDDEN, DONE),
        ("own",       "GET",  LOGIN,  METHOD, METHOD, METHOD, METHOD, METHOD, METHOD)),
    *page("events:file_remove",
        ("own",       "POST", LOGIN,  DONE,   DONE,   DONE,   DENIED, DONE,   DONE),
        ("invited",   "POST", LOGIN,  DONE,   DONE,   DENIED, DENIED, DENIED, DONE),
        ("neighbour", "POST", LOGIN,  DONE,   DONE,   HIDDEN, HIDDEN, DENIED, DONE),
        ("foreign",   "POST", LOGIN,  DONE,   DONE,   HIDDEN, HIDDEN, HIDDEN, DONE),
        ("draft",     "POST", LOGIN,  DONE,   DONE,   HIDDEN, HIDDEN, HIDDEN, DONE),
        ("own",       "GET",  LOGIN,  METHOD, METHOD, METHOD, METHOD, METHOD, METHOD)),
    # The report and the feedback's results: the organising organisations' members and KPK.
    # The events of these rows are over (the report is written after the start).
    *page("events:report",
        ("own",       "GET",  LOGIN,  OK,     OK,     OK,     OK,     OK,     OK),
        ("invited",   "GET",  LOGIN,  OK,     OK,     DENIED, DENIED, DENIED, OK),
        ("neighbour", "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, DENIED, OK),
        ("foreign",   "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK),
        ("open",      "GET",  LOGIN,  OK,     OK,     DENIED, DENIED, DENIED, OK),
        ("draft",     "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK)),
    # A draft has no report: its organisers are sent back to the report page with the reason.
    *page("events:report_edit",
        ("own",       "GET",  LOGIN,  OK,     OK,     OK,     DENIED, OK,     OK),
        ("invited",   "GET",  LOGIN,  OK,     OK,     DENIED, DENIED, DENIED, OK),
        ("neighbour", "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, DENIED, OK),
        ("foreign",   "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK),
        ("open",      "GET",  LOGIN,  OK,     OK,     DENIED, DENIED, DENIED, OK),
        ("draft",     "GET",  LOGIN,  DONE,   DONE,   HIDDEN, HIDDEN, HIDDEN, DONE),
        ("own",       "POST", LOGIN,  DONE,   DONE,   DONE,   DENIED, DONE,   DONE),
        ("invited",   "POST", LOGIN,  DONE,   DONE,   DENIED, DENIED, DENIED, DONE),
        ("foreign",   "POST", LOGIN,  DONE,   DONE,   HIDDEN, HIDDEN, HIDDEN, DONE)),
    *page("events:feedback_summary",
        ("own",       "GET",  LOGIN,  OK,     OK,     OK,     OK,     OK,     OK),
        ("invited",   "GET",  LOGIN,  OK,     OK,     DENIED, DENIED, DENIED, OK),
        ("neighbour", "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, DENIED, OK),
        ("foreign",   "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK),
        ("draft",     "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK)),
    *page("events:feedback_request",
        ("own",       "POST", LOGIN,  DONE,   DONE,   DONE,   DENIED, DONE,   DONE),
        ("invited",   "POST", LOGIN,  DONE,   DONE,   DENIED, DENIED, DENIED, DONE),
        ("neighbour", "POST", LOGIN,  DONE,   DONE,   HIDDEN, HIDDEN, DENIED, DONE),
        ("foreign",   "POST", LOGIN,  DONE,   DONE,   HIDDEN, HIDDEN, HIDDEN, DONE),
        ("draft",     "POST", LOGIN,  DONE,   DONE,   HIDDEN, HIDDEN, HIDDEN, DONE),
        ("own",       "GET",  LOGIN,  METHOD, METHOD, METHOD, METHOD, METHOD, METHOD)),
    # The attendee's pages answer to the ticket's token, whoever opens them.
    *page("events:feedback",
        ("attended",  "GET",  OK,     OK,     OK,     OK,     OK,     OK,     OK),
        ("attended",  "POST", DONE,   DONE,   DONE,   DONE,   DONE,   DONE,   DONE),
        ("absent",    "GET",  DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED),
        ("absent",    "POST", DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED)),
    # Certificates: the organisers list, issue and download them.
    *page("events:certificates",
        ("own",       "GET",  LOGIN,  OK,     OK,     OK,     DENIED, OK,     OK),
        ("invited",   "GET",  LOGIN,  OK,     OK,     DENIED, DENIED, DENIED, OK),
        ("neighbour", "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, DENIED, OK),
        ("foreign",   "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK),
        ("open",      "GET",  LOGIN,  OK,     OK,     DENIED, DENIED, DENIED, OK),
        ("draft",     "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK)),
    *page("events:certificate_issue",
        ("own",       "POST", LOGIN,  DONE,   DONE,   DONE,   DENIED, DONE,   DONE),
        ("invited",   "POST", LOGIN,  DONE,   DONE,   DENIED, DENIED, DENIED, DONE),
        ("neighbour", "POST", LOGIN,  DONE,   DONE,   HIDDEN, HIDDEN, DENIED, DONE),
        ("foreign",   "POST", LOGIN,  DONE,   DONE,   HIDDEN, HIDDEN, HIDDEN, DONE),
        ("draft",     "POST", LOGIN,  DONE,   DONE,   HIDDEN, HIDDEN, HIDDEN, DONE),
        ("own",       "GET",  LOGIN,  METHOD, METHOD, METHOD, METHOD, METHOD, METHOD)),
    *page("events:certificate_download",
        ("own",       "GET",  LOGIN,  OK,     OK,     OK,     DENIED, OK,     OK),
        ("invited",   "GET",  LOGIN,  OK,     OK,     DENIED, DENIED, DENIED, OK),
        ("neighbour", "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, DENIED, OK),
        ("foreign",   "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK)),
    *page("events:certificate_pdf",
        ("issued",    "GET",  OK,     OK,     OK,     OK,     OK,     OK,     OK),
        ("none",      "GET",  HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN)),
    # The public check of a printed code, for anyone.
    *page("events:certificate_lookup",
        ("-",         "GET",  OK,     OK,     OK,     OK,     OK,     OK,     OK)),
    *page("events:certificate_verify",
        ("genuine",   "GET",  OK,     OK,     OK,     OK,     OK,     OK,     OK),
        ("unknown",   "GET",  HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN)),
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

# --- After the event (followup) ---
# Scopes of the attendee's and public pages: "attended" or "absent" (a registration checked in
# or not), "issued" or "none" (with a certificate or not), "genuine" or "unknown" (a code).
# "<scope>-public" is the scope's event with a public file.


def _past(world, scope, role) -> Event:
    """The scope's event, moved into the past: reports, feedback and certificates come after."""
    event = event_for(world, scope, role)
    start = timezone.now() - timedelta(days=3)
    Event.objects.filter(pk=event.pk).update(starts_at=start, ends_at=start + timedelta(hours=6))
    event.refresh_from_db()
    return event


def _event_file(world, scope, role) -> list:
    base, _dash, public = scope.partition("-")
    event = event_for(world, base, role)
    content = image_bytes()
    event_file = EventFile(
        event=event,
        kind=EventFile.Kind.PHOTO,
        original_name="foto.jpg",
        content_type="image/jpeg",
        size=len(content),
        is_public=bool(public),
    )
    event_file.file.save("file.jpg", ContentFile(content), save=False)
    event_file.thumbnail.save("thumbnail.jpg", ContentFile(content), save=False)
    event_file.save()
    return [event.pk, event_file.pk]


def _token(world, scope, role) -> list:
    event = _past(world, "open", role)
    registration = RegistrationFactory(event=event, checked_in=scope in ("attended", "issued"))
    if scope == "issued":
        followup.issue_certificates(event, by=world.network.kpk_manager)
    return [registration.token]


def _certificate(world, scope, role) -> list:
    event = _past(world, scope, role)
    registration = RegistrationFactory(event=event, checked_in=True)
    certificate = Certificate.objects.create(
        registration=registration,
        name=registration.name,
        event_title=event.title,
        event_dates="1 Mei 2026",
        organisers="KPK",
    )
    return [event.pk, certificate.pk]


def _code(world, scope, role) -> list:
    if scope == "unknown":
        return ["AAAA-BBBB-CCCC"]
    _event_pk, certificate_pk = _certificate(world, "open", role)
    return [Certificate.objects.get(pk=certificate_pk).code]


def _past_pk(world, scope, role) -> list:
    return [_past(world, scope, role).pk]


# --- registration ---------------------------------------------------------------------------

from events import registrations as registration_services  # noqa: E402


def _registration_of(world, scope, role):
    """A confirmed guest of the scope's event (made once per test)."""
    key = f"registration:{scope}"
    if key not in world.events:
        world.events[key] = RegistrationFactory(event=event_for(world, scope, role))
    return world.events[key]


def _unconfirmed_guest(world, scope, role):
    key = f"guest:{scope}"
    if key not in world.events:
        world.events[key] = registration_services.register_guest(
            event_for(world, scope, role),
            name="Rahmat Hidayat",
            institution="Detik Sumbagsel",
            position="Jurnalis",
            email="rahmat@detik.example.id",
            phone="0812-7000-1234",
        )
    return world.events[key]


def _invitation_of(world, scope, role):
    return event_for(world, scope, role).invitations.get()


def _feed_token(world, scope, role):
    user = getattr(world.network, "partner_operator" if role == "anonymous" else role)
    return [registration_services.calendar_feed(user).token]


def _nominee(world, scope, role):
    organisation = _invitation_of(world, scope, role).organisation
    member = organisation.memberships.filter(is_active=True).order_by("pk").first()
    return {"people": [member.user_id] if member else []}


ARGUMENTS.update(
    {
        "events:files": event_pk,
        "events:file_add": event_pk,
        "events:file_download": _event_file,
        "events:file_thumbnail": _event_file,
        "events:file_visibility": _event_file,
        "events:file_remove": _event_file,
        "events:report": event_pk,
        "events:report_edit": _past_pk,
        "events:feedback_summary": event_pk,
        "events:feedback_request": _past_pk,
        "events:feedback": _token,
        "events:certificates": event_pk,
        "events:certificate_issue": _past_pk,
        "events:certificate_download": _certificate,
        "events:certificate_pdf": _token,
        "events:certificate_verify": _code,
        "events:register": event_pk,
        "events:registration_cancel": lambda w, s, r: [_registration_of(w, s, r).pk],
        "events:invitation": lambda w, s, r: [_invitation_of(w, s, r).pk],
        "events:invitation_decline": lambda w, s, r: [_invitation_of(w, s, r).pk],
        "events:public": lambda w, s, r: [event_for(w, s, r).public_token],
        "events:guest_confirm": lambda w, s, r: [
            registration_services.confirmation_token(_unconfirmed_guest(w, s, r))
        ],
        "events:ticket": lambda w, s, r: [_registration_of(w, s, r).token],
        "events:ticket_qr": lambda w, s, r: [_registration_of(w, s, r).token],
        "events:ticket_ics": lambda w, s, r: [_registration_of(w, s, r).token],
        "events:ticket_cancel": lambda w, s, r: [_registration_of(w, s, r).token],
        "events:ics": event_pk,
        "events:calendar_feed": _feed_token,
    }
)
PAYLOADS.update(
    {
        "events:file_add": lambda world, scope, role: {
            "kind": "material",
            "file": SimpleUploadedFile("materi.pdf", b"%PDF-1.7\n%%EOF\n"),
        },
        "events:file_visibility": lambda world, scope, role: {"is_public": "1"},
        "events:report_edit": lambda world, scope, role: {"summary": "Berjalan lancar."},
        "events:feedback": lambda world, scope, role: {
            "overall": "5",
            "content": "4",
            "speakers": "4",
            "organisation": "5",
        },
        "events:invitation": _nominee,
        "events:invitation_decline": lambda w, s, r: {"reason": "Bertepatan dengan HUT Kota"},
        "events:public": lambda w, s, r: {
            "name": "Rahmat Hidayat",
            "institution": "Detik Sumbagsel",
            "position": "Jurnalis",
            "email": "rahmat@detik.example.id",
            "phone": "0812-7000-1234",
        },
    }
)

# --- The event (schedule) ---
# Imported here, in this section, so the sections merge as blocks.


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
    "events:invitations",
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
