"""Where the comments pane is in its thread: the selection, and the row at the top of the view.

Plain Python, no Textual: the pane asks it where things are and draws the result, so the
scrolling rules can be tested without a terminal. Rows are the visible rows of
:class:`~agora.core.thread.VisibleRows`; how many lines a row takes depends on the width and on
how the pane draws it, so the viewport asks ``measure(row)`` whenever it needs a height.
"""

from __future__ import annotations

from collections.abc import Callable

from agora.core.thread import Thread, VisibleRows

#: How many lines a visible row takes at the current width.
Measure = Callable[[int], int]


class ThreadViewport:
    """The selected row and the scroll anchor (a row, and the lines of it scrolled off)."""

    def __init__(self, measure: Measure) -> None:
        self.measure = measure
        self.thread = Thread([])
        self.rows = VisibleRows(self.thread)
        self.cursor = 0  # the selected row
        self.top = 0  # row at the top of the view
        self.top_line = 0  # lines of that row scrolled off

    # -- the thread -------------------------------------------------------------------------
    def set_thread(self, thread: Thread, select: int | None = None) -> int:
        """Show ``thread`` from its start; the row to select: comment ``select`` (or the first)."""
        self.thread = thread
        self.rows = VisibleRows(thread)
        self.top = self.top_line = 0
        pos = thread.position(select) if select is not None else None
        return self.rows.reveal(pos) if pos is not None else 0

    def rebuild(self, thread: Thread, select: int | None, anchored: bool = False) -> int:
        """Show ``thread`` keeping collapsed comments and the scroll anchor where they were;
        the row to select: comment ``select`` (revealed), else the same row as before.

        ``anchored``: the anchor is the selected row, kept on the line of the view it was on
        (comments that came or went above it do not move it), when it was in view.
        """
        line = self._line_of(self.cursor) if anchored else None
        row = self._rebuild(thread, select)
        if line is not None:
            self._place(row, line)
        return row

    def _line_of(self, row: int, most: int = 500) -> int | None:
        """The line of the view ``row`` starts on (None: above the view, or far below it)."""
        if row < self.top or row - self.top > most or not len(self.rows):
            return None
        return sum(self.measure(r) for r in range(self.top, row)) - self.top_line

    def _place(self, row: int, line: int) -> None:
        """Scroll so that ``row`` starts ``line`` lines below the top of the view."""
        top, above = row, line
        while above > 0 and top > 0:
            top -= 1
            above -= self.measure(top)
        self.top, self.top_line = top, max(0, -above)

    def _rebuild(self, thread: Thread, select: int | None) -> int:
        old, old_rows = self.thread, self.rows
        collapsed_ids = [old.ids[p] for p in old_rows.collapsed]
        top_id = old.ids[old_rows.rows[self.top]] if self.top < len(old_rows.rows) else None
        self.thread = thread
        positions = (thread.position(cid) for cid in collapsed_ids)
        self.rows = VisibleRows(thread, [p for p in positions if p is not None])
        pos = thread.position(select) if select is not None else None
        row = self.rows.reveal(pos) if pos is not None else self.cursor
        top_pos = thread.position(top_id) if top_id is not None else None
        top_row = self.rows.row_of(top_pos) if top_pos is not None else None
        if top_row is None:
            self.top, self.top_line = 0, 0
        else:
            self.top = top_row
        return row

    def pairs(self) -> list[tuple[int, int | None]]:
        """(comment id, parent id) of every comment, in thread order."""
        thread = self.thread
        return [
            (cid, thread.ids[p] if p >= 0 else None)
            for cid, p in zip(thread.ids, thread.parent, strict=True)
        ]

    def neighbour_of(self, comment_id: int) -> int | None:
        """The comment to select once ``comment_id`` is gone: the next row, else the previous."""
        pos = self.thread.position(comment_id)
        row = self.rows.row_of(pos) if pos is not None else None
        rows = self.rows.rows
        if row is None:
            return None
        if row + 1 < len(rows):
            return self.thread.ids[rows[row + 1]]
        if row > 0:
            return self.thread.ids[rows[row - 1]]
        return None

    # -- folding ----------------------------------------------------------------------------
    def collapse(self) -> bool:
        """Hide the replies below the selected comment (False: none, or hidden already)."""
        pos = self.selected_pos
        return pos is not None and self.rows.collapse(pos)

    def expand(self) -> bool:
        pos = self.selected_pos
        return pos is not None and self.rows.expand(pos)

    def toggle(self) -> bool:
        """Expand the selected comment when collapsed, else collapse it (False: a leaf)."""
        pos = self.selected_pos
        if pos is None:
            return False
        return self.rows.expand(pos) if pos in self.rows.collapsed else self.rows.collapse(pos)

    def fold_all(self, collapse: bool) -> int:
        """Collapse every top-level thread (nested collapses are forgotten), or expand every
        comment; the row to select: the selected comment's (its top-level comment's, when
        collapsing), put at the top of the view."""
        pos, thread = self.selected_pos, self.thread
        tops = [p for p in thread.top_level() if thread.has_children(p)] if collapse else []
        self.rows = VisibleRows(thread, tops)
        if pos is None:
            return 0
        row = self.rows.row_of(thread.root[pos] if collapse else pos) or 0
        self.top, self.top_line = row, 0
        return row

    # -- the selection ----------------------------------------------------------------------
    def select(self, row: int) -> None:
        """Select ``row``, kept inside the visible rows."""
        count = len(self.rows)
        self.cursor = max(0, min(row, count - 1)) if count else 0

    @property
    def selected_pos(self) -> int | None:
        """The selected comment's position in the thread (None: the thread is empty)."""
        return self.rows.rows[self.cursor] if self.rows.rows else None

    @property
    def selected_id(self) -> int | None:
        pos = self.selected_pos
        return None if pos is None else self.thread.ids[pos]

    def id_at(self, row: int) -> int:
        return self.thread.ids[self.rows.rows[row]]

    # -- scrolling --------------------------------------------------------------------------
    def scroll_to(self, row: int, height: int) -> None:
        """Scroll as little as needed for ``row`` to be whole in a view ``height`` lines tall."""
        if not len(self.rows) or height <= 0:
            return
        if row < self.top or (row == self.top and self.top_line):
            self.top, self.top_line = row, 0
            return
        if row - self.top < height:
            used = -self.top_line
            for r in range(self.top, row + 1):
                used += self.measure(r)
            if used <= height:
                return
        # Put the row's block flush with the bottom (or at the top if it is taller).
        need = self.measure(row)
        if need >= height:
            self.top, self.top_line = row, 0
            return
        top = row
        while top > 0 and need + self.measure(top - 1) <= height:
            top -= 1
            need += self.measure(top)
        if top > 0 and need < height:
            top -= 1
            self.top, self.top_line = top, self.measure(top) - (height - need)
        else:
            self.top, self.top_line = top, 0

    def scroll_lines(self, lines: int) -> bool:
        """Move the view by ``lines`` without moving the selection (False: nothing to move)."""
        last = len(self.rows) - 1
        if last < 0:
            return False
        self.top_line += lines
        while self.top_line < 0 and self.top > 0:
            self.top -= 1
            self.top_line += self.measure(self.top)
        while self.top < last and self.top_line >= self.measure(self.top):
            self.top_line -= self.measure(self.top)
            self.top += 1
        self.top_line = max(0, min(self.top_line, self.measure(self.top) - 1))
        return True

    def keep_filled(self, height: int) -> None:
        """Leave no blank space under the last comment while comments are hidden above the
        view (after a re-sort, a collapse or a resize near the end): it ends at the bottom."""
        if height <= 0 or (self.top == 0 and self.top_line == 0):
            return
        used, row = -self.top_line, self.top
        while used < height and row < len(self.rows):
            used += self.measure(row)
            row += 1
        if used >= height:
            return
        need, top = 0, len(self.rows)
        while top > 0 and need < height:
            top -= 1
            need += self.measure(top)
        self.top, self.top_line = top, max(0, need - height)

    def thumb(self, height: int, shown: int) -> tuple[int, int] | None:
        """Where the scrollbar's thumb starts and how long it is, with ``shown`` rows on
        screen (None: everything fits, no scrollbar)."""
        total = len(self.rows)
        if total <= shown or height < 2:
            return None
        size = max(1, round(height * shown / total))
        start = round((height - size) * self.top / max(1, total - shown))
        return start, size
