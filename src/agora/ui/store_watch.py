"""Noticing that another agora process changed the store, and telling the screens.

Every :data:`WATCH_INTERVAL` seconds a worker reads SQLite's data version (it
changes when another connection commits: ``agora post``, ``agora sync``, a second window).
When it moved, each screen on the stack with a ``store_changed()`` method is called on the UI
thread: the article list and the inbox read themselves again, an open thread re-reads its
article (:mod:`agora.ui.screens.article_live`). The check never runs on the UI thread, and
never twice at once.
"""

from __future__ import annotations

from typing import Any

from textual.app import App

from agora.core.errors import AgoraError
from agora.service.library import Library
from agora.ui.background import call_on_ui, run_in_background

#: Seconds between two looks at the store: a change shows within about this long.
WATCH_INTERVAL = 0.3


class StoreWatch:
    """Polls the store's data version in a worker and calls the screens' ``store_changed``."""

    def __init__(self, app: App[Any], library: Library) -> None:
        self.app = app
        self.library = library
        self._version: int | None = None
        self._busy = False

    def start(self) -> None:
        self.app.set_interval(WATCH_INTERVAL, self.check)

    def check(self) -> None:
        """Look at the store (in a worker) unless a look is under way."""
        if self._busy:
            return
        self._busy = True
        run_in_background(self.app, self._look, group="store-watch")

    def _look(self) -> None:
        version: int | None
        try:
            version = self.library.store.data_version()
        except AgoraError:
            version = self._version
        call_on_ui(self.app, self._seen, version)

    def _seen(self, version: int | None) -> None:
        self._busy = False
        before, self._version = self._version, version
        if before is None or version == before:
            return
        for screen in list(self.app.screen_stack):
            changed = getattr(screen, "store_changed", None)
            if callable(changed):
                changed()
