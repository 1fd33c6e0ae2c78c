"""What a library upload must be: recognised by content, images kept re-encoded, media streamed."""

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from content.uploads import accept_upload
from tests.content.media import (
    ADTS_AAC,
    HTML,
    M4A,
    MKV,
    MOV,
    MP3_FRAME,
    MP3_ID3,
    MP4,
    OGG,
    PDF,
    SCRIPT,
    WAV,
    WEBM,
    large_upload,
    upload,
)
from tests.content.test_images import photo_with_gps, png, png_claiming

NOT_ACCEPTED = (
    "Only images (JPEG, PNG, WebP, GIF), PDF documents, video (MP4, MOV, WebM, MKV) and audio "
    "(MP3, M4A, OGG, WAV) are accepted, and this file is none of them."
)


@pytest.mark.parametrize(
    ("content", "name", "kind", "content_type", "extension"),
    [
        (MP4, "ilm.mp4", "video", "video/mp4", ".mp4"),
        (MOV, "ilm.mov", "video", "video/quicktime", ".mov"),
        (WEBM, "ilm.webm", "video", "video/webm", ".webm"),
        (MKV, "ilm.mkv", "video", "video/x-matroska", ".mkv"),
        (M4A, "spot.m4a", "audio", "audio/mp4", ".m4a"),
        (MP3_ID3, "spot.mp3", "audio", "audio/mpeg", ".mp3"),
        (MP3_FRAME, "spot.mp3", "audio", "audio/mpeg", ".mp3"),
        (OGG, "spot.ogg", "audio", "audio/ogg", ".ogg"),
        (WAV, "spot.wav", "audio", "audio/wav", ".wav"),
        (PDF, "panduan.pdf", "pdf", "application/pdf", ".pdf"),
        # The name does not matter: the content says what it is, and what it will be called.
        (MP4, "ilm.txt", "video", "video/mp4", ".mp4"),
    ],
)
def test_accept_upload_recognises_media_by_content(content, name, kind, content_type, extension):
    file = upload(content, name)

    accepted = accept_upload(file)

    assert (accepted.kind, accepted.content_type, accepted.extension) == (
        kind,
        content_type,
        extension,
    )
    # Media are kept as uploaded: the very file, not a copy in memory.
    assert accepted.file is file


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (SCRIPT, "ilm.mp4"),
        (HTML, "spot.mp3"),
        (ADTS_AAC, "spot.mp3"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><script>1</script></svg>", "logo.svg"),
        (b"PK\x03\x04" + b"\x00" * 40, "ilm.mp4"),
    ],
)
def test_accept_upload_refuses_what_is_none_of_the_formats(content, name):
    with pytest.raises(ValidationError) as refusal:
        accept_upload(upload(content, name))

    assert refusal.value.code == "type"
    assert refusal.value.messages == [NOT_ACCEPTED]


def test_accept_upload_refuses_an_empty_file():
    with pytest.raises(ValidationError) as refusal:
        accept_upload(upload(b"", "ilm.mp4"))

    assert refusal.value.code == "empty"


def test_accept_upload_refuses_a_video_over_the_media_limit(settings):
    settings.MEDIA_MAX_MB = 1
    content = MP4 + b"\x00" * (1024 * 1024)

    with pytest.raises(ValidationError) as refusal:
        accept_upload(upload(content, "ilm.mp4"))

    assert refusal.value.code == "too_large"
    assert refusal.value.messages == ["The file is larger than 1 MB."]


def test_accept_upload_accepts_a_video_at_the_media_limit(settings):
    settings.MEDIA_MAX_MB = 1
    content = MP4 + b"\x00" * (1024 * 1024 - len(MP4))

    assert accept_upload(upload(content, "ilm.mp4")).kind == "video"


def test_accept_upload_reads_a_large_video_only_by_its_first_bytes():
    file = large_upload(MP4 + b"\x00" * (3 * 1024 * 1024), "ilm.mp4")
    sizes = []
    read = file.file.read

    def spy(size=-1):
        sizes.append(size)
        return read(size)

    file.file.read = spy

    accept_upload(file)

    assert sizes == [64]


def test_accept_upload_keeps_an_image_re_encoded_without_its_metadata():
    original = photo_with_gps()

    accepted = accept_upload(upload(original, "foto.jpg"))

    kept = accepted.file.read()
    assert kept != original
    assert (accepted.kind, accepted.content_type, accepted.extension) == (
        "image",
        "image/jpeg",
        ".jpg",
    )
    assert (accepted.width, accepted.height) == (40, 20)
    with Image.open(io.BytesIO(kept)) as image:
        assert dict(image.getexif()) == {}


def test_accept_upload_refuses_a_decompression_bomb():
    with pytest.raises(ValidationError) as refusal:
        accept_upload(upload(png_claiming(50_000, 50_000), "bom.png"))

    assert refusal.value.code == "too_many_pixels"


def test_accept_upload_image_follows_the_image_limit_not_the_media_one(settings):
    settings.MEDIA_MAX_MB = 500
    settings.IMAGE_MAX_MB = 0

    with pytest.raises(ValidationError) as refusal:
        accept_upload(upload(png(), "gambar.png"))

    assert refusal.value.code == "too_large"
