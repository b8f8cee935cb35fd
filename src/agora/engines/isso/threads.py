"""Reading an Isso site's threads for :meth:`sync`.

The articles are the blog's newest feed entries (when the site has a feed) and every page the
user follows (the known articles). Each thread is one request, ``GET /?uri=``, which returns
the whole thread with its votes. Isso's ``after=`` parameter would return only the comments
*created* since a time: it misses edits, votes, late approvals and deletions, so a thread
read that way would drift from the server's; reading each followed thread whole keeps it
exact at the same number of requests, and the store writes only the rows that changed.
Comments the server no longer shows are named gone (only ones stored before the read began).
Threads are read concurrently, and each goes to the sink as soon as it is in.
"""

from __future__ import annotations

import asyncio
import datetime as dt

from agora.core.model import BodyFormat, ImportedArticle
from agora.engines.base import EngineError, SiteAddress
from agora.engines.isso.finding import FEED, blog_page, feed_articles, page_url
from agora.engines.isso.isso_http import IssoClient
from agora.engines.isso.isso_json import comment_from_isso
from agora.engines.sync_contract import FetchedThread, SyncState, ThreadSink

#: Threads read at the same time (the client bounds its requests too).
THREADS_AT_ONCE = 8
_EPOCH = dt.datetime.min.replace(tzinfo=dt.UTC)


async def _latest(client: IssoClient, site: SiteAddress, newest: int) -> dict[str, ImportedArticle]:
    """The blog's newest feed entries, by thread."""
    feed = site.options.get(FEED, "")
    if not feed or newest <= 0:
        return {}
    response = await client.send("GET", feed, follow=True)
    if response.status_code >= 500:
        raise EngineError(
            f"the blog's feed answered {response.status_code} ({feed})", transient=True
        )
    if response.status_code >= 400:
        return {}  # a page links a feed the blog does not have: the followed pages still sync
    found: dict[str, ImportedArticle] = {}
    for article in feed_articles(response.content, newest):
        found.setdefault(article.origin_id, article)
    return found


async def _article(client: IssoClient, site: SiteAddress, uri: str) -> ImportedArticle:
    """A followed page as an article: read from the blog when the site knows it."""
    url = page_url(site, uri)
    if url:
        try:
            return await blog_page(client, url, uri)
        except EngineError as exc:
            if exc.transient:
                raise
    return ImportedArticle(uri, uri, "", BodyFormat.TEXT, url=url)


async def sync_threads(
    client: IssoClient, site: SiteAddress, state: SyncState, sink: ThreadSink, *, newest: int
) -> None:
    known = set(state.known())
    latest = await _latest(client, site, newest)
    wanted = [*latest, *sorted(known - set(latest))]
    limit = asyncio.Semaphore(THREADS_AT_ONCE)

    async def read(uri: str) -> FetchedThread:
        async with limit:
            stored = await asyncio.to_thread(state.thread, uri) if uri in known else None
            items, article = await asyncio.gather(
                client.thread(uri),
                asyncio.sleep(0, latest[uri]) if uri in latest else _article(client, site, uri),
            )
        page = article.url or page_url(site, uri)
        comments = [comment_from_isso(item, page) for item in items]
        comments.sort(key=lambda c: (c.created or _EPOCH, int(c.origin_id or 0)))
        article.comments = comments
        gone = set(stored.stored) - {c.origin_id for c in comments} if stored else set()
        return FetchedThread(article, gone)

    sink.total(len(wanted))
    tasks = [asyncio.ensure_future(read(uri)) for uri in wanted]
    try:
        for finished in asyncio.as_completed(tasks):
            fetched = await finished
            await sink.thread(fetched, fetched.article.title)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
