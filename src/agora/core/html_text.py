"""Remote HTML to the store's inert text (or light Markdown), through the text gate.

:func:`html_to_text` keeps paragraphs, quotes, lists and the real targets of links, and passes
what it writes through :func:`~agora.core.text.sanitize`. It lives apart from the gate so
that what only sanitizes (the app starting up, the composer) does not import ``html.parser``.

The walking is :class:`~agora.core.html_converter.HtmlConverter`'s. Here are the shortcuts
around html.parser: plain, well-formed HTML is fed to the converter by one regular expression,
and :func:`inline_line` writes a line of such HTML without the converter at all.
"""

from __future__ import annotations

import re
from html import unescape
from typing import Any

from agora.core.html_converter import BLOCK_TAGS, END_TAGS, START_TAGS, HtmlConverter
from agora.core.model import BodyFormat
from agora.core.text import (
    collapse_spaces,
    fold_spaces,
    is_web_url,
    sanitize,
    sanitize_line,
    tidy_paragraphs,
)

# Tags that are read the same way wherever they appear: not script, style, title, textarea
# and the like, after which html.parser reads text differently.
_SIMPLE_TAGS = frozenset(
    BLOCK_TAGS
    | {
        "a",
        "abbr",
        "b",
        "big",
        "br",
        "cite",
        "code",
        "del",
        "dfn",
        "em",
        "i",
        "img",
        "ins",
        "kbd",
        "mark",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strike",
        "strong",
        "sub",
        "sup",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tt",
        "u",
        "var",
    }
)
_SEP = r"[ \t\n\r\f]"  # what html.parser takes as the end of a tag's name
_SIMPLE_ATTRS = re.compile(rf"([a-zA-Z][-a-zA-Z0-9_:.]*)(?:{_SEP}*={_SEP}*(\"[^\"<>]*\"))?")
# Four groups: start tag name, its attributes, "/" for <x/>, end tag name.
_SIMPLE_TAG = re.compile(
    rf"<(?:([a-zA-Z][a-zA-Z0-9]*)"
    rf"((?:{_SEP}+[a-zA-Z][-a-zA-Z0-9_:.]*(?:{_SEP}*={_SEP}*\"[^\"<>]*\")?)*){_SEP}*(/?)"
    rf"|/([a-zA-Z][a-zA-Z0-9]*){_SEP}*)>"
)


def _feed_simple(converter: HtmlConverter, html: str) -> bool:
    """Feed ``html`` to a new ``converter`` as html.parser would, when every ``<`` in it opens
    a plain, well-formed tag (double-quoted attributes, a name from :data:`_SIMPLE_TAGS`).

    For such input html.parser hands over exactly these events: the text between two tags
    unescaped, in one piece; names in lower case; attribute values unescaped (None when
    absent); ``<x/>`` as a start and an end. One regular expression finds them several times
    faster. Returns False for any other input, and the converter must then be thrown away.
    """
    parts = _SIMPLE_TAG.split(html)
    if len(parts) != 5 * html.count("<") + 1:
        return False  # a "<" that is not a plain tag
    data, start, end = converter.handle_data, converter.handle_starttag, converter.handle_endtag
    for i in range(0, len(parts) - 1, 5):
        text, name, attrs, empty, close = parts[i : i + 5]
        if text:
            data(unescape(text))
        tag = (close or name).lower()
        if tag not in _SIMPLE_TAGS:
            return False
        if close:
            end(tag)
            continue
        start(
            tag,
            [
                (key.lower(), unescape(value[1:-1]) if value else None)
                for key, value in _SIMPLE_ATTRS.findall(attrs)
            ]
            if attrs
            else [],
        )
        if empty:
            end(tag)
    if parts[-1]:
        data(unescape(parts[-1]))
    return True


#: Tags the converter passes over: only the text inside them counts.
INERT_TAGS = _SIMPLE_TAGS - START_TAGS - END_TAGS


def inline_line(line: str, inert: frozenset[str] = INERT_TAGS) -> str | None:
    """One line of HTML as the converter (in plain text) writes it, less the white space at
    its end (which :func:`tidy_paragraphs` drops), when the line's only tags are plain ones
    from ``inert`` (lower-case names, not ``a``) and whole links (``<a ...>`` and its ``</a>``
    on the line, not nested); None for any other line.

    The converter writes each piece of text between two tags unescaped, its white space
    collapsed, less the space it starts with at the start of the line or after a space; and
    after a link's label, the link's target in brackets when that is a web address other than
    the label. Here that is done without the converter's machinery, several times faster.
    """
    parts = _SIMPLE_TAG.split(line)
    pieces = parts[::5]
    text = "".join(pieces)
    if "<" in text:
        return None  # a "<" that is not a plain tag (a plain tag holds no other "<")
    names = {*parts[1::5], *parts[4::5]}  # start and end tags' names, and None
    names.discard(None)
    if not names <= inert:
        tags = {name.lower() for name in names}
        if "a" in tags:
            return _linked_line(parts, inert)
        if not tags <= inert:
            return None
    # Without links, the pieces written make the line's text with every run of white space
    # (across tags too) collapsed, and none at the start. Each piece is unescaped on its own:
    # an entity cannot run across a tag.
    return fold_spaces("".join(map(unescape, pieces)) if "&" in text else text)


def _linked_line(parts: list[Any], inert: frozenset[str]) -> str | None:
    """:func:`inline_line` for a line with links, split by :data:`_SIMPLE_TAG` (its groups
    None where they took no part)."""
    out: list[str] = []
    label: list[str] | None = None  # the text written inside the open link
    href = ""
    last = len(parts) - 1
    for i in range(0, len(parts), 5):
        if text := parts[i]:
            data = collapse_spaces(unescape(text) if "&" in text else text)
            if not out or out[-1][-1] == " ":
                data = data.lstrip()
            if data:
                out.append(data)
                if label is not None:
                    label.append(data)
        if i == last:
            break
        name, attrs, empty, close = parts[i + 1 : i + 5]
        tag = (close or name).lower()
        if tag != "a":
            if tag not in inert:
                return None
            continue
        if not close:
            if label is not None:
                return None  # a link inside a link
            label = []
            href = ""
            for key, value in _SIMPLE_ATTRS.findall(attrs):
                if key.lower() == "href":
                    href = unescape(value[1:-1]) if value else ""
            if not empty:
                continue
        if label is not None:
            shown = "".join(label).strip().replace("\\", "")
            target = sanitize_line(href)
            if is_web_url(target) and target.rstrip("/") != shown.rstrip("/"):
                out.append(f" ({target})")
            label = None
    return None if label is not None else "".join(out).rstrip()


#: Tags whose formatting a comment keeps: with any of them it is stored as light Markdown.
FORMATTED = re.compile(
    r"<(?:blockquote|em|i|strong|b|code|kbd|samp|tt|pre|ul|ol|a|del|s|strike|h[1-6])[\s/>]",
    re.IGNORECASE,
)


def comment_body(html: str | None) -> tuple[str, BodyFormat]:
    """A comment's HTML as it is stored: light Markdown when it is formatted, else plain
    text (a comment of paragraphs alone shows the same either way)."""
    if html and FORMATTED.search(html):
        return html_to_text(html, markdown=True), BodyFormat.MARKDOWN
    return html_to_text(html), BodyFormat.TEXT


def html_to_text(html: str | None, *, markdown: bool = False) -> str:
    """Turn untrusted HTML into sanitized text (or light Markdown when ``markdown``)."""
    if not html:
        return ""
    if not _feed_simple(converter := HtmlConverter(markdown), html):
        converter = HtmlConverter(markdown)
        try:
            converter.feed(html)
            converter.close()
        except (AssertionError, ValueError):  # pragma: no cover - html.parser is forgiving
            pass
    return tidy_paragraphs(sanitize(converter.text().replace("\u00a0", " ")))
