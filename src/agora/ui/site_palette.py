"""Command palette entries for WordPress sites: sync them, open their moderation queues."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from agora.core.errors import AgoraError
from agora.ui.host import host, library_of

if TYPE_CHECKING:
    from agora.service.sites import Site


class SitesProvider(Provider):
    """'Sync all sites', and 'Moderation queue: SITE' for each site."""

    async def _sites(self) -> list[Site]:
        library = library_of(self)
        try:
            return await asyncio.to_thread(library.sites)
        except AgoraError:
            return []

    def _entries(self, sites: list[Site]) -> list[tuple[str, Callable[[], object], str]]:
        entries: list[tuple[str, Callable[[], object], str]] = []
        if sites:
            entries.append(
                (
                    "Sync all sites",
                    host(self).action_sync,
                    "fetch new posts and comments, send queued comments",
                )
            )
        for site in sites:
            entries.append(
                (
                    f"Moderation queue: {site.name}",
                    partial(host(self).open_moderation, site),
                    f"held comments on {site.host} (needs a moderator's account)",
                )
            )
        return entries

    async def discover(self) -> Hits:
        for label, action, help_text in self._entries(await self._sites()):
            yield DiscoveryHit(Content(label), action, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, action, help_text in self._entries(await self._sites()):
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, matcher.highlight(label), action, help=help_text)
