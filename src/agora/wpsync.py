"""A comment arriving: WordPress posts and comments into the store.

The first sync of a site reads its newest posts and every approved comment of each. Later syncs
read the newest posts again, every post already known (100 per request: titles and comment
status change) and, for known posts, only the comments dated after the last sync (less a slack
for clock skew) plus own held comments the site has approved since. Origin ids make the upserts
idempotent, so reading a comment twice never duplicates it. Pages are fetched concurrently by
the client (bounded by its ``concurrency``); each post is stored in one transaction, in a
thread, as soon as its comments are in.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable, Coroutine, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from agora.model import ImportBatch
from agora.outbox import Delivery
from agora.sites import KIND, Site, client_for, save_site, set_synced, web_address
from agora.sources.wordpress import WordPressClient, WordPressError, WPComment, WPPost, discover
from agora.sources.wordpress.client import _POST_FIELDS, MAX_PER_PAGE, _post
from agora.store import ImportResult, Store
from agora.store.store import from_iso
from agora.text import sanitize_line
from agora.wpconvert import (
    adopt_own,
    article_from_post,
    article_title,
    comment_from_wp,
    settle_reasons,
)

DEFAULT_POSTS = 20
#: How far before the last sync incremental reads start (clock skew between us and the site).
SLACK = dt.timedelta(minutes=15)
#: Posts whose comments are read at the same time (requests are bounded by the client).
POSTS_AT_ONCE = 8
_T = TypeVar("_T")


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


@dataclass(frozen=True, slots=True)
class SyncReport:
    """What ``Library.sync`` did: one entry per site, and the outbox's deliveries."""

    sites: list[SiteSync]
    deliveries: list[Delivery]

    @property
    def errors(self) -> list[str]:
        return [f"{s.name}: {s.error}" for s in self.sites if s.error]


def _cutoff(store: Store, article_id: int, synced: dt.datetime) -> dt.datetime:
    """Read comments after this moment: the last sync or the newest comment known (the site's
    own clock), whichever is earlier, less the slack."""
    newest = from_iso(
        store.scalar(
            "SELECT max(created) FROM comments WHERE article_id = ? AND origin_id IS NOT NULL",
            [article_id],
        )
    )
    return min(synced, newest or synced) - SLACK


async def _approved_since(
    client: WordPressClient, store: Store, article_id: int, fresh: list[WPComment]
) -> list[WPComment]:
    """Own comments held for moderation that the site has approved since (an incremental read
    misses them: they keep the date they were written)."""
    seen = {str(c.id) for c in fresh}
    held = [
        int(r["origin_id"])
        for r in store.query(
            "SELECT origin_id FROM comments WHERE article_id = ? AND is_own = 1 "
            "AND status = 'hold' AND origin_id IS NOT NULL",
            [article_id],
        )
        if str(r["origin_id"]).isdigit() and r["origin_id"] not in seen
    ]

    async def one(remote_id: int) -> WPComment | None:
        try:
            found = await client.comment(remote_id)
        except WordPressError as exc:
            if exc.transient:
                raise
            return None  # still held (not public), or gone
        return found if found.status == "approved" else None

    found = await gather_first_error(one(i) for i in held)
    return [c for c in found if c is not None]


async def _known_posts(client: WordPressClient, ids: list[str]) -> list[WPPost]:
    """The posts with these ids, 100 per request (posts deleted since are left out)."""
    chunks = [ids[i : i + MAX_PER_PAGE] for i in range(0, len(ids), MAX_PER_PAGE)]
    pages = await gather_first_error(
        client._collect("/wp/v2/posts", {"include": ",".join(c), "_fields": _POST_FIELDS})
        for c in chunks
    )
    return [_post(item) for page in pages for item in page if isinstance(item, dict)]


async def _author_names(client: WordPressClient, ids: set[int]) -> dict[int, str]:
    """Display names of post authors (empty when the site does not list its users)."""
    ids.discard(0)
    if not ids:
        return {}
    params = {"include": ",".join(map(str, sorted(ids))), "per_page": 100, "_fields": "id,name"}
    try:
        data, _ = await client._api("GET", "/wp/v2/users", params=params)
    except WordPressError:
        return {}
    if not isinstance(data, list):
        return {}
    return {
        int(u["id"]): sanitize_line(str(u.get("name", "")))
        for u in data
        if isinstance(u, dict) and isinstance(u.get("id"), int)
    }


async def gather_first_error(coros: Iterable[Coroutine[Any, Any, _T]]) -> list[_T]:
    """Run coroutines together; on the first failure cancel the others and raise it."""
    tasks: list[asyncio.Task[_T]] = []
    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(c) for c in coros]
    except BaseExceptionGroup as eg:
        errors = list(eg.exceptions)
        raise next((e for e in errors if isinstance(e, WordPressError)), errors[0]) from None
    return [t.result() for t in tasks]


async def add_site(store: Store, url: str) -> Site:
    """Discover and remember the site of ``url``; when ``url`` is one of its posts, that post
    becomes a known article too, so every sync reads it (whatever its age)."""
    info = await discover(web_address(url))
    found = save_site(store, info)
    if info.post_id:
        async with client_for(found) as client:
            post = await client.post(info.post_id)
        store.import_batch(ImportBatch(KIND, found.home, found.name, [article_from_post(post)]))
    return found


async def sync_site(
    store: Store,
    site: Site,
    *,
    posts: int = DEFAULT_POSTS,
    full: bool = False,
    progress: ProgressFn | None = None,
    client: WordPressClient | None = None,
) -> SiteSync:
    """Bring one site's posts and approved comments into the store (see the module doc).

    Reads the newest ``posts`` posts and, again, every post already known (100 per request:
    titles, bodies and comment status may have changed). ``full`` reads every comment again.
    """
    started = dt.datetime.now(dt.UTC).replace(microsecond=0)
    incremental = site.synced is not None and not full
    client = client or client_for(site)
    counts = {"an": 0, "cn": 0, "cu": 0}
    known = {
        r["origin_id"]: r["id"]
        for r in store.query(
            "SELECT a.id, a.origin_id FROM articles a JOIN sources s ON s.id = a.source_id "
            "WHERE s.kind = ? AND s.locator = ?",
            [KIND, site.home],
        )
        if str(r["origin_id"]).isdigit()
    }
    async with client:
        newest, old = await gather_first_error(
            [client.posts(limit=max(0, posts)), _known_posts(client, sorted(known, key=int))]
        )
        wanted: dict[str, WPPost] = {str(p.id): p for p in [*newest, *old]}
        # Author names arrive while the comments are read.
        names = asyncio.ensure_future(_author_names(client, {p.author for p in wanted.values()}))
        total = len(wanted)
        done = 0
        limit = asyncio.Semaphore(POSTS_AT_ONCE)

        def store_post(
            post: WPPost, article_id: int | None, comments: list[WPComment], author: str
        ) -> ImportResult:
            article = article_from_post(post, author)
            if article_id is not None:
                adopt_own(store, article_id, comments)
            article.comments = [comment_from_wp(c, post.author) for c in comments]
            result = store.import_batch(ImportBatch(KIND, site.home, site.name, [article]))
            if result.comments_updated:
                settle_reasons(store, result.article_ids[0])
            return result

        async def one(post: WPPost) -> None:
            nonlocal done
            article_id = known.get(str(post.id))
            after = None
            if incremental and article_id is not None and site.synced is not None:
                after = _cutoff(store, article_id, site.synced)
            async with limit:
                comments = await client.comments(post.id, after=after)
                if after is not None and article_id is not None:
                    comments += await _approved_since(client, store, article_id, comments)
            author = (await names).get(post.author, "")
            # Stored in a thread: other posts' pages keep coming in meanwhile.
            result = await asyncio.to_thread(store_post, post, article_id, comments, author)
            counts["an"] += result.articles_new
            counts["cn"] += result.comments_new
            counts["cu"] += result.comments_updated
            done += 1
            if progress is not None:
                progress(SyncProgress(site.name, done, total, article_title(post)))

        if progress is not None:
            progress(SyncProgress(site.name, 0, total))
        try:
            await gather_first_error(one(post) for post in wanted.values())
        finally:
            names.cancel()
    set_synced(store, site.id, started)
    return SiteSync(site.id, site.name, total, counts["an"], counts["cn"], counts["cu"])
