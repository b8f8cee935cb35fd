"""A formatted text as a small, safe document model (pure dataclasses, no Textual).

Blocks: paragraphs (lines, so line breaks are kept), quotes holding blocks (nested to
:data:`MAX_DEPTH`), code blocks and lists (items ordered or not, nested by level). Inline text
is a line of :class:`Span`\\ s, each with its styles (emphasis, strong, code, strike) and its
link. Every string in it has passed the text gate: :mod:`agora.core.markdown_light` builds it
from stored (sanitized) text, and sanitizes again.

:func:`plain_text` writes a document as agora's plain text, the way
:func:`~agora.core.html_text.html_to_text` writes the HTML it came from: quotes after ``>``,
list items after their markers, a link's target in brackets after its label.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

from agora.core.text import is_web_url

#: Inline styles, combined as bits.
EM, STRONG, CODE, STRIKE = 1, 2, 4, 8
#: Quotes deeper than this are kept at this depth.
MAX_DEPTH = 16


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of text in one style. ``link`` numbers the link it belongs to (0: none)
    within its document; ``target`` is that link's address."""

    text: str
    style: int = 0
    link: int = 0
    target: str = ""


Line: TypeAlias = tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Paragraph:
    lines: tuple[Line, ...]


@dataclass(frozen=True, slots=True)
class CodeBlock:
    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ListItem:
    """One item: ``marker`` is ``-`` or a number with its dot; ``level`` 0 is the outer list.
    Its first line follows the marker; the others are its continuation."""

    level: int
    marker: str
    lines: tuple[Line, ...]

    @property
    def ordered(self) -> bool:
        return self.marker != "-"


@dataclass(frozen=True, slots=True)
class ListBlock:
    items: tuple[ListItem, ...]


@dataclass(frozen=True, slots=True)
class Quote:
    blocks: tuple[Block, ...]


Block: TypeAlias = Paragraph | CodeBlock | ListBlock | Quote


@dataclass(frozen=True, slots=True)
class Document:
    blocks: tuple[Block, ...]


def link_groups(line: Line) -> list[tuple[Span, ...]]:
    """``line``'s spans grouped: each link's spans together, every other span alone."""
    groups: list[tuple[Span, ...]] = []
    for span in line:
        if span.link and groups and groups[-1][0].link == span.link:
            groups[-1] = (*groups[-1], span)
        else:
            groups.append((span,))
    return groups


def shows_target(label: str, target: str) -> bool:
    """True when a link's target is written after its label (it is a web address other
    than the label)."""
    shown = label.strip().replace("\\", "")
    return is_web_url(target) and target.rstrip("/") != shown.rstrip("/")


def line_text(line: Line) -> str:
    """A line as plain text: a link's label, then its target in brackets."""
    out: list[str] = []
    for group in link_groups(line):
        label = "".join(span.text for span in group)
        out.append(label)
        first = group[0]
        if first.link and shows_target(label, first.target):
            out.append(f" ({first.target})")
    return "".join(out)


def _quoted(depth: int, text: str) -> str:
    if not depth:
        return text.rstrip()
    return (">" * depth + " " + text).rstrip() if text.strip() else ">" * depth


def _block_lines(block: Block, depth: int) -> list[str]:
    if isinstance(block, Quote):
        return _blocks_lines(block.blocks, depth + 1)
    if isinstance(block, CodeBlock):
        return [_quoted(depth, line) for line in block.lines]
    if isinstance(block, Paragraph):
        return [_quoted(depth, line_text(line)) for line in block.lines]
    out = []
    for item in block.items:
        first, *rest = item.lines or ((),)
        out.append(_quoted(depth, "  " * item.level + item.marker + " " + line_text(first)))
        out.extend(_quoted(depth, line_text(line)) for line in rest)
    return out


def _blocks_lines(blocks: tuple[Block, ...], depth: int) -> list[str]:
    out: list[str] = []
    for block in blocks:
        lines = _block_lines(block, depth)
        if out and lines:
            out.append(">" * depth)
        out.extend(lines)
    return out


def plain_text(document: Document) -> str:
    """The document as plain text, without Markdown's marks."""
    return "\n".join(_blocks_lines(document.blocks, 0))


def _lines_of(block: Block) -> list[Line]:
    if isinstance(block, Quote):
        return [line for inner in block.blocks for line in _lines_of(inner)]
    if isinstance(block, Paragraph):
        return list(block.lines)
    if isinstance(block, ListBlock):
        return [line for item in block.items for line in item.lines]
    return []


def links(document: Document) -> list[str]:
    """The targets of the document's links in reading order, each once: link ``n`` of the
    picker is the ``n``-th of these."""
    found: list[str] = []
    for block in document.blocks:
        for line in _lines_of(block):
            for span in line:
                if span.link and span.target not in found:
                    found.append(span.target)
    return found
