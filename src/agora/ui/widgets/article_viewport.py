"""Where the article pane is in its article: the block at the top and the lines of it above.

Plain Python, no Textual. Blocks are measured (wrapped) only when the view reaches them, so
nothing here is proportional to the article: ``measure(block)`` is its height at the current
width, and ``exists(block)`` says whether the article has that block (scanning on as far as
it must). Anchoring the view to a block keeps the place when the width changes.
"""

from __future__ import annotations

from collections.abc import Callable


class ArticleViewport:
    """The scroll anchor: block ``top`` with ``top_line`` of its lines scrolled off."""

    def __init__(self, measure: Callable[[int], int], exists: Callable[[int], bool]) -> None:
        self.measure = measure
        self.exists = exists
        self.top = 0
        self.top_line = 0

    def home(self) -> None:
        self.top = self.top_line = 0

    def scroll_lines(self, lines: int, height: int) -> bool:
        """Move the view by ``lines`` (False: it could not move)."""
        before = (self.top, self.top_line)
        self.top_line += lines
        while self.top_line < 0 and self.top > 0:
            self.top -= 1
            self.top_line += self.measure(self.top)
        while self.top_line > 0 and self.top_line >= self.measure(self.top):
            if not self.exists(self.top + 1):
                break
            self.top_line -= self.measure(self.top)
            self.top += 1
        self.top_line = max(0, min(self.top_line, self.measure(self.top) - 1))
        self.keep_filled(height)
        return (self.top, self.top_line) != before

    def keep_filled(self, height: int) -> None:
        """Leave no blank space under the article's end while there is text above the view."""
        if height <= 0 or (self.top == 0 and self.top_line == 0):
            return
        used, block = -self.top_line, self.top
        while used < height and self.exists(block):
            used += self.measure(block)
            block += 1
        if used < height:
            self.end(block - 1, height)

    def end(self, last: int, height: int) -> None:
        """Show the end of the article, whose last block is ``last``."""
        need, top = 0, last + 1
        while top > 0 and need < height:
            top -= 1
            need += self.measure(top)
        self.top, self.top_line = top, max(0, need - height)
