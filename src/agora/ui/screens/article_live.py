"""A live thread: the open article follows what a sync or another agora process stores.

:class:`LiveThread` belongs to one :class:`~agora.ui.screens.article.ArticleScreen`. When the
store changed (:mod:`agora.ui.store_watch`) or the screen is shown again, a worker re-reads
this article's thread alone (ids and parents from the covering index, then the comments the
pane holds, to find edits) and compares it with what is shown; only a difference reaches the
UI thread. There the pane takes the new shape with the selected comment kept on its line,
comments that came are marked new, edited ones are drawn again and removed ones go.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.screen import Screen

from agora.core.errors import AgoraError
from agora.core.model import Article, Comment
from agora.core.ordering import DEFAULT_ORDER
from agora.core.thread import Thread
from agora.service.library import Library
from agora.service.reading import ordered_thread
from agora.ui.background import call_on_ui, run_in_background
from agora.ui.host import library_of
from agora.ui.screens.article_reading import ThreadReading
from agora.ui.widgets.comment_view import CommentView

#: Comments compared with the store per read (each read holds the store for a few ms).
_BATCH = 500


@dataclass(frozen=True, slots=True)
class ThreadChange:
    """What differs between the shown thread and the store's."""

    article: Article
    thread: Thread
    came: frozenset[int]
    gone: frozenset[int]
    edited: tuple[Comment, ...]

    @property
    def reshaped(self) -> bool:
        return bool(self.came or self.gone)


def thread_change(
    library: Library,
    article_id: int,
    order: str,
    shown: Thread,
    held: dict[int, Comment],
    count: int | None = None,
) -> ThreadChange | None:
    """Compare the store's thread of ``article_id`` with the ``shown`` one, the comments the
    pane ``held`` and the article's ``count`` of comments (placeholders left out); None when
    nothing changed. Runs in a worker."""
    article = library.article(article_id)
    if order == DEFAULT_ORDER:
        thread = Thread.from_columns(*library.store.comments.thread_columns(article_id))
    else:
        thread = ordered_thread(library, article_id, order)
    now, before = set(thread.ids), set(shown.ids)
    # The held comments a few hundred at a time: the pane's own loads (on the UI thread) wait
    # for the store at most one batch, not the whole comparison.
    kept = [cid for cid in held if cid in now]
    fresh: dict[int, Comment] = {}
    for start in range(0, len(kept), _BATCH):
        fresh.update(library.store.comments.many(kept[start : start + _BATCH]))
    edited = tuple(c for cid, c in fresh.items() if held[cid] != c)
    same_shape = thread.ids == shown.ids and thread.parent == shown.parent
    if same_shape and not edited and article.comment_count in (count, None):
        return None
    return ThreadChange(article, thread, frozenset(now - before), frozenset(before - now), edited)


class LiveThread:
    """Keeps the screen's thread as the store has it, off the UI thread."""

    def __init__(
        self,
        screen: Screen[None],
        reading: ThreadReading,
        article: Callable[[], Article | None],
        applied: Callable[[ThreadChange], None],
    ) -> None:
        self.screen = screen
        self.reading = reading
        self._article = article
        self._applied = applied
        self._busy = False
        self._again = False

    def refresh(self) -> None:
        """Read the article's thread again (once more after a read under way)."""
        screen = self.screen
        if self._article() is None or not screen.is_attached:
            return
        if self._busy:
            self._again = True
            return
        self._busy = True
        view = screen.query_one(CommentView)
        shown, held = view.thread, view.cache.snapshot()
        library, aid, order = library_of(screen), self.reading.article_id, self.reading.order
        article = self._article()
        count = None if article is None else article.comment_count

        def read() -> None:
            try:
                change = thread_change(library, aid, order, shown, held, count)
            except AgoraError:
                change = None  # the article is gone or the store unreadable: keep what is shown
            call_on_ui(screen.app, self._done, change, shown)

        run_in_background(screen, read, group="live-thread")

    def _done(self, change: ThreadChange | None, shown: Thread) -> None:
        self._busy = False
        if self._again:
            self._again = False
            self.refresh()
            return
        if change is None or not self.screen.is_attached:
            return
        view = self.screen.query_one(CommentView)
        if view.thread is not shown:  # changed here meanwhile (a post, a re-sort): read again
            self.refresh()
            return
        for comment in change.edited:
            view.update_comment(comment)
        for cid in change.gone:
            view.cache.drop(cid)
        if change.came:
            self.reading.reads.arrived(change.came)
        if change.reshaped:
            view.replace_thread(change.thread, anchored=True)
        self._applied(change)
