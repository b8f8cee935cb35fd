"""Drawing the comments pane: the lines on screen, wrapped and styled only for what shows.

:class:`ThreadPainter` belongs to one :class:`~agora.ui.widgets.comment_view.CommentView`: it
turns the visible rows from the pane's :class:`ThreadViewport` into strips (cached in its
:class:`CommentCache`), lays out one screen of them, and draws the scrollbar.
"""

from __future__ import annotations

from functools import partial

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget

from agora.core.model import Comment, CommentStatus
from agora.ui.readable import AA, role_style
from agora.ui.widgets.comment_cache import CommentCache
from agora.ui.widgets.comment_render import RowState, Styles, max_indent_levels, render_block, wrap
from agora.ui.widgets.thread_marks import ThreadMarks
from agora.ui.widgets.thread_viewport import ThreadViewport

#: Drawn in the first column of every line of the selected comment: the selection is seen
#: without telling colours apart.
SELECTION_MARK = "▌"


class ThreadPainter:
    """The lines of one screen of the pane ``widget``, recomputed only when the view moved."""

    def __init__(
        self, widget: Widget, viewport: ThreadViewport, marks: ThreadMarks, cache: CommentCache
    ) -> None:
        self.widget = widget
        self.viewport = viewport
        self.marks = marks
        self.cache = cache
        self.lines: list[Strip] = []
        #: The visible row each line on screen belongs to.
        self.rows_shown: list[int] = []
        self._key: tuple[object, ...] | None = None
        self._styles_cache: dict[tuple[bool, bool], Styles] = {}
        self._parts: dict[tuple[str, bool], Style] = {}

    def invalidate(self) -> None:
        """Lay the screen out again at the next frame."""
        self._key = None

    def restyle(self) -> None:
        """The theme changed: resolve every part's colours again and draw every block anew."""
        self._styles_cache.clear()
        self._parts.clear()
        self.cache.forget_blocks()
        self.invalidate()
        self.widget.refresh()

    def _styles(self, selected: bool) -> Styles:
        """Every part's complete style on a row (selected or not), readable on its background."""
        key = (selected, self.widget.has_focus)
        styles = self._styles_cache.get(key)
        if styles is None:
            row = ("comment-view--selected",) if selected else ()

            def get(*parts: str) -> Style:
                return role_style(self.widget, *row, *(f"comment-view--{p}" for p in parts))

            base = get()
            styles = Styles(
                base=base,
                selected=base,
                guide=get("guide"),
                author=get("author"),
                meta=get("meta"),
                badge_op=get("badge-op"),
                badge_own=get("badge-own"),
                dim=get("dim"),
                warn=get("warn"),
                new=get("new"),
                match=get("match"),
                quote_bar=get("quote-bar"),
                quote=get("quote"),
                code=get("code"),
                link=get("link"),
                link_number=get("link-number"),
            )
            self._styles_cache[key] = styles
        return styles

    def _part(self, name: str, components: tuple[str, ...], ratio: float) -> Style:
        """The style of a part drawn outside the comments' text (kept with the others)."""
        key = (name, self.widget.has_focus)
        style = self._parts.get(key)
        if style is None:
            style = self._parts[key] = role_style(self.widget, *components, ratio=ratio)
        return style

    def _mark(self, selected: bool) -> Segment:
        if not selected:
            return Segment(" ", self._styles(False).base)
        parts = ("comment-view--selected", "comment-view--mark")
        return Segment(SELECTION_MARK, self._part("mark", parts, AA))

    def block(self, row: int, width: int) -> list[Strip]:
        """The strips of visible row ``row`` at ``width`` (cached)."""
        port = self.viewport
        rows, thread = port.rows, port.thread
        pos = rows.rows[row]
        cid = thread.ids[pos]
        collapsed = pos in rows.collapsed
        new, match = self.marks.of(cid)
        state = RowState(
            depth=thread.depth[pos],
            selected=row == port.cursor,
            has_children=thread.has_children(pos),
            collapsed=collapsed,
            hidden=thread.descendants(pos) if collapsed else 0,
            new=new,
            match=match,
        )
        key = (cid, width, state, self.widget.has_focus)
        return self.cache.block(key, partial(self._draw, cid, state, width))

    def _draw(self, comment_id: int, state: RowState, width: int) -> list[Strip]:
        comment = self.cache.load([comment_id]).get(comment_id)
        if comment is None:
            comment = Comment(comment_id, 0, None, "", "", "", None, status=CommentStatus.DELETED)
        styles = self._styles(state.selected)
        document = self.cache.document(comment)
        find = self.marks.find_pattern
        strips = render_block(comment, state, width - 1, styles, find, document)
        mark = self._mark(state.selected)
        return [Strip([mark, *strip], width) for strip in strips]

    def height_of(self, row: int) -> int:
        """How many lines ``row`` takes at the pane's width."""
        return len(self.block(row, max(1, self.widget.content_size.width - 1)))

    def layout(self) -> bool:
        """Lay out the lines on screen if the view moved since (True: it did)."""
        size = self.widget.content_size
        width, height = size.width - 1, size.height
        port = self.viewport
        key = (port.top, port.top_line, width, height, port.cursor, self.widget.has_focus_within)
        if key == self._key:
            return False
        if width > 0:
            port.keep_filled(height)
        self._key = (port.top, port.top_line, *key[2:])
        lines: list[Strip] = []
        rows_shown: list[int] = []
        if width > 0:
            ahead = port.rows.rows[port.top : port.top + height // 2 + 2]
            self.cache.load(port.thread.ids[p] for p in ahead)  # one query for the screen
            row, skip = port.top, port.top_line
            while len(lines) < height and row < len(port.rows):
                block = self.block(row, width)[skip:]
                lines.extend(block)
                rows_shown.extend([row] * len(block))
                row, skip = row + 1, 0
        self.lines = lines[:height]
        self.rows_shown = rows_shown[:height]
        return True

    def shown_ids(self) -> list[int]:
        """The comments on screen."""
        return [self.viewport.id_at(r) for r in set(self.rows_shown)]

    def on_marker(self, x: int, y: int) -> bool:
        """Whether the cell (x, y) holds the ▾ or ▸ (or the space after it) of a comment."""
        if not 0 <= y < len(self.rows_shown):
            return False
        row = self.rows_shown[y]
        header = self.rows_shown[y - 1] != row if y else self.viewport.top_line == 0
        if not header:
            return False
        depth = self.viewport.thread.depth[self.viewport.rows.rows[row]]
        start = 1 + 2 * min(depth, max_indent_levels(self.widget.content_size.width - 2))
        return start <= x < start + 2

    def message_line(self, y: int, text: str) -> Strip:
        """Line ``y`` of a pane that shows ``text`` instead of comments: after a blank line,
        wrapped and set in where a comment's text would start."""
        width = self.widget.content_size.width
        styles = self._styles(False)
        lines = wrap(text, max(1, width - 4))
        if not 1 <= y <= len(lines):
            return Strip.blank(width, styles.base)
        segments = [Segment("   ", styles.base), Segment(lines[y - 1], styles.meta)]
        return Strip(segments).extend_cell_length(width, styles.base).crop(0, width)

    def line(self, y: int) -> Strip:
        """Line ``y`` of the pane, scrollbar included."""
        size = self.widget.content_size
        width, height = size.width - 1, size.height
        style = self._styles(False).base
        line = self.lines[y] if y < len(self.lines) else Strip.blank(max(0, width), style)
        return Strip([*line, self._scrollbar(y, height)])

    def _scrollbar(self, y: int, height: int) -> Segment:
        thumb = self.viewport.thumb(height, len(set(self.rows_shown)) or 1)
        if thumb is None or not thumb[0] <= y < thumb[0] + thumb[1]:
            return Segment(" ", self._styles(False).base)
        # A graphic, not text: WCAG asks 3:1 of it.
        return Segment("▐", self._part("thumb", ("comment-view--thumb",), 3))
