"""Following RSS/Atom feeds: subscribing adds the feed's entries as articles, and refreshing
reads every subscribed feed again (each one's failure is reported, the others go on)."""

from __future__ import annotations

import datetime as dt

from agora.core.errors import AgoraError
from agora.core.model import SourceKind
from agora.store import ImportResult, Store


def follow(store: Store, url: str) -> ImportResult:
    """Subscribe to the feed at ``url`` (network), or read it again; records when."""
    from agora.importers.feeds import feed_batch

    started = dt.datetime.now(dt.UTC).replace(microsecond=0)
    result = store.imports.add(feed_batch(url))
    store.sources.set_synced(result.source_id, started)
    return result


def refresh_all(store: Store) -> list[tuple[str, ImportResult | str]]:
    """Fetch every subscribed feed again: (feed, result or error message) for each."""
    out: list[tuple[str, ImportResult | str]] = []
    for source in store.sources.all():
        if source.kind != SourceKind.FEED:
            continue
        try:
            out.append((source.locator, follow(store, source.locator)))
        except AgoraError as exc:
            store.sources.set_error(source.id, str(exc))
            out.append((source.locator, str(exc)))
    return out
