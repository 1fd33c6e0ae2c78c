"""Files and events the follow-up's tests share: good and bad uploads, events at each moment."""

import io
import random
import struct
import zipfile
import zlib
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from tests.factories import EventFactory

PDF_BYTES = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
HTML_BYTES = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG_BYTES = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script></svg>"
)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def image_bytes(size=(40, 20), format_name="JPEG", **options) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=format_name, **options)
    return buffer.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A small PNG whose header declares a huge canvas (a decompression bomb)."""
    content = bytearray(image_bytes(format_name="PNG"))
    content[16:24] = struct.pack(">II", width, height)
    content[29:33] = struct.pack(">I", zlib.crc32(bytes(content[12:29])))
    return bytes(content)


def truncated_jpeg() -> bytes:
    noise = random.Random(10).randbytes(64 * 64 * 3)
    buffer = io.BytesIO()
    Image.frombytes("RGB", (64, 64), noise).save(buffer, format="JPEG", quality=95)
    content = buffer.getvalue()
    return content[: len(content) // 2]


def office_bytes(main_part: str, *, macros: bool = False) -> bytes:
    """A minimal Office package: [Content_Types].xml and the part that makes it what it is."""
    buffer = io.BytesIO()
    kind = "macroEnabled.main+xml" if macros else "main+xml"
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            f'<?xml version="1.0"?><Types><Override ContentType="application/x.{kind}"/></Types>',
        )
        archive.writestr(main_part, "<document/>")
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a document")
    return buffer.getvalue()


def upload(content: bytes, name: str, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def past_event(**fields):
    """A training that started three days ago and is over."""
    return EventFactory(past=True, **fields)


def running_event(**fields):
    """An event that started an hour ago and has not ended."""
    start = timezone.now() - timedelta(hours=1)
    return EventFactory(starts_at=start, ends_at=start + timedelta(hours=6), **fields)
