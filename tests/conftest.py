import pytest
from django.core.cache import cache

from partnerships.regions import load_regions


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database holds the real regions, as every deployment does."""
    with django_db_blocker.unblock():
        load_regions()


@pytest.fixture(autouse=True)
def _clear_cache():
    # Rate limits and used-TOTP records live in the cache; tests must not see each other's.
    cache.clear()
    yield
    cache.clear()
