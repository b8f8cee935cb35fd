"""Marks over the comments pane: search matches and comments new since the last visit.

A mixin for :class:`~agora.ui.widgets.comment_view.CommentView`: it keeps which comments
match (found off the UI thread by the caller) and which are new, moves the selection between
them (revealing collapsed replies), and notes which comments were really drawn on screen.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from textual.binding import Binding
from textual.message import Message
from textual.strip import Strip

from agora.core.thread import Thread, VisibleRows
from agora.service.reading import ReadTracker, find_pattern

#: Keys of the comments pane for matches, new comments and the order of threads.
MARK_BINDINGS = [
    Binding("full_stop,f3", "next_match", "Next match", show=False, id="comments.next_match"),
    Binding(
        "comma,shift+f3",
        "previous_match",
        "Previous match",
        show=False,
        id="comments.previous_match",
    ),
    Binding("u", "next_new", "Next new", show=False, id="comments.next_new"),
    Binding("U", "previous_new", "Previous new", show=False, id="comments.previous_new"),
    Binding("s", "screen.sort", "Sort threads", show=False, id="comments.sort"),
]


class MarksMixin:
    """Search matches and new-comment marks for the comments pane."""

    if TYPE_CHECKING:
        thread: Thread
        rows: VisibleRows
        cursor: int
        _blocks: OrderedDict[tuple, list[Strip]]

        def _pos(self) -> int | None: ...
        def _go(self, pos: int | None) -> None: ...
        def _invalidate(self) -> None: ...
        def post_message(self, message: Message) -> bool: ...
        def notify(self, message: str, **kwargs: Any) -> None: ...

        Seen: Callable[..., Message]

    def _init_marks(self) -> None:
        #: The text last searched for ('' when no search is active) and its pattern.
        self.find_text = ""
        self.find_pattern: re.Pattern[str] | None = None
        self._match_ids: frozenset[int] = frozenset()
        self.reads = ReadTracker(0, [], visited=False)
        self._ordered: dict[str, tuple[Thread, list[int]]] = {}

    # -- state ------------------------------------------------------------------------------
    def show_matches(self, text: str, ids: Iterable[int]) -> None:
        """Highlight the comments ``ids`` as the matches of ``text`` (blank text: none)."""
        self.find_pattern = find_pattern(text)
        self.find_text = text.strip() if self.find_pattern else ""
        self._match_ids = frozenset(ids) if self.find_pattern else frozenset()
        self._ordered.pop("match", None)
        self._blocks.clear()
        self._invalidate()

    def clear_matches(self) -> None:
        self.show_matches("", ())

    def track_reads(self, tracker: ReadTracker) -> None:
        """Mark ``tracker.new_ids`` as new and report comments as they are drawn."""
        self.reads = tracker
        self._ordered.pop("new", None)
        self._blocks.clear()
        self._invalidate()

    @property
    def match_count(self) -> int:
        return len(self._positions("match"))

    @property
    def new_count(self) -> int:
        return len(self._positions("new"))

    def match_number(self) -> int | None:
        """The 1-based number of the selected comment among the matches (None: not one)."""
        pos = self._pos()
        matches = self._positions("match")
        i = bisect_left(matches, pos) if pos is not None else len(matches)
        return i + 1 if i < len(matches) and matches[i] == pos else None

    def _marks(self, comment_id: int) -> tuple[bool, bool]:
        """(new, match) for one comment."""
        return comment_id in self.reads.new_ids, comment_id in self._match_ids

    def _positions(self, kind: str) -> list[int]:
        """Thread positions of the matches or new comments, in display order (cached)."""
        cached = self._ordered.get(kind)
        if cached is not None and cached[0] is self.thread:
            return cached[1]
        ids = self._match_ids if kind == "match" else self.reads.new_ids
        found = (self.thread.position(cid) for cid in ids)
        positions = sorted(p for p in found if p is not None)
        self._ordered[kind] = (self.thread, positions)
        return positions

    # -- moving -----------------------------------------------------------------------------
    def _step(self, kind: str, forward: bool) -> bool:
        """Select the next (or previous) match or new comment, wrapping around the thread."""
        positions = self._positions(kind)
        pos = self._pos()
        if not positions or pos is None:
            return False
        if forward:
            i = bisect_right(positions, pos)
            target = positions[i] if i < len(positions) else positions[0]
        else:
            i = bisect_left(positions, pos) - 1
            target = positions[i] if i >= 0 else positions[-1]
        self._go(target)
        return True

    def next_match(self, forward: bool = True) -> bool:
        """Select the next match after the selection (previous with ``forward=False``)."""
        return self._step("match", forward)

    def first_match(self) -> bool:
        positions = self._positions("match")
        if positions:
            self._go(positions[0])
        return bool(positions)

    def next_new(self, forward: bool = True) -> bool:
        """Select the next comment new since the last visit (previous with ``forward=False``)."""
        return self._step("new", forward)

    def action_next_match(self) -> None:
        self._step_match(True)

    def action_previous_match(self) -> None:
        self._step_match(False)

    def _step_match(self, forward: bool) -> None:
        if not self.find_text:
            self.notify("Press / to find text in this thread.")
        elif not self.next_match(forward):
            self.notify("No comment in this thread matches.", severity="warning")

    def action_next_new(self) -> None:
        if not self.next_new():
            self.notify("No new comments since your last visit.")

    def action_previous_new(self) -> None:
        if not self.next_new(forward=False):
            self.notify("No new comments since your last visit.")

    # -- what was shown ---------------------------------------------------------------------
    def _note_shown(self, comment_ids: Iterable[int]) -> None:
        """Called with the comments drawn on screen; reports when the read mark moves."""
        if self.reads.shown(comment_ids):
            self.post_message(self.Seen(self, self.reads.mark))
