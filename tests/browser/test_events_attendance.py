"""Check-in on the day, on a phone: search and tap, undo, and a ticket's QR code read by the
camera (Chromium's fake camera plays a picture of the QR code)."""

from pathlib import Path

import pytest
import qrcode
from django.conf import settings
from django.test import Client
from django.urls import reverse
from PIL import Image
from playwright.sync_api import expect

from events.models import Registration
from partnerships.models import Role
from tests.browser.support import (
    CHROMIUM,
    PHONE,
    assert_accessible,
    journey,
    screenshot,
    translated,
)
from tests.factories import EventFactory, OrganisationFactory, RegistrationFactory, member

pytestmark = journey


def camera_video(path: Path, text: str) -> Path:
    """A Y4M video (a few identical frames) of the QR code of ``text``, for the fake camera."""
    width, height = 640, 480
    code = qrcode.make(text, box_size=8, border=4).get_image().convert("RGB")
    frame = Image.new("RGB", (width, height), "white")
    frame.paste(code, ((width - code.width) // 2, (height - code.height) // 2))
    y, u, v = frame.convert("YCbCr").split()
    quarter = (width // 2, height // 2)
    planes = y.tobytes() + u.resize(quarter).tobytes() + v.resize(quarter).tobytes()
    with path.open("wb") as file:
        file.write(f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(5):
            file.write(b"FRAME\n" + planes)
    return path


def sign_in_as(context, live_server, user) -> None:
    """Give the browser a session of ``user`` (partner staff sign in without a second factor),
    reading Indonesian."""
    client = Client()
    client.force_login(user)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            },
            {"name": settings.LANGUAGE_COOKIE_NAME, "value": "id", "url": live_server.url},
        ]
    )


@pytest.fixture
def door(live_server):
    city = OrganisationFactory(name="Diskominfo Kota Palembang", regency_id="16.71")
    operator = member(Role.PARTNER_OPERATOR, city, language="id")
    event = EventFactory(organisers=[city], title="Pelatihan Konten Antikorupsi Palembang")
    ani = RegistrationFactory(event=event, name="Ani Lestari", institution="Diskominfo Lahat")
    budi = RegistrationFactory(event=event, name="Budi Santoso", institution="Tribun Sumsel")
    return operator, event, ani, budi


def test_check_in_by_search_and_tap_on_a_phone(new_context, live_server, door, console):
    operator, event, _ani, budi = door
    context = new_context()
    sign_in_as(context, live_server, operator)
    page = context.new_page()
    page.goto(reverse("events:checkin", args=[event.pk]))
    assert_accessible(page)  # at a desktop's width and at a phone's
    page.set_viewport_size(PHONE)
    expect(page.get_by_test_id("checkin-row")).to_have_count(2)

    page.get_by_role("searchbox").fill("budi")
    expect(page.get_by_test_id("checkin-row")).to_have_count(1)
    row = page.get_by_test_id("checkin-row")
    expect(row).to_contain_text("Budi Santoso")
    row.get_by_test_id("check-in").click()

    expect(page.get_by_test_id("checkin-row").get_by_test_id("undo")).to_be_visible()
    expect(page.get_by_test_id("count-checked-in")).to_have_text("1")
    screenshot(page, "events-checkin-phone")
    assert Registration.objects.get(pk=budi.pk).checked_in_by == operator
    box = page.get_by_test_id("check-in").or_(page.get_by_test_id("undo")).first.bounding_box()
    assert box["height"] >= 44  # a thumb's target

    page.get_by_test_id("checkin-row").get_by_test_id("undo").click()
    expect(page.get_by_test_id("checkin-row").get_by_test_id("check-in")).to_be_visible()
    expect(page.get_by_test_id("count-checked-in")).to_have_text("0")
    assert Registration.objects.get(pk=budi.pk).checked_in_at is None


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="no Chromium")
def test_check_in_by_scanning_the_ticket_with_the_camera(
    browser_type, live_server, door, tmp_path, console, checks
):
    operator, event, ani, _budi = door
    ticket = f"{live_server.url}/events/tickets/{ani.token}/"
    video = camera_video(tmp_path / "ticket.y4m", ticket)
    browser = browser_type.launch(
        executable_path=CHROMIUM,
        args=[
            "--headless",
            "--no-sandbox",
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    try:
        context = browser.new_context(base_url=live_server.url, viewport=PHONE)
        sign_in_as(context, live_server, operator)
        context.set_default_timeout(15_000)
        console.watch(context)
        checks.watch(context)
        context.grant_permissions(["camera"], origin=live_server.url)
        page = context.new_page()
        page.goto(reverse("events:checkin", args=[event.pk]))
        assert_accessible(page)

        page.get_by_role("button", name=translated("Scan the QR code", "id")).click()

        expected = translated("%(name)s is checked in (%(time)s).", "id").split("%(name)s")[1]
        expected = expected.split(" (")[0]
        expect(page.locator(".alert")).to_contain_text(f"Ani Lestari{expected}")
        assert page.url.endswith("?scan=1")
        assert_accessible(page)
        assert Registration.objects.get(pk=ani.pk).checked_in_by == operator
        # The ticket still in front of the camera is not sent again.
        page.wait_for_timeout(1500)
        assert page.url.endswith("?scan=1")
        expect(page.locator(".alert")).to_have_count(1)
        page.get_by_role("button", name=translated("Stop the camera", "id")).click()
        context.close()
    finally:
        browser.close()
