"""Finding an Isso server, and the blog articles whose threads it keeps.

Two ways in:

- a blog page that embeds Isso (``<script data-isso=… src=…/js/embed.min.js>``): the site is
  the blog (its front page is the key of its accounts and secrets), the page becomes a followed
  article (its thread is ``data-isso-id`` or its path), and the blog's feed, when the page
  links one, brings the newest articles at each sync;
- the Isso server's own address, with the page to follow as ``?uri=``: a path
  (``https://comments.example.org/?uri=/posts/hello/``) or the page's full address
  (``?uri=https://blog.example.org/posts/hello/``, which makes the blog the site as above).

Anything else is not an Isso site, so an engine tried after this one gets its turn.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit, urlunsplit

import feedparser

from agora.core.html_text import html_to_text
from agora.core.model import BodyFormat, ImportedArticle
from agora.core.text import sanitize_line, url_host
from agora.engines.base import RECOGNISED, Discovered, EngineError, SiteAddress
from agora.engines.isso.blog_page import page_article, read_page, thread_uri
from agora.engines.isso.isso_http import IssoClient
from agora.engines.isso.isso_json import timestamp

BLOG, FEED = "blog", "feed"
KIND = "isso"


def origin(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "", "", ""))


def page_url(site: SiteAddress, uri: str) -> str:
    """The blog page of thread ``uri``, when the site knows its blog ("" otherwise)."""
    blog = site.options.get(BLOG, "")
    return blog + uri if blog and uri.startswith("/") else ""


async def _is_isso(client: IssoClient) -> bool:
    try:
        await client.config()
    except EngineError as exc:
        if exc.transient and exc.status is None:
            raise
        return False
    return True


async def blog_page(client: IssoClient, url: str, uri: str | None = None) -> ImportedArticle:
    """The article a blog page is, its thread named by the page (or by ``uri``)."""
    final, html = await client.page(url)
    info = read_page(html, final)
    return page_article(info, final, uri or thread_uri(info, final))


async def discover(url: str, timeout: float = 15.0) -> Discovered:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    root = urlunsplit((parts.scheme, parts.netloc, parts.path, "", "")).rstrip("/")
    if "uri" in query:
        return await _from_server(root, sanitize_line(query["uri"]), timeout)
    page = IssoClient(root, timeout=timeout)
    try:
        final, html = await page.page(url)
    except EngineError as exc:
        if exc.transient:
            raise
        final, html = url, ""
    finally:
        await page.aclose()
    info = read_page(html, final)
    if not info.server:
        if await _probe(root, timeout):
            raise EngineError(
                f"{url_host(url)} is an Isso server: add a page of it as "
                f"{root}/?uri=/path/of/the/page/ (or add the blog page itself)",
                code=RECOGNISED,
            )
        raise EngineError(f"{url_host(url)} shows no Isso comments")
    client = IssoClient(info.server, timeout=timeout)
    try:
        if not await _is_isso(client):
            raise EngineError(
                f"{url_host(info.server)}, which the page embeds, does not answer as Isso",
                code=RECOGNISED,
            )
    finally:
        await client.aclose()
    home = origin(final)
    options = {BLOG: home, FEED: info.feed} if info.feed else {BLOG: home}
    name = info.site_name or url_host(home)
    site = SiteAddress(KIND, home, info.server, name, options)
    return Discovered(site, page_article(info, final, thread_uri(info, final)))


async def _probe(root: str, timeout: float) -> bool:
    client = IssoClient(root, timeout=timeout)
    try:
        return await _is_isso(client)
    finally:
        await client.aclose()


async def _from_server(root: str, uri: str, timeout: float) -> Discovered:
    """The server at ``root`` and the page ``uri`` names (a path, or the page's address)."""
    client = IssoClient(root, timeout=timeout)
    try:
        if not await _is_isso(client):
            raise EngineError(f"{url_host(root)} is not an Isso server")
        if uri.startswith(("http://", "https://")):
            article = await blog_page(client, uri)
            home = origin(uri)
            site = SiteAddress(KIND, home, root, url_host(home), {BLOG: home})
            return Discovered(site, article)
    finally:
        await client.aclose()
    if not uri.startswith("/"):
        raise EngineError(
            "give the page as ?uri=/its/path/ or ?uri=https://blog/its/path/", code=RECOGNISED
        )
    site = SiteAddress(KIND, root, root, url_host(root), {})
    return Discovered(site, ImportedArticle(uri, uri, "", BodyFormat.TEXT))


def feed_articles(data: bytes, newest: int) -> list[ImportedArticle]:
    """The newest entries of a blog's feed as articles (their thread: the link's path)."""
    parsed = feedparser.parse(data)
    out: list[ImportedArticle] = []
    for entry in parsed.entries:
        link = sanitize_line(entry.get("link", ""))
        if not link.startswith(("http://", "https://")):
            continue
        contents = entry.get("content") or []
        html = max((c.get("value", "") for c in contents), key=len, default="")
        published = entry.get("published_parsed") or entry.get("updated_parsed")
        out.append(
            ImportedArticle(
                origin_id=urlsplit(link).path or "/",
                title=sanitize_line(html_to_text(entry.get("title", ""))) or link,
                body=html_to_text(html or entry.get("summary", ""), markdown=True),
                body_format=BodyFormat.MARKDOWN,
                author=sanitize_line(entry.get("author", "")),
                published=timestamp(_epoch(published)),
                url=link,
            )
        )
    return out[: max(0, newest)]


def _epoch(value: object) -> float | None:
    import calendar

    try:
        return float(calendar.timegm(value))  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return None
