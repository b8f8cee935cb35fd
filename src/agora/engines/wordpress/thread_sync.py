"""Reading a WordPress site's posts and comments incrementally, for :meth:`sync`.

The first sync of a site reads its newest posts and every approved comment of each; so does a
``full`` one (``state.synced`` is None), which also names the comments the site no longer shows.
A later, incremental sync reads the newest posts again, every post already known (100 per
request: titles and comment status change) and, for each known post, first how many approved
comments it has and the highest id among them (one small request): when both match the store,
nothing changed. Otherwise it reads the comments dated after the last sync (less a slack for
clock skew); when the numbers still differ (a comment approved late keeps its old date, one was
deleted), it lists the ids of the post's comments, fetches the missing ones by id and names the
vanished ones. Only comments stored before the read began are ever named gone (one posted or
synced meanwhile is missing from a listing made before it). The rare change that leaves both
numbers as they were (one comment approved late while another is deleted) waits for a full sync.

Comments of known posts are requested at once, while the post list is read. Pages are fetched
concurrently by the client (bounded by its ``concurrency``) and converted to safe text as they
arrive; each post goes to the sink as soon as its comments are in.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from collections.abc import AsyncGenerator, Iterable
from dataclasses import dataclass, field

from agora.core.model import CommentStatus, ImportedComment
from agora.engines.sync_contract import FetchedThread, KnownThread, SyncState, ThreadSink
from agora.engines.wordpress.client import WordPressClient
from agora.engines.wordpress.convert import article_from_post, article_title, comment_from_wp
from agora.engines.wordpress.models import CommentCount, WPComment, WPPost
from agora.engines.wordpress.transport import gather_first_error

#: How far before the last sync incremental reads start (clock skew between us and the site).
SLACK = dt.timedelta(minutes=15)
#: Posts whose comments are read at the same time (requests are bounded by the client).
POSTS_AT_ONCE = 8
_EPOCH = dt.datetime.min.replace(tzinfo=dt.UTC)


@dataclass(slots=True)
class _Read:
    """The comments read for one post, converted as they came."""

    comments: dict[str, ImportedComment] = field(default_factory=dict)
    authors: dict[str, int] = field(default_factory=dict)  #: user ids of registered authors
    gone: set[str] = field(default_factory=set)

    def add(self, comments: Iterable[WPComment]) -> None:
        for c in comments:
            converted = comment_from_wp(c)
            self.comments[converted.origin_id] = converted
            if c.author:
                self.authors[converted.origin_id] = c.author

    async def add_pages(self, pages: AsyncGenerator[list[WPComment], None]) -> None:
        async with contextlib.aclosing(pages):
            async for page in pages:
                self.add(page)

    def ready(self, post_author: int) -> list[ImportedComment]:
        """The comments to store, oldest first, with the post author's marked."""
        for origin, user in self.authors.items():
            self.comments[origin].is_article_author = bool(post_author) and user == post_author
        return sorted(self.comments.values(), key=lambda c: (c.created or _EPOCH, int(c.origin_id)))


def _matches(ids: set[int], count: CommentCount) -> bool:
    return len(ids) == count.total and max(ids, default=0) == count.newest_id


async def _read_changes(
    client: WordPressClient, post_id: int, known: KnownThread, synced: dt.datetime
) -> _Read:
    """What changed in a known post's comments since the last sync (see the module doc)."""
    read = _Read()
    count = await client.comment_count(post_id)
    approved = (o for o, status in known.stored.items() if status == CommentStatus.APPROVED)
    shown = {int(o) for o in approved if o.isdigit()}
    if _matches(shown, count):
        return read
    cutoff = min(synced, known.newest or synced) - SLACK
    await read.add_pages(client.comment_pages(post_id, after=cutoff))
    seen = shown | {int(origin) for origin in read.comments}
    if _matches(seen, count):
        return read
    present = await client.comment_ids(post_id)
    read.add(await client.comments_by_id(sorted(present - seen)))
    read.gone = set(known.stored) - {str(i) for i in present}
    return read


async def sync_posts(
    client: WordPressClient, state: SyncState, sink: ThreadSink, *, newest: int
) -> None:
    """Read the newest posts and every known one, with their comments, into ``sink``."""
    synced = state.synced
    known = {origin for origin in state.known() if origin.isdigit()}
    limit = asyncio.Semaphore(POSTS_AT_ONCE)

    async def read(post_id: int) -> _Read:
        origin = str(post_id)
        async with limit:
            if origin not in known:
                whole = _Read()
                await whole.add_pages(client.comment_pages(post_id))
                return whole
            thread = await asyncio.to_thread(state.thread, origin)
            if synced is not None:
                return await _read_changes(client, post_id, thread, synced)
            whole = _Read()
            await whole.add_pages(client.comment_pages(post_id))
            whole.gone = set(thread.stored) - set(whole.comments)
            return whole

    reads: dict[str, asyncio.Task[_Read]] = {}
    try:
        # Comments of the posts known already are on their way while the lists come in.
        for origin in sorted(known, key=int):
            reads[origin] = asyncio.ensure_future(read(int(origin)))
        latest, old = await gather_first_error(
            [client.posts(limit=max(0, newest)), client.posts_by_id(sorted(map(int, known)))]
        )
        wanted: dict[str, WPPost] = {str(p.id): p for p in [*latest, *old]}
        for origin, task in reads.items():
            if origin not in wanted:  # deleted or unpublished since
                task.cancel()
        for origin in wanted:
            if origin not in reads:
                reads[origin] = asyncio.ensure_future(read(int(origin)))
        names = await client.user_names({p.author for p in wanted.values()})
        sink.total(len(wanted))
        waiting = {reads[origin]: origin for origin in wanted}
        while waiting:
            finished, _ = await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
            for task in finished:
                post = wanted[waiting.pop(task)]
                got = task.result()
                article = article_from_post(post, names.get(post.author, ""))
                article.comments = got.ready(post.author)
                await sink.thread(FetchedThread(article, got.gone), article_title(post))
    finally:
        for task in reads.values():
            task.cancel()
        await asyncio.gather(*reads.values(), return_exceptions=True)
