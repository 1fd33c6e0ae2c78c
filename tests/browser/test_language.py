"""Switching the interface language from the navbar, and keeping the choice."""

from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import User
from tests.browser.support import journey, path_is, screenshot, sign_in, sign_out

pytestmark = journey

MANAGER = "sumsel.manager@demo.sinergi.id"


def test_language_choice_follows_the_account_across_reload_and_sign_in(page, demo, console):
    sign_in(page, MANAGER)
    expect(page.locator("html")).to_have_attribute("lang", "id")

    page.get_by_test_id("language-en").click()

    # The switch returns to the page it was made on, now in English.
    expect(page).to_have_url(path_is(reverse("home")))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_test_id("language-en")).to_have_attribute("aria-current", "true")
    assert User.objects.get(email=MANAGER).language == "en"
    screenshot(page, "dashboard-en")
    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "en")

    sign_out(page)
    # Signed out, the sign-in page still speaks the language the person chose.
    expect(page.locator("html")).to_have_attribute("lang", "en")
    sign_in(page, MANAGER)
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.goto(reverse("partnerships:organisation_list"))
    page.get_by_test_id("language-id").click()
    expect(page).to_have_url(path_is(reverse("partnerships:organisation_list")))
    expect(page.locator("html")).to_have_attribute("lang", "id")
    assert User.objects.get(email=MANAGER).language == "id"


def test_language_choice_of_a_visitor_survives_reload(page, demo, console):
    page.goto(reverse("account_login"))
    # Indonesian first, whatever language the browser prefers.
    expect(page.locator("html")).to_have_attribute("lang", "id")

    page.get_by_test_id("language-en").click()

    expect(page).to_have_url(path_is(reverse("account_login")))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_test_id("language-id").click()
    expect(page.locator("html")).to_have_attribute("lang", "id")
