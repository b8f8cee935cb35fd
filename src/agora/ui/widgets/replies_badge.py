"""The count of unread replies to you, beside the article list's title (hidden at zero).

Clicking it opens the inbox, as ``i`` does.
"""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.widgets import Static

from agora.core.errors import AgoraError
from agora.ui.background import call_on_ui, in_background
from agora.ui.host import host, library_of


def badge_text(unread: int) -> str:
    return f"✉ {unread:,} unread {'reply' if unread == 1 else 'replies'} · i"


class RepliesBadge(Static):
    """'✉ 2 unread replies · i', read in a worker whenever the list is read."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.unread = 0

    def reload(self) -> None:
        self._count()

    @in_background(group="replies-count", exclusive=True)
    def _count(self) -> None:
        from agora.service.replies import unread_replies

        try:
            unread = unread_replies(library_of(self))
        except AgoraError:
            return  # the list itself says what is wrong with the store
        call_on_ui(self.app, self._show, unread)

    def _show(self, unread: int) -> None:
        self.unread = unread
        self.update(Content(badge_text(unread)) if unread else "")
        self.set_class(unread > 0, "-unread")

    def on_click(self, event: events.Click) -> None:
        event.stop()
        host(self).action_inbox()
