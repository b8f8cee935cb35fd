"""A comment arriving: WordPress posts and comments into the store.

The first sync of a site reads its newest posts and every approved comment of each; so does
``full``, which also removes the comments the site no longer shows (see
:meth:`~agora.store.remote_rows.RemoteComments.remove_vanished`). A later, incremental sync
reads the newest posts again, every post already known (100 per request: titles and comment
status change) and, for each known post, first how many approved comments it has and the
highest id among them (one small request): when both match the store, nothing changed.
Otherwise it reads the comments dated after the last sync (less a slack for clock skew); when
the numbers still differ (a comment approved late keeps its old date, one was deleted), it
lists the ids of the post's comments, fetches the missing ones by id and removes the vanished
ones. Only comments stored before the read began are ever removed (one posted or synced
meanwhile is missing from a listing made before it), and never own ones. The rare change that
leaves both numbers as they were (one comment approved late while another is deleted) waits for
a ``full`` sync.

Comments of known posts are requested at once, while the post list is read. Pages are
fetched concurrently by the client (bounded by its ``concurrency``) and converted to safe
text as they arrive, while the next ones are on their way; each post is stored in one
transaction, in a thread, as soon as its comments are in. Origin ids make the upserts
idempotent, so reading a comment twice never duplicates it.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass, field

from agora.core.model import CommentStatus, ImportBatch, ImportedComment
from agora.engines.wordpress import CommentCount, WPComment, WPPost
from agora.engines.wordpress.client import WordPressClient
from agora.engines.wordpress.discovery import discover
from agora.engines.wordpress.transport import gather_first_error
from agora.service.outbox import Delivery
from agora.service.sites import KIND, Site, client_for, save_site, set_synced, web_address
from agora.service.wp_convert import article_from_post, article_title, comment_from_wp
from agora.store import ImportResult, Store

DEFAULT_POSTS = 20
#: How far before the last sync incremental reads start (clock skew between us and the site).
SLACK = dt.timedelta(minutes=15)
#: Posts whose comments are read at the same time (requests are bounded by the client).
POSTS_AT_ONCE = 8
_EPOCH = dt.datetime.min.replace(tzinfo=dt.UTC)


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


@dataclass(slots=True)
class _Read:
    """The comments read for one post, converted as they came."""

    comments: dict[str, ImportedComment] = field(default_factory=dict)
    authors: dict[str, int] = field(default_factory=dict)  #: user ids of registered authors
    #: stored comments the site no longer shows (only ones stored before the read began:
    #: a comment posted or synced meanwhile is not in a listing made before it)
    gone: set[str] = field(default_factory=set)

    def add(self, comments: Iterable[WPComment]) -> None:
        for c in comments:
            converted = comment_from_wp(c)
            self.comments[converted.origin_id] = converted
            if c.author:
                self.authors[converted.origin_id] = c.author

    async def add_pages(self, pages: AsyncIterator[list[WPComment]]) -> None:
        async with contextlib.aclosing(pages):
            async for page in pages:
                self.add(page)

    def ready(self, post_author: int) -> list[ImportedComment]:
        """The comments to store, oldest first, with the post author's marked."""
        for origin, user in self.authors.items():
            self.comments[origin].is_article_author = bool(post_author) and user == post_author
        return sorted(self.comments.values(), key=lambda c: (c.created or _EPOCH, int(c.origin_id)))


def _cutoff(store: Store, article_id: int, synced: dt.datetime) -> dt.datetime:
    """Read comments after this moment: the last sync or the newest comment known (the site's
    own clock), whichever is earlier, less the slack."""
    newest = store.remote.newest(article_id)
    return min(synced, newest or synced) - SLACK


def _stored(store: Store, article_id: int) -> dict[str, str]:
    """The remote ids of the article's stored comments, with their status."""
    return store.remote.statuses(article_id)


def _matches(ids: set[int], count: CommentCount) -> bool:
    return len(ids) == count.total and max(ids, default=0) == count.newest_id


async def _read_changes(
    client: WordPressClient, store: Store, post_id: int, article_id: int, synced: dt.datetime
) -> _Read:
    """What changed in a known post's comments since the last sync (see the module doc)."""
    read = _Read()
    stored = _stored(store, article_id)
    count = await client.comment_count(post_id)
    approved = CommentStatus.APPROVED
    shown = {int(o) for o, status in stored.items() if status == approved and o.isdigit()}
    if _matches(shown, count):
        return read
    await read.add_pages(client.comment_pages(post_id, after=_cutoff(store, article_id, synced)))
    known = shown | {int(origin) for origin in read.comments}
    if _matches(known, count):
        return read
    present = await client.comment_ids(post_id)
    read.add(await client.comments_by_id(sorted(present - known)))
    read.gone = set(stored) - {str(i) for i in present}
    return read


async def add_site(store: Store, url: str) -> Site:
    """Discover and remember the site of ``url``; when ``url`` is one of its posts, that post
    becomes a known article too, so every sync reads it (whatever its age)."""
    info = await discover(web_address(url))
    found = save_site(store, info)
    if info.post_id:
        async with client_for(found) as client:
            post = await client.post(info.post_id)
        store.imports.add(ImportBatch(KIND, found.home, found.name, [article_from_post(post)]))
    return found


def _store_post(
    store: Store, site: Site, post: WPPost, article_id: int | None, read: _Read, author: str
) -> tuple[ImportResult, int]:
    """One post and its comments into the store; returns the result and how many comments
    that the site no longer shows were removed."""
    article = article_from_post(post, author)
    article.comments = read.ready(post.author)
    if article_id is not None:
        store.remote.adopt_own(article_id, article.comments)
    result = store.imports.add(ImportBatch(KIND, site.home, site.name, [article]))
    stored = result.article_ids[0]
    removed = store.remote.remove_vanished(stored, read.gone) if read.gone else 0
    if result.comments_updated:
        store.remote.settle_reasons(stored)
    return result, removed


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

    Reads the newest ``posts`` posts and, again, every post already known. ``full`` reads
    every comment again and removes those the site no longer shows.
    """
    started = dt.datetime.now(dt.UTC).replace(microsecond=0)
    synced = None if full else site.synced
    client = client or client_for(site)
    counts = {"an": 0, "cn": 0, "cu": 0, "cr": 0, "done": 0}
    known = {
        origin: article_id
        for origin, article_id in store.articles.of_source(KIND, site.home).items()
        if str(origin).isdigit()
    }
    limit = asyncio.Semaphore(POSTS_AT_ONCE)

    async def read(post_id: int) -> _Read:
        article_id = known.get(str(post_id))
        async with limit:
            if synced is not None and article_id is not None:
                return await _read_changes(client, store, post_id, article_id, synced)
            stored = _stored(store, article_id) if article_id is not None else {}
            whole = _Read()
            await whole.add_pages(client.comment_pages(post_id))
            whole.gone = set(stored) - set(whole.comments)
            return whole

    reads: dict[str, asyncio.Task[_Read]] = {}
    async with client:
        try:
            # Comments of the posts known already are on their way while the lists come in.
            for origin in sorted(known, key=int):
                reads[origin] = asyncio.ensure_future(read(int(origin)))
            newest, old = await gather_first_error(
                [client.posts(limit=max(0, posts)), client.posts_by_id(sorted(map(int, known)))]
            )
            wanted: dict[str, WPPost] = {str(p.id): p for p in [*newest, *old]}
            for origin, task in reads.items():
                if origin not in wanted:  # deleted or unpublished since
                    task.cancel()
            for origin in wanted:
                if origin not in reads:
                    reads[origin] = asyncio.ensure_future(read(int(origin)))
            names = await client.user_names({p.author for p in wanted.values()})
            total = len(wanted)
            if progress is not None:
                progress(SyncProgress(site.name, 0, total))
            waiting = {reads[origin]: origin for origin in wanted}
            while waiting:
                finished, _ = await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
                for task in finished:
                    post = wanted[waiting.pop(task)]
                    # Stored in a thread: other posts' pages keep coming in meanwhile.
                    result, removed = await asyncio.to_thread(
                        _store_post,
                        store,
                        site,
                        post,
                        known.get(str(post.id)),
                        task.result(),
                        names.get(post.author, ""),
                    )
                    counts["an"] += result.articles_new
                    counts["cn"] += result.comments_new
                    counts["cu"] += result.comments_updated
                    counts["cr"] += removed
                    counts["done"] += 1
                    if progress is not None:
                        step = SyncProgress(site.name, counts["done"], total, article_title(post))
                        progress(step)
        finally:
            for task in reads.values():
                task.cancel()
            await asyncio.gather(*reads.values(), return_exceptions=True)
    set_synced(store, site.id, started)
    return SiteSync(
        site.id,
        site.name,
        total,
        counts["an"],
        counts["cn"],
        counts["cu"],
        comments_removed=counts["cr"],
    )
