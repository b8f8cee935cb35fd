"""The threaded comments pane: one Line-API widget over a flat list of visible rows.

Nothing here is proportional to the size of the thread except building the row list once.
The view is anchored at a row (and a line within it); each frame wraps and renders only the
comments that fit on screen, caching their strips per width. Bodies are fetched on demand.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable

from rich.segment import Segment
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from agora.core.model import Comment
from agora.core.thread import Thread, VisibleRows
from agora.ui.widgets.comment_actions import NAVIGATION_BINDINGS, ActionsMixin
from agora.ui.widgets.comment_marks import MARK_BINDINGS, MarksMixin
from agora.ui.widgets.comment_render import RowState, Styles, render_block

CommentLoader = Callable[[Iterable[int]], dict[int, Comment]]
_CACHE_BLOCKS = 4000
_CACHE_COMMENTS = 20_000


class CommentView(ActionsMixin, MarksMixin, Widget, can_focus=True):
    """Shows a thread and moves a selection through it with the keyboard."""

    HELP_GROUP = "comments"
    BINDINGS = [*NAVIGATION_BINDINGS, *MARK_BINDINGS]

    COMPONENT_CLASSES = {
        "comment-view--selected",
        "comment-view--guide",
        "comment-view--author",
        "comment-view--meta",
        "comment-view--badge-op",
        "comment-view--badge-own",
        "comment-view--dim",
        "comment-view--warn",
        "comment-view--scrollbar",
        "comment-view--thumb",
        "comment-view--new",
        "comment-view--match",
    }

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

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
        self._loader = loader
        self.thread = Thread([])
        self.rows = VisibleRows(self.thread)
        self._comments: OrderedDict[int, Comment] = OrderedDict()
        self._blocks: OrderedDict[tuple, list[Strip]] = OrderedDict()
        self._top = 0  # row at the top of the view
        self._top_line = 0  # lines of that row scrolled off
        self._screen: list[Strip] = []
        self._screen_rows: list[int] = []
        self._screen_key: tuple | None = None
        self._init_marks()

    # -- data -----------------------------------------------------------------------------
    def set_thread(self, thread: Thread, select: int | None = None) -> None:
        """Show ``thread``, selecting comment ``select`` (or the first)."""
        self.thread = thread
        self.rows = VisibleRows(thread)
        self._blocks.clear()
        self._top = self._top_line = 0
        pos = thread.position(select) if select is not None else None
        self._select_row(self.rows.reveal(pos) if pos is not None else 0)

    def update_comment(self, comment: Comment) -> None:
        """Replace one cached comment (after an edit, a post's status change...)."""
        self._comments[comment.id] = comment
        self._blocks = OrderedDict((k, v) for k, v in self._blocks.items() if k[0] != comment.id)
        self._invalidate()

    @property
    def selected_id(self) -> int | None:
        if not self.rows.rows:
            return None
        return self.thread.ids[self.rows.rows[self.cursor]]

    @property
    def selected_comment(self) -> Comment | None:
        cid = self.selected_id
        return None if cid is None else self._load([cid]).get(cid)

    def _load(self, ids: Iterable[int]) -> dict[int, Comment]:
        wanted = list(ids)
        missing = [i for i in wanted if i not in self._comments]
        if missing:
            self._comments.update(self._loader(missing))
            while len(self._comments) > _CACHE_COMMENTS:
                self._comments.popitem(last=False)
        return {i: self._comments[i] for i in wanted if i in self._comments}

    # -- rendering ------------------------------------------------------------------------
    def _styles(self) -> Styles:
        get = self.get_component_rich_style
        return Styles(
            base=self.rich_style,
            selected=self.rich_style + get("comment-view--selected"),
            guide=get("comment-view--guide", partial=True),
            author=get("comment-view--author", partial=True),
            meta=get("comment-view--meta", partial=True),
            badge_op=get("comment-view--badge-op"),
            badge_own=get("comment-view--badge-own"),
            dim=get("comment-view--dim", partial=True),
            warn=get("comment-view--warn", partial=True),
            new=get("comment-view--new"),
            match=get("comment-view--match", partial=True),
        )

    def _block(self, row: int, width: int) -> list[Strip]:
        thread = self.thread
        pos = self.rows.rows[row]
        cid = thread.ids[pos]
        collapsed = pos in self.rows.collapsed
        new, match = self._marks(cid)
        state = RowState(
            depth=thread.depth[pos],
            selected=row == self.cursor,
            has_children=thread.has_children(pos),
            collapsed=collapsed,
            hidden=thread.descendants(pos) if collapsed else 0,
            new=new,
            match=match,
        )
        key = (cid, width, state, self.has_focus)
        block = self._blocks.get(key)
        if block is None:
            comment = self._load([cid]).get(cid)
            if comment is None:
                comment = Comment(cid, 0, None, "", "", "", None, status="deleted")
            block = render_block(comment, state, width, self._styles(), self.find_pattern)
            self._blocks[key] = block
            if len(self._blocks) > _CACHE_BLOCKS:
                self._blocks.popitem(last=False)
        else:
            self._blocks.move_to_end(key)
        return block

    def _prefetch(self, start: int, count: int) -> None:
        rows = self.rows.rows[start : start + count]
        self._load(self.thread.ids[p] for p in rows)

    def _layout(self) -> None:
        width, height = self.content_size.width - 1, self.content_size.height
        key = (self._top, self._top_line, width, height, self.cursor, self.has_focus_within)
        if key == self._screen_key:
            return
        self._keep_filled(width, height)
        self._screen_key = (self._top, self._top_line, *key[2:])
        screen: list[Strip] = []
        screen_rows: list[int] = []
        if width > 0:
            self._prefetch(self._top, height // 2 + 2)
            row, skip = self._top, self._top_line
            while len(screen) < height and row < len(self.rows):
                block = self._block(row, width)[skip:]
                screen.extend(block)
                screen_rows.extend([row] * len(block))
                row, skip = row + 1, 0
        self._screen = screen[:height]
        self._screen_rows = screen_rows[:height]
        ids = self.thread.ids
        self._note_shown(ids[self.rows.rows[r]] for r in set(self._screen_rows))

    def _keep_filled(self, width: int, height: int) -> None:
        """Leave no blank space under the last comment while comments are hidden above the
        view (after a re-sort, a collapse or a resize near the end): it ends at the bottom."""
        if width <= 0 or height <= 0 or (self._top == 0 and self._top_line == 0):
            return
        used, row = -self._top_line, self._top
        while used < height and row < len(self.rows):
            used += len(self._block(row, width))
            row += 1
        if used >= height:
            return
        need, top = 0, len(self.rows)
        while top > 0 and need < height:
            top -= 1
            need += len(self._block(top, width))
        self._top, self._top_line = top, max(0, need - height)

    def _scrollbar(self, y: int, height: int) -> Segment:
        total = len(self.rows)
        shown = len(set(self._screen_rows)) or 1
        if total <= shown or height < 2:
            return Segment(" ", self.rich_style)
        thumb = max(1, round(height * shown / total))
        start = round((height - thumb) * self._top / max(1, total - shown))
        part = "comment-view--thumb" if start <= y < start + thumb else "comment-view--scrollbar"
        return Segment("▐" if part.endswith("thumb") else " ", self.get_component_rich_style(part))

    def render_line(self, y: int) -> Strip:
        self._layout()
        width, height = self.content_size.width - 1, self.content_size.height
        line = (
            self._screen[y]
            if y < len(self._screen)
            else Strip.blank(max(0, width), self.rich_style)
        )
        return Strip([*line, self._scrollbar(y, height)])

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return container.height

    def _invalidate(self) -> None:
        self._screen_key = None
        self.refresh()

    def on_resize(self) -> None:
        self._invalidate()

    def on_focus(self) -> None:
        self._invalidate()

    def on_blur(self) -> None:
        self._invalidate()

    # -- selection and scrolling ----------------------------------------------------------
    def _select_row(self, row: int) -> None:
        count = len(self.rows)
        self.cursor = max(0, min(row, count - 1)) if count else 0

    def watch_cursor(self) -> None:
        self._scroll_to(self.cursor)
        self._invalidate()
        self.post_message(self.Selected(self, self.selected_id))

    def _height_of(self, row: int) -> int:
        return len(self._block(row, max(1, self.content_size.width - 1)))

    def _scroll_to(self, row: int) -> None:
        height = self.content_size.height
        if not len(self.rows) or height <= 0:
            return
        if row < self._top or (row == self._top and self._top_line):
            self._top, self._top_line = row, 0
            return
        if row - self._top < height:
            used = -self._top_line
            for r in range(self._top, row + 1):
                used += self._height_of(r)
            if used <= height:
                return
        # Put the row's block flush with the bottom (or at the top if it is taller).
        need = self._height_of(row)
        if need >= height:
            self._top, self._top_line = row, 0
            return
        top = row
        while top > 0 and need + self._height_of(top - 1) <= height:
            top -= 1
            need += self._height_of(top)
        if top > 0 and need < height:
            top -= 1
            self._top, self._top_line = top, self._height_of(top) - (height - need)
        else:
            self._top, self._top_line = top, 0

    def scroll_lines(self, lines: int) -> None:
        """Move the view by ``lines`` without moving the selection."""
        last = len(self.rows) - 1
        if last < 0:
            return
        self._top_line += lines
        while self._top_line < 0 and self._top > 0:
            self._top -= 1
            self._top_line += self._height_of(self._top)
        while self._top < last and self._top_line >= self._height_of(self._top):
            self._top_line -= self._height_of(self._top)
            self._top += 1
        self._top_line = max(0, min(self._top_line, self._height_of(self._top) - 1))
        self._invalidate()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self.scroll_lines(3)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self.scroll_lines(-3)

    def on_click(self, event: events.Click) -> None:
        self._layout()
        if 0 <= event.y < len(self._screen_rows):
            self._select_row(self._screen_rows[event.y])
