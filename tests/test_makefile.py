"""The Makefile's commands: `make run` serves where its links point."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(not shutil.which("make"), reason="make is not installed")


def _run(tmp_path, *arguments, environment=None):
    """`make run` with a stand-in for Python that reports each command and the address it got.

    Nothing is installed, migrated or served: the stand-in only prints, and the virtualenv stamp
    and the compiled catalogue count as up to date (`-o`).
    """
    python = tmp_path / "python"
    python.write_text('#!/bin/sh\necho "$* -> $SINERGI_SITE_URL"\n')
    python.chmod(0o755)
    env = {key: value for key, value in os.environ.items() if key != "SINERGI_SITE_URL"}
    result = subprocess.run(
        [
            "make",
            "--silent",
            "run",
            f"PY={python}",
            "-o",
            ".venv/.installed",
            "-o",
            "locale/id/LC_MESSAGES/django.mo",
            *arguments,
        ],
        cwd=ROOT,
        env=env | (environment or {}),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.splitlines()


def test_make_run_on_another_port_links_to_that_port(tmp_path):
    assert _run(tmp_path, "PORT=8102") == [
        "Links in emails point to http://127.0.0.1:8102",
        "manage.py migrate --no-input -v 0 -> http://127.0.0.1:8102",
        "manage.py load_regions -> http://127.0.0.1:8102",
        "manage.py seed_demo -> http://127.0.0.1:8102",
        "manage.py runserver 127.0.0.1:8102 -> http://127.0.0.1:8102",
    ]


def test_make_run_keeps_a_site_url_the_user_set(tmp_path):
    lines = _run(
        tmp_path, "PORT=8102", environment={"SINERGI_SITE_URL": "https://sinergi.example.go.id"}
    )

    assert lines[0] == "Links in emails point to https://sinergi.example.go.id"
    assert lines[-1] == "manage.py runserver 127.0.0.1:8102 -> https://sinergi.example.go.id"
