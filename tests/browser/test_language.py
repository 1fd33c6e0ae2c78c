"""Switching the interface language from the navbar, and keeping the choice."""

from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import User
from tests.browser.support import (
    assert_accessible,
    follow,
    journey,
    path_is,
    screenshot,
    sign_in,
    sign_out,
)

pytestmark = journey

MANAGER = "sumsel.manager@demo.sinergi.id"


def test_language_choice_follows_the_account_across_reload_and_sign_in(page, demo, console):
    sign_in(page, MANAGER)
    expect(page.locator("html")).to_have_attribute("lang", "id")

    follow(page, page.get_by_test_id("language-en"))

    # The switch returns to the page it was made on, now in English.
    expect(page).to_have_url(path_is(reverse("home")))
    assert_accessible(page)
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
    assert_accessible(page)
    follow(page, page.get_by_test_id("language-id"))
    expect(page).to_have_url(path_is(reverse("partnerships:organisation_list")))
    assert_accessible(page)
    expect(page.locator("html")).to_have_attribute("lang", "id")
    assert User.objects.get(email=MANAGER).language == "id"


def test_language_choice_of_a_visitor_survives_reload(page, demo, console):
    page.goto(reverse("account_login"))
    assert_accessible(page)
    # Indonesian first, whatever language the browser prefers.
    expect(page.locator("html")).to_have_attribute("lang", "id")

    follow(page, page.get_by_test_id("language-en"))

    expect(page).to_have_url(path_is(reverse("account_login")))
    assert_accessible(page)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    follow(page, page.get_by_test_id("language-id"))
    expect(page.locator("html")).to_have_attribute("lang", "id")
