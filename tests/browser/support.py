"""What the browser journeys share: the browser, the console watch, signing in, screenshots,
the accessibility check."""

import os
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import BrowserContext, ConsoleMessage, Page, expect

from accounts.management.demo_mfa import fresh_totp_code
from partnerships.demo import DEMO_PASSWORD

CHROMIUM = "/usr/bin/chromium"
VIEWPORT = {"width": 1280, "height": 800}
# A common phone (iPhone 12 to 15): pages must fit it without scrolling sideways.
PHONE = {"width": 390, "height": 844}
ROOT = Path(__file__).resolve().parents[2]
# Every run saves its screenshots under test-results/ (ignored by git); `make screenshots` points
# SINERGI_SCREENSHOTS at docs/screenshots to refresh the README's pictures.
SCREENSHOTS = Path(os.environ.get("SINERGI_SCREENSHOTS", ROOT / "test-results" / "screenshots"))

journey = [
    pytest.mark.browser,
    # A journey's flush empties every table, the rows migrations wrote too (the library's
    # themes): serialized_rollback puts those back before each journey.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(),
        reason=f"Debian's Chromium is not installed at {CHROMIUM} (apt-get install chromium); "
        "Playwright never downloads a browser.",
    ),
]


class ConsoleLog:
    """Collects the errors a browser context reports: console errors and uncaught exceptions.

    The app sends a strict Content-Security-Policy; Chromium reports what it blocks as a console
    error, "Refused to load ..." or "Applying inline style violates the following Content
    Security Policy directive ...". An error page a journey opens on purpose (404, 410) is
    reported as "Failed to load resource"; ``expect_error_status`` allows that one path.
    """

    def __init__(self):
        self.errors: list[str] = []
        self.expected_error_paths: set[str] = set()

    def watch(self, context: BrowserContext) -> None:
        context.on("console", self._on_console)
        context.on("weberror", lambda web_error: self.errors.append(f"Uncaught: {web_error.error}"))

    def expect_error_status(self, path: str) -> None:
        self.expected_error_paths.add(path)

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        url = message.location.get("url", "")
        if (
            message.text.startswith("Failed to load resource")
            and urlparse(url).path in self.expected_error_paths
        ):
            return
        self.errors.append(f"{message.text} (at {url})")

    def check(self) -> None:
        refused = [
            error
            for error in self.errors
            if error.startswith("Refused to") or "Content Security Policy" in error
        ]
        assert refused == [], "Content-Security-Policy violations:\n" + "\n".join(refused)
        assert self.errors == [], "Browser console errors:\n" + "\n".join(self.errors)


def screenshot(page: Page, name: str) -> None:
    """A full-page screenshot of the page, saved as <SCREENSHOTS>/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def path_is(path: str) -> re.Pattern:
    """Matches a page URL whose path is exactly ``path`` (any query string and fragment)."""
    return re.compile(rf"^https?://[^/]+{re.escape(path)}(\?[^#]*)?(#.*)?$")


def translated(message: str, language: str) -> str:
    """What the interface shows for ``message`` in ``language``, from the same catalogue."""
    with translation.override(language):
        return translation.gettext(message)


def html_lang(page: Page) -> str:
    return page.locator("html").get_attribute("lang")


def fill_sign_in(page: Page, email: str, password: str = DEMO_PASSWORD) -> None:
    page.fill('input[name="login"]', email)
    page.fill('input[name="password"]', password)
    page.press('input[name="password"]', "Enter")


def enter_totp(page: Page) -> None:
    expect(page).to_have_url(path_is(reverse("mfa_authenticate")))
    assert_accessible(page)
    # Leave time to type and submit before the code changes; allauth allows no drift.
    page.fill('input[name="code"]', fresh_totp_code(min_seconds=5))
    page.press('input[name="code"]', "Enter")


def sign_in(page: Page, email: str, *, totp: bool = False) -> None:
    """Sign in through allauth's real form (and two-factor step), ending on the dashboard."""
    page.goto(reverse("account_login"))
    assert_accessible(page)
    fill_sign_in(page, email)
    if totp:
        enter_totp(page)
    expect(page).to_have_url(path_is(reverse("home")))
    assert_accessible(page)


def sign_out(page: Page) -> None:
    page.get_by_test_id("user-menu").click()
    page.locator(f'form[action="{reverse("account_logout")}"] button').click()
    expect(page).to_have_url(path_is(reverse("account_login")))
    assert_accessible(page)


# axe-core as bundled by the PyPI package axe-playwright-python (no CDN, no npm).
_AXE = Axe()


class PageChecks:
    """Every page a journey's browser loads, and those checked by ``assert_accessible``.

    Playwright's sync API cannot run axe inside a "load" handler, so the handler only records
    the address; the journeys check each page once it has loaded, and the ``checks`` fixture
    fails a journey that loaded a page (an error page opened on purpose too) without checking it.
    """

    current: "PageChecks | None" = None

    def __init__(self):
        self.loaded: list[str] = []
        self.checked: set[str] = set()

    def watch(self, context: BrowserContext) -> None:
        context.on("page", lambda page: page.on("load", self._on_load))

    def _on_load(self, page: Page) -> None:
        address = _address(page.url)
        if address not in self.loaded:
            self.loaded.append(address)

    def check(self) -> None:
        unchecked = [address for address in self.loaded if address not in self.checked]
        assert unchecked == [], "Pages loaded but never checked by axe-core:\n" + "\n".join(
            unchecked
        )


def _address(url: str) -> str:
    """A page's address without the host and fragment: what the journey visited."""
    parts = urlparse(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def assert_accessible(page: Page) -> None:
    """Check the page once loaded: axe-core finds no violation, at the journey's width and at a
    phone's, and the page fits a phone without scrolling sideways. Fails listing every
    violation (rule, impact, targets)."""
    page.wait_for_load_state("load")
    _assert_no_violations(page)
    viewport = page.viewport_size
    if viewport and viewport["width"] > PHONE["width"]:
        page.set_viewport_size(PHONE)
        try:
            assert page_width(page) <= PHONE["width"], (
                f"{page.url} scrolls sideways on a phone, by: {_too_wide(page)}"
            )
            _assert_no_violations(page)
        finally:
            page.set_viewport_size(viewport)
    if PageChecks.current is not None:
        PageChecks.current.checked.add(_address(page.url))


def _assert_no_violations(page: Page) -> None:
    violations = _AXE.run(page).response["violations"]
    lines = [
        f"{violation['id']} ({violation['impact']}): {violation['help']} -> "
        + "; ".join(" >> ".join(map(str, node["target"])) for node in violation["nodes"])
        for violation in violations
    ]
    width = (page.viewport_size or {}).get("width")
    assert lines == [], f"Accessibility violations on {page.url} at {width} px:\n" + "\n".join(
        lines
    )


def follow(page: Page, locator) -> None:
    """Click what leads to another page, wait for it and check it (``assert_accessible``)."""
    with page.expect_navigation():
        locator.click()
    assert_accessible(page)


def _too_wide(page: Page) -> list[str]:
    """The innermost elements that reach past the viewport's right edge (for the message)."""
    return page.evaluate(
        """() => Array.from(document.querySelectorAll("body *"))
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                && !Array.from(e.children).some(
                    c => c.getBoundingClientRect().right > window.innerWidth + 1))
            .slice(0, 5)
            .map(e => e.tagName.toLowerCase() + (e.className ? "." + e.className : "")
                + " " + (e.textContent || "").trim().slice(0, 40))"""
    )


def page_width(page: Page) -> int:
    """How wide the page's content is; wider than the viewport means a sideways scroll."""
    return page.evaluate("document.documentElement.scrollWidth")
