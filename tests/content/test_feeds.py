"""A partner organisation's public feeds (Atom and JSON Feed 1.1) of the content it accepted."""

import json
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from content import selectors, services
from content.models import Asset, ContentItem, Notice, Rendition, Request, Theme
from tests.content.test_images import png
from tests.factories import (
    AssetFactory,
    ContentItemFactory,
    DispatchFactory,
    OrganisationFactory,
    RequestFactory,
)

Status = Request.Status
ATOM = "{http://www.w3.org/2005/Atom}"
NOW = timezone.now()


def atom_url(organisation):
    return reverse("content:feed_atom", args=[organisation.pk])


def json_url(organisation):
    return reverse("content:feed_json", args=[organisation.pk])


def sent_to(organisation, status=Status.ACCEPTED, *, accepted_at=None, **item_fields):
    """A KPK item (public and approved unless told otherwise) sent to ``organisation``."""
    fields = {"approved": True, "is_public": True, **item_fields}
    item = ContentItemFactory(**fields)
    extra = {"decline_reason": "Kanal kami sedang dalam perbaikan."} if status == "declined" else {}
    RequestFactory(
        dispatch=DispatchFactory(item=item),
        organisation=organisation,
        status=status,
        responded_at=accepted_at or NOW - timedelta(days=1),
        **extra,
    )
    return item


def with_thumbnail(item):
    asset = AssetFactory(
        item=item,
        kind=Asset.Kind.IMAGE,
        file=ContentFile(png(), name="gambar.png"),
        content_type="image/png",
    )
    Rendition.objects.create(
        asset=asset,
        name=Rendition.Name.THUMBNAIL,
        file=ContentFile(png(), name="thumbnail.png"),
        content_type="image/png",
        width=40,
        height=20,
        size=len(png()),
    )
    return asset


def atom_entries(response):
    root = ET.fromstring(response.content)
    return root, root.findall(f"{ATOM}entry")


@pytest.fixture
def city(network):
    return network.city


@pytest.fixture
def shown(city, media):
    """Two entries of Kota Palembang's feed (newest first), the first with themes and a picture."""
    newest = sent_to(
        city,
        Status.PUBLISHED,
        accepted_at=NOW - timedelta(hours=2),
        title="Infografis Gratifikasi",
        description="Kenali gratifikasi <b>dan</b> laporkan.",
    )
    newest.themes.set(Theme.objects.filter(slug__in=["gratifikasi"]))
    asset = with_thumbnail(newest)
    older = sent_to(city, accepted_at=NOW - timedelta(days=3), title="ILM Jujur Itu Hebat")
    return newest, older, asset


def test_feed_atom_carries_the_public_content_the_organisation_accepted(
    anonymous_client, city, shown
):
    newest, _older, asset = shown

    response = anonymous_client.get(atom_url(city))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    root, entries = atom_entries(response)
    assert root.findtext(f"{ATOM}title") == "Konten antikorupsi · Diskominfo Kota Palembang"
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == [
        "Infografis Gratifikasi",
        "ILM Jujur Itu Hebat",
    ]
    first = entries[0]
    item_link = f"http://testserver{reverse('content:item_detail', args=[newest.pk])}"
    assert first.find(f"{ATOM}link[@rel='alternate']").get("href") == item_link
    assert first.findtext(f"{ATOM}id") == item_link
    # The summary is HTML: the description's text, escaped, so a reader shows it as written.
    assert first.findtext(f"{ATOM}summary") == "Kenali gratifikasi &lt;b&gt;dan&lt;/b&gt; laporkan."
    assert [c.get("term") for c in first.findall(f"{ATOM}category")] == ["Gratifikasi"]
    published = parse_datetime(first.findtext(f"{ATOM}published"))
    assert abs(published - (NOW - timedelta(hours=2))) < timedelta(seconds=1)
    enclosure = first.find(f"{ATOM}link[@rel='enclosure']")
    assert enclosure.get("href") == "http://testserver" + reverse(
        "content:rendition", args=[newest.pk, asset.pk, "thumbnail"]
    )
    assert enclosure.get("type") == "image/png"
    assert entries[1].find(f"{ATOM}link[@rel='enclosure']") is None


def test_feed_json_is_a_json_feed_of_the_same_entries(anonymous_client, city, shown):
    newest, _older, asset = shown

    response = anonymous_client.get(json_url(city))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/feed+json; charset=utf-8"
    feed = json.loads(response.content)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"] == "Konten antikorupsi · Diskominfo Kota Palembang"
    assert feed["feed_url"] == f"http://testserver{json_url(city)}"
    assert feed["language"] == "id"
    first, second = feed["items"]
    item_link = f"http://testserver{reverse('content:item_detail', args=[newest.pk])}"
    assert first == {
        "id": item_link,
        "url": item_link,
        "title": "Infografis Gratifikasi",
        "content_text": "Kenali gratifikasi <b>dan</b> laporkan.",
        "summary": "Kenali gratifikasi <b>dan</b> laporkan.",
        "date_published": first["date_published"],
        "date_modified": first["date_modified"],
        "tags": ["Gratifikasi"],
        "image": "http://testserver"
        + reverse("content:rendition", args=[newest.pk, asset.pk, "thumbnail"]),
    }
    published = parse_datetime(first["date_published"])
    assert abs(published - (NOW - timedelta(hours=2))) < timedelta(seconds=1)
    assert second["title"] == "ILM Jujur Itu Hebat"
    assert "image" not in second


def test_feed_leaves_out_what_is_not_public_or_not_accepted(anonymous_client, network, city, shown):
    left_out = [
        sent_to(city, title="Privat", is_public=False),
        sent_to(city, title="Draf", approved=False),
        sent_to(city, title="Embargo", not_before=NOW + timedelta(days=1)),
        sent_to(city, title="Kedaluwarsa", not_after=NOW - timedelta(minutes=1)),
        sent_to(city, Status.DECLINED, title="Ditolak"),
        sent_to(city, Status.REQUESTED, title="Belum dijawab"),
        sent_to(network.foreign, title="Milik Medan"),
    ]

    atom = anonymous_client.get(atom_url(city))
    feed = json.loads(anonymous_client.get(json_url(city)).content)

    _root, entries = atom_entries(atom)
    expected = ["Infografis Gratifikasi", "ILM Jujur Itu Hebat"]
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == expected
    assert [item["title"] for item in feed["items"]] == expected
    assert len(left_out) == 7


def test_feed_carries_no_private_data(anonymous_client, network, city, shown):
    newest, _older, _asset = shown
    Request.objects.filter(item=newest).update(assignee=network.partner_operator)
    services.update_item(newest, description="Kenali gratifikasi.", by=network.kpk_staff)
    sent_to(city, Status.DECLINED, title="Ditolak")

    for url in (atom_url(city), json_url(city)):
        body = anonymous_client.get(url).content.decode()
        for private in (
            network.partner_operator.full_name,
            network.partner_operator.email,
            network.kpk_staff.email,
            network.kpk_staff.full_name,
            "Kanal kami sedang dalam perbaikan.",
            "status",
            "accepted",
            "declined",
            "verified",
            "Ditolak",
        ):
            assert private not in body, (url, private)


def test_feed_embargoed_item_appears_once_the_embargo_ends(anonymous_client, city, shown):
    ended = NOW - timedelta(minutes=30)
    sent_to(city, title="Rilis Pers", not_before=ended, accepted_at=NOW - timedelta(days=5))

    feed = json.loads(anonymous_client.get(json_url(city)).content)

    first = feed["items"][0]
    assert first["title"] == "Rilis Pers"
    assert abs(parse_datetime(first["date_published"]) - ended) < timedelta(seconds=1)


def test_feed_withdrawn_item_drops_out(anonymous_client, network, city, shown):
    newest, _older, _asset = shown

    services.issue_notice(
        newest, kind=Notice.Kind.WITHDRAWAL, reason="Data keliru.", by=network.kpk_staff
    )

    feed = json.loads(anonymous_client.get(json_url(city)).content)
    assert [item["title"] for item in feed["items"]] == ["ILM Jujur Itu Hebat"]


def test_feed_carries_at_most_the_latest_entries(anonymous_client, city, shown, monkeypatch):
    monkeypatch.setattr(selectors, "FEED_LIMIT", 1)

    feed = json.loads(anonymous_client.get(json_url(city)).content)

    assert [item["title"] for item in feed["items"]] == ["Infografis Gratifikasi"]


def test_feed_forwarded_to_a_press_partner_is_in_the_outlet_feed(anonymous_client, network):
    item = sent_to(network.province, Status.PUBLISHED, title="ILM Antikorupsi")
    RequestFactory(
        dispatch=item.dispatches.get(),
        organisation=network.provincial_media,
        forwarded_from=item.requests.get(),
        status=Status.PUBLISHED,
    )

    feed = json.loads(anonymous_client.get(json_url(network.provincial_media)).content)

    assert [entry["title"] for entry in feed["items"]] == ["ILM Antikorupsi"]


@pytest.mark.parametrize("url_of", [atom_url, json_url], ids=["atom", "json"])
def test_feed_is_public_and_cacheable(anonymous_client, city, shown, url_of):
    response = anonymous_client.get(url_of(city))

    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert cache_control == {"public", "max-age=300"}
    assert response["ETag"]
    assert response["Last-Modified"]


@pytest.mark.parametrize("url_of", [atom_url, json_url], ids=["atom", "json"])
def test_feed_is_the_same_for_a_signed_in_visitor(client, network, city, shown, url_of):
    anonymous = client.get(url_of(city))
    client.force_login(network.kpk_manager)

    signed_in = client.get(url_of(city))

    assert signed_in.content == anonymous.content
    assert signed_in["Cache-Control"] == anonymous["Cache-Control"]


@pytest.mark.parametrize("url_of", [atom_url, json_url], ids=["atom", "json"])
def test_feed_answers_304_while_nothing_changed(anonymous_client, network, city, shown, url_of):
    first = anonymous_client.get(url_of(city))

    again = anonymous_client.get(url_of(city), HTTP_IF_NONE_MATCH=first["ETag"])
    sent_to(city, title="Konten Baru", accepted_at=NOW)
    changed = anonymous_client.get(url_of(city), HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert again.content == b""
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]


def test_feed_last_modified_moves_when_an_entry_leaves(network, city, shown):
    newest, _older, _asset = shown
    before = selectors.feed_last_modified(city)

    services.issue_notice(
        newest, kind=Notice.Kind.WITHDRAWAL, reason="Data keliru.", by=network.kpk_staff
    )

    assert selectors.feed_last_modified(city) > before


@pytest.mark.parametrize("url_of", [atom_url, json_url], ids=["atom", "json"])
def test_feed_queries_do_not_grow_with_entries(anonymous_client, city, shown, url_of):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert anonymous_client.get(url_of(city)).status_code == 200
        return len(captured.captured_queries)

    few = queries()
    for number in range(12):
        item = sent_to(city, title=f"Konten {number:02}")
        item.themes.set(Theme.objects.all()[:2])
        with_thumbnail(item)

    assert queries() == few


@pytest.mark.parametrize("url_of", [atom_url, json_url], ids=["atom", "json"])
def test_feed_of_kpk_unknown_or_inactive_organisation_is_not_found(
    anonymous_client, network, url_of
):
    inactive = OrganisationFactory(name="Diskominfo Lama", is_active=False)
    sent_to(inactive)
    unknown = OrganisationFactory.build(pk=999_999)

    for organisation in (network.kpk, inactive, unknown):
        assert anonymous_client.get(url_of(organisation)).status_code == 404


def test_organisation_page_links_its_feeds(client_as, network):
    page = client_as(network.partner_operator).get(
        reverse("partnerships:organisation_detail", args=[network.city.pk])
    )
    kpk_page = client_as(network.kpk_staff).get(
        reverse("partnerships:organisation_detail", args=[network.kpk.pk])
    )

    html = page.content.decode()
    assert f'type="application/atom+xml" href="{atom_url(network.city)}"' in html
    assert f'type="application/feed+json" href="{json_url(network.city)}"' in html
    assert f'<a href="{atom_url(network.city)}">' in html
    assert 'data-testid="feeds"' not in kpk_page.content.decode()
    assert atom_url(network.kpk) not in kpk_page.content.decode()


def test_feed_item_link_opens_the_public_page_anonymously(anonymous_client, city, shown):
    newest, _older, asset = shown

    page = anonymous_client.get(reverse("content:item_detail", args=[newest.pk]))
    thumbnail = anonymous_client.get(
        reverse("content:rendition", args=[newest.pk, asset.pk, "thumbnail"])
    )

    assert page.status_code == 200
    assert thumbnail.status_code == 200
    assert b"".join(thumbnail.streaming_content).startswith(b"\x89PNG")


def test_feed_content_item_status_is_what_public_filter_says(city, shown):
    # The feed's rule is the library's: an item leaves the feed when it leaves public view.
    newest, _older, _asset = shown
    ContentItem.objects.filter(pk=newest.pk).update(is_public=False)

    assert [item.title for item in selectors.feed_items(city)] == ["ILM Jujur Itu Hebat"]


@pytest.mark.parametrize("url_of", [atom_url, json_url], ids=["atom", "json"])
def test_feed_is_read_only(anonymous_client, city, shown, url_of):
    assert anonymous_client.post(url_of(city)).status_code == 405
    assert anonymous_client.head(url_of(city)).status_code == 200
