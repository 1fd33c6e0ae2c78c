import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import validate_totp_code
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.middleware import RequireMFAMiddleware
from tests.helpers import (
    english,
    enrol_totp,
    is_signed_in,
    reauthenticate,
    sign_in,
    totp_code,
)

ACTIVATE = reverse("mfa_activate_totp")
AUTHENTICATE = reverse("mfa_authenticate")


@pytest.fixture(autouse=True)
def _sinergi_mfa_adapter(settings):
    # Until config/settings.py names it (tests/accounts/test_settings.py checks that it does).
    settings.MFA_ADAPTER = "accounts.adapters.MFAAdapter"


def _app_paths(patterns=None, prefix=""):
    """Every page of the app outside sign-in and account management, with placeholder ids."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _app_paths(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            path = "/" + re.sub(r"<(?:\w+:)?\w+>", "1", route)
            path = re.sub(r"\(.*?\)|\^|\$|\?", "", path)
            if not path.startswith(RequireMFAMiddleware.allowed_prefixes):
                yield path


def test_kpk_staff_without_totp_is_sent_to_enrol_from_every_app_page(client, kpk_staff):
    client.force_login(kpk_staff)
    paths = sorted(set(_app_paths()))
    assert {"/", "/organisations/", "/me/profile/", "/admin/"} <= set(paths)

    for path in paths:
        response = client.get(path)

        assert response.status_code == 302, path
        assert response.url == ACTIVATE, path


def test_administrator_without_totp_is_sent_to_enrol(client, administrator):
    client.force_login(administrator)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response.url == ACTIVATE


def test_partner_operator_without_totp_is_not_sent_to_enrol(client, partner_operator):
    client.force_login(partner_operator)

    response = client.get(reverse("home"))

    assert response.status_code == 200


def test_kpk_staff_without_totp_may_still_switch_language_and_sign_out(client, kpk_staff):
    client.force_login(kpk_staff)

    language = client.post(reverse("accounts:set_language"), {"language": "en", "next": "/x/"})
    sign_out = client.post(reverse("account_logout"))

    assert language.url == "/x/"
    assert sign_out.url == reverse("account_login")


def test_htmx_request_is_sent_to_enrol_with_a_full_page_redirect(client, kpk_staff):
    client.force_login(kpk_staff)

    response = client.get(reverse("home"), headers={"HX-Request": "true"})

    assert response.headers["HX-Redirect"] == ACTIVATE


def test_kpk_staff_enrols_with_the_shown_secret_and_then_reaches_the_app(client, kpk_staff):
    sign_in(client, kpk_staff)
    assert client.get(reverse("home")).url == ACTIVATE
    # allauth asks for the password again before any change to two-factor sign-in.
    assert client.get(ACTIVATE).url.startswith(reverse("account_reauthenticate"))
    reauthenticate(client)

    page = client.get(ACTIVATE)
    secret = client.session["mfa.totp.secret"]
    content = page.content.decode()
    assert f'data-testid="totp-secret">{secret}</code>' in content
    assert 'src="data:image/svg+xml;base64,' in content

    enrolled = client.post(ACTIVATE, {"code": totp_code(secret)})
    home = client.get(reverse("home"))

    assert enrolled.url == reverse("mfa_view_recovery_codes")
    assert Authenticator.objects.filter(user=kpk_staff, type=Authenticator.Type.TOTP).exists()
    assert home.status_code == 200


def test_enrolment_with_a_wrong_code_is_refused(client, partner_operator):
    english(client)
    partner_operator.language = "en"
    partner_operator.save()
    sign_in(client, partner_operator)
    reauthenticate(client)
    client.get(ACTIVATE)
    secret = client.session["mfa.totp.secret"]
    wrong = f"{(int(totp_code(secret)) + 1) % 1_000_000:06d}"

    response = client.post(ACTIVATE, {"code": wrong})

    assert response.status_code == 200
    assert response.context["form"].errors["code"] == [
        "This code is not correct or has already been used. "
        "Enter the code your authenticator app shows now."
    ]
    assert not Authenticator.objects.filter(user=partner_operator).exists()


def test_partner_operator_may_enrol_voluntarily(client, partner_operator):
    sign_in(client, partner_operator)
    reauthenticate(client)
    client.get(ACTIVATE)
    secret = client.session["mfa.totp.secret"]

    client.post(ACTIVATE, {"code": totp_code(secret)})

    assert Authenticator.objects.filter(
        user=partner_operator, type=Authenticator.Type.TOTP
    ).exists()


def test_sign_in_with_password_and_totp_code_signs_the_user_in(client, kpk_staff):
    secret = enrol_totp(kpk_staff)

    first_step = sign_in(client, kpk_staff)
    assert first_step.url == AUTHENTICATE
    assert "_auth_user_id" not in client.session
    response = client.post(AUTHENTICATE, {"code": totp_code(secret)})

    assert response.url == reverse("home")
    assert client.session["_auth_user_id"] == str(kpk_staff.pk)
    assert client.get(reverse("home")).status_code == 200


def test_sign_in_with_a_wrong_totp_code_is_refused(client, kpk_staff):
    secret = enrol_totp(kpk_staff)
    english(client)
    sign_in(client, kpk_staff)
    wrong = f"{(int(totp_code(secret)) + 1) % 1_000_000:06d}"

    response = client.post(AUTHENTICATE, {"code": wrong})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert response.context["form"].errors["code"] == [
        "This code is not correct or has already been used. "
        "Enter the code your authenticator app shows now."
    ]
    assert "This code is not correct or has already been used." in response.content.decode()
    assert not is_signed_in(client)


def test_sign_in_with_a_reused_totp_code_is_refused(client, kpk_staff):
    secret = enrol_totp(kpk_staff)
    code = totp_code(secret)
    sign_in(client, kpk_staff)
    client.post(AUTHENTICATE, {"code": code})
    client.post(reverse("account_logout"))
    english(client)
    sign_in(client, kpk_staff)

    response = client.post(AUTHENTICATE, {"code": code})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert response.context["form"].errors["code"] == [
        "This code is not correct or has already been used. "
        "Enter the code your authenticator app shows now."
    ]
    # Still within its time step: the refusal is for the reuse, not for an expired code.
    assert validate_totp_code(secret, code)


def test_sign_in_with_a_recovery_code_works_once(client, kpk_staff):
    enrol_totp(kpk_staff)
    code = RecoveryCodes.activate(kpk_staff).get_unused_codes()[0]
    sign_in(client, kpk_staff)
    first = client.post(AUTHENTICATE, {"code": code})
    client.post(reverse("account_logout"))
    sign_in(client, kpk_staff)

    second = client.post(AUTHENTICATE, {"code": code})

    assert first.url == reverse("home")
    assert second.status_code == 200
    assert "_auth_user_id" not in client.session


def test_kpk_staff_cannot_remove_a_required_authenticator(client, kpk_staff):
    secret = enrol_totp(kpk_staff)
    english(client)
    kpk_staff.language = "en"
    kpk_staff.save()
    sign_in(client, kpk_staff)
    client.post(AUTHENTICATE, {"code": totp_code(secret)})
    reauthenticate(client)

    response = client.post(reverse("mfa_deactivate_totp"))

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Your role requires two-factor sign-in, so the authenticator app cannot be removed."
    ]
    assert Authenticator.objects.filter(user=kpk_staff, type=Authenticator.Type.TOTP).exists()


def test_partner_operator_may_remove_a_voluntary_authenticator(client, partner_operator):
    secret = enrol_totp(partner_operator)
    sign_in(client, partner_operator)
    client.post(AUTHENTICATE, {"code": totp_code(secret)})
    reauthenticate(client)

    response = client.post(reverse("mfa_deactivate_totp"))

    assert response.url == reverse("mfa_index")
    assert not Authenticator.objects.filter(user=partner_operator).exists()


def test_kpk_staff_is_sent_to_enrol_again_once_an_administrator_removes_the_app(
    client, kpk_staff, administrator
):
    # The lost-phone case: the enrolled person is signed in when the administrator removes it.
    enrol_totp(kpk_staff)
    enrol_totp(administrator)
    client.force_login(kpk_staff)
    before = client.get(reverse("accounts:profile"))
    admin_browser = Client()
    admin_browser.force_login(administrator)
    totp = Authenticator.objects.get(user=kpk_staff, type=Authenticator.Type.TOTP)

    removed = admin_browser.post(
        reverse("admin:mfa_authenticator_delete", args=[totp.pk]), {"post": "yes"}
    )
    after = client.get(reverse("accounts:profile"))

    assert before.status_code == 200
    assert removed.status_code == 302
    assert not Authenticator.objects.filter(pk=totp.pk).exists()
    assert after.status_code == 302
    assert after.url == ACTIVATE


def test_kpk_staff_is_sent_to_enrol_again_once_the_app_is_deleted_in_the_database(
    client, kpk_staff
):
    enrol_totp(kpk_staff)
    client.force_login(kpk_staff)
    before = client.get(reverse("home"))

    Authenticator.objects.filter(user=kpk_staff).delete()
    after = client.get(reverse("home"))

    assert before.status_code == 200
    assert after.url == ACTIVATE
