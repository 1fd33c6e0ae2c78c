"""Both interface catalogues are complete: every string in the code has its translation."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIRS = [
    "accounts",
    "agreements",
    "audit",
    "common",
    "config",
    "content",
    "dashboard",
    "events",
    "notifications",
    "partnerships",
]


def _untranslated(po_file: Path) -> str:
    """The entries of a catalogue that are missing or fuzzy (gettext's msgattrib)."""
    untranslated = subprocess.run(
        ["msgattrib", "--untranslated", "--no-obsolete", str(po_file)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    fuzzy = subprocess.run(
        ["msgattrib", "--only-fuzzy", "--no-obsolete", str(po_file)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return untranslated + fuzzy


@pytest.fixture(scope="module")
def extracted_catalogues(tmp_path_factory):
    """Run makemessages on a copy of the sources, so the check sees today's strings."""
    if not shutil.which("msgattrib"):
        pytest.skip("gettext tools are not installed (apt-get install gettext)")
    copy = tmp_path_factory.mktemp("project")
    for name in [*SOURCE_DIRS, "templates", "locale"]:
        if not (ROOT / name).exists():
            continue
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "manage.py", copy / "manage.py")
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "id", "-l", "en", "--no-obsolete"],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    return copy / "locale"


@pytest.mark.parametrize("language", ["id", "en"])
def test_catalogue_translates_every_string_in_the_code(extracted_catalogues, language):
    missing = _untranslated(extracted_catalogues / language / "LC_MESSAGES" / "django.po")
    assert missing == "", f"Untranslated or fuzzy strings in locale/{language}:\n{missing}"


def test_committed_catalogue_has_no_untranslated_entry():
    if not shutil.which("msgattrib"):
        pytest.skip("gettext tools are not installed (apt-get install gettext)")
    assert _untranslated(ROOT / "locale" / "id" / "LC_MESSAGES" / "django.po") == ""


def test_interface_speaks_indonesian_by_default(db):
    response = Client().get("/accounts/login/", headers={"accept-language": "en"})
    assert response.headers["Content-Language"] == "id"
    with translation.override("id"):
        assert translation.gettext("Organisations") == "Organisasi"


def test_dates_and_numbers_read_the_indonesian_way():
    from datetime import date

    from django.template import Context, Template

    template = Template('{% load humanize %}{{ day|date:"DATE_FORMAT" }} · {{ count|intcomma }}')
    with translation.override("id"):
        rendered = template.render(Context({"day": date(2024, 5, 30), "count": 1234567}))
    assert rendered == "Kamis, 30 Mei 2024 · 1.234.567"
    with translation.override("en"):
        rendered = template.render(Context({"day": date(2024, 5, 30), "count": 1234567}))
    assert rendered == "Thursday, 30 May 2024 · 1,234,567"
