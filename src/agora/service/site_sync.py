"""A comment arriving: a site's articles and threads, read by its engine, into the store;
and adding a site, found by the engine that recognises it.

The engine reads incrementally (only what changed since ``sources.synced``) and hands over each
thread as soon as it is complete; each is stored in one transaction, in a thread of its own, so
the next ones keep coming in meanwhile. Origin ids make the upserts idempotent, so reading a
comment twice never duplicates it. Own comments sent without learning their remote id are
linked to the comments a sync brings in; comments the site no longer shows are removed, never
own ones, nor ones a queued reply or a draft still answers. Reads run on the engines' loop
(:class:`~agora.service.engine_loop.EngineLoop`) with the site's anonymous session, so its
connections are reused from one sync to the next.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from agora.core.errors import AgoraError
from agora.core.model import ImportBatch
from agora.engines import registry
from agora.engines.sync_contract import FetchedThread, KnownThread
from agora.service.engine_loop import EngineLoop
from agora.service.outbox import Delivery
from agora.service.sites import Site, save_site, set_synced, web_address
from agora.store import Store

DEFAULT_POSTS = 20


@dataclass(frozen=True, slots=True)
class SyncProgress:
    """One step of a sync: ``done`` of ``total`` posts of ``site`` are stored."""

    site: str
    done: int
    total: int
    title: str = ""


ProgressFn = Callable[[SyncProgress], None]


@dataclass(frozen=True, slots=True)
class SiteSync:
    """What one site's sync changed; ``error`` is set when it stopped early."""

    source_id: int
    name: str
    articles: int = 0
    articles_new: int = 0
    comments_new: int = 0
    comments_updated: int = 0
    error: str = ""
    comments_removed: int = 0


@dataclass(frozen=True, slots=True)
class SyncReport:
    """What ``Library.sync`` did: one entry per site, and the outbox's deliveries."""

    sites: list[SiteSync]
    deliveries: list[Delivery]

    @property
    def errors(self) -> list[str]:
        return [f"{s.name}: {s.error}" for s in self.sites if s.error]


class StoredState:
    """The store's side of an incremental read (:class:`~agora.engines.base.SyncState`)."""

    def __init__(self, store: Store, site: Site, *, full: bool) -> None:
        self.store = store
        self.site = site
        self.synced = None if full else site.synced
        self.articles = store.articles.of_source(site.kind, site.home)

    def known(self) -> list[str]:
        return list(self.articles)

    def thread(self, article: str) -> KnownThread:
        article_id = self.articles[article]
        stored = self.store.remote.statuses(article_id)
        newest = self.store.remote.newest(article_id)
        return KnownThread(stored, newest)


@dataclass(slots=True)
class StoringSink:
    """Stores each thread an engine reads (:class:`~agora.engines.base.ThreadSink`), and
    counts what changed."""

    state: StoredState
    progress: ProgressFn | None = None
    expected: int = 0
    done: int = 0
    counts: dict[str, int] = field(
        default_factory=lambda: {"articles_new": 0, "new": 0, "updated": 0, "removed": 0}
    )

    def total(self, count: int) -> None:
        self.expected = count
        if self.progress is not None:
            self.progress(SyncProgress(self.state.site.name, 0, count))

    async def thread(self, fetched: FetchedThread, title: str) -> None:
        # Stored in a thread: other articles' pages keep coming in meanwhile.
        await asyncio.to_thread(self._store, fetched)
        self.done += 1
        if self.progress is not None:
            self.progress(SyncProgress(self.state.site.name, self.done, self.expected, title))

    def _store(self, fetched: FetchedThread) -> None:
        store, site = self.state.store, self.state.site
        article = fetched.article
        known = self.state.articles.get(article.origin_id)
        if known is not None:
            store.remote.adopt_own(known, article.comments)
        result = store.imports.add(ImportBatch(site.kind, site.home, site.name, [article]))
        article_id = result.article_ids[0]
        if fetched.gone:
            self.counts["removed"] += store.remote.remove_vanished(article_id, fetched.gone)
        if result.comments_updated:
            store.remote.settle_reasons(article_id)
        self.counts["articles_new"] += result.articles_new
        self.counts["new"] += result.comments_new
        self.counts["updated"] += result.comments_updated

    def report(self) -> SiteSync:
        site = self.state.site
        return SiteSync(
            site.id,
            site.name,
            self.expected,
            self.counts["articles_new"],
            self.counts["new"],
            self.counts["updated"],
            comments_removed=self.counts["removed"],
        )


def started_now() -> dt.datetime:
    """The moment a sync starts: what the next incremental sync reads from."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def finish(store: Store, sink: StoringSink, started: dt.datetime) -> SiteSync:
    """Record a complete sync of the site; returns what it changed."""
    set_synced(store, sink.state.site.id, started)
    return sink.report()


def add_site(store: Store, engines: EngineLoop, url: str) -> Site:
    """Find and remember the site of ``url``; when ``url`` is one of its articles, that article
    becomes a known one too, so every sync reads it (whatever its age)."""
    address = web_address(url)
    found = engines.run(lambda: registry.discover(address))
    site = save_site(store, found.site)
    if found.article is not None:
        store.imports.add(ImportBatch(site.kind, site.home, site.name, [found.article]))
    return site


def sync_site(
    store: Store,
    engines: EngineLoop,
    site: Site,
    *,
    posts: int,
    full: bool = False,
    progress: ProgressFn | None = None,
) -> SiteSync:
    """Bring one site's articles and threads into the store: the newest ``posts`` articles
    and every known one again; ``full`` reads everything and removes what the site dropped."""
    started = started_now()
    sink = StoringSink(StoredState(store, site, full=full), progress)

    async def read() -> None:
        session = await engines.session(site.address)
        await session.sync(sink.state, sink, newest=max(0, posts))

    engines.run(read)
    return finish(store, sink, started)


def sync_sites(
    store: Store,
    engines: EngineLoop,
    targets: list[Site],
    posts: int,
    *,
    full: bool = False,
    progress: ProgressFn | None = None,
) -> list[SiteSync]:
    """Sync each site in turn; one that fails is reported and the others go on."""
    done: list[SiteSync] = []
    for target in targets:
        try:
            done.append(
                sync_site(store, engines, target, posts=posts, full=full, progress=progress)
            )
        except AgoraError as exc:
            store.sources.set_error(target.id, str(exc))
            done.append(SiteSync(target.id, target.name, error=str(exc)))
    return done
