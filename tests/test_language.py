"""No English on Indonesian pages: every page a role can open, read as an Indonesian speaker.

The pages are those of the permission matrix (each row a role may open, as every such role), the
allauth pages people meet and the Django admin. The visible text (and what assistive technology
reads: titles, labels, placeholders) is searched for English words that never occur in
Indonesian text. The list is short on purpose: words our pages, Django, django-filter and allauth
show when a translation is missing. Add a word when a page is found speaking English.
"""

import re
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.urls import reverse

from tests import test_permission_matrix as matrix
from tests.helpers import admin_changelist

world = matrix.world

ENGLISH = [
    "Select an option",
    "---------",
    "Your password",
    "password",
    "Password",
    "This field is required",
    "Required",
    "required",
    "digests",
    "Filter",
    "Search",
    "Save",
    "Delete",
    "by kind",
    "By kind",
    "By status",
    "by status",
    "All",
    "Any",
    "Yes",
    "Unknown",
    "Forgot",
    "Sign in",
    "Sign In",
    "Reset",
    "Change",
    "Add",
    "View site",
    "Log out",
    "Welcome",
    "Home",
    "Action",
    "Go",
    "selected",
    "results",
    "the",
    "your",
    "you",
    "and",
    "with",
    "of",
    "to",
]
_ENGLISH = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, ENGLISH)) + r")(?![\w-])")
READ_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt"}
SILENT_TAGS = {"script", "style", "code", "pre"}


class _VisibleText(HTMLParser):
    def __init__(self):
        super().__init__()
        self.chunks = []
        self._silent = 0

    def handle_starttag(self, tag, attrs):
        if tag in SILENT_TAGS:
            self._silent += 1
        self.chunks += [value for name, value in attrs if name in READ_ATTRIBUTES and value]
        if tag == "input" and dict(attrs).get("type") in ("submit", "button"):
            self.chunks.append(dict(attrs).get("value") or "")

    def handle_endtag(self, tag):
        if tag in SILENT_TAGS:
            self._silent -= 1

    def handle_data(self, data):
        if not self._silent and data.strip():
            self.chunks.append(data.strip())


def english_in(html: str) -> list[str]:
    """The chunks of visible text of ``html`` that hold a word of ENGLISH."""
    parser = _VisibleText()
    parser.feed(html)
    return [chunk for chunk in parser.chunks if _ENGLISH.search(chunk)]


# Downloads and data for scripts, not pages.
NOT_PAGES = {
    "agreements:document",
    "agreements:export_csv",
    "agreements:export_xlsx",
    "agreements:organisation_search",
    "agreements:party_search",
    "agreements:agreement_search",
    "agreements:scope_item_options",
    # A fragment the detail page appends ("show older entries"), not a page.
    "agreements:history",
    # The content library's files and package (branch "library").
    "content:asset_download",
    "content:rendition",
    "content:package",
    # Content's files and public feeds (branch notices).
    "content:rendition",
    "content:notice_screenshot",
    "content:feed_atom",
    "content:feed_json",
}
# dissem branch: a proof's screenshot is an image.
NOT_PAGES.add("content:proof_screenshot")


def _matrix_pages():
    seen = set()
    for row in matrix.MATRIX:
        if row.method != "GET" or row.name in NOT_PAGES or (row.name, row.scope) in seen:
            continue
        seen.add((row.name, row.scope))
        for role, outcome in row.expected.items():
            if outcome == matrix.OK:
                yield pytest.param(row, role, id=f"{row.id}-{role}")


@pytest.mark.parametrize(("row", "role"), list(_matrix_pages()))
def test_page_speaks_indonesian(client, world, row, role):
    if role != "anonymous":
        client.force_login(getattr(world.network, role))
    path = matrix._path(world, row, role)

    response = client.get(path)

    assert response.status_code == 200
    assert english_in(response.content.decode()) == [], path


ALLAUTH_PAGES = [
    ("anonymous", "account_login"),
    ("anonymous", "account_reset_password"),
    ("anonymous", "account_reset_password_done"),
    ("partner_manager", "account_change_password"),
    ("partner_manager", "account_email"),
    ("partner_manager", "account_logout"),
    ("partner_manager", "mfa_index"),
    ("partner_manager", "account_reauthenticate"),
    ("kpk_manager", "mfa_index"),
]


@pytest.mark.parametrize(("role", "name"), ALLAUTH_PAGES)
def test_allauth_page_speaks_indonesian(client, world, role, name):
    if role != "anonymous":
        client.force_login(getattr(world.network, role))

    response = client.get(reverse(name))

    assert response.status_code == 200
    assert english_in(response.content.decode()) == []


def test_password_reset_link_page_speaks_indonesian(client, db):
    response = client.get(reverse("account_reset_password_from_key", args=["x", "set-password"]))

    assert response.status_code == 200
    assert english_in(response.content.decode()) == []


ADMIN_MODELS = sorted(
    admin.site._registry, key=lambda model: (model._meta.app_label, model._meta.model_name)
)


def test_admin_index_speaks_indonesian(client, world):
    client.force_login(world.network.administrator)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert english_in(response.content.decode()) == []


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda model: model._meta.label)
def test_admin_changelist_speaks_indonesian(client, world, model):
    client.force_login(world.network.administrator)

    response = client.get(admin_changelist(model))

    assert response.status_code == 200
    assert english_in(response.content.decode()) == []


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda model: model._meta.label)
def test_admin_add_form_speaks_indonesian(client, world, model):
    client.force_login(world.network.administrator)
    opts = model._meta

    response = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))

    if response.status_code == 403:  # the admin adds none of these (history, outbox, …)
        return
    assert response.status_code == 200
    assert english_in(response.content.decode()) == []


def test_admin_sections_have_distinct_names(client, world):
    client.force_login(world.network.administrator)

    apps = client.get(reverse("admin:index")).context["app_list"]

    names = [app["name"] for app in apps]
    assert len(names) == len(set(names)), names


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda model: model._meta.label)
def test_admin_filters_have_distinct_titles(client, world, model):
    client.force_login(world.network.administrator)

    response = client.get(admin_changelist(model))

    titles = [str(spec.title) for spec in response.context["cl"].filter_specs]
    assert len(titles) == len(set(titles)), titles
