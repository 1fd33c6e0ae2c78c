"""Finding the Unicode font the events' PDFs embed (events/fonts.py)."""

from events import fonts


def _found_in(monkeypatch, folder):
    monkeypatch.setattr(fonts, "FONT_DIRECTORIES", (folder,))
    fonts.unicode_fonts.cache_clear()
    try:
        return fonts.unicode_fonts()
    finally:
        fonts.unicode_fonts.cache_clear()


def test_unicode_fonts_finds_both_faces_anywhere_below_the_font_folders(tmp_path, monkeypatch):
    faces = tmp_path / "truetype" / "dejavu"
    faces.mkdir(parents=True)
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        (faces / name).write_bytes(b"font")

    assert _found_in(monkeypatch, tmp_path) == {
        "": faces / "DejaVuSans.ttf",
        "B": faces / "DejaVuSans-Bold.ttf",
    }


def test_unicode_fonts_is_none_without_the_bold_face(tmp_path, monkeypatch):
    (tmp_path / "DejaVuSans.ttf").write_bytes(b"font")

    assert _found_in(monkeypatch, tmp_path) is None
