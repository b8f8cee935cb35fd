"""Adding a site and syncing sites: the engine reads, :mod:`agora.service.sync` stores.

Each site's read runs on the engines' loop (:class:`~agora.service.engine_loop.EngineLoop`),
with the site's anonymous session, so its connections are reused from one sync to the next.
"""

from __future__ import annotations

from agora.core.errors import AgoraError
from agora.core.model import ImportBatch
from agora.engines import registry
from agora.service.engine_loop import EngineLoop
from agora.service.sites import Site, save_site, web_address
from agora.service.sync import ProgressFn, SiteSync, StoredState, StoringSink, finish, started_now
from agora.store import Store


def add_site(store: Store, engines: EngineLoop, url: str) -> Site:
    """Find and remember the site of ``url``; when ``url`` is one of its articles, that article
    becomes a known one too, so every sync reads it (whatever its age)."""
    address = web_address(url)
    found = engines.run(lambda: registry.discover(address))
    site = save_site(store, found.site)
    if found.article is not None:
        store.import_batch(ImportBatch(site.kind, site.home, site.name, [found.article]))
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
            done.append(SiteSync(target.id, target.name, error=str(exc)))
    return done
