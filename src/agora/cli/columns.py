"""Text columns for a terminal: widths in cells, so that wide characters (CJK, emoji) take
two and combining marks none, and a name too long for its column ends with "…"."""

from __future__ import annotations

from wcwidth import iter_graphemes, width


def cells(text: str) -> int:
    """How many terminal cells ``text`` takes (control characters: none)."""
    return max(0, width(text))


def fit(text: str, size: int, *, right: bool = False) -> str:
    """``text`` in exactly ``size`` cells: cut at a character with "…" when too long, then
    padded with spaces (on the left when ``right``)."""
    if cells(text) > size:
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
