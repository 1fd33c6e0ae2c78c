"""Plain helpers shared by the tests of several apps: signing in, reading responses, the admin.

Fixtures live in the conftest.py files and factories in tests/factories.py; this module holds
only functions a test calls itself.
"""

import time
from io import StringIO
from pathlib import Path

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
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import DEFAULT_PASSWORD

# Responses


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def listed(response, attribute: str) -> list:
    """The ``attribute`` of every object on a list page's current page."""
    return [getattr(obj, attribute) for obj in response.context["page"].object_list]


def finish(response) -> None:
    """Read a response to its end, as a server does; a streamed one (a file, a cursor) is closed.

    Reading through ``streaming_content`` closes it inside the test client's own wrapper, which
    keeps the test's database connection. Calling ``response.close()`` instead sends
    ``request_finished`` a second time, and Django then closes the connection of a test running
    in a transaction (on PostgreSQL the next query fails with "the connection is closed").
    """
    if response.streaming:
        b"".join(response.streaming_content)


def count_queries(request) -> int:
    """How many SQL queries one request takes, once the session's first-visit writes are done."""
    request()
    with CaptureQueriesContext(connection) as context:
        response = request()
    assert response.status_code == 200
    return len(context.captured_queries)


# The admin


def admin_changelist(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def changelist_results(response) -> list:
    """The rows an admin changelist shows."""
    return list(response.context["cl"].result_list)


# People


def fresh(user):
    """The same person as the next request would load them: no cached reach."""
    return type(user).objects.get(pk=user.pk)


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


# Signing in through allauth's real views


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


# Commands and files


def run_command(command, *args, **options) -> str:
    """Run a management command; returns what it printed (its errors are dropped)."""
    out = StringIO()
    call_command(command, *args, stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def stored_files(root: Path) -> list[Path]:
    """Every file under ``root`` (the media folder), in order."""
    return sorted(path for path in root.rglob("*") if path.is_file())
