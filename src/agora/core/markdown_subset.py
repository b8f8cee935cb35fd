"""The Markdown a comment is written in, as the small document every discussion server shows.

A comment is typed as Markdown. What reaches a server, and what the composer's preview shows,
is that Markdown reduced to :class:`Paragraph` and :class:`Quote` blocks holding text, line
breaks, strong, emphasis, code, strike and http(s) links (:class:`Span`): the markup a
WordPress commenter may use (its ``kses`` filter) and that any engine can express. Everything
else degrades readably here, once, so a server's converter and the preview cannot drift:

- a heading is a paragraph in strong;
- a list is a paragraph of lines starting with ``"• "`` (or ``"1. "``), nested items indented;
- a code block is a paragraph of code lines (leading spaces kept as no-break spaces);
- an image is its alt text linked to its address (only the alt text when the address is not
  http(s)); a link to anything but http(s) is its text alone;
- a thematic break is a line of dashes;
- raw HTML is text (never interpreted), and character references are text as typed.

Paragraphs are separated by a blank line and line breaks are ``"\\n"`` inside :attr:`Span.text`,
which is how WordPress's ``wpautop`` expects them. Text that uses no Markdown comes out as one
text span per paragraph holding the lines as typed.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from enum import StrEnum

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from agora.core.text import is_web_url

BULLET = "• "
INDENT = "\u00a0" * 3  #: before a nested list item's marker
RULE = "———"


class Mark(StrEnum):
    """What a span makes of its children (None: plain text)."""

    STRONG = "strong"
    EM = "em"
    CODE = "code"  #: holds its text itself, no children
    DEL = "del"
    LINK = "link"


@dataclass(frozen=True, slots=True)
class Span:
    """Inline text: plain (``mark`` None, the text in ``text``), code (``text``) or a mark
    around ``children``. A link's ``href`` is always an absolute http(s) address."""

    text: str = ""
    mark: Mark | None = None
    children: tuple[Span, ...] = ()
    href: str = ""
    title: str = ""


@dataclass(frozen=True, slots=True)
class Paragraph:
    spans: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Quote:
    blocks: tuple[Block, ...]


Block = Paragraph | Quote
Line = tuple[Span, ...]


@functools.cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False})
    return md.enable("strikethrough").disable("entity")


def parse(markdown: str) -> tuple[Block, ...]:
    """``markdown`` as the blocks a server and the preview show."""
    root = SyntaxTreeNode(_parser().parse(markdown))
    return _blocks(root.children)


def plain_text(spans: tuple[Span, ...]) -> str:
    """The text of spans, marks dropped."""
    return "".join(s.text if not s.children else plain_text(s.children) for s in spans)


# -- blocks ---------------------------------------------------------------------------------


def _blocks(nodes: list[SyntaxTreeNode]) -> tuple[Block, ...]:
    out: list[Block] = []
    for node in nodes:
        if node.type == "blockquote":
            inner = _blocks(node.children)
            if inner:
                out.append(Quote(inner))
            continue
        spans = _join(_lines(node, 0))
        if spans:
            out.append(Paragraph(spans))
    return tuple(out)


def _lines(node: SyntaxTreeNode, depth: int) -> list[Line]:
    """A block as lines of spans (a paragraph with breaks is one line holding ``"\\n"``)."""
    kind = node.type
    if kind == "paragraph":
        return [_inline(node.children[0].children)] if node.children else []
    if kind == "heading":
        inner = _inline(node.children[0].children) if node.children else ()
        return [(Span(mark=Mark.STRONG, children=inner),)] if inner else []
    if kind in ("bullet_list", "ordered_list"):
        return _list_lines(node, depth)
    if kind in ("code_block", "fence"):
        return [(_code_line(line),) for line in node.content.removesuffix("\n").split("\n")]
    if kind == "hr":
        return [(Span(RULE),)]
    if kind == "blockquote":  # inside a list: its lines, marked
        return [(Span("> "), *line) for child in node.children for line in _lines(child, depth)]
    return [(Span(node.content),)] if node.content else []  # nothing else is parsed


def _code_line(line: str) -> Span:
    stripped = line.lstrip(" ")
    return Span("\u00a0" * (len(line) - len(stripped)) + stripped, Mark.CODE)


def _list_lines(node: SyntaxTreeNode, depth: int) -> list[Line]:
    ordered = node.type == "ordered_list"
    number = int(str(node.attrs.get("start", 1))) if ordered else 0
    lines: list[Line] = []
    for item in node.children:
        marker = f"{number}. " if ordered else BULLET
        number += 1
        first = True
        for child in item.children:
            nested = child.type in ("bullet_list", "ordered_list")
            for line in _lines(child, depth + 1 if nested else depth):
                if nested:
                    lines.append(line)
                    continue
                lead = INDENT * depth + (marker if first else "\u00a0" * len(marker))
                lines.append((Span(lead), *line))
                first = False
        if first:  # an empty item
            lines.append((Span(INDENT * depth + marker.rstrip()),))
    return lines


def _join(lines: list[Line]) -> tuple[Span, ...]:
    spans: list[Span] = []
    for i, line in enumerate(lines):
        if i:
            spans.append(Span("\n"))
        spans.extend(line)
    return _merged(spans)


def _merged(spans: list[Span] | tuple[Span, ...]) -> tuple[Span, ...]:
    """Adjacent plain texts as one span; empty ones and empty marks dropped."""
    out: list[Span] = []
    for span in spans:
        if span.mark is None:
            if not span.text:
                continue
            if out and out[-1].mark is None:
                out[-1] = Span(out[-1].text + span.text)
                continue
        elif span.mark is not Mark.CODE and not span.children:
            continue
        out.append(span)
    return tuple(out)


# -- inline ---------------------------------------------------------------------------------

_MARKS = {"strong": Mark.STRONG, "em": Mark.EM, "s": Mark.DEL}


def _inline(nodes: list[SyntaxTreeNode]) -> tuple[Span, ...]:
    spans: list[Span] = []
    for node in nodes:
        kind = node.type
        if kind == "text":
            spans.append(Span(node.content))
        elif kind in ("softbreak", "hardbreak"):
            spans.append(Span("\n"))
        elif kind == "code_inline":
            spans.append(Span(node.content, Mark.CODE))
        elif kind in _MARKS:
            spans.append(Span(mark=_MARKS[kind], children=_inline(node.children)))
        elif kind == "link":
            spans.extend(_link(str(node.attrs.get("href", "")), node))
        elif kind == "image":
            spans.extend(_image(node))
        elif node.content:  # nothing else is parsed; text is never lost
            spans.append(Span(node.content))
    return _merged(spans)


def _link(href: str, node: SyntaxTreeNode) -> tuple[Span, ...]:
    inner = _inline(node.children)
    if not is_web_url(href):
        return inner
    title = str(node.attrs.get("title", "") or "")
    return (Span(mark=Mark.LINK, children=inner or (Span(href),), href=href, title=title),)


def _image(node: SyntaxTreeNode) -> tuple[Span, ...]:
    alt = Span(plain_text(_inline(node.children)))
    src = str(node.attrs.get("src", ""))
    if not is_web_url(src):
        return (alt,)
    title = str(node.attrs.get("title", "") or "")
    return (
        Span(mark=Mark.LINK, children=(alt if alt.text else Span(src),), href=src, title=title),
    )
