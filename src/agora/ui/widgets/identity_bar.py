"""'You are commenting as NAME · Log out / Change', or how to start."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from agora.core.model import Identity, SourceKind


def identity_line(identity: Identity | None) -> Content:
    """The identity bar's text; the name is inserted as plain content, never as markup."""
    if identity is None:
        return Content.from_markup(
            "Leave a Reply · press [b]c[/b] to comment, [b]L[/b] to fill in your details"
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


class IdentityBar(Static):
    """Who comments will be posted as."""

    identity: reactive[Identity | None] = reactive(None, always_update=True)

    def render(self) -> Content:
        return identity_line(self.identity)
