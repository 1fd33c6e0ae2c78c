"""A database outage answers 503 with Retry-After; a dead reused connection is replaced.

The requests go through Django's WSGI handler, as under gunicorn: it runs the start-of-request
connection checks that the test client leaves out.
"""

import io
from wsgiref.util import setup_testing_defaults

import psycopg
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import OperationalError, connection
from django.test import RequestFactory

from common.errors import server_error
from tests.factories import UserFactory

BOTH_LANGUAGES = ["Layanan sedang tidak tersedia", "Service unavailable"]


def test_database_error_answers_503_with_retry_after_in_both_languages():
    request = RequestFactory().get("/")
    try:
        raise OperationalError("connection to server failed")
    except OperationalError:
        response = server_error(request)

    assert (response.status_code, response["Retry-After"]) == (503, "30")
    assert [text for text in BOTH_LANGUAGES if text in response.content.decode()] == BOTH_LANGUAGES


def test_any_other_error_answers_500():
    request = RequestFactory().get("/")
    try:
        raise KeyError("a bug")
    except KeyError:
        response = server_error(request)

    assert response.status_code == 500
    assert not response.has_header("Retry-After")


def _wsgi_get(path: str, cookies: str) -> tuple[str, dict, bytes]:
    environ = {"PATH_INFO": path, "HTTP_COOKIE": cookies, "wsgi.input": io.BytesIO()}
    setup_testing_defaults(environ)
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"], answer["headers"] = status, dict(headers)

    body = b"".join(WSGIHandler()(environ, start_response))
    return answer["status"], answer["headers"], body


def _kill_this_connection():
    """End this process's PostgreSQL session from another one, as a database restart does."""
    settings = connection.settings_dict
    with psycopg.connect(
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        dbname=settings["NAME"],
        autocommit=True,
    ) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [connection.connection.info.backend_pid])


@pytest.fixture
def signed_in(client, db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL, as CI does")
    client.force_login(UserFactory(language="en"))
    return f"sessionid={client.cookies['sessionid'].value}"


@pytest.mark.django_db(transaction=True)
def test_dead_reused_connection_is_replaced_instead_of_failing_the_request(signed_in):
    status, _headers, _body = _wsgi_get("/notifications/", signed_in)
    assert status.startswith("200")
    assert connection.connection is not None  # kept for the next request (CONN_MAX_AGE)

    _kill_this_connection()
    status, _headers, _body = _wsgi_get("/notifications/", signed_in)

    assert status.startswith("200")


@pytest.mark.django_db(transaction=True)
def test_request_on_a_dead_connection_answers_503_when_it_is_not_checked(signed_in):
    connection.settings_dict["CONN_HEALTH_CHECKS"] = False
    connection.close()  # the setting is read when connecting
    try:
        _wsgi_get("/notifications/", signed_in)
        _kill_this_connection()
        status, headers, body = _wsgi_get("/notifications/", signed_in)
    finally:
        connection.settings_dict["CONN_HEALTH_CHECKS"] = True
        connection.close()

    assert (status, headers["Retry-After"]) == ("503 Service Unavailable", "30")
    assert "Service unavailable" in body.decode()
    # The failed connection is dropped at the end of that request: the next one works.
    assert _wsgi_get("/notifications/", signed_in)[0].startswith("200")
