"""Helpers the library page tests share: items in every state, stored files and their sizes."""

from django.core.files.base import ContentFile
from django.urls import reverse

from content.models import Asset, ContentItem, Rendition
from tests.content.test_images import image_bytes, png
from tests.factories import AssetFactory, ContentItemFactory, OrganisationFactory

JPEG_TYPE = "image/jpeg"


def url(name, *args) -> str:
    return reverse(f"content:{name}", args=args)


def item_of(owner, **fields) -> ContentItem:
    origin = ContentItem.Origin.KPK if owner.is_kpk else ContentItem.Origin.PARTNER
    return ContentItemFactory(owner=owner, origin=origin, **fields)


def image_asset(item, *, name="infografis.png", content=None) -> Asset:
    """A stored image of ``item`` (a row as add_asset leaves it, without running its checks)."""
    content = content or png(size=(40, 20))
    return AssetFactory(
        item=item,
        kind=Asset.Kind.IMAGE,
        file=ContentFile(content, name="file.png"),
        original_name=name,
        content_type="image/png",
        size=len(content),
        width=40,
        height=20,
    )


def rendition_of(asset, name=Rendition.Name.THUMBNAIL, content=None) -> Rendition:
    from PIL import Image

    content = content or image_bytes(Image.new("RGB", (48, 27), (10, 20, 30)), "JPEG")
    rendition = Rendition(
        asset=asset, name=name, content_type=JPEG_TYPE, width=48, height=27, size=len(content)
    )
    rendition.file.save(f"{name}.jpg", ContentFile(content), save=False)
    rendition.save()
    return rendition


def every_rendition(asset) -> list[Rendition]:
    return [rendition_of(asset, name) for name in Rendition.Name.values]


def joint_item(owner, co_producer, **fields) -> ContentItem:
    item = ContentItemFactory(owner=owner, origin=ContentItem.Origin.JOINT, **fields)
    item.co_producers.add(co_producer)
    return item


def other_partner():
    return OrganisationFactory(name="Diskominfo Kabupaten Lain", regency_id="16.10")
