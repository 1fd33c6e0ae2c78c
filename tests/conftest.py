import pytest
from django.conf import settings
from django.core.cache import cache

from partnerships.regions import load_regions

# Real sign-ins hash passwords hundreds of times across the suite; the slow hasher only costs time.
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
