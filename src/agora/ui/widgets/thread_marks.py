"""Marks over a thread: the comments matching a search, and those new since the last visit.

Plain Python, owned by the comments pane: it keeps which comments match (found off the UI
thread by the caller) and which are new, and answers where the next one is in display order
in the thread its :class:`ThreadViewport` shows.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from enum import StrEnum

from agora.core.thread import Thread
from agora.service.reading import ReadTracker, find_pattern
from agora.ui.widgets.thread_viewport import ThreadViewport


class Mark(StrEnum):
    """The two kinds of marked comments the pane steps through."""

    MATCH = "match"
    NEW = "new"


class ThreadMarks:
    """Search matches and new-comment marks, with their positions cached per thread."""

    def __init__(self, viewport: ThreadViewport) -> None:
        self.viewport = viewport
        #: The text last searched for ('' when no search is active) and its pattern.
        self.find_text = ""
        self.find_pattern: re.Pattern[str] | None = None
        self.match_ids: frozenset[int] = frozenset()
        self.reads = ReadTracker(0, [], visited=False)
        self._ordered: dict[Mark, tuple[Thread, list[int]]] = {}

    def show_matches(self, text: str, ids: Iterable[int]) -> None:
        """Mark the comments ``ids`` as the matches of ``text`` (blank text: none)."""
        self.find_pattern = find_pattern(text)
        self.find_text = text.strip() if self.find_pattern else ""
        self.match_ids = frozenset(ids) if self.find_pattern else frozenset()
        self._ordered.pop(Mark.MATCH, None)

    def track_reads(self, tracker: ReadTracker) -> None:
        """Mark ``tracker.new_ids`` as new."""
        self.reads = tracker
        self._ordered.pop(Mark.NEW, None)

    def of(self, comment_id: int) -> tuple[bool, bool]:
        """(new, match) for one comment."""
        return comment_id in self.reads.new_ids, comment_id in self.match_ids

    def positions(self, kind: Mark) -> list[int]:
        """Thread positions of the matches or new comments, in display order (cached)."""
        thread = self.viewport.thread
        cached = self._ordered.get(kind)
        if cached is not None and cached[0] is thread:
            return cached[1]
        ids = self.match_ids if kind == Mark.MATCH else self.reads.new_ids
        found = (thread.position(cid) for cid in ids)
        positions = sorted(p for p in found if p is not None)
        self._ordered[kind] = (thread, positions)
        return positions

    def count(self, kind: Mark) -> int:
        return len(self.positions(kind))

    def number(self) -> int | None:
        """The 1-based number of the selected comment among the matches (None: not one)."""
        pos = self.viewport.selected_pos
        matches = self.positions(Mark.MATCH)
        i = bisect_left(matches, pos) if pos is not None else len(matches)
        return i + 1 if i < len(matches) and matches[i] == pos else None

    def step(self, kind: Mark, forward: bool) -> int | None:
        """The position of the next (previous) mark after the selection, wrapping around."""
        positions = self.positions(kind)
        pos = self.viewport.selected_pos
        if not positions or pos is None:
            return None
        if forward:
            i = bisect_right(positions, pos)
            return positions[i] if i < len(positions) else positions[0]
        i = bisect_left(positions, pos) - 1
        return positions[i] if i >= 0 else positions[-1]
