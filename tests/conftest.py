import pytest
from django.conf import settings
from django.core.cache import cache

from config.celery import app as celery_app
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


@pytest.fixture(autouse=True)
def _eager_tasks():
    """Tasks run in the test process, as in the embedded setup, even when REDIS_URL is set.

    The tests that start a real worker switch this off for themselves.
    """
    was = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = was
