"""One block of an article's Markdown as the safe document model (pure, no Textual).

An article is Markdown as people write it, more than the light Markdown of comments. The
parts light Markdown does not know are read here (headings of six levels, setext headings,
rules, tables, images, ``*`` and ``+`` bullets, ``<https://...>`` links, indented code);
everything else goes through :func:`agora.core.markdown_light.parse`, which sanitizes the
text and builds paragraphs, quotes, lists, code and inline styles and links.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypeAlias

from agora.core.document import (
    STRONG,
    Block,
    CodeBlock,
    Document,
    Line,
    ListBlock,
    ListItem,
    Paragraph,
    Quote,
    Span,
    line_text,
)
from agora.core.document import links as document_links
from agora.core.document import plain_text as document_plain_text
from agora.core.markdown_light import inline, parse
from agora.core.text import sanitize


@dataclass(frozen=True, slots=True)
class Heading:
    level: int  # 1 to 6
    line: Line


@dataclass(frozen=True, slots=True)
class Rule:
    pass


@dataclass(frozen=True, slots=True)
class Table:
    """A table's rows of cells; the first row is its header."""

    rows: tuple[tuple[Line, ...], ...]


Part: TypeAlias = Block | Heading | Rule | Table

_ATX = re.compile(r" {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r" {0,3}(=+|-+)[ \t]*$")
_RULE = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_TABLE_RULE = re.compile(r"[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_BULLET = re.compile(r"^( *)[*+](?= )", re.MULTILINE)
_IMAGE = re.compile(r"!\[([^\]\n]*)\]\(")
_AUTOLINK = re.compile(r"<(https?://[^\s<>]+)>")
_INDENTED = re.compile(r"(?: {4}|\t)")
_CELL = re.compile(r"(?<!\\)\|")


def parse_block(source: str, code: bool = False) -> tuple[Part, ...]:
    """The parts of one block of an article (``code``: the lines inside a code fence)."""
    source = sanitize(source)
    if code:
        return (CodeBlock(tuple(line.expandtabs(4) for line in source.split("\n"))),)
    lines = source.split("\n")
    if all(not line.strip() or _INDENTED.match(line) for line in lines):
        return (CodeBlock(tuple(_dedent(line).expandtabs(4) for line in lines)),)
    parts: list[Part] = []
    pending: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if pending and (match := _SETEXT.match(line)) and not pending[-1].startswith((">", " ")):
            title = pending.pop()  # a setext heading: the line above its underline
            _flush(pending, parts)
            parts.append(Heading(1 if match.group(1)[0] == "=" else 2, _inline(title)))
            i += 1
            continue
        special, used = _special(lines, i)
        if special is None:
            pending.append(line)
            i += 1
            continue
        _flush(pending, parts)
        parts.append(special)
        i += used
    _flush(pending, parts)
    return tuple(parts)


def _dedent(line: str) -> str:
    return line[1:] if line.startswith("\t") else line[4:]


def _special(lines: list[str], i: int) -> tuple[Part | None, int]:
    """The heading, rule or table at line ``i`` and how many lines it takes."""
    line = lines[i]
    if line.lstrip().startswith("#") and (match := _ATX.match(line)):
        return Heading(len(match.group(1)), _inline(match.group(2) or "")), 1
    if _RULE.match(line):
        return Rule(), 1
    if "|" in line and i + 1 < len(lines) and _TABLE_RULE.match(lines[i + 1]):
        j = i + 2
        while j < len(lines) and "|" in lines[j] and lines[j].strip():
            j += 1
        rows = [lines[i], *lines[i + 2 : j]]
        return Table(tuple(_cells(row) for row in rows)), j - i
    return None, 0


def _cells(row: str) -> tuple[Line, ...]:
    row = row.strip()
    if row.startswith("|"):
        row = row[1:]
    if row.endswith("|") and not row.endswith("\\|"):
        row = row[:-1]
    return tuple(_inline(cell.strip().replace("\\|", "|")) for cell in _CELL.split(row))


def _markdown(text: str) -> str:
    """Article Markdown in light Markdown's terms: images as links (their alt text), ``*``
    and ``+`` bullets as ``-``, ``<https://...>`` as a link."""
    if "![" in text:
        text = _IMAGE.sub(lambda m: f"[image: {m.group(1)}](" if m.group(1) else "[image](", text)
    if "<http" in text:
        text = _AUTOLINK.sub(r"[\1](<\1>)", text)
    if "*" in text or "+" in text:
        text = _BULLET.sub(r"\1-", text)
    return text


def _inline(text: str) -> Line:
    return inline(_markdown(text))


def _flush(pending: list[str], parts: list[Part]) -> None:
    if pending:
        parts.extend(_flowed(block) for block in parse(_markdown("\n".join(pending))).blocks)
        pending.clear()


def _joined(lines: tuple[Line, ...]) -> tuple[Line, ...]:
    """Lines of a paragraph as one line: Markdown reads a line break as a space."""
    if len(lines) < 2:
        return lines
    out: list[Span] = list(lines[0])
    for line in lines[1:]:
        out.append(Span(" "))
        out.extend(line)
    return (tuple(out),)


def _flowed(block: Block) -> Block:
    """``block`` with its paragraphs' (and list items') lines flowed into one."""
    if isinstance(block, Paragraph):
        return Paragraph(_joined(block.lines))
    if isinstance(block, ListBlock):
        return ListBlock(tuple(ListItem(i.level, i.marker, _joined(i.lines)) for i in block.items))
    if isinstance(block, Quote):
        return Quote(tuple(_flowed(inner) for inner in block.blocks))
    return block


def heading_line(heading: Heading) -> Line:
    """A heading's spans, strong."""
    return tuple(Span(s.text, s.style | STRONG, s.link, s.target) for s in heading.line)


def part_text(part: Part) -> str:
    """A part as plain text (what its drawn lines say, link numbers and marks aside)."""
    if isinstance(part, Heading):
        return line_text(part.line)
    if isinstance(part, Rule):
        return ""
    if isinstance(part, Table):
        return "\n".join(" ".join(line_text(cell) for cell in row) for row in part.rows)
    return document_plain_text(Document((part,)))


def part_links(part: Part) -> list[str]:
    """The targets of a part's links, in reading order."""
    if isinstance(part, Heading):
        lines: list[Line] = [part.line]
    elif isinstance(part, Table):
        lines = [cell for row in part.rows for cell in row]
    elif isinstance(part, Rule):
        return []
    else:
        return document_links(Document((part,)))
    return [span.target for line in lines for span in line if span.link]
