import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english():
    """Assertions read the English msgids; pages follow each user's language (see network)."""
    with translation.override("en"):
        yield
