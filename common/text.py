"""Text shown in a limited space: previews, labels and email subjects."""

ELLIPSIS = "…"


def shorten(text, limit: int) -> str:
    """``text`` on one line in at most ``limit`` characters, cut between words, with "…" if cut.

    Whitespace (new lines included) becomes single spaces: previews and subjects are one line.
    Only a single word longer than the whole limit is cut inside the word.
    """
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    kept = text[: limit - len(ELLIPSIS) + 1]
    # ``kept`` holds one character more than fits: if it is a space, the cut is between words.
    head, space, _rest = kept.rpartition(" ")
    kept = head if space else kept[:-1]
    return kept.rstrip(" ,.;:") + ELLIPSIS
