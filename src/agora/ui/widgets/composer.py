"""The parts of the composer: what is answered, who is writing, the text and its counter.

Also :class:`DraftKeeper`, which saves one target's unsent text in order and never after its
comment has been stored.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from textual import events
from textual.content import Content
from textual.widgets import TextArea

from agora.model import COMMENT_MAX_CHARS, Comment, Identity
from agora.service import Library
from agora.text import sanitize

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
    ``save`` (in a worker) writes it unless a comment was stored since (``commit``), so a late
    save can never bring back the draft of a posted comment.
    """

    def __init__(self, library: Library, target: Target) -> None:
        self.library = library
        self.target = target
        self.latest: str | None = None
        self.generation = 0
        self._saved: str | None = None
        self._lock = threading.Lock()

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
        """Store ``text`` as the draft (blank text removes it). Call from a worker."""
        with self._lock:
            if generation != self.generation or text == self._saved:
                return
            self._write(text)

    def _write(self, text: str) -> None:
        t = self.target
        self.library.save_draft(t.article_id, t.parent_id, text, t.comment_id)
        self._saved = text

    def commit(self, text: str, store: Callable[[], T]) -> T:
        """Run ``store`` (which stores the comment and drops the draft); on failure keep
        ``text`` as the draft. Call from a worker."""
        with self._lock:
            try:
                result = store()
            except Exception:
                self._write(text)
                raise
            self.generation += 1
            self.latest = self._saved = None
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


class ComposerTextArea(TextArea):
    """A text area that drops control and invisible characters from what is pasted.

    Typed keys cannot carry them (they are not printable); a paste can, and the text area would
    hand them to the terminal as they are.
    """

    async def _on_paste(self, event: events.Paste) -> None:
        clean = sanitize(event.text)
        if clean != event.text:
            event.prevent_default()
            await super()._on_paste(events.Paste(clean))


def excerpt(text: str, limit: int = 70) -> str:
    """The start of ``text`` on one line."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def heading(article_title: str, parent: Comment | None, editing: Comment | None) -> Content:
    """'Replying to Ada: “First!”' and the like, with the user text inserted as plain text."""
    if editing is not None:
        return Content.from_markup(
            "[b]Editing your comment[/b]: “$text”", text=excerpt(editing.body)
        )
    if parent is not None:
        return Content.from_markup(
            "Replying to [b]$author[/b]: “$text”",
            author=parent.author_name or "Anonymous",
            text=excerpt(parent.body),
        )
    return Content.from_markup("Leave a comment on [b]$title[/b]", title=article_title)


def identity_line(identity: Identity | None) -> Content:
    """'Commenting as Jane Doe · Change'; the link opens the identity modal."""
    if identity is None:
        return Content.from_markup(
            "Not signed in · [@click=screen.change_identity]Fill in your details[/]"
        )
    return Content.from_markup(
        "Commenting as [b]$name[/b] · [@click=screen.change_identity]Change[/]",
        name=identity.name,
    )


def counter(length: int) -> Content:
    """'1,234 / 65,525 characters'."""
    return Content(f"{length:,} / {COMMENT_MAX_CHARS:,} characters")
