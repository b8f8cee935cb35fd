"""'You are commenting as NAME · Log out / Change', or how to start."""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from agora.core.model import Identity, SourceKind
from agora.service.oauth_tokens import SignedInAs


def identity_line(identity: Identity | None, via: SignedInAs | None = None) -> Content:
    """The identity bar's text; the name is inserted as plain content, never as markup.
    ``via``: how the identity signed in over OAuth (a site's account, or a profile provider)."""
    if identity is None:
        return Content.from_markup(
            "Leave a Reply · press [b]c[/b] to comment, [b]L[/b] to fill in your details"
        )
    if via is not None:
        receives = (
            " — the site receives your name, email and profile address" if via.provider else ""
        )
        return Content.from_markup(
            "You are commenting using your $provider account ($name)$receives · "
            "[@click=screen.log_out]Log out[/] / [@click=screen.change_identity]Change[/]",
            provider=via.label,
            name=identity.name,
            receives=receives,
        )
    if identity.is_account:
        wordpress = identity.kind == SourceKind.WORDPRESS
        return Content.from_markup(
            "You are commenting using your $provider account ($name) · "
            "[@click=screen.log_out]Log out[/] / [@click=screen.change_identity]Change[/]",
            provider="WordPress" if wordpress else identity.kind.title(),
            name=identity.name,
        )
    return Content.from_markup(
        "You are commenting as [b]$name[/b] · "
        "[@click=screen.log_out]Log out[/] / [@click=screen.change_identity]Change[/]",
        name=identity.name,
    )


def cut_at_word(content: Content, width: int) -> Content:
    """``content`` in ``width`` cells: when longer, cut after the last whole word that fits
    and ended with "…" (mid-word only when the first word alone is too long)."""
    if content.cell_length <= width:
        return content
    plain = content.plain
    end = 0
    while end < len(plain) and cell_len(plain[: end + 1]) <= width - 1:
        end += 1
    space = plain.rfind(" ", 0, end + 1)
    if space > 0:
        end = space
    return content[:end].rstrip() + Content("…")


class IdentityBar(Static):
    """Who comments will be posted as (cut at a word with "…" when the pane is narrow)."""

    identity: reactive[Identity | None] = reactive(None, always_update=True)
    #: How the identity signed in over OAuth (set before ``identity``), or None.
    via: SignedInAs | None = None

    def render(self) -> Content:
        return cut_at_word(identity_line(self.identity, self.via), self.content_size.width)

    def on_resize(self) -> None:
        self.refresh()
