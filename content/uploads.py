"""What a content library upload must be, and the file that is kept of it.

Every file is recognised by its content, never by its name: images through ``content.images``
(the re-encoded copy is what is kept, never the upload), PDF by the header the agreements'
documents are checked by (``common.files``), video and audio by the signature each container
format starts with. The stored name and extension are generated from what the content is, so a
script renamed ``.mp4`` is refused, and a real video named ``.txt`` is kept as ``.mp4``.

Video, audio and PDF are never read whole: the signature is read from the first bytes, and the
file goes to storage, and through the digest, chunk by chunk (``File.chunks``). Their limit is
``MEDIA_MAX_MB``; images have their own (``IMAGE_MAX_MB`` and the pixel count).
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext_lazy as _

from common import files, images

from .models import Asset

PDF = "application/pdf"


@dataclass(frozen=True)
class Accepted:
    """An upload that passed: what it is, and the file to store (the upload, or its clean copy)."""

    kind: str
    content_type: str
    extension: str
    file: File
    width: int | None = None
    height: int | None = None


# What the first bytes of an image say; the image itself is then judged by content.images.
IMAGE_SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a")
# ISO base media (MP4, MOV, M4A): "ftyp" at byte 4, then the major brand.
AUDIO_BRANDS = {b"M4A ", b"M4B "}
QUICKTIME_BRAND = b"qt  "
EBML = b"\x1a\x45\xdf\xa3"
HEAD_SIZE = 64


def accept_upload(file) -> Accepted:
    """What an acceptable library file is, else a ValidationError with a code.

    Nothing is written anywhere: storing is the caller's (``services.add_asset``).
    """
    if not file.size:
        raise ValidationError(_("The file is empty."), code="empty")
    head = files.head_of(file, HEAD_SIZE)
    if _is_image(head):
        info = images.inspect_image(file)
        return Accepted(
            kind=Asset.Kind.IMAGE,
            content_type=info.content_type,
            extension=info.extension,
            file=images.reencode(file, info),
            width=info.width,
            height=info.height,
        )
    recognised = media_type(head)
    if recognised is None:
        raise ValidationError(
            _(
                "Only images (JPEG, PNG, WebP, GIF), PDF documents, video (MP4, MOV, WebM, "
                "MKV) and audio (MP3, M4A, OGG, WAV) are accepted, and this file is none of them."
            ),
            code="type",
        )
    max_mb = settings.MEDIA_MAX_MB
    if file.size > max_mb * 1024 * 1024:
        raise ValidationError(
            _("The file is larger than %(max)s MB."), code="too_large", params={"max": max_mb}
        )
    kind, content_type, extension = recognised
    return Accepted(kind=kind, content_type=content_type, extension=extension, file=file)


def media_type(head: bytes) -> tuple[str, str, str] | None:
    """(asset kind, content type, extension) of a PDF, video or audio file by its first bytes."""
    if head.startswith(files.PDF_SIGNATURE):
        return Asset.Kind.PDF, PDF, ".pdf"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in AUDIO_BRANDS:
            return Asset.Kind.AUDIO, "audio/mp4", ".m4a"
        if brand == QUICKTIME_BRAND:
            return Asset.Kind.VIDEO, "video/quicktime", ".mov"
        return Asset.Kind.VIDEO, "video/mp4", ".mp4"
    if head.startswith(EBML):
        # The document type (an EBML string in the header) tells WebM from other Matroska.
        if b"webm" in head:
            return Asset.Kind.VIDEO, "video/webm", ".webm"
        return Asset.Kind.VIDEO, "video/x-matroska", ".mkv"
    if head.startswith(b"ID3") or _is_mpeg_audio_frame(head):
        return Asset.Kind.AUDIO, "audio/mpeg", ".mp3"
    if head.startswith(b"OggS"):
        return Asset.Kind.AUDIO, "audio/ogg", ".ogg"
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return Asset.Kind.AUDIO, "audio/wav", ".wav"
    return None


def _is_image(head: bytes) -> bool:
    return head.startswith(IMAGE_SIGNATURES) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")


def _is_mpeg_audio_frame(head: bytes) -> bool:
    """An MP3 without an ID3 tag starts with a frame: 11 sync bits, then a version and layer.

    Version 01 and layer 00 are reserved (AAC's ADTS header has layer 00), so they do not count.
    """
    if len(head) < 2 or head[0] != 0xFF or head[1] & 0xE0 != 0xE0:
        return False
    version = (head[1] >> 3) & 0b11
    layer = (head[1] >> 1) & 0b11
    return version != 0b01 and layer != 0b00
