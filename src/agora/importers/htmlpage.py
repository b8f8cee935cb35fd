"""Saved HTML pages: the article through trafilatura, plus a WordPress comment list if any."""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Callable
from pathlib import Path

import lxml.html
import trafilatura
from lxml import etree

from agora.core.html_text import html_to_text
from agora.core.model import (
    BodyFormat,
    CommentKind,
    ImportBatch,
    ImportedArticle,
    ImportedComment,
    SourceKind,
)
from agora.core.text import fold_spaces, is_web_url, sanitize, sanitize_line
from agora.importers.interface import fail
from agora.importers.savedpage import decode_text, file_source, guarded, parse_date

SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
_OTHER = frozenset({".md", ".markdown", ".txt", ".xml"})
_SNIFF = re.compile(
    r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html)", re.I | re.S
)
_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
_NO_TEXT = re.compile(r"[\s\\`*_#>―-]*")  # what html_to_text writes for rules and empty blocks
_COMMENT_ID = re.compile(r"(?:li-)?comment-(\d+)")
#: Linkback kinds, named by a comment's class (a comment without one is a plain comment).
_LINKBACKS = (CommentKind.PINGBACK, CommentKind.TRACKBACK)
_INLINE = frozenset(
    {
        "p",
        "li",
        "td",
        "th",
        "a",
        "b",
        "i",
        "em",
        "strong",
        "span",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
    }
)


def _cls(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


_LISTS = f"//*[self::ol or self::ul][{_cls('commentlist')} or {_cls('comment-list')}]"
_COMMENTS = f"//*[@id='comments' or @id='respond'] | //*[{_cls('comments-area')}] | {_LISTS}"
_NOT_BODY = f"//nav | //form | {_COMMENTS}"
_META = (
    f".//*[{_cls('comment-author')} or {_cls('comment-meta')} or {_cls('commentmetadata')}"
    f" or {_cls('comment-metadata')} or {_cls('reply')} or {_cls('children')}] | .//footer"
)

# trafilatura reports unusable pages through logging; the ImportFailed says it once.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)


def _document(text: str) -> lxml.html.HtmlElement | None:
    parser = lxml.html.HTMLParser(encoding="utf-8", no_network=True, remove_comments=True)
    try:
        return lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None


def _html(element: etree._Element) -> str:
    return lxml.html.tostring(element, encoding="unicode", with_tail=False)


def _without_comments(doc: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """A copy of ``doc`` without its comments section (its dates are not the article's)."""
    doc = copy.deepcopy(doc)
    for element in doc.xpath(_COMMENTS):
        if element.getparent() is not None:
            element.drop_tree()
    return doc


def _article_html(doc: lxml.html.HtmlElement) -> str:
    """The main text as HTML according to trafilatura, with its inline code made inline again."""
    found = trafilatura.extract(
        doc,
        output_format="html",
        include_comments=False,
        include_links=True,
        include_formatting=True,
        include_tables=True,
    )
    doc = _document(found) if found else None
    if doc is None:
        return ""
    for pre in doc.iter("pre"):
        parent = pre.getparent()
        if parent is not None and parent.tag in _INLINE:
            pre.tag = "code"  # trafilatura writes inline <code> as <pre>
    return _html(doc)


def _fallback_body(doc: lxml.html.HtmlElement) -> str:
    """The whole <body> as text, less navigation, forms and the comments."""
    bodies = doc.xpath("//body")
    body = copy.deepcopy(bodies[0] if bodies else doc)
    for element in body.xpath(_NOT_BODY):
        if element.getparent() is not None:
            element.drop_tree()
    return html_to_text(_html(body), markdown=True)


def _text(element: etree._Element) -> str:
    return sanitize_line(element.text_content())


def _faithful(lossy: str, texts: list[str]) -> str:
    """The first of ``texts`` that is ``lossy`` but for what trafilatura removes from metadata
    (every character that is not printable: ZWJ, ZWNJ, ZWSP, LRM...), else ``lossy``."""
    for text in texts:
        if not text.isprintable() and fold_spaces("".join(filter(_kept, text))) == lossy:
            return text
    return lossy


def _kept(char: str) -> bool:
    return char.isprintable() or char.isspace()


def wp_comments(doc: lxml.html.HtmlElement, page_url: str) -> list[ImportedComment]:
    """The comments of a WordPress comment list (``ol.commentlist``), threaded."""
    owners: dict[etree._Element, str] = {}  # comment <li> -> comment id, in document order
    seen: set[str] = set()
    for item in doc.xpath(f"{_LISTS}//li"):
        ids = [item.get("id", "")] + [e.get("id", "") for e in item.xpath("./*[@id]")[:1]]
        match = next((m for i in ids if (m := _COMMENT_ID.fullmatch(i))), None)
        if match and item not in owners and match[1] not in seen:
            owners[item] = match[1]
            seen.add(match[1])

    def owner(element: etree._Element) -> etree._Element | None:
        node = element.getparent()
        while node is not None and node not in owners:
            node = node.getparent()
        return node

    def own(item: etree._Element, xpath: str) -> list[etree._Element]:
        return [e for e in item.xpath(xpath) if owner(e) is item]

    comments = []
    for item in owners:
        origin = owners[item]
        parent = owner(item)
        names = own(item, f".//*[{_cls('fn')}]") or own(item, f".//*[{_cls('comment-author')}]")
        name = _text(names[0]).removesuffix("says:").strip() if names else ""
        links = [names[0], *names[0].iter("a")] if names else []
        url = next((h for a in links if is_web_url(h := sanitize_line(a.get("href")))), "")
        times = own(item, ".//time[@datetime]")
        comments.append(
            ImportedComment(
                origin_id=origin,
                parent_origin=owners[parent] if parent is not None else None,
                author_name=name or "Anonymous",
                body=_comment_body(item, own),
                created=parse_date(times[0].get("datetime")) if times else None,
                author_url=url,
                kind=next((k for k in _LINKBACKS if k in item.classes), CommentKind.COMMENT),
                is_article_author="bypostauthor" in item.classes,
                url=f"{page_url.split('#')[0]}#comment-{origin}" if page_url else "",
            )
        )
    return comments


def _comment_body(item: etree._Element, own: Callable[..., list[etree._Element]]) -> str:
    content = own(item, f".//*[{_cls('comment-content')}]")
    if content:
        return html_to_text(_html(content[0]))
    body = own(item, f".//*[{_cls('comment-body')}]")
    element = copy.deepcopy(body[0] if body else item)
    for meta in element.xpath(_META if body else _META + " | .//ol | .//ul"):
        if meta.getparent() is not None:
            meta.drop_tree()
    return html_to_text(_html(element))


def extract_body(html: str) -> str:
    """The main text of a web page as Markdown ('' when it has none)."""
    doc = _document(sanitize(html)) if html.strip() else None
    if doc is None:
        return ""
    body = html_to_text(_article_html(_without_comments(doc)), markdown=True)
    if _NO_TEXT.fullmatch(body):
        body = _fallback_body(doc)
    return "" if _NO_TEXT.fullmatch(body) else body


class HtmlImporter:
    """A saved HTML page: its article as Markdown, and its WordPress comments if present."""

    kind = "html"

    def sniff(self, path: Path, head: str) -> bool:
        """An HTML suffix, or text that opens like an HTML document."""
        suffix = path.suffix.lower()
        if suffix in SUFFIXES:
            return True
        return suffix not in _OTHER and bool(_SNIFF.match(head.removeprefix("\ufeff")))

    def parse(self, path: Path, data: bytes) -> ImportBatch:
        """Title, author, date and canonical URL from the page's metadata; body as Markdown."""
        return guarded(path, "this HTML page", lambda: self._parse(path, data))

    def _parse(self, path: Path, data: bytes) -> ImportBatch:
        declared = _CHARSET.search(data[:4096])
        text = sanitize(decode_text(path, data, declared[1].decode() if declared else None))
        doc = _document(text) if text.strip() else None
        if doc is None:
            raise fail(path, "no text to import")
        meta = trafilatura.extract_metadata(
            _without_comments(doc),
            date_config={
                "extensive_search": False,
                "original_date": True,
                "outputformat": "%Y-%m-%dT%H:%M:%S%z",
            },
        )
        url = sanitize_line(meta.url)
        url = url if is_web_url(url) else ""
        body = html_to_text(_article_html(_without_comments(doc)), markdown=True)
        if _NO_TEXT.fullmatch(body):
            body = _fallback_body(doc)
        if _NO_TEXT.fullmatch(body):
            body = ""
        comments = wp_comments(doc, url)
        if not body and not comments:
            raise fail(path, "no text to import")
        elements = doc.xpath("//title") + doc.xpath("//h1")
        titles = [t for element in elements if (t := _text(element))]
        title = _faithful(sanitize_line(meta.title), titles) or next(iter(titles), "")
        locator, name = file_source(path)
        article = ImportedArticle(
            origin_id="page",
            title=title or sanitize_line(path.stem) or name,
            body=body,
            body_format=BodyFormat.MARKDOWN,
            author=sanitize_line(meta.author),
            published=parse_date(meta.date),
            url=url,
            comments=comments,
        )
        return ImportBatch(SourceKind.FILE, locator, name, [article])
