"""The threaded comments pane: one Line-API widget over a flat list of visible rows.

Nothing here is proportional to the size of the thread but building the row list once. Its
:class:`ThreadViewport` keeps the selection and the scroll anchor; its :class:`ThreadPainter`
renders only the comments on screen (bodies fetched on demand into a :class:`CommentCache`);
its :class:`ThreadMarks` keeps search matches and new comments. This widget binds the keys.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from agora.core.model import Comment
from agora.core.thread import Thread, VisibleRows
from agora.service.reading import ReadTracker
from agora.ui.widgets.comment_cache import CommentCache, CommentLoader
from agora.ui.widgets.comment_keys import MARK_BINDINGS, NAVIGATION_BINDINGS
from agora.ui.widgets.comment_painter import ThreadPainter
from agora.ui.widgets.document_lines import DOCUMENT_CLASSES
from agora.ui.widgets.thread_marks import Mark, ThreadMarks
from agora.ui.widgets.thread_viewport import ThreadViewport

_PARTS = "selected mark guide author meta badge-op badge-own dim warn thumb new match"


class CommentView(Widget, can_focus=True):
    """Shows a thread and moves a selection through it with the keyboard."""

    HELP_GROUP = "comments"
    #: Shown while the thread is empty: "Loading…", or how to be the first to comment.
    placeholder: reactive[str] = reactive("")
    BINDINGS = [*NAVIGATION_BINDINGS, *MARK_BINDINGS]

    #: Each part's colours (styles/*.tcss), resolved on its row by the painter.
    COMPONENT_CLASSES = {f"comment-view--{part}" for part in _PARTS.split()} | set(DOCUMENT_CLASSES)

    class Selected(Message):
        """The selection moved to another comment (None: the thread is empty)."""

        def __init__(self, view: CommentView, comment_id: int | None) -> None:
            super().__init__()
            self.view = view
            self.comment_id = comment_id

        @property
        def control(self) -> CommentView:
            return self.view

    class Seen(Message):
        """Every comment up to ``mark`` that was new at opening has now been on screen."""

        def __init__(self, view: CommentView, mark: int) -> None:
            super().__init__()
            self.view = view
            self.mark = mark

        @property
        def control(self) -> CommentView:
            return self.view

    def __init__(
        self,
        loader: CommentLoader,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.cache = CommentCache(loader)
        self.viewport = ThreadViewport(self._height_of)
        self.marks = ThreadMarks(self.viewport)
        self.painter = ThreadPainter(self, self.viewport, self.marks, self.cache)

    # -- data -----------------------------------------------------------------------------
    @property
    def thread(self) -> Thread:
        return self.viewport.thread

    @property
    def rows(self) -> VisibleRows:
        return self.viewport.rows

    def set_thread(self, thread: Thread, select: int | None = None) -> None:
        """Show ``thread``, selecting comment ``select`` (or the first)."""
        self.cache.forget_blocks()
        self._select_row(self.viewport.set_thread(thread, select))

    def update_comment(self, comment: Comment) -> None:
        """Replace one cached comment (after an edit, a post's status change...)."""
        self.cache.put(comment)
        self._invalidate()

    def add_comment(self, comment: Comment) -> None:
        """Show a new comment as the last reply to its parent (or the last thread) and select
        it. Collapsed threads stay collapsed, except the ones that hide the new comment."""
        self.cache.put(comment)
        pairs = [*self.viewport.pairs(), (comment.id, comment.parent_id)]
        self._select_row(self.viewport.rebuild(Thread(pairs), comment.id))

    def remove_comment(self, comment_id: int) -> None:
        """Stop showing a comment that was deleted; the selection moves to its neighbour."""
        if self.thread.position(comment_id) is None:
            return
        neighbour = self.viewport.neighbour_of(comment_id)
        self.cache.drop(comment_id)
        pairs = [pair for pair in self.viewport.pairs() if pair[0] != comment_id]
        self._select_row(self.viewport.rebuild(Thread(pairs), neighbour))

    def replace_thread(self, thread: Thread, anchored: bool = False) -> None:
        """Show the same comments in another order (``anchored``: the thread as it is now,
        the selected comment kept on its line), keeping the selection and collapses."""
        self._select_row(self.viewport.rebuild(thread, self.selected_id, anchored))

    @property
    def selected_id(self) -> int | None:
        return self.viewport.selected_id

    @property
    def selected_comment(self) -> Comment | None:
        cid = self.selected_id
        return None if cid is None else self.cache.load([cid]).get(cid)

    # -- marks ----------------------------------------------------------------------------
    def show_matches(self, text: str, ids: Iterable[int]) -> None:
        """Highlight the comments ``ids`` as the matches of ``text`` (blank text: none)."""
        self.marks.show_matches(text, ids)
        self.cache.forget_blocks()
        self._invalidate()

    def track_reads(self, tracker: ReadTracker) -> None:
        """Mark ``tracker.new_ids`` as new and report comments as they are drawn."""
        self.marks.track_reads(tracker)
        self.cache.forget_blocks()
        self._invalidate()

    def next_mark(self, kind: Mark, forward: bool = True) -> bool:
        """Select the next (previous) match or new comment, wrapping around the thread."""
        target = self.marks.step(kind, forward)
        self._go(target)
        return target is not None

    def first_match(self) -> bool:
        positions = self.marks.positions(Mark.MATCH)
        self._go(positions[0] if positions else None)
        return bool(positions)

    # -- rendering ------------------------------------------------------------------------
    def _layout(self) -> None:
        if self.painter.layout() and self.marks.reads.shown(self.painter.shown_ids()):
            self.post_message(self.Seen(self, self.marks.reads.mark))

    def render_line(self, y: int) -> Strip:
        self._layout()
        if self.placeholder and not self.rows.rows:
            return self.painter.message_line(y, self.placeholder)
        return self.painter.line(y)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return container.height

    def _invalidate(self) -> None:
        self.painter.invalidate()
        self.refresh()

    def on_mount(self) -> None:  # a theme chosen at run time: draw again in its colours
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.painter.restyle())

    def on_unmount(self) -> None:
        self.app.theme_changed_signal.unsubscribe(self)

    def on_resize(self) -> None:
        self._invalidate()

    def on_focus(self) -> None:  # the selection is drawn brighter while focused
        self._invalidate()

    on_blur = on_focus

    # -- selection and scrolling ----------------------------------------------------------
    def _select_row(self, row: int) -> None:
        """Select ``row``, scroll it into view and say so (even when it was selected)."""
        self.viewport.select(row)
        self.viewport.scroll_to(self.viewport.cursor, self.content_size.height)
        self._invalidate()
        self.post_message(self.Selected(self, self.selected_id))

    def _go(self, pos: int | None) -> None:
        if pos is not None:
            self._select_row(self.rows.reveal(pos))

    def _go_from(self, step: Callable[[Thread, int], int | None]) -> None:
        pos = self.viewport.selected_pos
        self._go(None if pos is None else step(self.thread, pos))

    def _height_of(self, row: int) -> int:
        return self.painter.height_of(row)

    def scroll_lines(self, lines: int) -> None:
        """Move the view by ``lines`` without moving the selection."""
        if self.viewport.scroll_lines(lines):
            self._invalidate()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self.scroll_lines(3)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self.scroll_lines(-3)

    def on_click(self, event: events.Click) -> None:
        """Select the comment clicked; a click on its ▾ or ▸ folds or unfolds it too."""
        self._layout()
        if 0 <= event.y < len(self.painter.rows_shown):
            self._select_row(self.painter.rows_shown[event.y])
            if self.painter.on_marker(event.x, event.y):
                self.action_toggle_thread()

    # -- key actions ----------------------------------------------------------------------
    def action_cursor_down(self) -> None:
        self._select_row(self.viewport.cursor + 1)

    def action_cursor_up(self) -> None:
        self._select_row(self.viewport.cursor - 1)

    def action_page_down(self) -> None:
        self._select_row(self.viewport.cursor + max(1, len(set(self.painter.rows_shown)) - 1))

    def action_page_up(self) -> None:
        self._select_row(self.viewport.cursor - max(1, len(set(self.painter.rows_shown)) - 1))

    def action_first(self) -> None:
        self._select_row(0)

    def action_last(self) -> None:
        self._select_row(len(self.rows) - 1)

    def action_collapse(self) -> None:
        """Collapse the selected thread; when already collapsed (or a leaf), go to the parent."""
        if self.viewport.collapse():
            self._select_row(self.viewport.cursor)
        else:
            self.action_parent()

    def action_expand(self) -> None:
        if self.viewport.expand():
            self._select_row(self.viewport.cursor)

    def action_toggle_thread(self) -> None:
        if self.viewport.toggle():
            self._select_row(self.viewport.cursor)

    def action_collapse_all(self) -> None:
        self._select_row(self.viewport.fold_all(collapse=True))

    def action_expand_all(self) -> None:
        self._select_row(self.viewport.fold_all(collapse=False))

    def action_parent(self) -> None:
        self._go_from(lambda thread, pos: thread.parent[pos] if thread.parent[pos] >= 0 else None)

    def action_next_sibling(self) -> None:
        self._go_from(Thread.next_sibling)

    def action_previous_sibling(self) -> None:
        self._go_from(Thread.previous_sibling)

    def action_next_thread(self) -> None:
        self._go_from(Thread.next_top_level)

    def action_previous_thread(self) -> None:
        self._go_from(Thread.previous_top_level)

    def action_next_match(self) -> None:
        self._step_match(True)

    def action_previous_match(self) -> None:
        self._step_match(False)

    def _step_match(self, forward: bool) -> None:
        if not self.marks.find_text:
            self.notify("Press / to find text in this thread.")
        elif not self.next_mark(Mark.MATCH, forward):
            self.notify("No comment in this thread matches.", severity="warning")

    def action_next_new(self) -> None:
        if not self.next_mark(Mark.NEW):
            self.notify("No new comments since your last visit.")

    def action_previous_new(self) -> None:
        if not self.next_mark(Mark.NEW, forward=False):
            self.notify("No new comments since your last visit.")
