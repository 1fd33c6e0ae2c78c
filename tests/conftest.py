import importlib

import pytest
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import translation
from pytest_django.plugin import blocking_manager_key

from config.celery import app as celery_app
from partnerships.regions import load_regions
from tests.factories import UserFactory, build_network
from tests.notifications.smtp import Sink, SmtpServer

# Real sign-ins hash passwords hundreds of times across the suite; the slow hasher only costs time.
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database holds the real regions, as every deployment does."""
    with django_db_blocker.unblock():
        load_regions()
    yield
    with django_db_blocker.unblock():
        _end_other_sessions()


def _end_other_sessions():
    """Close what worker processes and threads left connected, so the test database can go.

    A Celery worker killed by a test may leave its PostgreSQL session open for a moment, and
    PostgreSQL refuses to drop a database that someone is still connected to.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Put the regions back after a transactional test: its flush empties every table.

    Runs after the test's own fixtures are torn down (the flush among them), so the next test,
    transactional or not, finds the regions as every deployment has them.
    """
    result = yield
    marker = item.get_closest_marker("django_db")
    # After the last test the session's teardown has already dropped the test database.
    if nextitem is not None and marker is not None and marker.kwargs.get("transaction"):
        with item.config.stash[blocking_manager_key].unblock():
            load_regions()
    return result


# The anti-corruption themes a migration seeds (the library's vocabulary).
THEMES = importlib.import_module("content.migrations.0002_themes").THEMES


@pytest.fixture(autouse=True)
def _seeded_themes(request):
    """The themes the migration wrote, for every test that uses the database.

    A test on a transactional database (a browser journey, a real Celery worker) ends by flushing
    every table, migration-seeded rows too; the tests after it would find no theme.
    """
    marker = request.node.get_closest_marker("django_db")
    fixtures = set(request.fixturenames)
    if marker is None and not fixtures & {"db", "transactional_db"}:
        return
    transactional = "transactional_db" in fixtures or bool(
        marker and marker.kwargs.get("transaction")
    )
    request.getfixturevalue("transactional_db" if transactional else "db")
    from content.models import Theme

    if not Theme.objects.exists():
        Theme.objects.bulk_create(
            Theme(slug=slug, name=name, name_en=name_en) for slug, name, name_en in THEMES
        )


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


@pytest.fixture
def smtp(settings):
    """A real SMTP server on loopback, which the default mailer sends to; yields its sink."""
    with SmtpServer(Sink()) as server:
        settings.MAILERS = server.mailers
        yield server.sink


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Uploads made by a test land in its own temporary folder, never in the project's var/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def media(settings, _private_media):
    """This test's private media folder, created empty; uploads made by the test land there."""
    settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
    return settings.MEDIA_ROOT


@pytest.fixture
def debug(settings):
    """DEBUG on, as the demo commands require."""
    settings.DEBUG = True


@pytest.fixture
def english_msgids():
    """Code the test runs itself (outside a request) speaks English: assertions read the msgids.

    Pages still follow each user's language; the app packages whose tests assert English text
    switch this on for all their tests in their conftest.py.
    """
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


@pytest.fixture
def administrator(db):
    """A superuser with two-factor sign-in enrolled, as the admin requires."""
    user = UserFactory(is_staff=True, is_superuser=True, language="en")
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    return user
