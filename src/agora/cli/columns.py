"""Text columns for a terminal: widths in cells, so that wide characters (CJK, emoji) take
two and combining marks none, and a name too long for its column ends with "…".

wcwidth loads on first use (about 17 ms): a start of the app never draws a column here.
"""

from __future__ import annotations


def cells(text: str) -> int:
    """How many terminal cells ``text`` takes (control characters: none)."""
    from wcwidth import width

    return max(0, width(text))


def fit(text: str, size: int, *, right: bool = False) -> str:
    """``text`` in exactly ``size`` cells: cut at a character with "…" when too long, then
    padded with spaces (on the left when ``right``)."""
    if cells(text) > size:
        from wcwidth import iter_graphemes

        kept, used = [], 0
        for grapheme in iter_graphemes(text):
            w = cells(grapheme)
            if used + w > size - 1:
                break
            kept.append(grapheme)
            used += w
        text = "".join(kept).rstrip() + "…"
    pad = " " * max(0, size - cells(text))
    return pad + text if right else text + pad
