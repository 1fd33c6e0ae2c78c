"""Who may see, make and change content, and download its files, for each role."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from content.models import ContentItem
from content.rules import visible_items
from tests.factories import AssetFactory, ContentItemFactory

ROLES = [
    "kpk_manager",
    "kpk_staff",
    "province_manager",
    "partner_manager",
    "partner_operator",
    "administrator",
]


def who_may(network, permission, obj) -> set[str]:
    return {role for role in ROLES if getattr(network, role).has_perm(permission, obj)}


@pytest.fixture
def items(network):
    """One item of each kind of reach, as the network sees them."""
    joint = ContentItemFactory(
        owner=network.kpk, origin=ContentItem.Origin.JOINT, title="ILM bersama"
    )
    joint.co_producers.set([network.city])
    return {
        "kpk_draft": ContentItemFactory(owner=network.kpk, title="Draf KPK"),
        "kpk_approved": ContentItemFactory(owner=network.kpk, approved=True, title="Perpustakaan"),
        "city_draft": ContentItemFactory(partner=True, owner=network.city, title="Draf kota"),
        "neighbour_draft": ContentItemFactory(
            partner=True, owner=network.neighbour, title="Draf tetangga"
        ),
        "joint": joint,
    }


EVERYONE = set(ROLES)
KPK = {"kpk_manager", "kpk_staff", "administrator"}
CITY = {"partner_manager", "partner_operator"}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("kpk_draft", KPK),
        ("kpk_approved", EVERYONE),
        ("city_draft", KPK | CITY),
        # A province's manager follows its regencies' organisations, not their drafts.
        ("neighbour_draft", KPK),
        ("joint", KPK | CITY),
    ],
)
def test_view_content_item_by_role(network, items, name, expected):
    assert who_may(network, "content.view_content_item", items[name]) == expected


@pytest.mark.parametrize("role", ROLES)
def test_visible_items_agrees_with_the_permission(network, items, role):
    user = getattr(network, role)

    listed = set(visible_items(user).values_list("title", flat=True))

    expected = {
        item.title for item in items.values() if user.has_perm("content.view_content_item", item)
    }
    assert listed == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("kpk_draft", KPK),
        ("kpk_approved", KPK),
        ("city_draft", CITY | {"administrator"}),
        ("neighbour_draft", {"administrator"}),
        # KPK leads this joint production; its co-producers see it but do not edit it.
        ("joint", KPK),
    ],
)
def test_change_content_item_by_role(network, items, name, expected):
    assert who_may(network, "content.change_content_item", items[name]) == expected
    assert who_may(network, "content.add_asset", items[name]) == expected
    assert who_may(network, "content.remove_asset", items[name]) == expected


def test_change_content_item_partner_item_under_review_is_not_theirs_to_change(network, items):
    item = items["city_draft"]
    item.status = ContentItem.Status.SUBMITTED

    assert who_may(network, "content.change_content_item", item) == {"administrator"}


def test_change_content_item_archived_kpk_item_is_changed_by_nobody_but_administrators(
    network, items
):
    item = items["kpk_approved"]
    item.status = ContentItem.Status.ARCHIVED

    assert who_may(network, "content.change_content_item", item) == {"administrator"}


@pytest.mark.parametrize(
    ("owner", "expected"),
    [
        ("kpk", KPK),
        ("city", CITY | {"administrator"}),
        ("province", {"province_manager", "administrator"}),
        ("foreign", {"administrator"}),
    ],
)
def test_add_content_item_for_an_owner_by_role(network, owner, expected):
    assert who_may(network, "content.add_content_item", getattr(network, owner)) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [("kpk_draft", KPK), ("kpk_approved", EVERYONE), ("city_draft", KPK | CITY)],
)
def test_download_asset_follows_who_sees_the_item(network, items, name, expected):
    asset = AssetFactory(item=items[name])

    assert who_may(network, "content.download_asset", asset) == expected


def test_download_asset_public_approved_item_is_for_anyone(network, items):
    item = items["kpk_approved"]
    item.is_public = True
    item.save()
    asset = AssetFactory(item=item)

    assert AnonymousUser().has_perm("content.download_asset", asset)
    assert AnonymousUser().has_perm("content.view_content_item", item)
    assert list(visible_items(AnonymousUser())) == [item]


@pytest.mark.parametrize(
    ("field", "days"),
    [("not_before", 1), ("not_after", -1)],
)
def test_download_asset_public_item_outside_its_window_is_not_for_anyone(
    network, items, field, days
):
    item = items["kpk_approved"]
    item.is_public = True
    setattr(item, field, timezone.now() + timedelta(days=days))
    item.save()
    asset = AssetFactory(item=item)

    assert not AnonymousUser().has_perm("content.download_asset", asset)
    assert list(visible_items(AnonymousUser())) == []
    # The network still sees it in the library.
    assert network.partner_operator.has_perm("content.download_asset", asset)


def test_download_asset_public_draft_is_not_for_anyone(network, items):
    item = items["kpk_draft"]
    item.is_public = True
    item.save()

    assert not AnonymousUser().has_perm("content.download_asset", AssetFactory(item=item))


def test_an_items_history_is_for_the_network_never_the_public(network, items):
    public = ContentItemFactory(owner=network.kpk, approved=True, is_public=True)

    assert who_may(network, "content.view_item_history", public) == set(ROLES)
    assert not AnonymousUser().has_perm("content.view_item_history", public)
    assert public in visible_items(AnonymousUser())
