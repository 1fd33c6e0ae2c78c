"""Helpers for signing in through allauth's real views, with real TOTP codes."""

import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.conf import settings
from django.urls import reverse

from partnerships.models import Role
from tests.factories import DEFAULT_PASSWORD, UserFactory, member


def verify_email(user):
    """allauth signs in only verified addresses; accounts made by invitation are verified."""
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def enrol_totp(user) -> str:
    """Enrol ``user`` in an authenticator app (with recovery codes); returns the secret."""
    Authenticator.objects.filter(user=user).delete()
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return secret


def totp_code(secret: str) -> str:
    """The code an authenticator app shows now.

    allauth accepts only the current 30-second step; a code taken just before the step
    changes could expire mid-test, so wait for the next step then.
    """
    remaining = mfa_settings.TOTP_PERIOD - time.time() % mfa_settings.TOTP_PERIOD
    if remaining < 5:
        time.sleep(remaining + 0.1)
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))


def sign_in(client, user, password=DEFAULT_PASSWORD, **extra):
    return client.post(
        reverse("account_login"), {"login": user.email, "password": password}, **extra
    )


def reauthenticate(client, password=DEFAULT_PASSWORD):
    """Confirm the password, as allauth asks before any change to two-factor sign-in."""
    response = client.post(reverse("account_reauthenticate"), {"password": password})
    assert response.status_code == 302, response.context["form"].errors
    return response


def is_signed_in(client) -> bool:
    """Whether ``client``'s session still signs it in, as the next page would see it."""
    response = client.get(reverse("accounts:profile"))
    return response.wsgi_request.user.is_authenticated


def english(client):
    """Make an anonymous visitor's pages English (assertions on English text)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def partner_operator(db):
    return verify_email(member(Role.PARTNER_OPERATOR))


@pytest.fixture
def kpk_staff(db):
    """KPK staff not yet enrolled in two-factor sign-in (the factories enrol KPK roles)."""
    user = verify_email(member(Role.KPK_STAFF))
    Authenticator.objects.filter(user=user).delete()
    return user


@pytest.fixture
def administrator(db):
    return verify_email(UserFactory(is_staff=True, is_superuser=True))
