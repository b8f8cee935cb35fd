"""Command palette entries for the article list (sort, filters, read marks) and the sources
screen (from anywhere)."""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hits, Provider
from textual.content import Content

from agora.core.article_sort import SORT_LABELS, SORTS, ArticleView
from agora.ui.commands import Entry, entry_hits
from agora.ui.host import host


class ArticleListProvider(Provider):
    """'Sources', and on the article list: sort by…, show only a source, unread only."""

    def _entries(self) -> list[Entry]:
        entries: list[Entry] = [
            ("Sources", host(self).open_sources, "sites and feeds: add, remove, sync, sign in (S)")
        ]
        screen: Any = self.screen
        if not hasattr(screen, "set_view"):
            return entries
        view: ArticleView = screen.view or ArticleView()
        entries += [
            (
                f"Sort articles: {SORT_LABELS[s]}",
                partial(screen.set_view, replace(view, sort=s)),
                "kept for the next start (s)",
            )
            for s in SORTS
        ]
        unread = not view.unread_only
        entries.append(
            (
                "Articles: unread only" if unread else "Articles: read and unread",
                partial(screen.set_view, replace(view, unread_only=unread)),
                "never opened, or with new comments (u)",
            )
        )
        entries.append(("Articles from every source", partial(screen.show_source, None), "(f)"))
        entries += [
            (f"Articles from {name}", partial(screen.show_source, source_id), "(f)")
            for source_id, name in screen.sources
        ]
        entries.append(("Mark article read or unread", screen.action_toggle_read, "(m)"))
        return entries

    async def discover(self) -> Hits:
        # Only the screen itself before anything is typed: the sorts and filters are found by
        # typing (sort, unread, from), and the drafts stay in view.
        label, action, help_text = self._entries()[0]
        yield DiscoveryHit(Content(label), action, help=help_text)

    async def search(self, query: str) -> Hits:
        async for hit in entry_hits(self.matcher(query), self._entries()):
            yield hit
