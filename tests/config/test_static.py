"""What collectstatic gathers: what the pages use, not whole packages of assets."""

import posixpath

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.test import RequestFactory


def _collected() -> set[str]:
    """The paths collectstatic would write (a prefixed folder's files under their prefix)."""
    return {
        posixpath.join(getattr(storage, "prefix", None) or "", path)
        for finder in finders.get_finders()
        for path, storage in finder.list([])
    }


def test_font_awesome_contributes_its_stylesheets_and_webfonts_only():
    collected = _collected()
    font_awesome = {path for path in collected if path.startswith("fontawesomefree/")}

    assert {
        "fontawesomefree/css/fontawesome.min.css",
        "fontawesomefree/css/solid.min.css",
        "fontawesomefree/webfonts/fa-solid-900.woff2",
        "fontawesomefree/webfonts/fa-solid-900.ttf",
    } <= font_awesome
    assert {path.split("/")[1] for path in font_awesome} == {"css", "webfonts"}
    assert not [path for path in collected if path.endswith(".svg") and "fontawesome" in path]
    assert len(collected) < 300


def test_font_awesome_stylesheets_carry_their_licence_notice():
    for name in ("fontawesome.min.css", "solid.min.css"):
        with open(finders.find(f"fontawesomefree/css/{name}"), "rb") as css:
            assert b"License - https://fontawesome.com/license/free" in css.read(400)


def test_every_stylesheet_the_layout_links_is_found(db):
    request = RequestFactory().get("/")
    page = render_to_string("base.html", request=request)

    for name in ("fontawesome.min.css", "solid.min.css"):
        assert f"/static/fontawesomefree/css/{name}" in page
        assert finders.find(f"fontawesomefree/css/{name}") is not None
