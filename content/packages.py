"""The content package partners download: a ZIP of every file and size of an item, with its
captions and links as text.

The archive is written to a temporary file on disk, each stored file copied into it chunk by
chunk, so neither a large video nor the archive is ever held in memory; the view streams the
temporary file, which disappears when it is closed.
"""

import shutil
import tempfile
import zipfile
from pathlib import PurePath

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from partnerships.models import Channel

from .models import ContentItem

CHUNK = 1024 * 1024
# ZIP members over this size need the ZIP64 extension.
ZIP64_FROM = 2**31 - 1
# Images and media are compressed already: storing them costs no space and saves the CPU.
STORED_TYPES = ("image/", "video/", "audio/")


def package_name(item: ContentItem) -> str:
    return f"{slugify(item.title)[:80] or 'konten'}.zip"


def build_package(item: ContentItem):
    """A temporary file (positioned at its start) holding the item's package.

    ``item`` comes with its assets, their renditions and its captions prefetched
    (``selectors.item_for_page``). The caller closes the file (FileResponse does).
    """
    # Handed to the caller open: the response streams it and closes it (which deletes it).
    archive = tempfile.TemporaryFile(suffix=".zip")  # noqa: SIM115
    try:
        with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as package:
            names = set()
            links = []
            for asset in item.assets.all():
                if asset.external_url:
                    links.append(asset.external_url)
                    continue
                stem = PurePath(asset.original_name or asset.file.name).stem or "file"
                extension = PurePath(asset.file.name).suffix
                _copy(package, asset.file, _unique(names, f"{stem}{extension}"), asset)
                for rendition in asset.renditions.all():
                    name = f"{stem}-{rendition.name}{PurePath(rendition.file.name).suffix}"
                    _copy(package, rendition.file, _unique(names, f"sizes/{name}"), rendition)
            package.writestr("captions.txt", captions_text(item))
            if links:
                package.writestr("video-links.txt", "\n".join(links) + "\n")
    except BaseException:
        archive.close()
        raise
    archive.seek(0)
    return archive


def captions_text(item: ContentItem) -> str:
    """The title, description, hashtags and each platform's caption, as plain text."""
    lines = [item.title, "=" * len(item.title), ""]
    if item.description:
        lines += [item.description, ""]
    if item.hashtags:
        lines += [f"{_('Hashtags')}: {item.hashtags}", ""]
    captions = sorted(item.captions.all(), key=lambda caption: caption.platform)
    for caption in captions:
        label = Channel.Kind(caption.platform).label
        lines += [f"[{label}]", caption.text, ""]
    if not captions:
        lines += [_("No captions suggested."), ""]
    return "\n".join(lines)


def _unique(names: set, name: str) -> str:
    candidate, number = name, 1
    while candidate in names:
        number += 1
        path = PurePath(name)
        candidate = str(path.with_name(f"{path.stem}-{number}{path.suffix}"))
    names.add(candidate)
    return candidate


def _copy(package: zipfile.ZipFile, field_file, name: str, row) -> None:
    info = zipfile.ZipInfo(name, date_time=timezone.localtime().timetuple()[:6])
    stored = (row.content_type or "").startswith(STORED_TYPES)
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    size = row.size or 0
    with (
        field_file.open("rb") as source,
        package.open(info, "w", force_zip64=size > ZIP64_FROM) as target,
    ):
        shutil.copyfileobj(source, target, CHUNK)
