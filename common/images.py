"""Images: what an upload must be, the clean copy that is kept, and the sizes platforms want.

An image is recognised by its content, opened with Pillow restricted to an allow-list of formats
(JPEG, PNG, WebP, GIF), never by its name. SVG is never an image here: it is a document that can
run script. What is kept is never the upload itself but ``reencode``'s copy: the pixels written
afresh, so metadata (EXIF with GPS, XMP, comments, text chunks) and anything hidden after the
image data stay behind. ``derivatives`` makes the thumbnail and the platform sizes from it; it is
a pure function for the task that runs after upload.
"""

import io
import re
import warnings
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from PIL import ExifTags, Image, ImageOps


@dataclass(frozen=True)
class ImageFormat:
    content_type: str
    extension: str


# Pillow's format names. Pillow reads the JPEG many phone cameras write (with a second, depth or
# preview, picture appended) as MPO; it is a JPEG here, and made again as a plain one.
FORMATS = {
    "JPEG": ImageFormat("image/jpeg", ".jpg"),
    "PNG": ImageFormat("image/png", ".png"),
    "WEBP": ImageFormat("image/webp", ".webp"),
    "GIF": ImageFormat("image/gif", ".gif"),
}
READ_AS = {"MPO": "JPEG"}

# Markup a browser would run if it ever took the file for a page: a tag that opens a document,
# a script or an inline SVG (event handlers), or a script URL. The tag must be followed by what
# ends a tag name, so random bytes in compressed pixel data almost never match (about once in a
# thousand 20 MB files for the shortest, "<svg"). Re-encoding drops such markup anyway; refusing
# it keeps a file that was built to be two things at once out of the library altogether.
MARKUP = re.compile(
    rb"<(?:!doctype|html|head|body|script|svg|iframe|frame|object|embed|\?php)[\s/>]"
    rb"|javascript:",
    re.IGNORECASE,
)
SCAN_CHUNK = 1024 * 1024
# Longer than any MARKUP match, so a match split across two chunks is still found.
SCAN_OVERLAP = 16

JPEG_QUALITY = 88
THUMBNAIL_WIDTH = 480
# The sizes the issue names: Instagram and Facebook square posts, stories and reels, and the
# card X, Facebook and WhatsApp show for a link.
PLATFORM_SIZES = {
    "square": (1080, 1080),
    "story": (1080, 1920),
    "link_card": (1200, 630),
}


@dataclass(frozen=True)
class ImageInfo:
    """What an accepted image is. Width and height are as it is shown (EXIF orientation applied)."""

    format: str
    content_type: str
    width: int
    height: int
    extension: str


def inspect_image(file) -> ImageInfo:
    """What an acceptable image is, else a ValidationError with a code.

    Reads the whole file (a full decode) and puts the file position back where it was.
    """
    if not file.size:
        raise ValidationError(_("The file is empty."), code="empty")
    max_mb = settings.IMAGE_MAX_MB
    if file.size > max_mb * 1024 * 1024:
        raise ValidationError(
            _("The file is larger than %(max)s MB."), code="too_large", params={"max": max_mb}
        )
    position = file.tell()
    try:
        with _open(file) as image:
            format_name = READ_AS.get(image.format, image.format)
            width, height = image.size
            if _orientation(image) in ROTATED_ORIENTATIONS:
                width, height = height, width
        if _holds_markup(file):
            raise ValidationError(
                _(
                    "The image also holds web page or script code, so it is not accepted. "
                    "Save it again from an image editor and upload that copy."
                ),
                code="markup",
            )
    finally:
        file.seek(position)
    image_format = FORMATS[format_name]
    return ImageInfo(
        format=format_name,
        content_type=image_format.content_type,
        width=width,
        height=height,
        extension=image_format.extension,
    )


def reencode(file, info: ImageInfo) -> ContentFile:
    """A fresh file of the same format holding only the pixels, upright.

    EXIF orientation is applied to the pixels, then every piece of metadata is left behind except
    the ICC colour profile (without it colours shift, and it says nothing about who or where) and
    a palette's transparent colour. Only the first frame of an animated GIF or WebP is kept: the
    library holds stills (derivatives are stills too), and decoding every frame of an upload would
    cost memory bounded by nothing but its frame count.
    """
    position = file.tell()
    try:
        with _open(file, formats=[info.format]) as image:
            upright = ImageOps.exif_transpose(image)
    finally:
        file.seek(position)
    upright.info = {
        key: upright.info[key] for key in ("icc_profile", "transparency") if key in upright.info
    }
    buffer = io.BytesIO()
    upright.save(buffer, format=info.format, **_save_options(info.format, upright))
    return ContentFile(buffer.getvalue(), name=f"image{info.extension}")


def derivatives(file) -> dict[str, bytes]:
    """The thumbnail and the platform sizes of an image, by file name.

    The thumbnail is THUMBNAIL_WIDTH wide (never enlarged), the platform sizes exactly as
    PLATFORM_SIZES says, cover-cropped around the centre. All are JPEG, or PNG when the image has
    transparent pixels; the extension in each name says which.
    """
    inspect_image(file)
    position = file.tell()
    try:
        with _open(file) as image:
            upright = ImageOps.exif_transpose(image)
    finally:
        file.seek(position)
    transparent = _has_transparency(upright)
    upright = upright.convert("RGBA" if transparent else "RGB")
    extension, format_name = (".png", "PNG") if transparent else (".jpg", "JPEG")

    width = min(THUMBNAIL_WIDTH, upright.width)
    height = max(1, round(upright.height * width / upright.width))
    sizes = {"thumbnail": upright.resize((width, height), Image.Resampling.LANCZOS)}
    for name, size in PLATFORM_SIZES.items():
        sizes[name] = ImageOps.fit(upright, size, Image.Resampling.LANCZOS, centering=(0.5, 0.5))

    made = {}
    for name, image in sizes.items():
        buffer = io.BytesIO()
        image.save(buffer, format=format_name, **_save_options(format_name, image))
        made[f"{name}{extension}"] = buffer.getvalue()
    return made


# EXIF orientations 5 to 8 turn the picture a quarter: what is shown is the stored height wide.
ROTATED_ORIENTATIONS = {5, 6, 7, 8}


def _open(file, formats=None) -> Image.Image:
    """The image decoded in full, refused if it is not one we accept, too large, or damaged.

    The pixel count is checked from the header, before a single pixel is decoded. Pillow's own
    guard (Image.MAX_IMAGE_PIXELS) warns and then raises at its own limits; both become the same
    refusal, so a limit set above Pillow's still refuses instead of warning into the logs.
    """
    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(file, formats=formats or list(FORMATS))
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise _too_many_pixels() from None
    except (OSError, SyntaxError, ValueError, EOFError):
        # Pillow found no allowed format it could read: a script named .jpg, a PDF, an SVG.
        raise _not_an_image() from None
    # On a refusal the image is dropped, not closed: closing would close the caller's file too.
    if image.width * image.height > settings.IMAGE_MAX_PIXELS:
        raise _too_many_pixels()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image.load()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise _too_many_pixels() from None
    except (OSError, SyntaxError, ValueError, EOFError, IndexError):
        raise ValidationError(
            _("The image is damaged or incomplete, so it cannot be read."), code="corrupt"
        ) from None
    return image


def _not_an_image() -> ValidationError:
    return ValidationError(
        _("Only JPEG, PNG, WebP and GIF images are accepted, and this file is none of them."),
        code="type",
    )


def _too_many_pixels() -> ValidationError:
    megapixels = Decimal(settings.IMAGE_MAX_PIXELS) / Decimal(1_000_000)
    return ValidationError(
        _(
            "The image has more pixels than the %(max)s megapixels accepted. "
            "Make it smaller and upload it again."
        ),
        code="too_many_pixels",
        params={"max": number_format(megapixels.normalize())},
    )


def _orientation(image: Image.Image) -> int | None:
    return image.getexif().get(ExifTags.Base.Orientation)


def _holds_markup(file) -> bool:
    """Whether the file's bytes carry markup anywhere: in metadata, a text chunk or a trailer."""
    file.seek(0)
    tail = b""
    while chunk := file.read(SCAN_CHUNK):
        window = tail + chunk
        if MARKUP.search(window):
            return True
        tail = window[-SCAN_OVERLAP:]
    return False


def _has_transparency(image: Image.Image) -> bool:
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        alpha = image.convert("RGBA").getchannel("A")
        return alpha.getextrema()[0] < 255
    return False


def _save_options(format_name: str, image: Image.Image) -> dict:
    icc = {"icc_profile": image.info["icc_profile"]} if "icc_profile" in image.info else {}
    if format_name == "JPEG":
        return {"quality": JPEG_QUALITY, "optimize": True, **icc}
    if format_name == "PNG":
        return {"optimize": True, **icc}
    if format_name == "WEBP":
        return {"quality": JPEG_QUALITY, **icc}
    return {}
