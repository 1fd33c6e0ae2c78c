"""Signing in: password, then the authenticator code that KPK roles and administrators need."""

import re
from urllib.parse import quote

from allauth.mfa.models import Authenticator
from django.urls import reverse
from playwright.sync_api import expect

from accounts.management.demo_mfa import fresh_totp_code, totp_code
from partnerships.demo import DEMO_PASSWORD
from tests.browser.support import (
    assert_accessible,
    enter_totp,
    fill_sign_in,
    journey,
    path_is,
    screenshot,
)

pytestmark = journey


def test_kpk_manager_signs_in_with_password_and_totp(page, demo, console):
    page.goto(reverse("home"))
    assert_accessible(page)
    # The dashboard needs a session: the sign-in page comes first and remembers where to go.
    expect(page).to_have_url(path_is(reverse("account_login")))
    assert_accessible(page)
    screenshot(page, "login")

    fill_sign_in(page, "kpk.manager@demo.sinergi.id")
    expect(page.locator('input[name="code"]')).to_be_visible()
    screenshot(page, "totp")
    enter_totp(page)

    expect(page).to_have_url(path_is(reverse("home")))
    assert_accessible(page)
    expect(page.get_by_test_id("user-menu")).to_contain_text("Ratna")
    # The dashboard's own journeys (test_dashboard.py) take its screenshots.
    expect(page.locator("main")).to_contain_text("Biro Hubungan Masyarakat KPK")
    last_used = Authenticator.objects.get(
        user__email="kpk.manager@demo.sinergi.id", type=Authenticator.Type.TOTP
    ).last_used_at
    assert last_used is not None


def test_kpk_manager_with_a_wrong_code_stays_signed_out(page, demo, console):
    page.goto(reverse("account_login"))
    assert_accessible(page)
    fill_sign_in(page, "kpk.manager@demo.sinergi.id")
    expect(page).to_have_url(path_is(reverse("mfa_authenticate")))
    assert_accessible(page)
    wrong = f"{(int(totp_code()) + 500_000) % 1_000_000:06d}"

    page.fill('input[name="code"]', wrong)
    with page.expect_navigation():
        page.press('input[name="code"]', "Enter")

    expect(page).to_have_url(path_is(reverse("mfa_authenticate")))
    assert_accessible(page)
    expect(page.locator('input[name="code"]')).to_have_attribute("aria-invalid", "true")
    # Without the second step there is no session: the dashboard sends back to sign-in.
    page.goto(reverse("home"))
    assert_accessible(page)
    expect(page).not_to_have_url(path_is(reverse("home")))
    expect(page.get_by_test_id("user-menu")).to_have_count(0)


def test_kpk_staff_without_an_authenticator_must_enrol_before_working(page, demo, console):
    Authenticator.objects.filter(user__email="kpk.staff@demo.sinergi.id").delete()
    page.goto(reverse("account_login"))
    assert_accessible(page)
    fill_sign_in(page, "kpk.staff@demo.sinergi.id")

    # The access rules require two-factor sign-in of KPK roles: no page opens before enrolment.
    activate = reverse("mfa_activate_totp")
    page.goto(reverse("partnerships:organisation_list"))
    assert_accessible(page)
    expect(page).to_have_url(
        re.compile(rf"{re.escape(activate)}$|/reauthenticate/\?next={quote(activate, safe='')}$")
    )
    if "/reauthenticate/" in page.url:
        # allauth confirms the password once more before an authenticator is added.
        page.fill('input[name="password"]', DEMO_PASSWORD)
        page.press('input[name="password"]', "Enter")
    expect(page).to_have_url(path_is(activate))
    assert_accessible(page)
    screenshot(page, "mfa-enrol")
    secret = page.get_by_test_id("totp-secret").inner_text().strip()
    page.fill('input[name="code"]', fresh_totp_code(secret, min_seconds=5))
    with page.expect_navigation():
        page.press('input[name="code"]', "Enter")

    # allauth shows the recovery codes once the authenticator is added.
    expect(page).not_to_have_url(path_is(reverse("mfa_activate_totp")))
    assert_accessible(page)
    page.goto(reverse("partnerships:organisation_list"))
    expect(page).to_have_url(path_is(reverse("partnerships:organisation_list")))
    assert_accessible(page)
    assert Authenticator.objects.filter(
        user__email="kpk.staff@demo.sinergi.id", type=Authenticator.Type.TOTP
    ).exists()
