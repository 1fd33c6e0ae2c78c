"""Deployment choices in config/settings.py that only show under real conditions."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the embedded database is SQLite")
def test_sqlite_concurrent_requests_wait_for_each_other_instead_of_failing(tmp_path):
    # Six people upload to one agreement and six renew another at the same moment, and two
    # follow one invitation link: on a file database, as `make run` serves it.
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SINERGI_", "DATABASE_", "REDIS_"))
    }
    env |= {
        "DJANGO_DEBUG": "true",
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "SINERGI_MEDIA_ROOT": str(tmp_path / "media"),
    }
    result = subprocess.run(
        [sys.executable, "-m", "tests.config.sqlite_concurrency"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr

    answers = json.loads(result.stdout.splitlines()[-1])

    # One person joins from the link; the other sees the form again, with the reason.
    assert sorted(answers.pop("acceptances")) == [200, 302]
    assert answers == {
        "uploads": [302] * 6,
        "versions": [1, 2, 3, 4, 5, 6],
        # One renewal is drafted; the others are sent back to the agreement with the reason.
        "renewals": [302] * 6,
        "successors": 1,
        "memberships": 1,
    }


def _database_options(**variables) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SINERGI_", "DATABASE_", "REDIS_"))
    }
    env |= {"DJANGO_DEBUG": "true", "DJANGO_SETTINGS_MODULE": "config.settings", **variables}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json, django; from django.conf import settings; django.setup(); "
            "print(json.dumps(settings.DATABASES['default'].get('OPTIONS', {})))",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.splitlines()[-1])


def test_postgresql_connections_start_no_parallel_workers_unless_told():
    url = "postgres://sinergi@db.example:5432/sinergi"

    assert _database_options(DATABASE_URL=url) == {
        "options": "-c max_parallel_workers_per_gather=0"
    }
    assert _database_options(DATABASE_URL=url, DATABASE_PARALLEL_WORKERS="2") == {
        "options": "-c max_parallel_workers_per_gather=2"
    }
    # The URL's own options win.
    own = url + "?options=-c%20statement_timeout%3D5000"
    assert _database_options(DATABASE_URL=own) == {"options": "-c statement_timeout=5000"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
@pytest.mark.django_db
def test_postgresql_queries_of_the_site_start_no_parallel_workers():
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == "0"
