"""The Unicode font the events' PDFs (daftar hadir, certificates) print names with.

fpdf2's core fonts know only Latin-1; names come in every script. DejaVu Sans (Debian's
``fonts-dejavu-core``) is embedded when the system has it; without it each PDF transliterates.
"""

from functools import cache
from pathlib import Path

FONT_DIRECTORIES = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}


@cache
def unicode_fonts() -> dict[str, Path] | None:
    """The DejaVu Sans regular and bold files found on this system by style ("", "B"), or None."""
    found = {}
    for style, filename in FONT_FILES.items():
        for directory in FONT_DIRECTORIES:
            if not directory.is_dir():
                continue
            path = next(directory.rglob(filename), None)
            if path is not None:
                found[style] = path
                break
    return found if len(found) == len(FONT_FILES) else None
