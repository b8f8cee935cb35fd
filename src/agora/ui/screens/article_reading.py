"""Following a discussion: find in the thread, new comments since the last visit, order.

:class:`ThreadReading` belongs to one :class:`~agora.ui.screens.article.ArticleScreen`, which
hands it its keys and messages about the thread. The comments pane keeps the marks and the
search box its own state; this drives them, and talks to the library in the screen's workers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from textual.binding import Binding
from textual.content import Content
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.timer import Timer

from agora.core.errors import AgoraError
from agora.core.humanize import plural
from agora.core.model import Article, DiscussionStatus
from agora.core.ordering import DEFAULT_ORDER, LABELS, next_order, valid_order
from agora.core.thread import Thread
from agora.service.library import Library
from agora.service.reading import ReadMark, ReadTracker, ordered_thread, remember_order
from agora.ui.background import run_in_background
from agora.ui.host import library_of
from agora.ui.widgets.comment_view import CommentView
from agora.ui.widgets.thread_marks import Mark
from agora.ui.widgets.thread_search import ThreadSearch


def empty_thread_text(article: Article, keymap: Mapping[str, str]) -> str:
    """What the comments pane says when an article has no comments, naming the key that
    starts one as ``keymap`` (config.toml's [keymap]) binds it."""
    if article.comment_status == DiscussionStatus.READONLY:
        return "No comments yet — this discussion came from a feed: reply on the site itself."
    if article.comment_status != DiscussionStatus.OPEN:
        return "No comments yet, and comments are closed on this article."
    from agora.ui.screens.help import key_label

    key = keymap.get("comments.comment", "c").split(",")[0]
    return f"No comments yet — press {key_label(key)} to be the first."


#: Seconds between saving how far the user has read (it is saved on leaving too).
SEEN_SAVE_DELAY = 1.0

READING_BINDINGS = [
    Binding("o", "open_link", "Links", id="article.open_link"),
    Binding("slash", "search", "Find", id="comments.search"),
    Binding("escape", "clear_search", "Clear search", show=False, id="comments.clear_search"),
]


def _persist_seen(library: Library, article_id: int, mark: ReadMark, lists: list[Any]) -> None:
    """Store how far the user read (in a thread), then have the article lists count again."""
    try:
        library.mark_seen(article_id, mark.until, mark.also)
    except AgoraError:
        return
    for screen in lists:
        screen.call_later(screen.reload)


def header_content(parts: list[str]) -> Content:
    """The comments header as plain content (no markup is parsed)."""
    return Content(" · ".join(parts))


class ThreadReading:
    """Search, new-comment and order state of the article screen ``screen``."""

    def __init__(
        self, screen: Screen[None], article_id: int, show_header: Callable[[], None]
    ) -> None:
        self.screen = screen
        self.article_id = article_id
        self._show_header = show_header
        self.order = DEFAULT_ORDER
        #: What was new at opening and how far the user has read since.
        self.reads = ReadTracker(0, [], visited=False)
        self._seen_timer: Timer | None = None

    @property
    def view(self) -> CommentView:
        return self.screen.query_one(CommentView)

    @property
    def search(self) -> ThreadSearch:
        return self.screen.query_one(ThreadSearch)

    def can_clear_search(self) -> bool:
        try:
            return bool(self.view.marks.find_text) or self.search.display
        except NoMatches:  # not composed yet, or already taken down
            return False

    def header_parts(self) -> list[str]:
        """What the comments header says about order, new comments and the search."""
        marks = self.view.marks
        parts = [LABELS[self.order]]
        if new := marks.count(Mark.NEW):
            parts.append(f"{new:,} new")
        search = self.search
        if search.display and search.value.strip() and search.pending:
            parts.append("searching…")
        elif marks.find_text:
            total = marks.count(Mark.MATCH)
            number = marks.number()
            if not total:
                parts.append("no matches")
            elif number is not None:
                parts.append(f"match {number:,} of {total:,}")
            else:
                parts.append(plural(total, "match", "matches"))
        return parts

    # -- search in the thread ---------------------------------------------------------------
    def open_search(self) -> None:
        search = self.search
        search.display = True
        search.focus()
        self._show_header()

    def search_submitted(self) -> None:
        if self.search.submit():
            self.first_match()

    def found(self, event: ThreadSearch.Found) -> None:
        self.view.show_matches(event.text, event.ids)
        self._show_header()
        if self.search.take_jump():
            self.first_match()

    def first_match(self) -> None:
        view = self.view
        if not view.marks.find_text:
            return
        if view.first_match():
            view.focus()
        else:
            self.screen.notify("No comment in this thread matches.", severity="warning")

    def clear_search(self) -> None:
        self.search.close()
        view = self.view
        view.show_matches("", ())
        view.focus()
        self._show_header()

    # -- new since the last visit -----------------------------------------------------------
    def next_new(self) -> None:
        """Go to the next new comment (from the palette: focuses the comments too)."""
        view = self.view
        view.focus()
        view.action_next_new()

    def seen(self) -> None:
        """More comments were on screen: save how far the user read, soon."""
        if self._seen_timer is None:
            self._seen_timer = self.screen.set_timer(SEEN_SAVE_DELAY, self._save_seen)

    def _save_seen(self) -> None:
        self._seen_timer = None
        mark = self.reads.to_save()
        if mark is not None:
            persist = partial(_persist_seen, library_of(self.screen), self.article_id, mark, [])
            run_in_background(self.screen, persist, group="seen")

    def save_on_leaving(self) -> None:
        """Store how far the user read (on leaving the screen) and refresh the article lists."""
        from agora.ui.screens.articles import ArticlesScreen

        mark = self.reads.to_save()
        if mark is None:
            return
        app = self.screen.app
        library = library_of(self.screen)
        lists = [s for s in app.screen_stack if isinstance(s, ArticlesScreen)]
        if app.is_running:
            persist = partial(_persist_seen, library, self.article_id, mark, lists)
            run_in_background(app, persist, group="seen")
        else:  # quitting: no UI left to keep responsive
            _persist_seen(library, self.article_id, mark, [])

    # -- order of threads -------------------------------------------------------------------
    def sort_next(self) -> None:
        self.sort(next_order(self.order))

    def sort(self, order: str, remember: bool = True) -> None:
        """Show the top-level threads in ``order`` (and remember it for every article)."""
        self.order = valid_order(order)
        self._show_header()
        reorder = partial(self._reorder, library_of(self.screen), self.order, remember)
        run_in_background(self.screen, reorder, group="sort", exclusive=True)

    def _reorder(self, library: Library, order: str, remember: bool) -> None:
        app = self.screen.app
        try:
            thread = ordered_thread(library, self.article_id, order)
            if remember:
                remember_order(library, order)
        except AgoraError as exc:
            app.call_from_thread(
                self.screen.notify, str(exc), title="Cannot sort", severity="error", markup=False
            )
            return
        app.call_from_thread(self._reordered, thread, order)

    def _reordered(self, thread: Thread, order: str) -> None:
        if order != self.order:
            return
        self.view.replace_thread(thread)
        self._show_header()
