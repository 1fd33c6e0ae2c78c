"""The content package: every file and size of an item, its captions and links, as one ZIP."""

import io
import zipfile

import pytest
from django.core.files.base import ContentFile

from content import packages
from content.models import Asset, ContentItem
from tests.content.library import every_rendition, image_asset, item_of, url
from tests.content.media import MP4
from tests.factories import AssetFactory, CaptionFactory
from tests.helpers import finish

Status = ContentItem.Status


def stored(field_file) -> bytes:
    with field_file.open("rb") as file:
        return file.read()


def zip_of(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


@pytest.fixture
def item(network, media):
    """An approved KPK public service ad with a poster (in every size), a video, a PDF, a
    video link and two captions."""
    item = item_of(
        network.kpk,
        title="ILM Tolak Gratifikasi",
        kind=ContentItem.Kind.PUBLIC_SERVICE_AD,
        description="Iklan layanan masyarakat tentang gratifikasi.",
        hashtags="#TolakGratifikasi #KPK",
        status=Status.APPROVED,
    )
    poster = image_asset(item, name="poster.png")
    every_rendition(poster)
    AssetFactory(
        item=item,
        kind=Asset.Kind.VIDEO,
        file=ContentFile(MP4, name="file.mp4"),
        original_name="ilm.mp4",
        content_type="video/mp4",
        size=len(MP4),
    )
    AssetFactory(item=item, original_name="naskah.pdf")
    AssetFactory(item=item, link=True)
    CaptionFactory(item=item, platform="instagram", text="Tolak gratifikasi! #KPK")
    CaptionFactory(item=item, platform="x", text="Laporkan gratifikasi ke KPK.")
    return item


def test_package_holds_every_file_every_size_the_captions_and_the_links(network, client_as, item):
    response = client_as(network.partner_operator).get(url("package", item.pk))

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/zip"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="ilm-tolak-gratifikasi.zip"'
    )
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "private, no-store"
    archive = zip_of(response)
    assert archive.testzip() is None
    assert sorted(archive.namelist()) == [
        "captions.txt",
        "ilm.mp4",
        "naskah.pdf",
        "poster.png",
        "sizes/poster-link_card.jpg",
        "sizes/poster-square.jpg",
        "sizes/poster-story.jpg",
        "sizes/poster-thumbnail.jpg",
        "video-links.txt",
    ]
    assets = {asset.original_name: asset for asset in item.assets.exclude(file="")}
    for name, asset in assets.items():
        assert archive.read(name) == stored(asset.file), name
    for rendition in assets["poster.png"].renditions.all():
        assert archive.read(f"sizes/poster-{rendition.name}.jpg") == stored(rendition.file)
    assert archive.read("video-links.txt").decode() == "https://www.youtube.com/watch?v=kpk-ilm\n"


def test_package_captions_text_carries_title_description_hashtags_and_each_platform(
    network, client_as, item
):
    response = client_as(network.partner_operator).get(url("package", item.pk))

    text = zip_of(response).read("captions.txt").decode()
    assert text == (
        "ILM Tolak Gratifikasi\n"
        "=====================\n"
        "\n"
        "Iklan layanan masyarakat tentang gratifikasi.\n"
        "\n"
        "Hashtags: #TolakGratifikasi #KPK\n"
        "\n"
        "[Instagram]\n"
        "Tolak gratifikasi! #KPK\n"
        "\n"
        "[X (Twitter)]\n"
        "Laporkan gratifikasi ke KPK.\n"
    )


def test_package_captions_read_in_the_users_language(network, client_as, item):
    network.partner_operator.language = "id"
    network.partner_operator.save()

    response = client_as(network.partner_operator).get(url("package", item.pk))

    assert "Tagar: #TolakGratifikasi #KPK" in zip_of(response).read("captions.txt").decode()


def test_package_media_is_stored_and_text_compressed(network, client_as, item):
    archive = zip_of(client_as(network.kpk_staff).get(url("package", item.pk)))

    methods = {info.filename: info.compress_type for info in archive.infolist()}
    assert methods["ilm.mp4"] == zipfile.ZIP_STORED
    assert methods["sizes/poster-square.jpg"] == zipfile.ZIP_STORED
    assert methods["captions.txt"] == zipfile.ZIP_DEFLATED


def test_package_is_written_to_a_temporary_file_on_disk(item):
    archive = packages.build_package(item)
    try:
        # A real file (it has a descriptor), not bytes held in memory.
        assert archive.fileno() >= 0
        assert not isinstance(archive, io.BytesIO)
        assert archive.tell() == 0
        assert zipfile.ZipFile(archive).testzip() is None
    finally:
        archive.close()


def test_package_same_file_names_are_kept_apart(network, client_as, media):
    item = item_of(network.kpk)
    image_asset(item, name="poster.png")
    image_asset(item, name="poster.png")

    archive = zip_of(client_as(network.kpk_staff).get(url("package", item.pk)))

    assert sorted(archive.namelist()) == ["captions.txt", "poster-2.png", "poster.png"]
    assert "No captions suggested." in archive.read("captions.txt").decode()


@pytest.mark.parametrize(
    ("role", "owner", "fields", "expected"),
    [
        ("partner_operator", "city", {}, 200),
        ("partner_operator", "foreign", {}, 404),
        ("province_manager", "city", {}, 404),
        ("partner_operator", "kpk", {}, 404),
        ("partner_operator", "kpk", {"status": Status.APPROVED}, 200),
        ("kpk_staff", "foreign", {}, 200),
        ("anonymous", "kpk", {"status": Status.APPROVED}, 404),
        ("anonymous", "kpk", {"status": Status.APPROVED, "is_public": True}, 200),
        ("anonymous", "kpk", {"status": Status.DRAFT, "is_public": True}, 404),
    ],
)
def test_package_access(network, client, media, role, owner, fields, expected):
    item = item_of(getattr(network, owner), **fields)
    AssetFactory(item=item)
    if role != "anonymous":
        client.force_login(getattr(network, role))

    response = client.get(url("package", item.pk))

    finish(response)
    assert response.status_code == expected
    if expected == 404:
        assert item.title not in response.content.decode()


def test_package_of_an_unknown_item_is_not_found(network, client_as):
    assert client_as(network.kpk_manager).get(url("package", 999999)).status_code == 404
