"""Every role against every page of the project, for its own and other organisations' objects.

The matrix below is the access policy written as a table: one row per page (URL name), object
scope and method, one expected outcome per role. `test_every_url_pattern_has_a_row` walks the
project's URL configuration and fails when a page has no row, so a new page cannot ship without
saying who may open it. allauth's pages (under /accounts/) and the Django admin (under /admin/)
are not ours to route; they get their own small checks at the end.

Scopes (see tests.factories.Network):
- own: an organisation of the role (KPK unit for KPK roles, the provincial Diskominfo for the
  province manager, Kota Palembang for the partner roles and for the administrator);
- neighbour: Kabupaten Ogan Ilir, in the province manager's province, nobody else's own;
- foreign: Kota Medan, in another province;
- for agreements: an agreement in negotiation (an active one for renewal) between KPK and the
  scope's organisation; a province's manager does not follow its regencies' agreements;
- for the invitation link: to_me (addressed to the visitor, or to a new address for an
  anonymous visitor), to_other (addressed to someone else) and used (already accepted).
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.models import User
from agreements.models import Agreement
from notifications.models import Notification
from partnerships.models import Channel, Role
from partnerships.rules import invitable_roles
from tests.factories import (
    AgreementDocumentFactory,
    AgreementFactory,
    ChannelFactory,
    InvitationFactory,
    MembershipFactory,
    Network,
    RequestFactory,
    build_network,
)
from tests.helpers import admin_changelist, finish

OK = 200  # the page is shown
MOVED = 301  # a permanent redirect, the same for everyone
DENIED = 403  # the object is visible, the action is not allowed
HIDDEN = 404  # the object is out of reach; its existence is not confirmed
METHOD = 405  # wrong method
GONE = 410  # an invitation link that can no longer be used
LOGIN = "login"  # redirect to sign in
MFA = "mfa"  # redirect to two-factor enrolment: the fixtures failed to enrol the user
DONE = "done"  # the action was carried out; redirect to the next page

ROLES = (
    "anonymous",
    "kpk_manager",
    "kpk_staff",
    "partner_manager",
    "partner_operator",
    "province_manager",
    "administrator",
)
OWN = {
    "anonymous": "city",
    "kpk_manager": "kpk",
    "kpk_staff": "kpk",
    "partner_manager": "city",
    "partner_operator": "city",
    "province_manager": "province",
    "administrator": "city",
}
SKIPPED_PREFIXES = ("accounts/", "admin/")


@dataclass(frozen=True)
class Row:
    name: str
    scope: str
    method: str
    expected: dict

    @property
    def id(self):
        return f"{self.name.replace(':', '.')}-{self.scope}-{self.method}"


def page(name, *lines):
    """The rows of one page: (scope, method, then one outcome per role in ROLES order)."""
    rows = []
    for scope, method, *outcomes in lines:
        assert len(outcomes) == len(ROLES), (name, scope, method)
        rows.append(Row(name, scope, method, dict(zip(ROLES, outcomes, strict=True))))
    return rows


# fmt: off
MATRIX = [
    # scope         method  anonym  kpk_mgr kpk_stf p_mgr   p_oper  prov    admin
    *page("home",
        ("-",         "GET",  LOGIN,  OK,     OK,     OK,     OK,     OK,     OK)),
    *page("favicon",
        ("-",         "GET",  MOVED,  MOVED,  MOVED,  MOVED,  MOVED,  MOVED,  MOVED)),
    *page("accounts:profile",
        ("-",         "GET",  LOGIN,  OK,     OK,     OK,     OK,     OK,     OK)),
    *page("accounts:set_language",
        ("-",         "POST", DONE,   DONE,   DONE,   DONE,   DONE,   DONE,   DONE)),
    *page("partnerships:organisation_list",
        ("-",         "GET",  LOGIN,  OK,     OK,     OK,     OK,     OK,     OK)),
    *page("partnerships:invitation_list",
        ("-",         "GET",  LOGIN,  OK,     DENIED, OK,     DENIED, OK,     OK)),
    *page("partnerships:organisation_detail",
        ("own",       "GET",  LOGIN,  OK,     OK,     OK,     OK,     OK,     OK),
        ("neighbour", "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, OK,     OK),
        ("foreign",   "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK)),
    *page("partnerships:invite_member",
        ("own",       "GET",  LOGIN,  OK,     DENIED, OK,     DENIED, OK,     OK),
        # Ogan Ilir has no manager yet: its province invites the first one.
        ("neighbour", "GET",  LOGIN,  OK,     DENIED, HIDDEN, HIDDEN, OK,     OK),
        ("foreign",   "GET",  LOGIN,  OK,     DENIED, HIDDEN, HIDDEN, HIDDEN, OK),
        ("own",       "POST", LOGIN,  DONE,   DENIED, DONE,   DENIED, DONE,   DONE),
        ("neighbour", "POST", LOGIN,  DONE,   DENIED, HIDDEN, HIDDEN, DONE,   DONE),
        ("foreign",   "POST", LOGIN,  DONE,   DENIED, HIDDEN, HIDDEN, HIDDEN, DONE)),
    # Members: who manages the organisation changes roles and removes members.
    *page("partnerships:membership_change_role",
        ("own",       "POST", LOGIN,  DONE,   DENIED, DONE,   DENIED, DONE,   DONE),
        ("neighbour", "POST", LOGIN,  DONE,   DENIED, HIDDEN, HIDDEN, DENIED, DONE),
        ("foreign",   "POST", LOGIN,  DONE,   DENIED, HIDDEN, HIDDEN, HIDDEN, DONE),
        ("own",       "GET",  LOGIN,  METHOD, METHOD, METHOD, METHOD, METHOD, METHOD)),
    *page("partnerships:membership_remove",
        ("own",       "POST", LOGIN,  DONE,   DENIED, DONE,   DENIED, DONE,   DONE),
        ("neighbour", "POST", LOGIN,  DONE,   DENIED, HIDDEN, HIDDEN, DENIED, DONE),
        ("foreign",   "POST", LOGIN,  DONE,   DENIED, HIDDEN, HIDDEN, HIDDEN, DONE),
        ("own",       "GET",  LOGIN,  METHOD, METHOD, METHOD, METHOD, METHOD, METHOD)),
    *page("partnerships:channel_create",
        ("own",       "GET",  LOGIN,  OK,     DENIED, OK,     DENIED, OK,     OK),
        ("neighbour", "GET",  LOGIN,  OK,     DENIED, HIDDEN, HIDDEN, DENIED, OK),
        ("foreign",   "GET",  LOGIN,  OK,     DENIED, HIDDEN, HIDDEN, HIDDEN, OK),
        ("own",       "POST", LOGIN,  DONE,   DENIED, DONE,   DENIED, DONE,   DONE),
        ("neighbour", "POST", LOGIN,  DONE,   DENIED, HIDDEN, HIDDEN, DENIED, DONE),
        ("foreign",   "POST", LOGIN,  DONE,   DENIED, HIDDEN, HIDDEN, HIDDEN, DONE)),
    *page("partnerships:channel_update",
        ("own",       "GET",  LOGIN,  OK,     DENIED, OK,     DENIED, OK,     OK),
        ("neighbour", "GET",  LOGIN,  OK,     DENIED, HIDDEN, HIDDEN, DENIED, OK),
        ("foreign",   "GET",  LOGIN,  OK,     DENIED, HIDDEN, HIDDEN, HIDDEN, OK),
        ("own",       "POST", LOGIN,  DONE,   DENIED, DONE,   DENIED, DONE,   DONE),
        ("neighbour", "POST", LOGIN,  DONE,   DENIED, HIDDEN, HIDDEN, DENIED, DONE),
        ("foreign",   "POST", LOGIN,  DONE,   DENIED, HIDDEN, HIDDEN, HIDDEN, DONE)),
    # Invitations are seen only by who may withdraw them, so the others get 404, not 403.
    *page("partnerships:invitation_revoke",
        ("own",       "POST", LOGIN,  DONE,   HIDDEN, DONE,   HIDDEN, DONE,   DONE),
        ("neighbour", "POST", LOGIN,  DONE,   HIDDEN, HIDDEN, HIDDEN, HIDDEN, DONE),
        ("foreign",   "POST", LOGIN,  DONE,   HIDDEN, HIDDEN, HIDDEN, HIDDEN, DONE),
        ("own",       "GET",  LOGIN,  METHOD, METHOD, METHOD, METHOD, METHOD, METHOD)),
    # The emailed link works without an account; signed in, only for the address it was sent to.
    *page("partnerships:invitation_accept",
        ("to_me",     "GET",  OK,     OK,     OK,     OK,     OK,     OK,     OK),
        ("to_me",     "POST", DONE,   DONE,   DONE,   DONE,   DONE,   DONE,   DONE),
        ("to_other",  "GET",  OK,     DENIED, DENIED, DENIED, DENIED, DENIED, DENIED),
        ("to_other",  "POST", DONE,   DENIED, DENIED, DENIED, DENIED, DENIED, DENIED),
        ("used",      "GET",  GONE,   GONE,   GONE,   GONE,   GONE,   GONE,   GONE)),
    # Agreements: parties and KPK see them; KPK drafts and moves them; parties discuss them.
    # Administrators are superusers, whom Django grants every permission.
    *page("agreements:list",
        ("-",         "GET",  LOGIN,  OK,     OK,     OK,     OK,     OK,     OK)),
    *page("agreements:export_csv",
        ("-",         "GET",  LOGIN,  OK,     OK,     OK,     OK,     OK,     OK)),
    *page("agreements:export_xlsx",
        ("-",         "GET",  LOGIN,  OK,     OK,     OK,     OK,     OK,     OK)),
    # A provincial Diskominfo manager's overview is their own province's page (a redirect).
    *page("agreements:province_overview",
        ("-",         "GET",  LOGIN,  OK,     OK,     DENIED, DENIED, DONE,   OK)),
    # Provinces are public facts: another province's page is refused, not hidden.
    *page("agreements:province_detail",
        ("own",       "GET",  LOGIN,  OK,     OK,     DENIED, DENIED, OK,     OK),
        ("foreign",   "GET",  LOGIN,  OK,     OK,     DENIED, DENIED, DENIED, OK)),
    *page("agreements:create",
        ("-",         "GET",  LOGIN,  OK,     OK,     DENIED, DENIED, DENIED, OK),
        ("-",         "POST", LOGIN,  DONE,   DONE,   DENIED, DENIED, DENIED, DONE)),
    # Organisations to name as parties, searched as a drafter types.
    *page("agreements:organisation_search",
        ("-",         "GET",  LOGIN,  OK,     OK,     DENIED, DENIED, DENIED, OK)),
    # Organisations to filter the list by, searched as one types: those the user may see.
    *page("agreements:party_search",
        ("-",         "GET",  LOGIN,  OK,     OK,     OK,     OK,     OK,     OK)),
    *page("agreements:detail",
        ("own",       "GET",  LOGIN,  OK,     OK,     OK,     OK,     OK,     OK),
        ("neighbour", "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK),
        ("foreign",   "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK)),
    # Older history of the detail page: the detail's own access check.
    *page("agreements:history",
        ("own",       "GET",  LOGIN,  OK,     OK,     OK,     OK,     OK,     OK),
        ("neighbour", "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK),
        ("foreign",   "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK)),
    *page("agreements:update",
        ("own",       "GET",  LOGIN,  OK,     OK,     DENIED, DENIED, DENIED, OK),
        ("neighbour", "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK),
        ("foreign",   "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK),
        ("own",       "POST", LOGIN,  DONE,   DONE,   DENIED, DENIED, DENIED, DONE),
        ("neighbour", "POST", LOGIN,  DONE,   DONE,   HIDDEN, HIDDEN, HIDDEN, DONE),
        ("foreign",   "POST", LOGIN,  DONE,   DONE,   HIDDEN, HIDDEN, HIDDEN, DONE)),
    *page("agreements:transition",
        ("own",       "POST", LOGIN,  DONE,   DONE,   DENIED, DENIED, DENIED, DONE),
        ("neighbour", "POST", LOGIN,  DONE,   DONE,   HIDDEN, HIDDEN, HIDDEN, DONE),
        ("foreign",   "POST", LOGIN,  DONE,   DONE,   HIDDEN, HIDDEN, HIDDEN, DONE),
        ("own",       "GET",  LOGIN,  METHOD, METHOD, METHOD, METHOD, METHOD, METHOD)),
    *page("agreements:renew",
        ("own",       "POST", LOGIN,  DONE,   DONE,   DENIED, DENIED, DENIED, DONE),
        ("neighbour", "POST", LOGIN,  DONE,   DONE,   HIDDEN, HIDDEN, HIDDEN, DONE),
        ("foreign",   "POST", LOGIN,  DONE,   DONE,   HIDDEN, HIDDEN, HIDDEN, DONE),
        ("own",       "GET",  LOGIN,  METHOD, METHOD, METHOD, METHOD, METHOD, METHOD)),
    *page("agreements:comment",
        ("own",       "POST", LOGIN,  DONE,   DONE,   DONE,   DONE,   DONE,   DONE),
        ("neighbour", "POST", LOGIN,  DONE,   DONE,   HIDDEN, HIDDEN, HIDDEN, DONE),
        ("foreign",   "POST", LOGIN,  DONE,   DONE,   HIDDEN, HIDDEN, HIDDEN, DONE),
        ("own",       "GET",  LOGIN,  METHOD, METHOD, METHOD, METHOD, METHOD, METHOD)),
    # Documents: KPK and the parties' managers upload; the parties and KPK download.
    *page("agreements:document_upload",
        ("own",       "GET",  LOGIN,  OK,     OK,     OK,     DENIED, OK,     OK),
        ("neighbour", "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK),
        ("foreign",   "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK),
        ("own",       "POST", LOGIN,  DONE,   DONE,   DONE,   DENIED, DONE,   DONE),
        ("neighbour", "POST", LOGIN,  DONE,   DONE,   HIDDEN, HIDDEN, HIDDEN, DONE),
        ("foreign",   "POST", LOGIN,  DONE,   DONE,   HIDDEN, HIDDEN, HIDDEN, DONE)),
    *page("agreements:document",
        ("own",       "GET",  LOGIN,  OK,     OK,     OK,     OK,     OK,     OK),
        ("neighbour", "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK),
        ("foreign",   "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK)),
    # A version uploaded by mistake is withdrawn by whoever may upload.
    *page("agreements:document_withdraw",
        ("own",       "POST", LOGIN,  DONE,   DONE,   DONE,   DENIED, DONE,   DONE),
        ("neighbour", "POST", LOGIN,  DONE,   DONE,   HIDDEN, HIDDEN, HIDDEN, DONE),
        ("foreign",   "POST", LOGIN,  DONE,   DONE,   HIDDEN, HIDDEN, HIDDEN, DONE),
        ("own",       "GET",  LOGIN,  METHOD, METHOD, METHOD, METHOD, METHOD, METHOD)),
    # A party's manager enters their own organisation's number (KPK any party's).
    *page("agreements:party_number",
        ("own",       "POST", LOGIN,  DONE,   DONE,   DONE,   DENIED, DONE,   DONE),
        ("neighbour", "POST", LOGIN,  DONE,   DONE,   HIDDEN, HIDDEN, HIDDEN, DONE),
        ("foreign",   "POST", LOGIN,  DONE,   DONE,   HIDDEN, HIDDEN, HIDDEN, DONE),
        ("own",       "GET",  LOGIN,  METHOD, METHOD, METHOD, METHOD, METHOD, METHOD)),
    # Notifications are personal: everyone has an inbox, nobody reaches another person's.
    *page("notifications:list",
        ("-",         "GET",  LOGIN,  OK,     OK,     OK,     OK,     OK,     OK)),
    *page("notifications:preferences",
        ("-",         "GET",  LOGIN,  OK,     OK,     OK,     OK,     OK,     OK)),
    *page("notifications:mark_all_read",
        ("-",         "POST", LOGIN,  DONE,   DONE,   DONE,   DONE,   DONE,   DONE)),
    *page("notifications:mark_read",
        ("own",       "POST", LOGIN,  DONE,   DONE,   DONE,   DONE,   DONE,   DONE),
        ("foreign",   "POST", LOGIN,  HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN)),
    *page("notifications:open",
        ("own",       "GET",  LOGIN,  DONE,   DONE,   DONE,   DONE,   DONE,   DONE),
        ("foreign",   "GET",  LOGIN,  HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN)),
    # Tracking (branch `tracking`): the lists over dissemination requests. Each shows only the
    # requests the person may see (content.selectors.requests_for); the tracker is KPK's.
    *page("content:inbox",
        ("-",         "GET",  LOGIN,  OK,     OK,     OK,     OK,     OK,     OK)),
    *page("content:tracker",
        ("-",         "GET",  LOGIN,  OK,     OK,     DENIED, DENIED, DENIED, OK)),
    *page("content:calendar",
        ("-",         "GET",  LOGIN,  OK,     OK,     OK,     OK,     OK,     OK)),
    # The request page (a placeholder until the dissem branch is merged): a partner sees the
    # requests of the organisations it acts for (a province not its regencies').
    *page("content:request_detail",
        ("own",       "GET",  LOGIN,  OK,     OK,     OK,     OK,     OK,     OK),
        ("neighbour", "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK),
        ("foreign",   "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK)),
]
# fmt: on

NEW_PASSWORD = "Kerja-sama-antikorupsi-2026"


def _project_url_names(patterns=None, prefix="", namespace=""):
    """(name, route) of every URL pattern of the project, outside allauth and the admin."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(SKIPPED_PREFIXES):
            continue
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _project_url_names(pattern.url_patterns, route, inner)
        elif isinstance(pattern, URLPattern):
            # An unnamed pattern cannot be reversed; its route stands for it in the matrix.
            yield (f"{namespace}{pattern.name}" if pattern.name else route), route


def test_every_url_pattern_has_a_row():
    patterns = dict(_project_url_names())
    rows = {r.name for r in MATRIX}

    assert sorted(set(patterns) - rows) == [], "pages without a row in the permission matrix"
    assert sorted(rows - set(patterns)) == [], "rows for pages that no longer exist"


def test_url_walk_sees_the_partner_network_and_skips_allauth_and_admin():
    patterns = dict(_project_url_names())

    assert patterns["partnerships:organisation_detail"] == "organisations/<int:pk>/"
    assert not [route for route in patterns.values() if route.startswith(SKIPPED_PREFIXES)]


def test_matrix_rows_are_unique():
    ids = [r.id for r in MATRIX]

    assert len(ids) == len(set(ids))


# The world every row runs in.


@dataclass
class World:
    network: object
    channels: dict
    members: dict
    invitations: dict
    agreements: dict
    active_agreements: dict
    documents: dict


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    network = build_network()
    channels, members, invitations, agreements, active_agreements, documents = (
        {},
        {},
        {},
        {},
        {},
        {},
    )
    for scope in ("kpk", "province", "city", "neighbour", "foreign"):
        organisation = getattr(network, scope)
        channels[scope] = ChannelFactory(organisation=organisation)
        members[scope] = MembershipFactory(
            organisation=organisation,
            role=Role.KPK_STAFF if organisation.is_kpk else Role.PARTNER_OPERATOR,
        )
        invitations[scope] = InvitationFactory(
            organisation=organisation,
            role=Role.KPK_STAFF if organisation.is_kpk else Role.PARTNER_OPERATOR,
        )
        # KPK's own agreement is with a media outlet that no other role belongs to.
        partner = network.provincial_media if organisation.is_kpk else organisation
        agreements[scope] = AgreementFactory(
            status=Agreement.Status.NEGOTIATION, between=[network.kpk, partner]
        )
        active_agreements[scope] = AgreementFactory(
            status=Agreement.Status.ACTIVE, between=[network.kpk, partner], dated=True
        )
        documents[scope] = AgreementDocumentFactory(agreement=agreements[scope])
    return World(network, channels, members, invitations, agreements, active_agreements, documents)


def _organisation_key(scope, role):
    return OWN[role] if scope == "own" else scope


def _person(world, scope, role):
    """The role's own user (the partner operator stands in for anonymous), or a stranger."""
    if scope == "foreign":
        return MembershipFactory(organisation=world.network.foreign).user
    return getattr(world.network, "partner_operator" if role == "anonymous" else role)


def _notification(world, scope, role):
    notification = Notification.objects.create(
        recipient=_person(world, scope, role), kind="matrix.example", mode="in_app"
    )
    return [notification.pk]


# How each page that takes arguments finds them: (world, scope, role) -> args.
ARGUMENTS = {
    "partnerships:organisation_detail": lambda w, s, r: [_organisation(w, s, r).pk],
    "partnerships:invite_member": lambda w, s, r: [_organisation(w, s, r).pk],
    "partnerships:channel_create": lambda w, s, r: [_organisation(w, s, r).pk],
    "partnerships:channel_update": lambda w, s, r: [
        _organisation(w, s, r).pk,
        w.channels[_organisation_key(s, r)].pk,
    ],
    **{
        f"partnerships:{name}": lambda w, s, r: [
            _organisation(w, s, r).pk,
            w.members[_organisation_key(s, r)].pk,
        ]
        for name in ("membership_change_role", "membership_remove")
    },
    "partnerships:invitation_revoke": lambda w, s, r: [w.invitations[_organisation_key(s, r)].pk],
    "partnerships:invitation_accept": lambda w, s, r: [_invitation_token(w, s, r)],
    "notifications:mark_read": _notification,
    "notifications:open": _notification,
    # Sumatera Selatan (the province manager's, Palembang's) or Sumatera Utara (Medan's).
    "agreements:province_detail": lambda w, s, r: ["12" if s == "foreign" else "16"],
    **{
        f"agreements:{name}": lambda w, s, r: [w.agreements[_organisation_key(s, r)].pk]
        for name in ("detail", "history", "update", "transition", "comment", "document_upload")
    },
    "agreements:renew": lambda w, s, r: [w.active_agreements[_organisation_key(s, r)].pk],
    "agreements:document": lambda w, s, r: [
        w.agreements[_organisation_key(s, r)].pk,
        w.documents[_organisation_key(s, r)].pk,
    ],
    "agreements:document_withdraw": lambda w, s, r: [
        w.agreements[_organisation_key(s, r)].pk,
        w.documents[_organisation_key(s, r)].pk,
    ],
    "agreements:party_number": lambda w, s, r: [
        w.agreements[_organisation_key(s, r)].pk,
        w.agreements[_organisation_key(s, r)].parties.get(organisation=_organisation(w, s, r)).pk,
    ],
    # Tracking (branch `tracking`): a request to the scope's organisation.
    "content:request_detail": lambda w, s, r: [
        RequestFactory(organisation=_organisation(w, s, r)).pk
    ],
}


def _organisation(world, scope, role):
    return getattr(world.network, _organisation_key(scope, role))


def _path(world, row_, role):
    if row_.name not in ARGUMENTS:
        return reverse(row_.name)
    return reverse(row_.name, args=ARGUMENTS[row_.name](world, row_.scope, role))


def _invitation_token(world, scope, role):
    """A pending (or, for 'used', accepted) invitation into Kota Medan; returns its link's token."""
    email = {
        "to_me": "baru@medan.go.id" if role == "anonymous" else None,
        "to_other": "orang.lain@medan.go.id",
        "used": "sudah@medan.go.id",
    }[scope] or getattr(world.network, role).email
    InvitationFactory(
        organisation=world.network.foreign,
        email=email,
        token="tautan-undangan",
        accepted_at=timezone.now() - timedelta(hours=1) if scope == "used" else None,
    )
    return "tautan-undangan"


def _payload(world, row_, role):
    if row_.method != "POST":
        return None
    if row_.name == "accounts:set_language":
        return {"language": "en", "next": "/"}
    if row_.name == "partnerships:invite_member":
        organisation = getattr(world.network, _organisation_key(row_.scope, role))
        # The least powerful role the inviter may give (a province onboards managers only).
        offered = (
            invitable_roles(getattr(world.network, role), organisation)
            if role != "anonymous"
            else []
        )
        invited_role = Role.KPK_STAFF if organisation.is_kpk else Role.PARTNER_OPERATOR
        if offered and invited_role not in offered:
            invited_role = offered[0]
        return {"email": "calon.anggota@example.go.id", "role": invited_role}
    if row_.name == "partnerships:membership_change_role":
        organisation = getattr(world.network, _organisation_key(row_.scope, role))
        return {"role": Role.KPK_MANAGER if organisation.is_kpk else Role.PARTNER_MANAGER}
    if row_.name in ("partnerships:channel_create", "partnerships:channel_update"):
        return {"kind": Channel.Kind.RADIO, "name": "Radio Mitra", "audience_size": "1200"}
    if row_.name == "partnerships:invitation_accept":
        return {"full_name": "Calon Anggota", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    if row_.name == "agreements:create":
        return _agreement_form(
            {"kind": Agreement.Kind.MOU, "title": "MoU Baru"},
            [(world.network.kpk, "1/NK"), (world.network.city, "")],
            initial=0,
        )
    if row_.name == "agreements:update":
        agreement = world.agreements[_organisation_key(row_.scope, role)]
        parties = [(p.organisation, p.document_number) for p in agreement.parties.all()]
        return _agreement_form({"title": "Judul Baru"}, parties, initial=len(parties))
    if row_.name == "agreements:transition":
        return {"to": Agreement.Status.DRAFT}
    if row_.name == "agreements:comment":
        return {"body": "Mohon ditinjau."}
    if row_.name == "agreements:document_withdraw":
        return {"reason": "Salah unggah."}
    if row_.name == "agreements:party_number":
        return {"document_number": "045/99/2026"}
    if row_.name == "agreements:document_upload":
        return {"kind": "draft", "file": SimpleUploadedFile("draf.pdf", b"%PDF-1.7\n%%EOF\n")}
    return {}


def _agreement_form(details, parties, *, initial):
    """The create and edit page's fields: details, parties, and empty signatories and scope."""
    data = dict(details)
    for prefix, total, initial_forms in (
        ("parties", len(parties), initial),
        ("signatories", 0, 0),
        ("scope", 0, 0),
    ):
        data[f"{prefix}-TOTAL_FORMS"] = str(total)
        data[f"{prefix}-INITIAL_FORMS"] = str(initial_forms)
    for index, (organisation, number) in enumerate(parties):
        data[f"parties-{index}-organisation"] = str(organisation.pk)
        data[f"parties-{index}-document_number"] = number
    return data


def _outcome(response):
    if response.status_code != 302:
        return response.status_code
    if response.url.startswith(reverse("account_login")):
        return LOGIN
    if response.url.startswith(reverse("mfa_activate_totp")):
        return MFA
    return DONE


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row_", MATRIX, ids=lambda r: r.id)
def test_permission_matrix(client, world, row_, role):
    if role != "anonymous":
        client.force_login(getattr(world.network, role))
    path = _path(world, row_, role)

    if row_.method == "POST":
        response = client.post(path, _payload(world, row_, role))
    else:
        response = client.get(path)
    finish(response)

    assert _outcome(response) == row_.expected[role], f"{row_.method} {path} as {role}"
    if row_.expected[role] in (DENIED, HIDDEN, LOGIN) and row_.scope in (
        "neighbour",
        "foreign",
    ):
        # Refusals say nothing about the object they refused.
        target = getattr(world.network, row_.scope)
        assert target.name not in response.content.decode()


def test_matrix_covers_every_role_of_the_issue():
    assert set(ROLES) == {
        "anonymous",
        "kpk_manager",
        "kpk_staff",
        "partner_manager",
        "partner_operator",
        "province_manager",
        "administrator",
    }
    assert set(ROLES) - {"anonymous"} <= set(Network.__dataclass_fields__)


# allauth and the Django admin


ADMIN_MODELS = sorted(
    admin.site._registry, key=lambda model: (model._meta.app_label, model._meta.model_name)
)


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda m: m._meta.label)
@pytest.mark.parametrize("role", ROLES)
def test_admin_changelist_is_for_administrators_only(client, world, role, model):
    if role != "anonymous":
        client.force_login(getattr(world.network, role))

    response = client.get(admin_changelist(model))

    if role == "administrator":
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))


@pytest.mark.parametrize("role", ROLES)
def test_admin_index_is_for_administrators_only(client, world, role):
    if role != "anonymous":
        client.force_login(getattr(world.network, role))

    response = client.get(reverse("admin:index"))

    expected = 200 if role == "administrator" else 302
    assert response.status_code == expected


def test_allauth_sign_in_page_opens_for_anonymous(client, db):
    assert client.get(reverse("account_login")).status_code == 200


def test_allauth_sign_up_is_closed(client, db):
    page = client.get(reverse("account_signup"))
    attempt = client.post(
        reverse("account_signup"),
        {"email": "sendiri@example.go.id", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert page.templates[0].name == "account/signup_closed.html"
    assert attempt.templates[0].name == "account/signup_closed.html"
    assert not User.objects.filter(email="sendiri@example.go.id").exists()
