"""Following a discussion: what is new since the last visit, finding text in a thread, and the
remembered order of threads. Knows no Textual; call the store functions from worker threads.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from agora.core.article_blocks import BodySource
from agora.core.model import CommentStatus
from agora.core.ordering import DEFAULT_ORDER, reorder_pairs, valid_order
from agora.core.thread import Thread
from agora.service.library import Library
from agora.service.opened import OpenThread

#: Setting: the order of top-level threads the user chose last.
SORT_SETTING = "thread_sort"
_SCAN_CHUNK = 2000


def find_pattern(text: str) -> re.Pattern[str] | None:
    """The case-insensitive pattern for a literal ``text`` (None for blank text)."""
    text = text.strip()
    return re.compile(re.escape(text), re.IGNORECASE) if text else None


def comment_matches(
    library: Library, article_id: int, text: str, cancelled: Callable[[], bool] = lambda: False
) -> list[int]:
    """Ids of the article's comments whose author or text contains ``text`` (any case).

    Reads the thread in chunks, so the store is never held for long; returns early (with what
    it found) when ``cancelled()`` turns true.
    """
    pattern = find_pattern(text)
    if pattern is None:
        return []
    search = pattern.search
    found: list[int] = []
    after = -1
    while not cancelled():
        rows = library.store.comments.scan(article_id, after, _SCAN_CHUNK)
        for comment_id, author, body, status in rows:
            if status != CommentStatus.DELETED and (search(author) or search(body)):
                found.append(comment_id)
        if len(rows) < _SCAN_CHUNK:
            break
        after = rows[-1][0]
    return found


def unseen_ids(library: Library, article_id: int, seen_until: int) -> list[int]:
    """Ids (ascending) of the article's comments above ``seen_until`` written by others and
    not shown out of order since.

    """
    return library.store.read_state.unseen_ids(article_id, seen_until)


def thread_order(library: Library) -> str:
    """The order of top-level threads the user chose last (or the default)."""
    return valid_order(library.store.settings.get(SORT_SETTING, DEFAULT_ORDER))


def remember_order(library: Library, order: str) -> None:
    library.store.settings.set(SORT_SETTING, valid_order(order))


def ordered_thread(library: Library, article_id: int, order: str) -> Thread:
    """The article's thread with its top-level threads in ``order``."""
    return Thread(reorder_pairs(library.store.comments.thread_pairs(article_id), order))


@dataclass(frozen=True, slots=True)
class Visit:
    """An opened article as the reader shows it: thread in the user's order, read state."""

    opened: OpenThread
    order: str
    seen_until: int
    unseen: list[int]
    visited: bool  # opened before: comments unseen since are "new"
    #: The article's body, to read as UTF-8 a piece at a time (``opened.article.body`` is
    #: empty): a long body is never read whole before the first screen of it is shown.
    body: BodySource | None = None


def open_visit(library: Library, article_id: int) -> Visit:
    """Open an article for reading: its thread in the remembered order and what is new.

    The article's body comes as a reader of its UTF-8 (``Visit.body``), to be closed.
    The visit itself is recorded, so comments that arrive later count as new even when the
    article had none to show this time.
    """
    opened = library.open_thread(article_id, body=False)
    order = thread_order(library)
    if order != DEFAULT_ORDER:
        opened = OpenThread(opened.article, ordered_thread(library, article_id, order))
    visited = library.store.read_state.visited(article_id)
    if not visited:
        library.mark_seen(article_id, 0)
    seen = library.seen_until(article_id)
    unseen = unseen_ids(library, article_id, seen)
    body = library.store.articles.body_reader(article_id)
    return Visit(opened, order, seen, unseen, visited, body)


class ReadMark(NamedTuple):
    """What to store of how far the user read: every id up to ``until``, and ``also``."""

    until: int
    also: tuple[int, ...]


class ReadTracker:
    """Which of the comments unseen at opening the user has been shown.

    The store keeps a mark per article (every comment id up to it has been seen) and the
    comments above it shown out of order, so only comments that were on screen count as
    seen, whatever order they were read in: comments loaded but never shown stay unseen.
    """

    def __init__(self, seen_until: int, unseen: Sequence[int], visited: bool = True) -> None:
        self.seen_until = seen_until
        self._unseen = sorted(unseen)
        self._unseen_set = frozenset(self._unseen)
        self._shown: set[int] = set()  # unseen at opening, shown since
        self._next = 0
        self._saved = (seen_until, 0)
        #: Comments marked "new": unseen ones, but only when the article was opened before.
        self.new_ids: frozenset[int] = self._unseen_set if visited else frozenset()

    def arrived(self, ids: Iterable[int]) -> None:
        """Comments that arrived while the thread was open (a sync, another process): new,
        and unseen until they have been on screen."""
        fresh = set(ids).difference(self._unseen_set)
        if not fresh:
            return
        self._unseen = sorted([*self._unseen, *fresh])
        self._unseen_set = frozenset(self._unseen)
        self.new_ids = self.new_ids | fresh
        self._next = 0
        while self._next < len(self._unseen) and self._unseen[self._next] in self._shown:
            self._next += 1

    @property
    def mark(self) -> int:
        """The highest id such that every unseen comment up to it has been shown."""
        return self._unseen[self._next - 1] if self._next else self.seen_until

    def shown(self, ids: Iterable[int]) -> bool:
        """Note comments that are on screen; True when one was not shown before."""
        fresh = self._unseen_set.intersection(ids).difference(self._shown)
        if not fresh:
            return False
        self._shown.update(fresh)
        unseen, shown = self._unseen, self._shown
        while self._next < len(unseen) and unseen[self._next] in shown:
            self._next += 1
        return True

    def to_save(self) -> ReadMark | None:
        """What to store, or None when the store already has it; counts it as saved."""
        state = (self.mark, len(self._shown))
        if state == self._saved:
            return None
        self._saved = state
        mark = self.mark
        return ReadMark(mark, tuple(sorted(i for i in self._shown if i > mark)))
