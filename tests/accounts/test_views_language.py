import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from accounts import services
from accounts.models import User
from tests.helpers import sign_in

SET_LANGUAGE = reverse("accounts:set_language")
LOGIN = reverse("account_login")


def test_anonymous_visitor_sees_indonesian_even_if_the_browser_asks_for_english(client, db):
    response = client.get(LOGIN, headers={"accept-language": "en-US,en;q=0.9"})

    assert response.headers["Content-Language"] == "id"
    assert response.wsgi_request.LANGUAGE_CODE == "id"
    assert '<html lang="id">' in response.content.decode()


def test_anonymous_visitor_switches_to_english_with_a_cookie(client, db):
    switched = client.post(SET_LANGUAGE, {"language": "en", "next": LOGIN})

    response = client.get(LOGIN)

    assert switched.url == LOGIN
    assert switched.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert response.headers["Content-Language"] == "en"


def test_signed_in_users_choice_is_saved_and_follows_them_to_a_new_session(
    client, partner_operator
):
    sign_in(client, partner_operator)

    client.post(SET_LANGUAGE, {"language": "en", "next": "/"})
    client.post(reverse("account_logout"))
    other_browser = Client()
    sign_in(other_browser, partner_operator)
    response = other_browser.get(reverse("accounts:profile"))

    partner_operator.refresh_from_db()
    assert partner_operator.language == "en"
    assert response.headers["Content-Language"] == "en"


def test_signed_in_users_language_reaches_the_cookie_for_after_sign_out(client, partner_operator):
    partner_operator.language = "en"
    partner_operator.save()
    sign_in(client, partner_operator)

    client.get(reverse("accounts:profile"))
    client.post(reverse("account_logout"))
    response = client.get(LOGIN)

    assert response.headers["Content-Language"] == "en"


def test_set_language_ignores_an_unsupported_language(client, partner_operator):
    client.force_login(partner_operator)

    client.post(SET_LANGUAGE, {"language": "fr", "next": "/"})

    partner_operator.refresh_from_db()
    assert partner_operator.language == "id"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "id"


def test_set_language_leaves_an_anonymous_visitors_cookie_alone_for_an_unsupported_language(
    client, db
):
    response = client.post(SET_LANGUAGE, {"language": "fr", "next": "/"})

    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_set_language_refuses_to_redirect_off_site(client, db):
    response = client.post(SET_LANGUAGE, {"language": "en", "next": "https://evil.example.com/"})

    assert response.url == "/"


def test_set_language_accepts_only_post(client, db):
    response = client.get(SET_LANGUAGE, {"language": "en"})

    assert response.status_code == 405
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_set_language_service_refuses_an_unsupported_language(partner_operator):
    with pytest.raises(ValueError):
        services.set_language(partner_operator, language="fr")
    assert User.objects.get(pk=partner_operator.pk).language == "id"
