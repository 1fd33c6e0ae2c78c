import pytest


@pytest.fixture(autouse=True)
def english(english_msgids):
    """Assertions read the English msgids (tests/conftest.py); one test checks the Indonesian."""
