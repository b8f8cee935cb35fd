"""Command palette entries: every unsent draft, to pick up where the user left off, and the
ways of finding things (search everything, in the thread, sort threads, new comments)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, cast

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from agora.core.errors import AgoraError
from agora.core.model import Draft
from agora.core.ordering import LABELS, ORDERS
from agora.service.library import Library
from agora.ui.host import host, library_of

#: A palette entry: its label, what it does, and its help line.
Entry = tuple[str, Callable[[], Any], str]


@dataclass(frozen=True, slots=True)
class DraftEntry:
    """One draft as the palette shows it."""

    draft: Draft
    label: str
    excerpt: str


def draft_entries(library: Library) -> list[DraftEntry]:
    """Describe each open draft: 'Draft: reply to Ada on “Title”'. Call from a thread."""
    titles = {a.id: a.title for a in library.article_entries()}
    entries = []
    for draft in library.drafts():
        title = titles.get(draft.article_id)
        if title is None:
            continue
        if draft.comment_id:
            what = "edit of your comment"
        elif draft.parent_id:
            try:
                author = library.comment(draft.parent_id).author_name or "Anonymous"
            except AgoraError:
                continue
            what = f"reply to {author}"
        else:
            what = "comment"
        excerpt = " ".join(draft.body.split())
        excerpt = excerpt if len(excerpt) <= 80 else excerpt[:79] + "…"
        entries.append(DraftEntry(draft, f"Draft: {what} on “{title}”", excerpt))
    return entries


def highlight(matcher: Matcher, text: str) -> Content:
    """``text`` as plain content with the matched letters styled (never parsed as markup)."""
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if score:
        for offset in offsets:
            if not text[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class DraftsProvider(Provider):
    """'Draft: …' entries; choosing one opens its article with the composer on it."""

    async def startup(self) -> None:
        library = library_of(self)
        try:
            self._entries = await asyncio.to_thread(draft_entries, library)
        except AgoraError:
            self._entries = []

    def _open(self, entry: DraftEntry) -> partial[None]:
        return partial(host(self).open_draft, entry.draft)

    async def discover(self) -> Hits:
        for entry in self._entries:
            yield DiscoveryHit(
                Content(entry.label),
                self._open(entry),
                text=entry.label,
                help=cast(str, Content(entry.excerpt)),
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for entry in self._entries:
            score = max(matcher.match(entry.label), matcher.match(entry.excerpt) * 0.8)
            if score > 0:
                yield Hit(
                    score,
                    highlight(matcher, entry.label),
                    self._open(entry),
                    text=entry.label,
                    help=cast(str, Content(entry.excerpt)),
                )


class FindProvider(Provider):
    """'Search all discussions' everywhere; in an article, find, sort and new-comment jumps."""

    def _entries(self) -> list[Entry]:
        entries: list[tuple[str, Callable[[], Any], str]] = [
            (
                "Search all discussions",
                host(self).action_search,
                'every comment and article: "phrase", prefix*, author:name (ctrl+f)',
            ),
            (
                "Replies to you",
                host(self).action_inbox,
                "answers to your comments and mentions of your name (i)",
            ),
        ]
        screen: Any = self.screen
        if hasattr(screen, "sort_threads"):
            entries.append(("Find in this thread", screen.action_search, "author or text (/)"))
            entries.append(
                ("Next new comment", screen.action_next_new, "new since your last visit (u)")
            )
            entries.append(
                ("Collapse all threads", partial(screen.fold_all, True), "top comments only (z)")
            )
            entries.append(
                ("Expand all threads", partial(screen.fold_all, False), "every reply (Z)")
            )
            entries += [
                (f"Sort threads: {LABELS[o]}", partial(screen.sort_threads, o), "remembered (s)")
                for o in ORDERS
            ]
        return entries

    async def discover(self) -> Hits:
        for label, action, help_text in self._entries():
            yield DiscoveryHit(Content(label), action, help=help_text)

    async def search(self, query: str) -> Hits:
        async for hit in entry_hits(self.matcher(query), self._entries()):
            yield hit


async def entry_hits(matcher: Matcher, entries: list[Entry]) -> Hits:
    """The entries whose label matches, highlighted: the search of a provider's fixed list."""
    for label, action, help_text in entries:
        score = matcher.match(label)
        if score > 0:
            yield Hit(score, highlight(matcher, label), action, text=label, help=help_text)
