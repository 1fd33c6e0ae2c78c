"""Files of the library leave only through the access-checked downloads, never run or sniffed."""

from datetime import timedelta

import pytest
from django.utils import timezone

from content.models import ContentItem
from tests.content.library import image_asset, item_of, joint_item, rendition_of, url
from tests.factories import AssetFactory
from tests.helpers import finish

Status = ContentItem.Status
PDF = b"%PDF-1.7\n%%EOF\n"


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def stored(field_file) -> bytes:
    with field_file.open("rb") as file:
        return file.read()


def disposition(response) -> str:
    return response.headers["Content-Disposition"].split(";")[0]


@pytest.fixture
def pdf(network, media):
    """A PDF of a Palembang draft."""
    return AssetFactory(item=item_of(network.city, title="Draf Palembang"), original_name="a.pdf")


def test_asset_download_pdf_is_an_attachment_that_is_neither_sniffed_nor_cached(
    network, client_as, pdf
):
    response = client_as(network.partner_operator).get(url("asset_download", pdf.item_id, pdf.pk))

    assert response.status_code == 200
    assert body(response) == PDF
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"] == 'attachment; filename="a.pdf"'
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "private, no-store"
    assert "sandbox" in response.headers["Content-Security-Policy"]


def test_asset_download_raster_image_may_be_shown_inline(network, client_as, media):
    item = item_of(network.kpk)
    asset = image_asset(item, name="poster.png")

    response = client_as(network.kpk_staff).get(url("asset_download", item.pk, asset.pk))

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "image/png"
    assert disposition(response) == "inline"
    assert body(response) == stored(asset.file)


@pytest.mark.parametrize(
    "content_type", ["image/svg+xml", "text/html", "application/xhtml+xml", "video/mp4", ""]
)
def test_asset_download_anything_but_a_raster_image_is_an_attachment(
    network, client_as, media, content_type
):
    # Uploads are recognised by content and SVG or HTML are refused; a row that says otherwise
    # (an administrator's fix, an older upload) is still never shown in the browser.
    item = item_of(network.kpk)
    asset = AssetFactory(item=item, content_type=content_type, original_name="logo.svg")

    response = client_as(network.kpk_staff).get(url("asset_download", item.pk, asset.pk))

    finish(response)
    assert disposition(response) == "attachment"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert not response.headers["Content-Type"].startswith(("image/svg", "text/html"))


@pytest.mark.parametrize(
    ("role", "owner", "status", "expected"),
    [
        # The owner's members, KPK and administrators reach a draft; nobody else learns of it.
        ("partner_operator", "city", Status.DRAFT, 200),
        ("partner_manager", "city", Status.DRAFT, 200),
        ("kpk_staff", "city", Status.DRAFT, 200),
        ("administrator", "foreign", Status.DRAFT, 200),
        ("partner_operator", "foreign", Status.DRAFT, 404),
        ("province_manager", "city", Status.DRAFT, 404),
        ("partner_operator", "kpk", Status.DRAFT, 404),
        # What is approved is for the whole network.
        ("partner_operator", "kpk", Status.APPROVED, 200),
        ("province_manager", "foreign", Status.APPROVED, 200),
    ],
)
def test_asset_download_permission_matrix(network, client_as, media, role, owner, status, expected):
    item = item_of(getattr(network, owner), status=status)
    asset = AssetFactory(item=item)

    response = client_as(getattr(network, role)).get(url("asset_download", item.pk, asset.pk))

    finish(response)
    assert response.status_code == expected


def test_asset_download_co_producer_reaches_the_joint_draft(network, client_as, media):
    item = joint_item(network.foreign, network.city)
    asset = AssetFactory(item=item)

    response = client_as(network.partner_operator).get(url("asset_download", item.pk, asset.pk))

    finish(response)
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"status": Status.APPROVED, "is_public": True}, 200),
        ({"status": Status.APPROVED, "is_public": False}, 404),
        ({"status": Status.DRAFT, "is_public": True}, 404),
        (
            {
                "status": Status.APPROVED,
                "is_public": True,
                "not_before": timezone.now() + timedelta(days=1),
            },
            404,
        ),
        (
            {
                "status": Status.APPROVED,
                "is_public": True,
                "not_after": timezone.now() - timedelta(days=1),
                "not_before": timezone.now() - timedelta(days=10),
            },
            404,
        ),
    ],
    ids=["public", "private", "public-draft", "embargoed", "expired"],
)
def test_asset_download_without_an_account_only_public_approved_in_its_window(
    network, anonymous_client, media, fields, expected
):
    item = item_of(network.kpk, **fields)
    asset = AssetFactory(item=item)

    response = anonymous_client.get(url("asset_download", item.pk, asset.pk))

    finish(response)
    assert response.status_code == expected
    if expected == 200:
        assert response.headers["Cache-Control"] == "public, max-age=300"


def test_asset_download_public_item_signed_in_is_still_not_stored(network, client_as, media):
    item = item_of(network.kpk, status=Status.APPROVED, is_public=True)
    asset = AssetFactory(item=item)

    response = client_as(network.partner_operator).get(url("asset_download", item.pk, asset.pk))

    finish(response)
    assert response.headers["Cache-Control"] == "private, no-store"


def test_asset_download_asset_of_another_item_is_not_found(network, client_as, media):
    mine = item_of(network.city)
    foreign = AssetFactory(item=item_of(network.foreign))

    response = client_as(network.partner_operator).get(url("asset_download", mine.pk, foreign.pk))

    assert response.status_code == 404


def test_asset_download_of_a_video_link_is_not_found(network, client_as, media):
    item = item_of(network.kpk)
    link = AssetFactory(item=item, link=True)

    assert (
        client_as(network.kpk_staff).get(url("asset_download", item.pk, link.pk)).status_code == 404
    )


def test_rendition_is_shown_inline_with_a_name_of_its_own(network, client_as, media):
    item = item_of(network.kpk, status=Status.APPROVED)
    asset = image_asset(item, name="poster.png")
    square = rendition_of(asset, "square")

    response = client_as(network.partner_operator).get(
        url("rendition", item.pk, asset.pk, "square")
    )

    assert response.status_code == 200
    assert body(response) == stored(square.file)
    assert response.headers["Content-Type"] == "image/jpeg"
    assert response.headers["Content-Disposition"] == 'inline; filename="poster-square.jpg"'
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("name", ["original", "thumbnail"])
def test_rendition_unknown_or_not_made_is_not_found(network, client_as, media, name):
    item = item_of(network.kpk)
    asset = image_asset(item)
    rendition_of(asset, "square")

    response = client_as(network.kpk_staff).get(url("rendition", item.pk, asset.pk, name))

    assert response.status_code == 404


def test_rendition_of_a_draft_out_of_reach_is_not_found(network, client_as, media):
    item = item_of(network.foreign)
    asset = image_asset(item)
    rendition_of(asset)

    response = client_as(network.partner_operator).get(
        url("rendition", item.pk, asset.pk, "thumbnail")
    )

    assert response.status_code == 404


def test_rendition_of_an_asset_of_another_item_is_not_found(network, client_as, media):
    mine = item_of(network.kpk)
    other = image_asset(item_of(network.kpk))
    rendition_of(other)

    response = client_as(network.kpk_staff).get(url("rendition", mine.pk, other.pk, "thumbnail"))

    assert response.status_code == 404


def test_rendition_of_a_public_item_without_an_account(network, anonymous_client, media):
    item = item_of(network.kpk, status=Status.APPROVED, is_public=True)
    asset = image_asset(item)
    rendition_of(asset)

    response = anonymous_client.get(url("rendition", item.pk, asset.pk, "thumbnail"))

    finish(response)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=300"
