"""Moving through the comments pane and changing what it shows (posting, deleting, sorting).

A mixin for :class:`~agora.ui.widgets.comment_view.CommentView`, with the keys it binds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding

from agora.core.model import Comment
from agora.core.thread import Thread, VisibleRows

#: Keys that move the selection through the thread.
NAVIGATION_BINDINGS = [
    Binding("j,down", "cursor_down", "Next", id="comments.next"),
    Binding("k,up", "cursor_up", "Previous", id="comments.previous"),
    Binding("h,left", "collapse", "Collapse", id="comments.collapse"),
    Binding("l,right", "expand", "Expand", id="comments.expand"),
    Binding("space", "toggle", "Toggle", show=False, id="comments.toggle"),
    Binding("p", "parent", "Parent", show=False, id="comments.parent"),
    Binding(
        "right_square_bracket",
        "next_sibling",
        "Next sibling",
        show=False,
        id="comments.next_sibling",
    ),
    Binding(
        "left_square_bracket",
        "previous_sibling",
        "Previous sibling",
        show=False,
        id="comments.previous_sibling",
    ),
    Binding("n", "next_thread", "Next thread", show=False, id="comments.next_thread"),
    Binding("N", "previous_thread", "Previous thread", show=False, id="comments.previous_thread"),
    Binding("g,home", "first", "First", show=False, id="comments.first"),
    Binding("G,end", "last", "Last", show=False, id="comments.last"),
    Binding("pagedown", "page_down", "Page down", show=False, id="comments.page_down"),
    Binding("pageup", "page_up", "Page up", show=False, id="comments.page_up"),
]


class ActionsMixin:
    """Keyboard actions and thread changes for the comments pane."""

    if TYPE_CHECKING:
        from collections import OrderedDict

        thread: Thread
        rows: VisibleRows
        cursor: int
        _top: int
        _top_line: int
        _comments: OrderedDict[int, Comment]
        _screen_rows: list[int]

        def _select_row(self, row: int) -> None: ...

    # -- actions --------------------------------------------------------------------------
    def _pos(self) -> int | None:
        return self.rows.rows[self.cursor] if self.rows.rows else None

    def _go(self, pos: int | None) -> None:
        if pos is not None:
            self._select_row(self.rows.reveal(pos))

    def action_cursor_down(self) -> None:
        self._select_row(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self._select_row(self.cursor - 1)

    def action_page_down(self) -> None:
        self._select_row(self.cursor + max(1, len(set(self._screen_rows)) - 1))

    def action_page_up(self) -> None:
        self._select_row(self.cursor - max(1, len(set(self._screen_rows)) - 1))

    def action_first(self) -> None:
        self._select_row(0)

    def action_last(self) -> None:
        self._select_row(len(self.rows) - 1)

    def action_collapse(self) -> None:
        """Collapse the selected thread; when already collapsed (or a leaf), go to the parent."""
        pos = self._pos()
        if pos is None:
            return
        if self.rows.collapse(pos):
            self._select_row(self.cursor)
        else:
            self.action_parent()

    def action_expand(self) -> None:
        pos = self._pos()
        if pos is not None and self.rows.expand(pos):
            self._select_row(self.cursor)

    def action_toggle(self) -> None:
        pos = self._pos()
        if pos is None:
            return
        if pos in self.rows.collapsed:
            self.action_expand()
        elif self.thread.has_children(pos):
            self.action_collapse()

    def action_parent(self) -> None:
        pos = self._pos()
        if pos is not None and self.thread.parent[pos] >= 0:
            self._go(self.thread.parent[pos])

    def action_next_sibling(self) -> None:
        pos = self._pos()
        self._go(None if pos is None else self.thread.next_sibling(pos))

    def action_previous_sibling(self) -> None:
        pos = self._pos()
        self._go(None if pos is None else self.thread.previous_sibling(pos))

    def action_next_thread(self) -> None:
        pos = self._pos()
        self._go(None if pos is None else self.thread.next_top_level(pos))

    def action_previous_thread(self) -> None:
        pos = self._pos()
        self._go(None if pos is None else self.thread.previous_top_level(pos))

    # -- changes from the user (posting, deleting) -----------------------------------------
    def _pairs(self) -> list[tuple[int, int | None]]:
        thread = self.thread
        return [
            (cid, thread.ids[p] if p >= 0 else None)
            for cid, p in zip(thread.ids, thread.parent, strict=True)
        ]

    def add_comment(self, comment: Comment) -> None:
        """Show a new comment as the last reply to its parent (or the last thread) and select it.

        Collapsed threads stay collapsed, except the ones that hide the new comment.
        """
        self._comments[comment.id] = comment
        pairs = self._pairs()
        pairs.append((comment.id, comment.parent_id))
        self._rebuild(Thread(pairs), comment.id)

    def remove_comment(self, comment_id: int) -> None:
        """Stop showing a comment that was deleted; the selection moves to its neighbour."""
        pos = self.thread.position(comment_id)
        if pos is None:
            return
        row = self.rows.row_of(pos)
        rows = self.rows.rows
        neighbour = None
        if row is not None:
            if row + 1 < len(rows):
                neighbour = self.thread.ids[rows[row + 1]]
            elif row > 0:
                neighbour = self.thread.ids[rows[row - 1]]
        self._comments.pop(comment_id, None)
        pairs = [pair for pair in self._pairs() if pair[0] != comment_id]
        self._rebuild(Thread(pairs), neighbour)

    def replace_thread(self, thread: Thread) -> None:
        """Show the same comments in another order, keeping the selection and collapses."""
        self._rebuild(thread, self.selected_id)

    def _rebuild(self, thread: Thread, select: int | None) -> None:
        """Show ``thread`` keeping collapsed comments and the scroll anchor where they were."""
        old, old_rows = self.thread, self.rows
        collapsed_ids = [old.ids[p] for p in old_rows.collapsed]
        top_id = old.ids[old_rows.rows[self._top]] if self._top < len(old_rows.rows) else None
        self.thread = thread
        positions = (thread.position(cid) for cid in collapsed_ids)
        self.rows = VisibleRows(thread, [p for p in positions if p is not None])
        pos = thread.position(select) if select is not None else None
        row = self.rows.reveal(pos) if pos is not None else self.cursor
        top_pos = thread.position(top_id) if top_id is not None else None
        top_row = self.rows.row_of(top_pos) if top_pos is not None else None
        if top_row is None:
            self._top, self._top_line = 0, 0
        else:
            self._top = top_row
        self._select_row(row)
