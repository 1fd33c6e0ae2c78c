from pathlib import Path

import pytest

from common import panels as panels_module

TEMPLATES = Path(__file__).resolve().parent / "templates"


@pytest.fixture(autouse=True)
def english(english_msgids):
    """Assertions read the English msgids (tests/conftest.py); pages follow each user's language."""


@pytest.fixture
def only_test_panels(settings):
    """The registry emptied of the apps' panels for one test, and put back after it.

    The test panels' template lives in tests/common/templates/tests/panel.html.
    """
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEMPLATES]}
    ]
    apps_panels = dict(panels_module._panels)
    panels_module._panels.clear()
    yield
    panels_module._panels.clear()
    panels_module._panels.update(apps_panels)
