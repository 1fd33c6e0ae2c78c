import pytest
from django.conf import settings
from django.utils import translation

from tests.factories import build_network


@pytest.fixture(autouse=True)
def english():
    """Assertions read the English msgids; pages follow each user's language (see network)."""
    with translation.override("en"):
        yield


@pytest.fixture
def network(db):
    return build_network(language="en")


@pytest.fixture
def client_as(client):
    """Sign the test client in as a user and return it."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def anonymous_client(client):
    """A visitor without an account who reads the interface in English."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
