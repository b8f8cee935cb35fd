"""WordPress export files (WXR): published posts and pages with their approved comments.

Kept: items of type ``post`` or ``page`` whose status is ``publish`` or ``private`` (a private
post is one the exporting site's owner could read; drafts, scheduled, pending and trashed items
are not articles yet, or any more). Password-protected items keep their title but neither their
text nor their comments. Only approved comments (``wp:comment_approved`` of 1) are imported;
a reply whose parent was not imported becomes a top-level comment.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from lxml import etree

from agora.core.bulk import no_cycle_collection
from agora.core.html_text import html_to_text
from agora.core.model import (
    BodyFormat,
    CommentKind,
    DiscussionStatus,
    ImportBatch,
    ImportedArticle,
    ImportedComment,
    SourceKind,
)
from agora.core.text import (
    is_web_url,
    sanitize,
    sanitize_line,
)
from agora.importers.interface import fail
from agora.importers.savedpage import decode_text, file_source, guarded, parse_date
from agora.importers.wxr_content import comment_body, wpautop

POST_TYPES = frozenset({"post", "page"})
STATUSES = frozenset({"publish", "private"})
PASSWORD_NOTICE = "This content is password protected."
UNTITLED = "(no title)"
#: ``wp:comment_type`` values kept as kinds; any other is a plain comment.
_KINDS = {"pingback": CommentKind.PINGBACK, "trackback": CommentKind.TRACKBACK}

_OTHER = frozenset({".md", ".markdown", ".html", ".htm", ".txt"})
_DECLARED = re.compile(rb"<\?xml[^>]*encoding=[\"']([A-Za-z0-9_.:-]+)")
_DECLARATION = re.compile(r"\s*<\?xml[^>]*\?>")
_NOT_XML = re.compile("[\ufffe\uffff]")
_WP_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}")


def _prefix(namespace: str | None) -> str:
    if not namespace:
        return ""
    if "wordpress.org/export" in namespace:
        return "excerpt:" if "excerpt" in namespace else "wp:"
    if "purl.org/rss/1.0/modules/content" in namespace:
        return "content:"
    return "dc:" if "purl.org/dc/elements" in namespace else "other:"


def _tag_key(tag: str) -> str:
    name = etree.QName(tag)
    return _prefix(name.namespace) + name.localname


class _TagKeys(dict[object, str]):
    """Prefixed names (``wp:post_id``) by tag, each worked out once (for the first 1,024 tags);
    "" for XML comments and processing instructions."""

    def __missing__(self, tag: object) -> str:
        key = _tag_key(tag) if isinstance(tag, str) else ""
        if len(self) < 1024:
            self[tag] = key
        return key


_KEYS = _TagKeys()


def _fields(element: etree._Element) -> dict[str, str]:
    """The text of each childless child of ``element`` by prefixed name (``wp:post_id``); the
    first one of a name wins."""
    out: dict[str, str] = {}
    keys = _KEYS
    for child in element:
        key = keys[child.tag]
        if key and key not in out and not len(child):
            out[key] = child.text or ""
    return out


def _item_fields(item: etree._Element) -> tuple[dict[str, str], list[etree._Element]]:
    """An item's fields, as :func:`_fields` reads them, and its ``wp:comment`` elements.

    The comments are not looked into here (``len`` would walk their nodes): their nodes are
    fetched from memory once, when their fields are read, instead of twice.
    """
    out: dict[str, str] = {}
    comments: list[etree._Element] = []
    keys = _KEYS
    for child in item:
        key = keys[child.tag]
        if key == "wp:comment":
            comments.append(child)
        elif key and key not in out and not len(child):
            out[key] = child.text or ""
    return out, comments


def wp_date(gmt: str | None, local: str | None) -> datetime | None:
    """A WordPress date, GMT first; the local one (taken as UTC) when GMT is all zeros."""
    for raw in (gmt, local):
        # The usual form has nothing sanitize_line would change.
        usual = bool(raw and _WP_DATE.fullmatch(raw))
        value = raw if usual else sanitize_line(raw)
        if not value or value.startswith("0000-00-00"):
            continue
        try:
            if usual or _WP_DATE.fullmatch(value):  # fromisoformat is fast, replace() is not
                return datetime.fromisoformat(value + "+00:00")
            return datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
        except ValueError:
            parsed = parse_date(value)
            if parsed:
                return parsed
    return None


def _xml(data: bytes, encoding: str | None = None) -> etree._Element:
    """``data`` parsed strictly, less the white space libxml2 finds ignorable: a third fewer
    nodes to build, walk and free. That is white space between elements and before a CDATA
    section that opens an element's text, and no field is read with either (each ignores the
    white space it starts with). A document type declaration could make libxml2 drop more:
    such a document is parsed again, keeping it all."""
    options = {"resolve_entities": False, "no_network": True, "huge_tree": True}
    root = etree.fromstring(
        data, etree.XMLParser(encoding=encoding, remove_blank_text=True, **options)
    )
    if root.getroottree().docinfo.internalDTD is None:
        return root
    return etree.fromstring(data, etree.XMLParser(encoding=encoding, **options))


def _parse_xml(path: Path, data: bytes) -> etree._Element:
    try:
        return _xml(data)
    except etree.XMLSyntaxError as exc:
        error = exc
    # Real exports often hold characters XML forbids: drop them and try once more, strictly.
    # (No recover mode: it would quietly import what is left of a truncated file.)
    declared = _DECLARED.search(data[:200])
    text = decode_text(path, data, declared[1].decode() if declared else None)
    text = _NOT_XML.sub("", sanitize(_DECLARATION.sub("", text, count=1)))
    try:
        return _xml(text.encode("utf-8"), "utf-8")
    except etree.XMLSyntaxError:
        reason = getattr(error, "msg", "") or str(error)
        raise fail(path, f"not a valid WordPress export: {reason}") from None


def _comments(
    elements: list[etree._Element], url: str, author: tuple[str, str]
) -> list[ImportedComment]:
    """The approved ones of an item's ``wp:comment`` elements, threaded."""
    author_id, author_email = author
    out: list[ImportedComment] = []
    seen: set[str] = set()
    for element in elements:
        f = _fields(element)
        cid = sanitize_line(f.get("wp:comment_id"))
        if sanitize_line(f.get("wp:comment_approved")) != "1" or not cid or cid in seen:
            continue
        seen.add(cid)
        kind = sanitize_line(f.get("wp:comment_type")).lower()
        email = sanitize_line(f.get("wp:comment_author_email"))
        user = sanitize_line(f.get("wp:comment_user_id"))
        site = sanitize_line(html.unescape(f.get("wp:comment_author_url", "")))
        body, body_format = comment_body(f.get("wp:comment_content"))
        out.append(
            ImportedComment(
                origin_id=cid,
                parent_origin=sanitize_line(f.get("wp:comment_parent")) or None,
                author_name=sanitize_line(html.unescape(f.get("wp:comment_author", "")))
                or "Anonymous",
                body=body,
                body_format=body_format,
                created=wp_date(f.get("wp:comment_date_gmt"), f.get("wp:comment_date")),
                author_url=site if site and is_web_url(site) else "",
                author_email=email,
                kind=_KINDS.get(kind, CommentKind.COMMENT),
                is_article_author=(user not in ("", "0") and user == author_id)
                or (bool(email) and email.lower() == author_email),
                url=f"{url}#comment-{cid}" if url else "",
            )
        )
    for comment in out:  # "0" means top level; an unknown parent makes it top level too
        if comment.parent_origin not in seen or comment.parent_origin == comment.origin_id:
            comment.parent_origin = None
    return out


def _host(url: str) -> str:
    try:
        return sanitize_line(urlsplit(url).hostname or "")
    except ValueError:
        return ""


def _login(value: str | None) -> str:
    return sanitize_line(value).strip("<> ")


class WxrImporter:
    """A WordPress export (WXR) file."""

    kind = "wxr"

    def sniff(self, path: Path, head: str) -> bool:
        """An RSS document in the WordPress export namespace."""
        if path.suffix.lower() in _OTHER:
            return False
        return "<rss" in head and "wordpress.org/export" in head

    def parse(self, path: Path, data: bytes) -> ImportBatch:
        """Every published post and page, with its approved comments, threaded."""
        with no_cycle_collection():
            return guarded(path, "this WordPress export", lambda: self._parse(path, data))

    def _parse(self, path: Path, data: bytes) -> ImportBatch:
        root = _parse_xml(path, data)
        channel = root.find("channel")
        if channel is None:
            raise fail(path, "not a valid WordPress export: it has no <channel>")
        meta = _fields(channel)
        authors: dict[str, tuple[str, str, str]] = {}  # login -> display name, id, email
        for element in channel:
            if _KEYS[element.tag] == "wp:author":
                f = _fields(element)
                login = _login(f.get("wp:author_login"))
                name = sanitize_line(html.unescape(f.get("wp:author_display_name", "")))
                email = sanitize_line(f.get("wp:author_email")).lower()
                author_id = sanitize_line(f.get("wp:author_id"))
                authors.setdefault(login, (name or login, author_id, email))
        articles: list[ImportedArticle] = []
        seen: set[str] = set()
        for item in channel.iter("item"):
            f, comments = _item_fields(item)
            origin = sanitize_line(f.get("wp:post_id")) or sanitize_line(f.get("guid"))
            if (
                f.get("wp:post_type", "post").strip() not in POST_TYPES
                or f.get("wp:status", "publish").strip() not in STATUSES
                or not origin
                or origin in seen
            ):
                continue
            seen.add(origin)
            login = _login(f.get("dc:creator"))
            name, author_id, email = authors.get(login, (login, "", ""))
            link = sanitize_line(f.get("link"))
            url = link if is_web_url(link) else ""
            locked = bool(f.get("wp:post_password", "").strip())
            comments_open = sanitize_line(f.get("wp:comment_status")).lower() == "open"
            articles.append(
                ImportedArticle(
                    origin_id=origin,
                    title=sanitize_line(html_to_text(f.get("title"))) or UNTITLED,
                    body=PASSWORD_NOTICE
                    if locked
                    else html_to_text(wpautop(f.get("content:encoded")), markdown=True),
                    body_format=BodyFormat.MARKDOWN,
                    author=name,
                    published=wp_date(f.get("wp:post_date_gmt"), f.get("wp:post_date")),
                    url=url,
                    comment_status=DiscussionStatus.OPEN
                    if not locked and comments_open
                    else DiscussionStatus.CLOSED,
                    comments=[] if locked else _comments(comments, url, (author_id, email)),
                )
            )
        site = sanitize_line(meta.get("link")) or sanitize_line(meta.get("wp:base_blog_url"))
        locator = site if is_web_url(site) else file_source(path)[0]
        name = sanitize_line(html.unescape(meta.get("title", "")))
        name = name or _host(site) or file_source(path)[1]
        return ImportBatch(SourceKind.WXR, locator, name, articles)
