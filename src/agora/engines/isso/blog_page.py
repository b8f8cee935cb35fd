"""What a blog page says about its Isso comments, read with the standard HTML parser.

Isso's embed is ``<script data-isso="https://comments.example.org/"
src="https://comments.example.org/js/embed.min.js">`` (``data-isso`` may be missing: the
script's own folder is then the server), and the thread goes where ``id="isso-thread"`` is; its
``data-isso-id`` names the thread (the page's path otherwise) and ``data-title`` its title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from agora.core.html_text import html_to_text
from agora.core.model import BodyFormat, ImportedArticle
from agora.core.text import sanitize_line

_EMBED = re.compile(r"/js/embed(?:\.min|\.dev)?\.js(?:[?#].*)?$")
_FEEDS = ("application/rss+xml", "application/atom+xml")


@dataclass(slots=True)
class PageInfo:
    """The parts of a blog page agora needs."""

    server: str = ""  #: the Isso server's address, absolute, no trailing slash
    thread: str = ""  #: the thread's id (``data-isso-id``), "" for the page's path
    thread_title: str = ""
    title: str = ""
    site_name: str = ""
    feed: str = ""
    body_html: list[str] = field(default_factory=list)


def _is_feed(a: dict[str, str]) -> bool:
    rel = a.get("rel", "").lower().split()
    return "alternate" in rel and a.get("type", "").lower() in _FEEDS and bool(a.get("href"))


class _Reader(HTMLParser):
    def __init__(self, base: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base = base
        self.info = PageInfo()
        self._in_title = False
        self._body_tag = ""
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): v or "" for k, v in attrs}
        info = self.info
        if tag == "script" and not info.server:
            src = a.get("src", "")
            if "data-isso" in a or _EMBED.search(urlsplit(src).path or ""):
                found = a.get("data-isso") or _EMBED.sub("", urljoin(self.base, src))
                if found:
                    info.server = urljoin(self.base, found).rstrip("/")
        elif a.get("id") == "isso-thread":
            info.thread = sanitize_line(a.get("data-isso-id", ""))
            info.thread_title = sanitize_line(a.get("data-title", ""))
        elif tag == "title":
            self._in_title = True
        elif tag == "meta" and a.get("property") == "og:site_name":
            info.site_name = sanitize_line(a.get("content", ""))
        elif tag == "link" and _is_feed(a) and not info.feed:
            info.feed = urljoin(self.base, a["href"])
        if tag in ("article", "main") and not self._body_tag and not info.body_html:
            self._body_tag, self._depth = tag, 0
        if self._body_tag:
            self._depth += tag == self._body_tag
            self.info.body_html.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if self._body_tag:
            self.info.body_html.append(f"</{tag}>")
            if tag == self._body_tag:
                self._depth -= 1
                if self._depth <= 0:
                    self._body_tag = ""

    def handle_data(self, data: str) -> None:
        if self._in_title and not self.info.title:
            self.info.title = sanitize_line(data)
        if self._body_tag:
            self.info.body_html.append(escape(data, quote=False))


def read_page(html: str, url: str) -> PageInfo:
    """What the page at ``url`` says about Isso, its title, feed and text."""
    reader = _Reader(url)
    try:
        reader.feed(html[: 4 * 1024 * 1024])
        reader.close()
    except Exception:
        pass
    return reader.info


def thread_uri(info: PageInfo, url: str) -> str:
    """The thread a page shows: its ``data-isso-id``, else its path (Isso's own rule)."""
    return info.thread or (urlsplit(url).path or "/")


def page_article(info: PageInfo, url: str, uri: str) -> ImportedArticle:
    """A blog page as an article whose remote id is its thread's id."""
    title = info.thread_title or info.title or uri
    body = html_to_text("".join(info.body_html), markdown=True) if info.body_html else ""
    return ImportedArticle(
        origin_id=uri,
        title=title,
        body=body,
        body_format=BodyFormat.MARKDOWN,
        url=sanitize_line(url.partition("#")[0]),
    )
