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
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.models import User
from agreements.models import Agreement
from content.models import ContentItem, Notice, Rendition
from content.models import Request as ContentRequest
from notifications.models import Notification
from partnerships.models import Channel, Role
from partnerships.rules import invitable_roles
from tests.factories import (
    AgreementDocumentFactory,
    AgreementFactory,
    AssetFactory,
    ChannelFactory,
    ContentItemFactory,
    DispatchFactory,
    InvitationFactory,
    MembershipFactory,
    Network,
    NoticeConfirmationFactory,
    NoticeFactory,
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
    # Agreements a content item or an event may serve, searched as one types, and the scope
    # items of the one chosen: those the user may see (the JSON is tested for leaks apart).
    *page("agreements:agreement_search",
        ("-",         "GET",  LOGIN,  OK,     OK,     OK,     OK,     OK,     OK)),
    *page("agreements:scope_item_options",
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
    # Content review (branch "review"): an item of the scope's organisation, a draft. KPK and
    # the owner's members see it; KPK archives it; who sees it and takes part comments on it
    # (an administrator speaks for no organisation).
    *page("content:versions",
        ("own",       "GET",  LOGIN,  OK,     OK,     OK,     OK,     OK,     OK),
        ("neighbour", "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK),
        ("foreign",   "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK)),
    *page("content:transition",
        ("own",       "POST", LOGIN,  DONE,   DONE,   DENIED, DENIED, DENIED, DONE),
        ("neighbour", "POST", LOGIN,  DONE,   DONE,   HIDDEN, HIDDEN, HIDDEN, DONE),
        ("foreign",   "POST", LOGIN,  DONE,   DONE,   HIDDEN, HIDDEN, HIDDEN, DONE),
        ("own",       "GET",  LOGIN,  METHOD, METHOD, METHOD, METHOD, METHOD, METHOD)),
    *page("content:comment",
        ("own",       "POST", LOGIN,  DONE,   DONE,   DONE,   DONE,   DONE,   DENIED),
        ("neighbour", "POST", LOGIN,  DONE,   DONE,   HIDDEN, HIDDEN, HIDDEN, DENIED),
        ("foreign",   "POST", LOGIN,  DONE,   DONE,   HIDDEN, HIDDEN, HIDDEN, DENIED),
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
    # The content library (branch "library"): drafts are their owner's (KPK sees all, and
    # changes only KPK's own); "public" is an approved, public KPK item anyone may see and
    # download. A province's manager does not follow its regencies' drafts.
    *page("content:library",
        ("-",         "GET",  LOGIN,  OK,     OK,     OK,     OK,     OK,     OK)),
    *page("content:item_create",
        ("-",         "GET",  LOGIN,  OK,     OK,     OK,     OK,     OK,     OK),
        ("-",         "POST", LOGIN,  DONE,   DONE,   DONE,   DONE,   DONE,   DONE)),
    *page("content:item_detail",
        ("own",       "GET",  LOGIN,  OK,     OK,     OK,     OK,     OK,     OK),
        ("neighbour", "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK),
        ("foreign",   "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK),
        ("public",    "GET",  OK,     OK,     OK,     OK,     OK,     OK,     OK)),
    *page("content:item_update",
        ("own",       "GET",  LOGIN,  OK,     OK,     OK,     OK,     OK,     OK),
        ("neighbour", "GET",  LOGIN,  DENIED, DENIED, HIDDEN, HIDDEN, HIDDEN, OK),
        ("foreign",   "GET",  LOGIN,  DENIED, DENIED, HIDDEN, HIDDEN, HIDDEN, OK),
        ("own",       "POST", LOGIN,  DONE,   DONE,   DONE,   DONE,   DONE,   DONE),
        ("neighbour", "POST", LOGIN,  DENIED, DENIED, HIDDEN, HIDDEN, HIDDEN, DONE),
        ("foreign",   "POST", LOGIN,  DENIED, DENIED, HIDDEN, HIDDEN, HIDDEN, DONE)),
    *page("content:asset_add",
        ("own",       "GET",  LOGIN,  OK,     OK,     OK,     OK,     OK,     OK),
        ("neighbour", "GET",  LOGIN,  DENIED, DENIED, HIDDEN, HIDDEN, HIDDEN, OK),
        ("foreign",   "GET",  LOGIN,  DENIED, DENIED, HIDDEN, HIDDEN, HIDDEN, OK),
        ("own",       "POST", LOGIN,  DONE,   DONE,   DONE,   DONE,   DONE,   DONE),
        ("neighbour", "POST", LOGIN,  DENIED, DENIED, HIDDEN, HIDDEN, HIDDEN, DONE),
        ("foreign",   "POST", LOGIN,  DENIED, DENIED, HIDDEN, HIDDEN, HIDDEN, DONE)),
    *page("content:asset_remove",
        ("own",       "POST", LOGIN,  DONE,   DONE,   DONE,   DONE,   DONE,   DONE),
        ("neighbour", "POST", LOGIN,  DENIED, DENIED, HIDDEN, HIDDEN, HIDDEN, DONE),
        ("foreign",   "POST", LOGIN,  DENIED, DENIED, HIDDEN, HIDDEN, HIDDEN, DONE),
        ("own",       "GET",  LOGIN,  METHOD, METHOD, METHOD, METHOD, METHOD, METHOD)),
    *[
        row_
        for name in ("content:asset_download", "content:rendition", "content:package")
        for row_ in page(name,
            ("own",       "GET",  HIDDEN, OK,     OK,     OK,     OK,     OK,     OK),
            ("neighbour", "GET",  HIDDEN, OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK),
            ("foreign",   "GET",  HIDDEN, OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK),
            ("public",    "GET",  OK,     OK,     OK,     OK,     OK,     OK,     OK))
    ],
]
# fmt: on

# --- Dissemination requests and press partners (dissem branch) ---------------------------------
# Scopes: a request (or a proof's request) to the scope's organisation; "own" is Palembang for
# KPK roles and the administrator, the province's Diskominfo for its manager. A press partner is
# recorded on the scope's organisation (KPK's own unit for KPK roles: not a Diskominfo). Every
# POST sends an empty form: a permitted user is sent back to the page with the form's message.
# Administrators are superusers, whom Django grants every permission.
# fmt: off
MATRIX += [
    # scope         method  anonym  kpk_mgr kpk_stf p_mgr   p_oper  prov    admin
    *page("content:send",
        ("own",       "GET",  LOGIN,  OK,     OK,     DENIED, DENIED, DENIED, OK),
        ("own",       "POST", LOGIN,  OK,     OK,     DENIED, DENIED, DENIED, OK)),
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
    *[
        row
        for name in ("request_accept", "request_decline", "request_assign", "request_forward")
        for row in page(f"content:{name}",
            ("own",       "POST", LOGIN,  DENIED, DENIED, DONE,   DENIED, DONE,   DONE),
            ("neighbour", "POST", LOGIN,  DENIED, DENIED, HIDDEN, HIDDEN, HIDDEN, DONE),
            ("foreign",   "POST", LOGIN,  DENIED, DENIED, HIDDEN, HIDDEN, HIDDEN, DONE),
            ("own",       "GET",  LOGIN,  METHOD, METHOD, METHOD, METHOD, METHOD, METHOD))
    ],
    # Planning the post (branch `sched`): the organisation's members, as for proofs; KPK reads
    # the plan and does not make it.
    *[
        row
        for name in ("request_schedule", "request_unschedule")
        for row in page(f"content:{name}",
            ("own",       "POST", LOGIN,  DENIED, DENIED, DONE,   DONE,   DONE,   DONE),
            ("neighbour", "POST", LOGIN,  DENIED, DENIED, HIDDEN, HIDDEN, HIDDEN, DONE),
            ("foreign",   "POST", LOGIN,  DENIED, DENIED, HIDDEN, HIDDEN, HIDDEN, DONE),
            ("own",       "GET",  LOGIN,  METHOD, METHOD, METHOD, METHOD, METHOD, METHOD))
    ],
    *page("content:proof_add",
        ("own",       "GET",  LOGIN,  DENIED, DENIED, OK,     OK,     OK,     OK),
        ("neighbour", "GET",  LOGIN,  DENIED, DENIED, HIDDEN, HIDDEN, HIDDEN, OK),
        ("foreign",   "GET",  LOGIN,  DENIED, DENIED, HIDDEN, HIDDEN, HIDDEN, OK),
        ("own",       "POST", LOGIN,  DENIED, DENIED, OK,     OK,     OK,     OK)),
    *[
        row
        for name in ("proof_verify", "proof_return")
        for row in page(f"content:{name}",
            ("own",       "POST", LOGIN,  DONE,   DONE,   DENIED, DENIED, DENIED, DONE),
            ("neighbour", "POST", LOGIN,  DONE,   DONE,   HIDDEN, HIDDEN, HIDDEN, DONE),
            ("foreign",   "POST", LOGIN,  DONE,   DONE,   HIDDEN, HIDDEN, HIDDEN, DONE),
            ("own",       "GET",  LOGIN,  METHOD, METHOD, METHOD, METHOD, METHOD, METHOD))
    ],
    *page("content:proof_reach",
        ("own",       "POST", LOGIN,  DENIED, DENIED, DONE,   DONE,   DONE,   DONE),
        ("neighbour", "POST", LOGIN,  DENIED, DENIED, HIDDEN, HIDDEN, HIDDEN, DONE),
        ("foreign",   "POST", LOGIN,  DENIED, DENIED, HIDDEN, HIDDEN, HIDDEN, DONE),
        ("own",       "GET",  LOGIN,  METHOD, METHOD, METHOD, METHOD, METHOD, METHOD)),
    *page("content:proof_screenshot",
        ("own",       "GET",  LOGIN,  OK,     OK,     OK,     OK,     OK,     OK),
        ("neighbour", "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK),
        ("foreign",   "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK)),
    # A province's manager sees Ogan Ilir's page but does not manage it.
    *[
        row
        for name in ("press_partner_add", "press_partner_remove")
        for row in page(f"partnerships:{name}",
            ("own",       "POST", LOGIN,  DENIED, DENIED, DONE,   DENIED, DONE,   DONE),
            ("neighbour", "POST", LOGIN,  DONE,   DONE,   HIDDEN, HIDDEN, DENIED, DONE),
            ("foreign",   "POST", LOGIN,  DONE,   DONE,   HIDDEN, HIDDEN, HIDDEN, DONE),
            ("own",       "GET",  LOGIN,  METHOD, METHOD, METHOD, METHOD, METHOD, METHOD))
    ],
    # Content: corrections, withdrawals and the public feeds (branch notices). Scopes: an
    # approved private KPK item ("approved"), a public one ("public"); a confirmation of the
    # scope's organisation (KPK's own stands for Palembang's: KPK holds no request); a feed of a
    # partner or of KPK.
    # KPK corrects or withdraws what it has sent.
    *page("content:notice_create",
        ("approved",  "GET",  LOGIN,  OK,     OK,     DENIED, DENIED, DENIED, OK),
        ("approved",  "POST", LOGIN,  DONE,   DONE,   DENIED, DENIED, DENIED, DONE)),
    # Each partner confirms its own; KPK sees every confirmation but confirms none.
    *page("content:notice_confirm",
        ("own",       "GET",  LOGIN,  DENIED, DENIED, OK,     OK,     OK,     OK),
        ("neighbour", "GET",  LOGIN,  DENIED, DENIED, HIDDEN, HIDDEN, HIDDEN, OK),
        ("foreign",   "GET",  LOGIN,  DENIED, DENIED, HIDDEN, HIDDEN, HIDDEN, OK),
        ("own",       "POST", LOGIN,  DENIED, DENIED, DONE,   DONE,   DONE,   DONE),
        ("foreign",   "POST", LOGIN,  DENIED, DENIED, HIDDEN, HIDDEN, HIDDEN, DONE)),
    *page("content:notice_screenshot",
        ("own",       "GET",  LOGIN,  OK,     OK,     OK,     OK,     OK,     OK),
        ("neighbour", "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK),
        ("foreign",   "GET",  LOGIN,  OK,     OK,     HIDDEN, HIDDEN, HIDDEN, OK)),
    # The feeds are public; KPK has none.
    *page("content:feed_atom",
        ("partner",   "GET",  OK,     OK,     OK,     OK,     OK,     OK,     OK),
        ("kpk",       "GET",  HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN)),
    *page("content:feed_json",
        ("partner",   "GET",  OK,     OK,     OK,     OK,     OK,     OK,     OK),
        ("kpk",       "GET",  HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN)),
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


# The events' pages have their own matrix (tests/events/test_matrix.py), with its own walk.
OWN_MATRICES = ("events:",)


def test_every_url_pattern_has_a_row():
    patterns = {
        name: route for name, route in _project_url_names() if not name.startswith(OWN_MATRICES)
    }
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
    # The content library (branch "library")
    **{
        f"content:{name}": lambda w, s, r: [_content_item(w, s, r).pk]
        for name in ("item_detail", "item_update", "asset_add", "package")
    },
    **{
        f"content:{name}": lambda w, s, r: [
            _content_item(w, s, r).pk,
            _content_item(w, s, r).assets.get().pk,
        ]
        for name in ("asset_remove", "asset_download")
    },
    "content:rendition": lambda w, s, r: [
        _content_item(w, s, r).pk,
        _content_item(w, s, r).assets.get().pk,
        "thumbnail",
    ],
    # Content review (branch "review"): a draft of the scope's organisation, made for the test.
    **{
        f"content:{name}": lambda w, s, r: [_content_item(w, s, r).pk]
        for name in ("versions", "transition", "comment")
    },
    # Tracking (branch `tracking`): a request to the scope's organisation.
    "content:request_detail": lambda w, s, r: [
        RequestFactory(organisation=_organisation(w, s, r)).pk
    ],
}


def _content_item(world, scope, role):
    """A draft of the scope's organisation (an approved public KPK item for "public"), with an
    image and its thumbnail; made once per test."""
    from tests.content.library import image_asset, item_of, rendition_of

    made = world.__dict__.setdefault("content_items", {})
    key = "public" if scope == "public" else _organisation_key(scope, role)
    if key not in made:
        if key == "public":
            item = item_of(world.network.kpk, status=ContentItem.Status.APPROVED, is_public=True)
        else:
            item = item_of(getattr(world.network, key))
        rendition_of(image_asset(item))
        made[key] = item
    return made[key]


# --- Dissemination requests and press partners (dissem branch) ---------------------------------


def _dissemination_scope(scope, role):
    """The organisation a request row is about: KPK roles' "own" is Palembang."""
    key = _organisation_key(scope, role)
    return "city" if key == "kpk" else key


def _matrix_request(world, scope, role, *, proof=False, **fields):
    from content.models import Request
    from tests.factories import ContentItemFactory, ProofFactory, RequestFactory

    organisation = getattr(world.network, _dissemination_scope(scope, role))
    item = ContentItemFactory(owner=world.network.kpk, approved=True, title="ILM Matriks")
    if not proof:
        return RequestFactory(organisation=organisation, item=item, dispatch__item=item, **fields)
    request = RequestFactory(
        organisation=organisation, item=item, dispatch__item=item, status=Request.Status.PUBLISHED
    )
    return ProofFactory(request=request, screenshot=SimpleUploadedFile("bukti.png", _MATRIX_PNG))


def _matrix_press_partner(world, scope, role):
    from tests.factories import OrganisationFactory, PressPartnerFactory

    organisation = _organisation(world, scope, role)
    outlet = OrganisationFactory(media=True, name="Media Matriks")
    return [organisation.pk, PressPartnerFactory(organisation=organisation, outlet=outlet).pk]


_MATRIX_PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02"
    b"\x00\x00\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00"
    b"\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)

ARGUMENTS.update(
    {
        "content:send": lambda w, s, r: [_matrix_request(w, s, r).item_id],
        **{
            f"content:{name}": lambda w, s, r: [_matrix_request(w, s, r).pk]
            for name in (
                "request_detail",
                "request_accept",
                "request_decline",
                "request_assign",
                "request_forward",
            )
        },
        "content:request_schedule": lambda w, s, r: [
            _matrix_request(w, s, r, status=ContentRequest.Status.ACCEPTED).pk
        ],
        "content:request_unschedule": lambda w, s, r: [
            _matrix_request(
                w,
                s,
                r,
                status=ContentRequest.Status.SCHEDULED,
                scheduled_for=timezone.now() + timedelta(days=1),
            ).pk
        ],
        "content:proof_add": lambda w, s, r: [_matrix_request(w, s, r, proof=True).request_id],
        **{
            f"content:{name}": lambda w, s, r: [_matrix_request(w, s, r, proof=True).pk]
            for name in ("proof_verify", "proof_return", "proof_reach", "proof_screenshot")
        },
        "partnerships:press_partner_add": lambda w, s, r: [_organisation(w, s, r).pk],
        "partnerships:press_partner_remove": _matrix_press_partner,
    }
)


def _organisation(world, scope, role):
    return getattr(world.network, _organisation_key(scope, role))


# Content: corrections, withdrawals and the public feeds (branch notices)


def _sent(world):
    """An approved private KPK item every partner of the world accepted, with a correction
    whose confirmations each hold a screenshot; and a public item with a thumbnail. Made once
    per test."""
    sent = getattr(world, "_notices", None)
    if sent is not None:
        return sent
    network = world.network
    item = ContentItemFactory(approved=True, owner=network.kpk, title="Infografis Gratifikasi")
    dispatch = DispatchFactory(item=item)
    notice = NoticeFactory(item=item, kind=Notice.Kind.CORRECTION)
    confirmations = {}
    for scope in ("province", "city", "neighbour", "foreign"):
        request = RequestFactory(
            dispatch=dispatch,
            organisation=getattr(network, scope),
            status=ContentRequest.Status.ACCEPTED,
        )
        confirmations[scope] = NoticeConfirmationFactory(
            notice=notice, request=request, screenshot=ContentFile(MATRIX_PNG, name="layar.png")
        )
    public = ContentItemFactory(approved=True, is_public=True, owner=network.kpk)
    renditions = {}
    for key, shown in (("approved", item), ("public", public)):
        asset = AssetFactory(item=shown, kind="image", content_type="image/png")
        renditions[key] = Rendition.objects.create(
            asset=asset,
            name=Rendition.Name.THUMBNAIL,
            file=ContentFile(MATRIX_PNG, name="thumbnail.png"),
            content_type="image/png",
            width=1,
            height=1,
            size=len(MATRIX_PNG),
        )
    sent = {"items": {"approved": item, "public": public}, "confirmations": confirmations}
    sent["renditions"] = renditions
    world._notices = sent
    return sent


def _confirmation(world, scope, role):
    key = _organisation_key(scope, role)
    return _sent(world)["confirmations"]["city" if key == "kpk" else key]


def _rendition_args(world, scope, role):
    rendition = _sent(world)["renditions"][scope]
    return [rendition.asset.item_id, rendition.asset_id, rendition.name]


def _feed_organisation(world, scope):
    return world.network.kpk if scope == "kpk" else world.network.city


# A 1x1 PNG: what the confirmations' screenshots and the thumbnails hold.
MATRIX_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de"
    "0000000c4944415408d763f8cfc000000301010018dd8db40000000049454e44ae426082"
)

ARGUMENTS.update(
    {
        "content:notice_create": lambda w, s, r: [_sent(w)["items"][s].pk],
        "content:notice_confirm": lambda w, s, r: [_confirmation(w, s, r).pk],
        "content:notice_screenshot": lambda w, s, r: [_confirmation(w, s, r).pk],
        "content:feed_atom": lambda w, s, r: [_feed_organisation(w, s).pk],
        "content:feed_json": lambda w, s, r: [_feed_organisation(w, s).pk],
    }
)
NOTICE_PAYLOADS = {
    "content:notice_create": {"kind": "correction", "reason": "Nomor pengaduan diperbarui."},
    "content:notice_confirm": {"proof_url": "https://www.instagram.com/p/koreksi/"},
}


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
    if row_.name == "content:item_create":
        owner = getattr(world.network, OWN[role])
        origin = "kpk" if owner.is_kpk else "partner"
        return {"title": "Konten Baru", "kind": "image", "origin": origin, "language": "id"} | {
            "owner": owner.pk
        }
    if row_.name == "content:item_update":
        item = _content_item(world, row_.scope, role)
        return {"title": "Judul Baru", "kind": item.kind, "origin": item.origin, "language": "id"}
    if row_.name == "content:asset_add":
        return {"external_url": "https://www.youtube.com/watch?v=matriks"}

    if row_.name == "content:transition":
        return {"to": "archived"}
    if row_.name == "content:comment":
        return {"body": "Mohon ditinjau."}
    if row_.name == "content:request_schedule":
        planned = timezone.localtime() + timedelta(days=2)
        return {"scheduled_for": planned.strftime("%Y-%m-%dT%H:%M")}
    if row_.name in NOTICE_PAYLOADS:
        return NOTICE_PAYLOADS[row_.name]
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
