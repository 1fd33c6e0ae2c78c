"""A proof's evidence: the post's link must be on the channel, the screenshot an image."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from content import dissemination
from content.models import Proof
from content.post_links import check_post_link
from partnerships.models import Channel
from tests.content.dissemination import accepted, instagram, screenshot
from tests.content.test_images import PDF_BYTES, SVG_BYTES, photo_with_gps, png_claiming
from tests.factories import ChannelFactory

Kind = Channel.Kind


def channel(kind, handle=""):
    return Channel(kind=kind, handle=handle, name="Kanal")


@pytest.mark.parametrize(
    ("kind", "handle", "url"),
    [
        (Kind.INSTAGRAM, "@diskominfo_plg", "https://www.instagram.com/p/C0ntoh123/"),
        (Kind.INSTAGRAM, "@diskominfo_plg", "https://instagram.com/reel/C0ntoh123/"),
        (Kind.INSTAGRAM, "@diskominfo_plg", "https://www.instagram.com/diskominfo_plg/p/C0ntoh/"),
        (
            Kind.INSTAGRAM,
            "https://instagram.com/Diskominfo_Plg",
            "https://www.instagram.com/diskominfo_plg/",
        ),
        (Kind.INSTAGRAM, "@diskominfo_plg", "https://www.instagram.com/stories/diskominfo_plg/1/"),
        (Kind.INSTAGRAM, "", "https://www.instagram.com/siapa_saja/p/C0ntoh/"),
        (Kind.FACEBOOK, "pemkotpalembang", "https://www.facebook.com/pemkotpalembang/posts/123"),
        (Kind.FACEBOOK, "pemkotpalembang", "https://fb.watch/abcDEF/"),
        (Kind.FACEBOOK, "pemkotpalembang", "https://m.facebook.com/story.php?story_fbid=1&id=2"),
        (Kind.X, "@plg", "https://x.com/plg/status/123"),
        (Kind.X, "@plg", "https://twitter.com/PLG/status/123"),
        (Kind.X, "@plg", "https://x.com/i/web/status/123"),
        (Kind.YOUTUBE, "@pemkotplg", "https://www.youtube.com/watch?v=abc"),
        (Kind.YOUTUBE, "@pemkotplg", "https://youtu.be/abc"),
        (Kind.YOUTUBE, "@pemkotplg", "https://www.youtube.com/@pemkotplg/videos"),
        (
            Kind.YOUTUBE,
            "https://www.youtube.com/c/pemkotplg",
            "https://youtube.com/c/pemkotplg/live",
        ),
        (Kind.TIKTOK, "@pemkotplg", "https://www.tiktok.com/@pemkotplg/video/123"),
        (Kind.TIKTOK, "@pemkotplg", "https://vm.tiktok.com/ZSabc/"),
        (Kind.WHATSAPP, "", "https://whatsapp.com/channel/0029Va"),
        (Kind.WEBSITE, "https://palembang.go.id", "https://palembang.go.id/berita/1"),
        (Kind.WEBSITE, "palembang.go.id", "https://www.palembang.go.id/berita/1"),
        (Kind.WEBSITE, "", "https://mana.saja.id/berita/1"),
        (Kind.RADIO, "", ""),
        (Kind.RADIO, "", "https://rri.co.id/palembang/siaran"),
        (Kind.PRINT, "", ""),
    ],
)
def test_post_links_that_belong_to_the_channel(kind, handle, url):
    check_post_link(url, channel(kind, handle))


@pytest.mark.parametrize(
    ("kind", "handle", "url", "message"),
    [
        (
            Kind.INSTAGRAM,
            "@diskominfo_plg",
            "https://www.facebook.com/diskominfo_plg/posts/1",
            "The link is not on Instagram: give the post's address there.",
        ),
        (
            Kind.INSTAGRAM,
            "@diskominfo_plg",
            "https://instagram.com.evil.example/p/C0ntoh/",
            "The link is not on Instagram: give the post's address there.",
        ),
        (
            Kind.INSTAGRAM,
            "@diskominfo_plg",
            "https://www.instagram.com/akun_lain/p/C0ntoh/",
            "The post is on the account “akun_lain”, not on this channel's “diskominfo_plg”.",
        ),
        (
            Kind.X,
            "@plg",
            "https://x.com/orang_lain/status/123",
            "The post is on the account “orang_lain”, not on this channel's “plg”.",
        ),
        (
            Kind.YOUTUBE,
            "@pemkotplg",
            "https://www.youtube.com/@kanal_lain/videos",
            "The post is on the account “kanal_lain”, not on this channel's “pemkotplg”.",
        ),
        (
            Kind.TIKTOK,
            "@pemkotplg",
            "https://www.tiktok.com/@akun_lain/video/1",
            "The post is on the account “akun_lain”, not on this channel's “pemkotplg”.",
        ),
        (
            Kind.FACEBOOK,
            "pemkotpalembang",
            "https://www.facebook.com/halaman.lain/posts/1",
            "The post is on the account “halaman.lain”, not on this channel's “pemkotpalembang”.",
        ),
        (
            Kind.WEBSITE,
            "https://palembang.go.id",
            "https://palembang.go.id.evil.example/berita",
            "The link is not on this channel's website (palembang.go.id).",
        ),
        (
            Kind.INSTAGRAM,
            "@diskominfo_plg",
            "http://www.instagram.com/p/C0ntoh123/",
            "Enter the post's link as a web address that starts with https://.",
        ),
        (
            Kind.INSTAGRAM,
            "@diskominfo_plg",
            "javascript:alert(document.cookie)",
            "Enter the post's link as a web address that starts with https://.",
        ),
        (
            Kind.RADIO,
            "",
            "javascript:alert(1)",
            "Enter the post's link as a web address that starts with https://.",
        ),
        (Kind.INSTAGRAM, "@diskominfo_plg", "", "Give the link to the post."),
        (
            Kind.WEBSITE,
            "",
            "https://example.id/" + "a" * 500,
            "The link can be at most 500 characters long.",
        ),
    ],
)
def test_post_links_that_do_not_belong_to_the_channel(kind, handle, url, message):
    with pytest.raises(ValidationError) as refused:
        check_post_link(url, channel(kind, handle))

    assert refused.value.messages == [message]


def test_add_proof_with_a_link_of_another_account_stores_nothing(network, media):
    request = accepted(network)

    with pytest.raises(ValidationError) as refused:
        dissemination.add_proof(
            request,
            channel=instagram(network.city),
            url="https://www.instagram.com/akun_lain/",
            published_at=timezone.now(),
            by=network.partner_operator,
        )

    assert refused.value.messages == [
        "The post is on the account “akun_lain”, not on this channel's “diskominfo_plg”."
    ]
    assert not Proof.objects.exists()


def _bomb() -> bytes:
    return png_claiming(20_000, 20_000)


@pytest.mark.parametrize(
    ("content", "name", "reason"),
    [
        (
            PDF_BYTES,
            "bukti.pdf",
            "Only JPEG, PNG, WebP and GIF images are accepted, and this file is none of them.",
        ),
        (
            SVG_BYTES,
            "bukti.svg",
            "Only JPEG, PNG, WebP and GIF images are accepted, and this file is none of them.",
        ),
        (
            SVG_BYTES,
            "bukti.png",
            "Only JPEG, PNG, WebP and GIF images are accepted, and this file is none of them.",
        ),
        (
            _bomb(),
            "bukti.png",
            "The image has more pixels than the 50 megapixels accepted. Make it smaller and "
            "upload it again.",
        ),
    ],
)
def test_a_screenshot_that_is_not_an_image_is_refused_and_nothing_is_stored(
    network, media, content, name, reason
):
    request = accepted(network)

    with pytest.raises(ValidationError) as refused:
        dissemination.add_proof(
            request,
            channel=instagram(network.city),
            url="https://www.instagram.com/p/C0ntoh123/",
            screenshot=SimpleUploadedFile(name, content, content_type="image/png"),
            published_at=timezone.now(),
            by=network.partner_operator,
        )

    assert refused.value.messages == [f"The screenshot is not accepted: {reason}"]
    assert not Proof.objects.exists()
    assert [path for path in media.rglob("*") if path.is_file()] == []
    request.refresh_from_db()
    assert request.status == "accepted"


def test_a_screenshot_is_kept_re_encoded_without_its_metadata(network, media):
    request = accepted(network)

    proof = dissemination.add_proof(
        request,
        channel=instagram(network.city),
        url="https://www.instagram.com/p/C0ntoh123/",
        screenshot=SimpleUploadedFile("foto.jpg", photo_with_gps(), content_type="image/jpeg"),
        published_at=timezone.now(),
        by=network.partner_operator,
    )

    with proof.screenshot.open("rb") as stored, Image.open(io.BytesIO(stored.read())) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
    assert proof.screenshot.name.startswith(f"content/proofs/{request.pk}/")


def test_a_failed_write_leaves_no_screenshot_behind(network, media, monkeypatch):
    request = accepted(network)

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(dissemination, "notify_many", broken)
    with pytest.raises(RuntimeError):
        dissemination.add_proof(
            request,
            channel=ChannelFactory(organisation=network.city, kind="print", handle=""),
            screenshot=screenshot(),
            published_at=timezone.now(),
            by=network.partner_operator,
        )

    assert not Proof.objects.exists()
    assert [path for path in media.rglob("*") if path.is_file()] == []
