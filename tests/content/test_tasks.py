"""The renditions task: the sizes platforms want, made once from the stored image."""

import pytest
from PIL import Image

from content import services, tasks
from content.models import ContentItem, Rendition
from tests.content.media import MP4, upload
from tests.content.test_images import image_bytes, noisy_jpeg
from tests.helpers import stored_files

EXPECTED_SIZES = {
    "thumbnail": (480, 270),
    "square": (1080, 1080),
    "story": (1080, 1920),
    "link_card": (1200, 630),
}


@pytest.fixture
def item(network):
    return services.create_item(
        owner=network.kpk,
        origin=ContentItem.Origin.KPK,
        title="Infografis LHKPN",
        kind=ContentItem.Kind.IMAGE,
        by=network.kpk_staff,
    )


def add(network, item, content: bytes, name: str = "infografis.jpg"):
    return services.add_asset(item, file=upload(content, name), by=network.kpk_staff)


def test_make_renditions_makes_every_size_with_its_dimensions(network, item, media):
    wide = image_bytes(Image.new("RGB", (1920, 1080), (200, 30, 30)), "JPEG")
    asset = add(network, item, wide)

    tasks.make_renditions.delay(asset.pk)

    renditions = {r.name: r for r in asset.renditions.all()}
    assert {name: (r.width, r.height) for name, r in renditions.items()} == EXPECTED_SIZES
    for rendition in renditions.values():
        with rendition.file.open("rb") as stored, Image.open(stored) as image:
            assert image.size == (rendition.width, rendition.height)
            assert image.format == "JPEG"
        assert rendition.content_type == "image/jpeg"
        assert rendition.size == rendition.file.size
        assert rendition.file.name.startswith(f"content/{item.pk}/renditions/")


def test_make_renditions_of_a_transparent_image_are_png(network, item, media):
    translucent = image_bytes(Image.new("RGBA", (60, 30), (0, 128, 0, 100)), "PNG")
    asset = add(network, item, translucent, "logo.png")

    services.make_renditions(asset.pk)

    assert set(asset.renditions.values_list("content_type", flat=True)) == {"image/png"}


def test_make_renditions_twice_makes_them_once(network, item, media):
    asset = add(network, item, noisy_jpeg())

    tasks.make_renditions.delay(asset.pk)
    files_after_first = stored_files(media)
    tasks.make_renditions.delay(asset.pk)

    assert Rendition.objects.filter(asset=asset).count() == 4
    assert stored_files(media) == files_after_first


def test_make_renditions_completes_what_a_previous_run_left(network, item, media):
    asset = add(network, item, noisy_jpeg())
    services.make_renditions(asset.pk)
    asset.renditions.filter(name="story").delete()

    services.make_renditions(asset.pk)

    assert set(asset.renditions.values_list("name", flat=True)) == set(Rendition.Name.values)


def test_make_renditions_of_a_video_or_a_missing_asset_does_nothing(network, item, media):
    video = add(network, item, MP4, "ilm.mp4")

    assert services.make_renditions(video.pk) == []
    assert services.make_renditions(video.pk + 1000) == []
    assert Rendition.objects.count() == 0
