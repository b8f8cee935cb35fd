"""Drawing the comments pane: the lines on screen, wrapped and styled only for what shows.

:class:`ThreadPainter` belongs to one :class:`~agora.ui.widgets.comment_view.CommentView`: it
turns the visible rows from the pane's :class:`ThreadViewport` into strips (cached in its
:class:`CommentCache`), lays out one screen of them, and draws the scrollbar.
"""

from __future__ import annotations

from functools import partial

from rich.segment import Segment
from textual.strip import Strip
from textual.widget import Widget

from agora.core.model import Comment, CommentStatus
from agora.ui.widgets.comment_cache import CommentCache
from agora.ui.widgets.comment_render import RowState, Styles, render_block
from agora.ui.widgets.thread_marks import ThreadMarks
from agora.ui.widgets.thread_viewport import ThreadViewport


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

    def invalidate(self) -> None:
        """Lay the screen out again at the next frame."""
        self._key = None

    def _styles(self) -> Styles:
        get = self.widget.get_component_rich_style
        base = self.widget.rich_style
        return Styles(
            base=base,
            selected=base + get("comment-view--selected"),
            guide=get("comment-view--guide", partial=True),
            author=get("comment-view--author", partial=True),
            meta=get("comment-view--meta", partial=True),
            badge_op=get("comment-view--badge-op"),
            badge_own=get("comment-view--badge-own"),
            dim=get("comment-view--dim", partial=True),
            warn=get("comment-view--warn", partial=True),
            new=get("comment-view--new"),
            match=get("comment-view--match", partial=True),
            quote_bar=get("comment-view--quote-bar", partial=True),
            quote=get("comment-view--quote", partial=True),
            code=get("comment-view--code"),  # its background blended, as the theme has it
            link=get("comment-view--link", partial=True),
            link_number=get("comment-view--link-number", partial=True),
        )

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
        document = self.cache.document(comment)
        find = self.marks.find_pattern
        return render_block(comment, state, width, self._styles(), find, document)

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

    def line(self, y: int) -> Strip:
        """Line ``y`` of the pane, scrollbar included."""
        size = self.widget.content_size
        width, height = size.width - 1, size.height
        style = self.widget.rich_style
        line = self.lines[y] if y < len(self.lines) else Strip.blank(max(0, width), style)
        return Strip([*line, self._scrollbar(y, height)])

    def _scrollbar(self, y: int, height: int) -> Segment:
        thumb = self.viewport.thumb(height, len(set(self.rows_shown)) or 1)
        if thumb is None:
            return Segment(" ", self.widget.rich_style)
        start, size = thumb
        part = "comment-view--thumb" if start <= y < start + size else "comment-view--scrollbar"
        style = self.widget.get_component_rich_style(part)
        return Segment("▐" if part.endswith("thumb") else " ", style)
