"""Keeping unsent text: :class:`DraftKeeper` saves one target's text in order and never after
its comment has been stored, and keeps it in memory for as long as it cannot be saved."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from textual.timer import Timer

from agora.core.errors import AgoraError
from agora.service.library import Library

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Target:
    """What a comment answers: the article (``parent_id`` None) or a comment; with
    ``comment_id``, one of the user's own comments being edited."""

    article_id: int
    parent_id: int | None = None
    comment_id: int | None = None


class DraftKeeper:
    """The unsent text of one target, mirrored in memory and saved to the store.

    ``remember`` is called on the UI thread as the text changes and returns a generation;
    ``save`` (in a worker) writes the newest text unless a comment was stored since
    (``commit``), so a late save can never bring back the draft of a posted comment, nor an
    early one overwrite a later text.

    When a save fails (a full disk, a read-only home), the text stays in :attr:`latest` and
    :attr:`problem` says why; :attr:`unsaved` stays true until a save succeeds. ``warned`` and
    ``retry`` belong to the UI thread (see :mod:`agora.ui.screens.composer`).
    """

    def __init__(self, library: Library, target: Target) -> None:
        self.library = library
        self.target = target
        self.latest: str | None = None
        self.generation = 0
        #: Why the newest text could not be saved; None once it is.
        self.problem: str | None = None
        #: UI thread only: the user was told that saving fails; a retry is scheduled.
        self.warned = False
        self.retry: Timer | None = None
        self._saved: str | None = None
        self._lock = threading.Lock()

    @property
    def unsaved(self) -> bool:
        """Whether there is text that is not in the store yet."""
        latest = self.latest
        return latest is not None and latest != self._saved

    def remember(self, text: str) -> int:
        """Note the newest text (UI thread); pass the result to :meth:`save`."""
        self.latest = text
        return self.generation

    def load(self) -> str | None:
        """The text to start from: what was typed this session, else the stored draft."""
        with self._lock:
            if self.latest is not None:
                return self.latest
            t = self.target
            draft = self.library.draft(t.article_id, t.parent_id, t.comment_id)
            if draft is not None:
                self._saved = draft.body
            return draft.body if draft else None

    def save(self, text: str, generation: int) -> None:
        """Store the newest text (``text`` if none was remembered since) as the draft; blank
        text removes it. Call from a worker. Raises :class:`AgoraError` when it cannot be
        saved; the text is kept in memory then."""
        with self._lock:
            if generation != self.generation:
                return
            latest = self.latest
            self._write(text if latest is None else latest)

    def _write(self, text: str) -> None:
        if text == self._saved:
            self.problem = None
            return
        t = self.target
        try:
            self.library.save_draft(t.article_id, t.parent_id, text, t.comment_id)
        except AgoraError as exc:
            self.problem = str(exc)
            raise
        self._saved = text
        self.problem = None

    def commit(self, text: str, store: Callable[[], T]) -> T:
        """Run ``store`` (which stores the comment and drops the draft); on failure keep
        ``text`` as the draft (in memory when it cannot be saved either) and raise what
        ``store`` raised. Call from a worker."""
        with self._lock:
            try:
                result = store()
            except Exception:
                self.latest = text
                with contextlib.suppress(AgoraError):  # see ``problem``
                    self._write(text)
                raise
            self.generation += 1
            self.latest = self._saved = None
            self.problem = None
            return result


class DraftKeepers:
    """One :class:`DraftKeeper` per target for the whole app."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self._keepers: dict[Target, DraftKeeper] = {}

    def get(self, target: Target) -> DraftKeeper:
        keeper = self._keepers.get(target)
        if keeper is None:
            keeper = self._keepers[target] = DraftKeeper(self.library, target)
        return keeper

    def unsaved(self) -> list[DraftKeeper]:
        """Keepers holding text the store does not have (saving failed, or not yet run)."""
        return [k for k in self._keepers.values() if k.unsaved]

    def flush(self) -> list[DraftKeeper]:
        """Save every unsaved text now (at exit); returns the keepers whose text still could
        not be saved, so that it can be shown to the user rather than lost."""
        for keeper in self.unsaved():
            with contextlib.suppress(AgoraError):  # see ``problem``
                keeper.save(keeper.latest or "", keeper.generation)
        return self.unsaved()


def save_problem(error: str) -> str:
    """Why a draft could not be saved, in a few words, from the store's error (``could not
    save to PATH: SQLite's message``)."""
    low = error.rsplit(": ", 1)[-1].lower()  # not the path: it may hold any word
    if "disk is full" in low or "no space" in low:
        return "the disk is full"
    if any(s in low for s in ("readonly", "read-only", "permission denied")):
        return "the database is read-only"
    if "i/o error" in low:
        return "the disk could not be written"
    if "locked" in low or "busy" in low:
        return "another agora kept the database busy"
    return error.rstrip(".")


def unsaved_message(error: str) -> str:
    """The notification shown (once) when saving a draft starts failing."""
    return (
        f"Cannot save your draft: {save_problem(error)}; it is kept in memory and will be "
        "saved when possible."
    )
