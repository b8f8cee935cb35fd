"""The parts of the composer: what is answered, who is writing, the text and its counter."""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.widgets import TextArea

from agora.core.model import COMMENT_MAX_CHARS, Comment, Identity
from agora.core.text import sanitize


class ComposerTextArea(TextArea):
    """A text area that passes what is pasted and typed through the text gate.

    A paste can carry controls, and the text area would hand them to the terminal as they are:
    they are removed, while what scripts and emoji need (ZWJ, ZWNJ, ZWSP...) stays. Typed keys
    cannot carry controls, but Textual only inserts printable characters, which would lose the
    ZWNJ of a Persian keyboard, a no-break space or an IME's ideographic space: the gate
    decides for those as well.
    """

    async def _on_paste(self, event: events.Paste) -> None:
        clean = sanitize(event.text)
        if clean != event.text:
            event.prevent_default()
            await super()._on_paste(events.Paste(clean))

    async def _on_key(self, event: events.Key) -> None:
        char = event.character
        if not self.read_only and char and not char.isprintable() and _typed(char):
            event.stop()
            event.prevent_default()
            self._restart_blink()
            self._replace_via_keyboard(char, *self.selection)
        # else TextArea's own handler runs next, as for any key


def _typed(char: str) -> bool:
    """Whether a typed character that is not printable goes into the text: what the gate keeps
    (tab and enter aside: keys with their own meaning), and tag characters, which arrive one by
    one when a flag such as Scotland's is typed (the gate keeps them in a valid sequence)."""
    if "\U000e0020" <= char <= "\U000e007f":
        return True
    return char not in "\t\n" and sanitize(char) == char


def excerpt(text: str, limit: int = 70) -> str:
    """The start of ``text`` on one line."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def heading(
    article_title: str,
    parent: Comment | None,
    editing: Comment | None,
    landing: Comment | None = None,
) -> Content:
    """'Replying to Ada: “First!”' and the like, with the user text inserted as plain text;
    ``landing``: the comment the site will put the reply under instead (it nests less)."""
    if editing is not None:
        return Content.from_markup(
            "[b]Editing your comment[/b]: “$text”", text=excerpt(editing.body)
        )
    if parent is not None:
        said = Content.from_markup(
            "Replying to [b]$author[/b]: “$text”",
            author=parent.author_name or "Anonymous",
            text=excerpt(parent.body),
        )
        if landing is None:
            return said
        return said + Content.from_markup(
            "\nYour reply will appear under [b]$author[/b]'s comment (this site keeps one "
            "level of replies)"
            if landing.parent_id is None
            else "\nYour reply will appear under [b]$author[/b]'s comment (this site nests less)",
            author=landing.author_name or "Anonymous",
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
