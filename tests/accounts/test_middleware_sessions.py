from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from accounts.middleware import SESSION_SEEN, SESSION_STARTED
from tests.factories import DEFAULT_PASSWORD
from tests.helpers import is_signed_in, sign_in

LOGIN = reverse("account_login")
PROFILE = reverse("accounts:profile")


@pytest.fixture
def second_client():
    return Client()


def _set_clock(client, *, started_ago, seen_ago):
    """Pretend the session began ``started_ago`` and was last used ``seen_ago``."""
    now = timezone.now()
    session = client.session
    session[SESSION_STARTED] = (now - started_ago).isoformat()
    session[SESSION_SEEN] = (now - seen_ago).isoformat()
    session.save()


def test_sign_out_ends_every_session_of_the_user(client, second_client, partner_operator):
    sign_in(client, partner_operator)
    sign_in(second_client, partner_operator)
    assert is_signed_in(second_client)

    client.post(reverse("account_logout"))

    assert not is_signed_in(client)
    assert not is_signed_in(second_client)


def test_sign_out_leaves_other_users_signed_in(client, second_client, partner_operator, kpk_staff):
    sign_in(client, partner_operator)
    second_client.force_login(kpk_staff)

    client.post(reverse("account_logout"))

    assert is_signed_in(second_client)


def test_password_change_ends_the_other_sessions_only(client, second_client, partner_operator):
    sign_in(client, partner_operator)
    sign_in(second_client, partner_operator)

    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": DEFAULT_PASSWORD,
            "password1": "Another-password-2026",
            "password2": "Another-password-2026",
        },
    )

    assert response.status_code == 302
    assert is_signed_in(client)
    assert not is_signed_in(second_client)


def test_deactivated_account_loses_every_session(client, second_client, partner_operator):
    sign_in(client, partner_operator)
    sign_in(second_client, partner_operator)

    partner_operator.is_active = False
    partner_operator.save()

    assert not is_signed_in(client)
    assert not is_signed_in(second_client)


def test_session_outlives_a_cache_restart(client, partner_operator):
    # Sessions are read from the cache and written through to the database.
    sign_in(client, partner_operator)

    cache.clear()

    assert is_signed_in(client)


def test_signed_in_request_reads_its_session_from_the_cache(client, partner_operator):
    sign_in(client, partner_operator)
    client.get(PROFILE)

    with CaptureQueriesContext(connection) as context:
        client.get(PROFILE)

    assert [q["sql"] for q in context.captured_queries if "django_session" in q["sql"]] == []


@pytest.mark.parametrize(
    ("started_ago", "seen_ago"),
    [(timedelta(minutes=10), timedelta(minutes=6)), (timedelta(hours=3), timedelta(seconds=5))],
    ids=["idle", "too-old"],
)
def test_session_past_its_idle_timeout_or_lifetime_signs_out_with_a_message(
    client, settings, partner_operator, started_ago, seen_ago
):
    settings.SESSION_IDLE_TIMEOUT = timedelta(minutes=5)
    settings.SESSION_MAX_LIFETIME = timedelta(hours=2)
    partner_operator.language = "en"
    partner_operator.save()
    sign_in(client, partner_operator)
    client.get(PROFILE)  # shows (and so clears) the sign-in message
    _set_clock(client, started_ago=started_ago, seen_ago=seen_ago)

    response = client.get(PROFILE)

    assert response.status_code == 302
    assert response.url == f"{LOGIN}?next={PROFILE}"
    assert "_auth_user_id" not in client.session
    login_page = client.get(response.url)
    assert [str(message) for message in login_page.context["messages"]] == [
        "Your session has expired. Please sign in again."
    ]


def test_session_within_its_idle_timeout_and_lifetime_stays_signed_in(
    client, settings, partner_operator
):
    settings.SESSION_IDLE_TIMEOUT = timedelta(minutes=5)
    settings.SESSION_MAX_LIFETIME = timedelta(hours=2)
    sign_in(client, partner_operator)
    _set_clock(client, started_ago=timedelta(minutes=110), seen_ago=timedelta(minutes=4))

    response = client.get(PROFILE)

    assert response.status_code == 200
    # The visit counts as activity: the idle clock starts again.
    seen = timezone.datetime.fromisoformat(client.session[SESSION_SEEN])
    assert timezone.now() - seen < timedelta(seconds=5)


def test_expiry_message_uses_the_users_language(client, settings, partner_operator):
    settings.SESSION_IDLE_TIMEOUT = timedelta(minutes=5)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    sign_in(client, partner_operator)
    client.get(PROFILE)
    _set_clock(client, started_ago=timedelta(minutes=10), seen_ago=timedelta(minutes=10))

    response = client.get(PROFILE, headers={"accept-language": "en"}, follow=True)

    with translation.override("id"):
        expected = translation.gettext("Your session has expired. Please sign in again.")
    assert [str(message) for message in response.context["messages"]] == [expected]
    assert response.headers["Content-Language"] == "id"


def test_htmx_request_after_expiry_reloads_the_sign_in_page(client, settings, partner_operator):
    settings.SESSION_IDLE_TIMEOUT = timedelta(minutes=5)
    sign_in(client, partner_operator)
    _set_clock(client, started_ago=timedelta(minutes=10), seen_ago=timedelta(minutes=10))

    response = client.get(PROFILE, headers={"HX-Request": "true"})

    assert response.headers["HX-Redirect"] == f"{LOGIN}?next={PROFILE}"
    assert "_auth_user_id" not in client.session
