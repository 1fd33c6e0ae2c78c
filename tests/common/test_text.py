import pytest

from common.text import shorten


def test_shorten_keeps_a_text_that_fits():
    assert shorten("Mohon pasal 3 ditinjau.", 23) == "Mohon pasal 3 ditinjau."


def test_shorten_cuts_between_words_with_an_ellipsis():
    assert shorten("Mohon pasal tiga ditinjau kembali", 20) == "Mohon pasal tiga…"


@pytest.mark.parametrize("limit", [12, 13, 14, 15, 16, 17, 18, 19, 20, 25])
def test_shorten_never_ends_inside_a_word_and_fits_the_limit(limit):
    text = "Mohon pasal tiga ditinjau kembali bersama"

    short = shorten(text, limit)

    assert len(short) <= limit
    assert short.endswith("…")
    assert text.startswith(short[:-1])
    assert text[len(short) - 1] == " "


def test_shorten_cuts_exactly_at_a_word_end():
    assert shorten("Pasal tiga ditinjau", 11) == "Pasal tiga…"


def test_shorten_drops_punctuation_before_the_ellipsis():
    assert shorten("Setuju, pasal tiga ditinjau", 12) == "Setuju…"


def test_shorten_makes_one_line():
    assert shorten("Baris satu\n\n  baris dua", 100) == "Baris satu baris dua"


def test_shorten_cuts_a_single_long_word_inside_it():
    assert shorten("Antikorupsiantikorupsi", 10) == "Antikorup…"
