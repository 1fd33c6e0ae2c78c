"""allauth's pages wear Sinergi's layout, obey the Content-Security-Policy, show errors clearly."""

import re

import pytest
from django.urls import reverse

from tests.helpers import english, enrol_totp, reauthenticate, sign_in, totp_code

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle=", re.IGNORECASE)

ENTRANCE_PAGES = [
    "account_login",
    "account_signup",
    "account_reset_password",
    "account_reset_password_done",
    "account_email_verification_sent",
]
SIGNED_IN_PAGES = [
    ("accounts:profile", "account-menu"),
    ("account_email", "account-menu"),
    ("account_change_password", "account-menu"),
    ("mfa_index", "account-menu"),
    ("mfa_activate_totp", "account-menu"),
    ("account_logout", "account-menu"),
    ("account_reauthenticate", "entrance"),
]
ENROLLED_MANAGE_PAGES = [
    "mfa_index",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_deactivate_totp",
]


def _assert_fits_the_product(response):
    content = response.content.decode()
    assert response.status_code == 200
    assert "site-navbar" in content
    assert "css/sinergi.css" in content
    assert not STYLE_ATTRIBUTE.search(content)
    nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"])
    for attributes in INLINE_SCRIPT.findall(content):
        assert 'type="application/json"' in attributes or f'nonce="{nonce.group(1)}"' in attributes
    return content


@pytest.mark.parametrize("name", ENTRANCE_PAGES)
def test_entrance_page_is_a_centred_card_in_the_product_layout(client, db, name):
    content = _assert_fits_the_product(client.get(reverse(name)))

    assert 'data-testid="entrance"' in content


@pytest.mark.parametrize(("name", "layout"), SIGNED_IN_PAGES)
def test_signed_in_page_fits_the_product_layout(client, partner_operator, name, layout):
    sign_in(client, partner_operator)
    reauthenticate(client)

    content = _assert_fits_the_product(client.get(reverse(name)))

    assert f'data-testid="{layout}"' in content


@pytest.mark.parametrize("name", ENROLLED_MANAGE_PAGES)
def test_two_factor_pages_of_an_enrolled_user_fit_the_product(client, partner_operator, name):
    secret = enrol_totp(partner_operator)
    sign_in(client, partner_operator)
    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    reauthenticate(client)

    content = _assert_fits_the_product(client.get(reverse(name)))

    assert 'data-testid="account-menu"' in content


def test_two_factor_sign_in_page_fits_the_product(client, partner_operator):
    enrol_totp(partner_operator)
    sign_in(client, partner_operator)

    content = _assert_fits_the_product(client.get(reverse("mfa_authenticate")))

    assert 'data-testid="entrance"' in content
    assert 'autocomplete="one-time-code"' in content


def test_sign_in_form_shows_its_error_above_bootstrap_fields(client, partner_operator):
    english(client)

    response = sign_in(client, partner_operator, password="not-the-password")

    content = response.content.decode()
    assert '<div class="alert alert-block alert-danger">' in content
    assert "The email address and/or password you specified are not correct." in content
    assert re.search(r'<input[^>]*name="password"[^>]*class="[^"]*form-control', content)


def test_password_change_shows_field_errors_next_to_the_field(client, partner_operator):
    english(client)
    sign_in(client, partner_operator)

    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "wrong", "password1": "Another-password-2026", "password2": "different"},
    )

    content = response.content.decode()
    assert "is-invalid" in content
    assert "invalid-feedback" in content
    assert partner_operator.check_password("Sinergi-test-2026!")


def test_totp_activation_page_shows_the_qr_code_and_the_secret(client, partner_operator):
    sign_in(client, partner_operator)
    reauthenticate(client)

    response = client.get(reverse("mfa_activate_totp"))

    content = response.content.decode()
    secret = client.session["mfa.totp.secret"]
    assert re.search(r'<img src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+"', content)
    assert f'data-testid="totp-secret">{secret}</code>' in content
    assert 'name="code"' in content


def test_password_reset_page_offers_a_contact_for_help(client, db, settings):
    settings.SUPPORT_EMAIL = "bantuan@kpk.go.id"

    content = client.get(reverse("account_reset_password")).content.decode()

    assert ">Atur ulang kata sandi Sinergi</h1>" in content
    assert (
        'Butuh bantuan? Tulis ke <a href="mailto:bantuan@kpk.go.id">bantuan@kpk.go.id</a>.'
        in content
    )
