from pathlib import Path

import pytest
from django.utils import translation

from dashboard import panels as panels_module
from tests.factories import build_network

TEMPLATES = Path(__file__).resolve().parent / "templates"


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
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def only_test_panels(settings):
    """The registry emptied of the apps' panels for one test, and put back after it.

    The test panels' template lives in tests/dashboard/templates/tests/panel.html.
    """
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEMPLATES]}
    ]
    apps_panels = dict(panels_module._panels)
    panels_module._panels.clear()
    yield
    panels_module._panels.clear()
    panels_module._panels.update(apps_panels)
