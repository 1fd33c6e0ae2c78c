"""Production configuration and the security headers every response carries."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from django.urls import URLPattern, URLResolver, get_resolver

from tests.factories import UserFactory
from tests.helpers import finish

ROOT = Path(__file__).resolve().parents[2]
# Executable inline scripts; JSON data blocks are not run by the browser and need no nonce.
INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")([^>]*)>", re.IGNORECASE
)


def test_production_settings_pass_check_deploy_without_warnings():
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SINERGI_", "EMAIL_", "DATABASE_", "REDIS_"))
    }
    env |= {
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "sinergi.example.go.id",
        "EMAIL_URL": "smtp+tls://sinergi:secret@mail.example.go.id:587",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def _without_django_variables():
    return {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}


def test_production_server_refuses_to_start_without_a_secret_key():
    result = subprocess.run(
        [sys.executable, "-c", "import config.wsgi"],
        cwd=ROOT,
        env=_without_django_variables(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=true for development)." in result.stderr


def test_deploy_check_reports_a_missing_secret_key():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_without_django_variables() | {"EMAIL_URL": "smtp://mail.example.go.id:25"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def test_commands_that_sign_nothing_run_without_a_secret_key():
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT,
        env=_without_django_variables(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _all_paths(patterns=None, prefix=""):
    """Every URL of the project, with a placeholder for each parameter."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _all_paths(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            path = re.sub(r"<int:\w+>", "1", route)
            path = re.sub(r"<(?:\w+:)?\w+>", "x", path)
            if "(" in path or "^" in path or "?" in path:
                # A regular-expression route (the admin's): try it with a plain placeholder.
                path = re.sub(r"\(.*?\)|\^|\$|\?", "", path)
            yield "/" + path.lstrip("/")


def _assert_security_headers(response, path):
    csp = response.headers.get("Content-Security-Policy", "")
    assert "default-src 'self'" in csp, path
    assert "frame-ancestors 'none'" in csp, path
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, path
    assert response.headers.get("X-Content-Type-Options") == "nosniff", path
    assert response.headers.get("Referrer-Policy") == "same-origin", path
    assert response.headers.get("X-Frame-Options") == "DENY", path
    if response.get("Content-Type", "").startswith("text/html") and not response.streaming:
        nonce = re.search(r"'nonce-([^']+)'", csp)
        for attributes in INLINE_SCRIPT.findall(response.content.decode()):
            assert nonce and f'nonce="{nonce.group(1)}"' in attributes, (path, attributes)


@pytest.fixture
def administrator(db):
    user = UserFactory(is_staff=True, is_superuser=True)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    return user


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "administrator"])
def test_every_url_carries_the_security_headers(client, administrator, signed_in):
    if signed_in:
        client.force_login(administrator)
    paths = sorted(set(_all_paths()))
    assert "/organisations/" in paths
    for path in paths:
        response = client.get(path)
        finish(response)
        _assert_security_headers(response, path)
        if signed_in:
            cache_control = response.headers.get("Cache-Control", "")
            assert {"private", "no-store"} <= set(cache_control.replace(" ", "").split(",")), path
