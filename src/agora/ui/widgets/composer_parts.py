"""The parts of the composer: what is answered, who is writing, the text and its counter."""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.widgets import TextArea

from agora.core.model import COMMENT_MAX_CHARS, Comment, Identity
from agora.core.text import sanitize


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
