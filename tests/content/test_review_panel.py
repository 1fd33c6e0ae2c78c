"""KPK's "Submissions to review" panel on the home page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from content.models import ContentItem, ItemVersion
from tests.factories import ContentItemFactory, ItemVersionFactory
from tests.helpers import count_queries

HOME = reverse("home")


def panel_of(response):
    shown = {shown.code: shown.context for shown in response.context["panels"]}
    return shown.get("content.submissions")


def waiting(title, *, days_ago, owner=None):
    """A partner's item submitted ``days_ago`` days ago (its latest version's date)."""
    item = ContentItemFactory(
        partner=True,
        status=ContentItem.Status.SUBMITTED,
        title=title,
        **({"owner": owner} if owner else {}),
    )
    now = timezone.now()
    # Its first submission was sent back; the latest one says since when the item waits.
    for number, days in ((1, days_ago + 30), (2, days_ago)):
        version = ItemVersionFactory(item=item, number=number)
        ItemVersion.objects.filter(pk=version.pk).update(created_at=now - timedelta(days=days))
    return item


@pytest.mark.parametrize("role", ["kpk_manager", "kpk_staff", "administrator"])
def test_kpk_sees_the_submissions_waiting_the_longest_first(network, client_as, role):
    waiting("Kemarin", days_ago=1)
    waiting("Seminggu lalu", days_ago=7)
    waiting("Tiga hari lalu", days_ago=3)
    ContentItemFactory(partner=True, title="Masih draf")
    ContentItemFactory(partner=True, status=ContentItem.Status.APPROVED, title="Sudah disetujui")

    response = client_as(getattr(network, role)).get(HOME)

    panel = panel_of(response)
    assert panel["count"] == 3
    assert [item.title for item in panel["oldest"]] == [
        "Seminggu lalu",
        "Tiga hari lalu",
        "Kemarin",
    ]
    assert panel["list_url"] == f"{reverse('content:library')}?status=submitted"
    content = response.content.decode()
    assert 'data-testid="panel-content-submissions"' in content
    assert reverse("content:item_detail", args=[panel["oldest"][0].pk]) in content


def test_the_panel_shows_the_oldest_five_and_counts_all(network, client_as):
    for days in range(8):
        waiting(f"Konten {days}", days_ago=days)

    panel = panel_of(client_as(network.kpk_staff).get(HOME))

    assert panel["count"] == 8
    assert [item.title for item in panel["oldest"]] == [f"Konten {d}" for d in (7, 6, 5, 4, 3)]


def test_the_panel_says_when_nothing_waits(network, client_as):
    response = client_as(network.kpk_manager).get(HOME)

    assert panel_of(response)["count"] == 0
    assert 'data-testid="submissions-nothing"' in response.content.decode()


@pytest.mark.parametrize("role", ["partner_manager", "partner_operator", "province_manager"])
def test_partners_do_not_get_the_panel(network, client_as, role):
    waiting("Konten mitra", days_ago=2, owner=network.city)

    response = client_as(getattr(network, role)).get(HOME)

    assert panel_of(response) is None
    assert "panel-content-submissions" not in response.content.decode()


def test_the_panel_queries_do_not_grow_with_submissions(network, client_as):
    client = client_as(network.kpk_staff)
    for days in range(2):
        waiting(f"Sedikit {days}", days_ago=days)
    few = count_queries(lambda: client.get(HOME))

    for days in range(20):
        waiting(f"Banyak {days}", days_ago=days)
    many = count_queries(lambda: client.get(HOME))

    assert few == many
