"""RSS and Atom feeds: each entry becomes an article.

When an entry carries only a summary, the full text is extracted from the linked page. When an
entry links a comments feed (WordPress's ``wfw:commentRss``), its comments fill the thread
read-only: feeds carry no parent links, so they arrive flat and cannot be answered through the
feed.
"""

from __future__ import annotations

import calendar
import contextlib
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import feedparser
import httpx

from agora import __version__
from agora.core.errors import AgoraError
from agora.core.html_text import html_to_text
from agora.core.model import (
    BodyFormat,
    DiscussionStatus,
    ImportBatch,
    ImportedArticle,
    ImportedComment,
    SourceKind,
)
from agora.core.text import is_web_url, sanitize_line, url_host, without_credentials
from agora.importers.htmlpage import extract_body
from agora.importers.network_reasons import network_reason

USER_AGENT = f"agora/{__version__} (+terminal discussion reader)"
TIMEOUT = 15.0
MAX_BYTES = 20 * 1024 * 1024
#: An entry whose text is shorter than this, or ends in an ellipsis, is only a summary.
SUMMARY_CHARS = 600

Fetch = Callable[[str], bytes]


class FeedError(AgoraError):
    """A feed could not be fetched or read."""


def shown_url(url: str) -> str:
    """``url`` fit to show: sanitized, without a user name or password."""
    return sanitize_line(without_credentials(url))


def fetch(url: str) -> bytes:
    """GET ``url`` with a timeout and a size limit; clear errors instead of tracebacks."""
    if not is_web_url(url):
        raise FeedError(f"not a web address: {shown_url(url)}")
    host = url_host(url)
    with httpx.Client(
        timeout=TIMEOUT, follow_redirects=True, headers={"User-Agent": USER_AGENT}
    ) as client:
        try:
            request = client.build_request("GET", url)
        except (httpx.InvalidURL, ValueError):  # idna's errors are ValueErrors too
            raise FeedError(f"not a web address: {shown_url(url)}") from None
        try:
            response = client.send(request, stream=True)
            try:
                return _read(response, url)
            finally:
                response.close()
        except httpx.TimeoutException:
            raise FeedError(f"{host} did not answer in time") from None
        except httpx.HTTPError as exc:
            raise FeedError(network_reason(exc, host)) from None
        except (httpx.InvalidURL, ValueError):
            raise FeedError(f"{host} redirected to something that is not a web address") from None


def _read(response: httpx.Response, url: str) -> bytes:
    if response.status_code >= 400:
        raise FeedError(f"{url_host(url)} answered {response.status_code} for {shown_url(url)}")
    data = bytearray()
    for chunk in response.iter_bytes():
        data += chunk
        if len(data) > MAX_BYTES:
            raise FeedError(f"{shown_url(url)} is larger than {MAX_BYTES // 1_048_576} MB")
    return bytes(data)


def _when(entry: Any, *names: str) -> datetime | None:
    for name in names:
        value = entry.get(name)
        if value:
            return datetime.fromtimestamp(calendar.timegm(value), UTC)
    return None


def _line(item: Any, key: str) -> str:
    """A one-line text field of a feed or an entry (a title): its words, also when the feed
    marks it as HTML (Atom's ``type="html"``), never its tags."""
    value = item.get(key, "")
    if "html" in (item.get(f"{key}_detail") or {}).get("type", ""):
        value = html_to_text(value)
    return sanitize_line(value)


def _entry_html(entry: Any) -> str:
    contents = entry.get("content") or []
    html = max((c.get("value", "") for c in contents), key=len, default="")
    return html or entry.get("summary", "")


def is_summary(text: str) -> bool:
    stripped = text.rstrip()
    return len(stripped) < SUMMARY_CHARS or stripped.endswith(("…", "[…]", "[...]", "..."))


def parse_feed(url: str, data: bytes) -> feedparser.FeedParserDict:
    """Parse feed bytes; a document with no entries and no feed title is not a feed."""
    parsed = feedparser.parse(data)
    if not parsed.entries and not parsed.feed.get("title"):
        reason = parsed.get("bozo_exception")
        detail = f": {sanitize_line(str(reason))[:120]}" if reason else ""
        raise FeedError(f"{shown_url(url)} is not an RSS or Atom feed{detail}")
    return parsed


def comments_from_feed(data: bytes) -> list[ImportedComment]:
    """A comments feed's items as flat comments, oldest first."""
    parsed = feedparser.parse(data)
    out = []
    for item in parsed.entries:
        origin = sanitize_line(item.get("id") or item.get("link") or "")
        if not origin:
            continue
        author = sanitize_line(item.get("author", "")) or _line(item, "title")
        link = sanitize_line(item.get("link", ""))
        out.append(
            ImportedComment(
                origin_id=origin,
                parent_origin=None,
                author_name=author.removeprefix("By: ").removeprefix("Comment on "),
                body=html_to_text(_entry_html(item)),
                created=_when(item, "published_parsed", "updated_parsed"),
                url=link if is_web_url(link) else "",
            )
        )
    out.sort(key=lambda c: (c.created or datetime.min.replace(tzinfo=UTC), c.origin_id))
    return out


def feed_batch(
    url: str, fetcher: Fetch = fetch, *, full_text: bool = True, comments: bool = True
) -> ImportBatch:
    """Fetch the feed at ``url`` and turn its entries into articles."""
    parsed = parse_feed(url, fetcher(url))
    name = _line(parsed.feed, "title") or url_host(url)
    articles: list[ImportedArticle] = []
    for entry in parsed.entries:
        link = sanitize_line(entry.get("link", ""))
        link = link if is_web_url(link) else ""
        origin = sanitize_line(entry.get("id") or link or entry.get("title", ""))
        if not origin:
            continue
        body = html_to_text(_entry_html(entry), markdown=True)
        if full_text and link and is_summary(body):
            # A page that cannot be fetched keeps the summary: the entry is never lost.
            with contextlib.suppress(FeedError):
                body = extract_body(fetcher(link).decode("utf-8", errors="replace")) or body
        thread: list[ImportedComment] = []
        comment_feed = sanitize_line(entry.get("wfw_commentrss", ""))
        if comments and is_web_url(comment_feed):
            try:
                thread = comments_from_feed(fetcher(comment_feed))
            except FeedError:
                thread = []
        articles.append(
            ImportedArticle(
                origin_id=origin,
                title=_line(entry, "title") or "(no title)",
                body=body,
                body_format=BodyFormat.MARKDOWN,
                author=sanitize_line(entry.get("author", "")),
                published=_when(entry, "published_parsed", "updated_parsed"),
                url=link,
                comment_status=DiscussionStatus.READONLY,
                comments=thread,
            )
        )
    return ImportBatch(SourceKind.FEED, url, name, articles)
