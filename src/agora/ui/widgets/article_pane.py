"""The article pane: title, source, author, date and a readable, scrollable body.

A Line-API widget that draws only the lines on screen, as the comments pane does, so an
article of any length opens at once. Its :class:`~agora.core.article_blocks.BlockIndex` finds
the blocks of the body a step at a time (the first screen's on the spot, the rest in a
worker); a block is parsed (:mod:`agora.core.article_markdown`) and wrapped
(:mod:`agora.ui.widgets.article_lines`) only when the view reaches it, and kept in a small
cache. The view is anchored to a block (:class:`ArticleViewport`), so a resize keeps the place.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

from rich.segment import Segment
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget
from textual.worker import get_current_worker

from agora.core.article_blocks import BlockIndex, BodySource
from agora.core.model import Article, BodyFormat
from agora.ui.background import call_on_ui, run_in_background
from agora.ui.readable import role_style
from agora.ui.widgets.article_blocks_drawn import DrawnBlocks
from agora.ui.widgets.article_header import article_meta
from agora.ui.widgets.article_viewport import ArticleViewport
from agora.ui.widgets.document_lines import DOCUMENT_CLASSES

__all__ = ["ArticlePane", "article_meta"]

#: The worker scans this many bytes at a time, then pauses this long (seconds): a key
#: pressed while it scans waits for one step at most.
SCAN_STEP, SCAN_PAUSE = 128 * 1024, 0.001
_PARTS = "title meta url h1 h2 h3 h4 h5 h6 rule thumb"


@dataclass(frozen=True, slots=True)
class _Screen:
    """The lines on screen and what they were laid out for."""

    key: tuple[int, int, int, int]
    lines: list[Strip]
    last: int  # the last block on screen
    span: tuple[int, int]  # where in the body the screen starts and ends (bytes)


class ArticlePane(Widget, can_focus=True):
    """Reads one article. Keys scroll it; links are never followed from here."""

    HELP_GROUP = "article"
    BINDINGS = [
        Binding("j,down", "scroll_down", "Down", show=False, id="article.down"),
        Binding("k,up", "scroll_up", "Up", show=False, id="article.up"),
        Binding("space,pagedown", "page_down", "Page down", id="article.page_down"),
        Binding("b,pageup", "page_up", "Page up", id="article.page_up"),
        Binding("g,home", "scroll_home", "Top", show=False, id="article.top"),
        Binding("G,end", "scroll_end", "Bottom", show=False, id="article.bottom"),
    ]
    COMPONENT_CLASSES = {f"article-pane--{part}" for part in _PARTS.split()} | set(DOCUMENT_CLASSES)

    def __init__(
        self, article: Article, body: bytes | BodySource | None = None, *, id: str | None = None
    ) -> None:
        """``body``: the article's body as UTF-8, or its reader (default: ``article.body``)."""
        super().__init__(id=id)
        self.markdown = article.body_format == BodyFormat.MARKDOWN
        text = article.body.encode("utf-8", "surrogatepass") if body is None else body
        self.index = BlockIndex(text, (article.url,), fences=self.markdown)
        #: The article without its body: the pane's index holds that, and lets go of it
        #: when the pane goes (so does the screen: a long body is not kept twice).
        self.article = replace(article, body="")
        self.viewport = ArticleViewport(self._height, self._exists)
        self.drawn = DrawnBlocks(self, self.article, self.index, self.markdown)
        self._screen: _Screen | None = None
        self._end_pending = False
        self._size = Size(0, 0)  # the content size, kept: asking Textual each time costs
        self._warming = False

    # -- the article's blocks -------------------------------------------------------------
    def picker_links(self) -> list[tuple[int, str]]:
        """The links the ``o`` picker offers, each with the number drawn beside it."""
        screen = self._layout()
        return self.drawn.picker_links(screen.span[0], self.viewport.top, screen.last)

    @property
    def scanned(self) -> bool:
        return self.index.done

    def _exists(self, block: int) -> bool:
        """Block 0 is the header; block ``n`` the body's ``n - 1``-th."""
        return block == 0 or self.index.ensure(block)

    @property
    def _text_width(self) -> int:
        # A column of margin each side (drawn here: Textual repaints a padded Line-API widget
        # only as wide as its content, which would leave the scrollbar stale), one for the bar.
        return max(1, self._size.width - 3)

    def _height(self, block: int) -> int:
        return len(self.drawn.lines(block, self._text_width))

    # -- drawing --------------------------------------------------------------------------
    def _layout(self) -> _Screen:
        """The lines on screen (laid out again only when the view moved)."""
        width, height = self._text_width, self._size.height
        port = self.viewport
        key = (port.top, port.top_line, width, height)
        if self._screen is not None and self._screen.key == key:
            return self._screen
        if height <= 0:  # not laid out yet
            return _Screen(key, [], port.top, (0, 0))
        port.keep_filled(height)
        lines: list[Strip] = []
        block, skip = port.top, port.top_line
        while len(lines) < height and self._exists(block):
            lines.extend(self.drawn.lines(block, width)[skip:])
            block, skip = block + 1, 0
        last = block - 1
        shown_of_last = self._height(last) - (len(lines) - height if len(lines) > height else 0)
        span = (self._position(port.top, port.top_line), self._position(last, shown_of_last))
        self._screen = _Screen(key, lines[:height], last, span)
        if not self._warming:
            self._warming = True
            self.call_later(self._warm)
        return self._screen

    def _warm(self) -> None:
        """Between frames, draw one block of the page below (then above) the view ahead of
        time, so that paging finds it drawn; again until both pages are."""
        self._warming = False
        screen, width, height = self._screen, self._text_width, self._size.height
        if screen is None or not self.is_mounted:
            return
        for block, step in ((screen.last + 1, 1), (self.viewport.top - 1, -1)):
            ahead = 0
            while ahead < height and block >= 0 and self._exists(block):
                strips = self.drawn.cached(block, width)
                if strips is None:
                    self.drawn.lines(block, width)
                    self._warming = True
                    self.call_later(self._warm)
                    return
                ahead += len(strips)
                block += step

    def _sync_size(self) -> None:
        """Keep the content size (asked once per line drawn or key, not per measure)."""
        self._size = self.content_size

    def render_line(self, y: int) -> Strip:
        self._sync_size()
        screen = self._layout()
        width = self._text_width
        base = self.drawn.styles.document.text
        line = screen.lines[y] if y < len(screen.lines) else Strip.blank(width, base)
        return Strip([Segment(" ", base), *line, Segment(" ", base), self._scrollbar(y, screen)])

    def _position(self, block: int, line: int) -> int:
        """Where line ``line`` of block ``block`` is in the body (bytes, estimated)."""
        if block == 0:
            return 0
        index = self.index
        start, end = index.offset_of(block - 1), index.offset_of(block)
        return start + (end - start) * line // max(1, self._height(block))

    def _scrollbar(self, y: int, screen: _Screen) -> Segment:
        base = self.drawn.styles.document.text
        height = self._size.height
        index, port = self.index, self.viewport
        total = max(1, len(index.text))
        if port.top == 0 and port.top_line == 0 and len(screen.lines) < height and index.done:
            return Segment(" ", base)  # it all fits
        start, stop = screen.span
        shown = max(1, stop - start)
        size = max(1, min(height, round(height * shown / total)))
        at = round((height - size) * start / max(1, total - shown))
        if not at <= y < at + size:
            return Segment(" ", base)
        # A graphic, not text: WCAG asks 3:1 of it.
        return Segment("▐", role_style(self, "article-pane--thumb", ratio=3))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return container.height

    def _moved(self) -> None:
        self._screen = None
        self.refresh()

    def restyle(self) -> None:
        """The theme changed: resolve every part's colours again and draw every block anew."""
        self.drawn.forget(styles=True)
        self._moved()

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.restyle())
        # The rest of the article is scanned once the first screen is on it, not before:
        # a worker competes with the UI thread for the interpreter.
        self.call_after_refresh(self._start_scan)

    def _start_scan(self) -> None:
        if not self.index.done and self.is_mounted:
            run_in_background(self, self._scan, group="article-scan", exclusive=True)

    def on_unmount(self) -> None:
        self.app.theme_changed_signal.unsubscribe(self)
        self.index.release()
        self.drawn.forget()
        self._screen = None

    def on_resize(self) -> None:
        self._moved()

    # -- scanning the rest of the article (a worker) --------------------------------------
    def _scan(self) -> None:
        worker = get_current_worker()
        index = self.index
        while not worker.is_cancelled and index.load():  # the whole body first: it is
            time.sleep(0)  # read from the store, which is best let go soon
        while not index.done and not worker.is_cancelled:
            hurry = self._end_pending  # G is waiting for the end: no pauses
            index.advance(SCAN_STEP * (8 if hurry else 1))
            time.sleep(0 if hurry else SCAN_PAUSE)  # the UI thread takes the interpreter
        if index.done and not worker.is_cancelled:
            call_on_ui(self.app, self._scanned)

    def _scanned(self) -> None:
        if self._end_pending:
            self._end_pending = False
            self.action_scroll_end()
        self._moved()  # the scrollbar knows the whole length now
        self.call_later(self._warm_end, len(self.index), 0)

    def _warm_end(self, block: int, lines: int) -> None:
        """Between frames, draw the blocks of the last page one at a time, so that G finds
        them drawn."""
        width, height = self._text_width, self._size.height
        if not self.is_mounted or block <= 0 or lines >= height or width <= 1:
            return
        lines += len(self.drawn.lines(block, width))
        self.call_later(self._warm_end, block - 1, lines)

    # -- keys -----------------------------------------------------------------------------
    def _scroll(self, lines: int) -> None:
        self._sync_size()
        self._end_pending = False
        if self.viewport.scroll_lines(lines, self._size.height):
            self._moved()

    def action_scroll_down(self) -> None:
        self._scroll(1)

    def action_scroll_up(self) -> None:
        self._scroll(-1)

    def action_page_down(self) -> None:
        self._scroll(max(1, self._size.height))

    def action_page_up(self) -> None:
        self._scroll(-max(1, self._size.height))

    def action_scroll_home(self) -> None:
        self._end_pending = False
        self.viewport.home()
        self._moved()

    def action_scroll_end(self) -> None:
        """Show the end (once the article is scanned to it: at once, unless it is huge)."""
        self._sync_size()
        if not self.index.done:
            if not self._end_pending:
                self.notify("Finding the end of this long article…", timeout=2)
            self._end_pending = True
            return
        self.viewport.end(len(self.index), self._size.height)
        self._moved()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self._scroll(3)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self._scroll(-3)
