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
