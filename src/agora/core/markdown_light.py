"""Light Markdown (as :mod:`agora.core.markdown_lines` writes it) into a
:class:`~agora.core.document.Document`.

Line by line, never failing and never slow: ``>`` quotes (any depth, kept to
:data:`~agora.core.document.MAX_DEPTH`), fenced code, ``-`` and ``1.`` list items indented two
spaces a level, ``#`` headings (as strong lines), ``---`` rules; blank lines end blocks and
every other line break is kept. Inline: backslash escapes, code spans, ``*``, ``**`` and
``~~`` (a delimiter with no partner on its line is plain text), ``[label](<target>)`` links
to web addresses only. The text is sanitized first, and links' targets on their own.
"""

from __future__ import annotations

import re

from agora.core.document import (
    CODE,
    EM,
    MAX_DEPTH,
    STRIKE,
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
    plain_text,
)
from agora.core.text import is_web_url, sanitize, sanitize_line

_QUOTE = re.compile(r"(?:> ?)+")
_ONE_QUOTE = re.compile(r"> ?")
_FENCE = re.compile(r"(`{3,})[ \t]*$")
_ITEM = re.compile(r"( *)(-|\d{1,9}\.)(?: |$)")
_HEADING = re.compile(r"#{1,6} ")
_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_TOGGLES = {"*": EM, "**": STRONG, "***": EM | STRONG, "~~": STRIKE}
#: Token kinds besides text (0) and the toggles (their styles, below 16).
_CODE_SPAN, _TARGET, _LINK_BASE = 16, 17, 32
_LINK = re.compile(r"\]\((?:<((?:[^<>\\\n]|\\.)*)>|([^\s()<>]*))\)")


class _Links:
    """Numbers for the links of one document."""

    def __init__(self) -> None:
        self.count = 0


def _lines(text: str) -> list[tuple[str, int, str]]:
    """``(kind, depth, text)`` for each line: ``blank``, ``text``, or ``code`` (a whole code
    block, its lines joined by newlines)."""
    out: list[tuple[str, int, str]] = []
    rows = text.split("\n")
    i = 0
    while i < len(rows):
        row = rows[i]
        match = _QUOTE.match(row)
        prefix = match.group() if match else ""
        depth = min(prefix.count(">"), MAX_DEPTH)
        body = row[len(prefix) :]
        fence = _FENCE.match(body)
        i += 1
        if fence is None:
            out.append(("text" if body.strip() else "blank", depth, body))
            continue
        code: list[str] = []
        ticks = len(fence.group(1))
        while i < len(rows):
            line = rows[i]
            for _ in range(prefix.count(">")):
                quote = _ONE_QUOTE.match(line)
                if quote is None:
                    break
                line = line[quote.end() :]
            i += 1
            closing = _FENCE.match(line.strip())
            if closing and len(closing.group(1)) >= ticks:
                break
            code.append(line)
        out.append(("code", depth, "\n".join(code).strip("\n")))
    return out


def _build(rows: list[tuple[str, int, str]], depth: int, links: _Links) -> list[Block]:
    blocks: list[Block] = []
    i = 0
    while i < len(rows):
        kind, level, text = rows[i]
        if level > depth:
            j = i
            while j < len(rows) and rows[j][1] > depth:
                j += 1
            blocks.append(Quote(tuple(_build(rows[i:j], depth + 1, links))))
            i = j
        elif kind == "blank":
            i += 1
        elif kind == "code":
            blocks.append(CodeBlock(tuple(text.split("\n")) if text else ()))
            i += 1
        else:
            j = i
            while j < len(rows) and rows[j][0] == "text" and rows[j][1] == depth:
                j += 1
            blocks.append(_run([row[2] for row in rows[i:j]], links))
            i = j
    return blocks


def _run(texts: list[str], links: _Links) -> Block:
    """Lines between blank lines: a list when the first is an item, else a paragraph."""
    if _ITEM.match(texts[0]) is None:
        return Paragraph(tuple(_line(text, links) for text in texts))
    items: list[ListItem] = []
    for text in texts:
        match = _ITEM.match(text)
        if match is None:
            last = items[-1]
            items[-1] = ListItem(last.level, last.marker, (*last.lines, _line(text, links)))
        else:
            level = min(len(match.group(1)) // 2, MAX_DEPTH)
            items.append(ListItem(level, match.group(2), (inline(text[match.end() :], links),)))
    return ListBlock(tuple(items))


def _line(text: str, links: _Links) -> Line:
    if text == "---":
        return (Span("―――"),)
    if _HEADING.match(text):
        heading = text.partition(" ")[2]
        return tuple(
            Span(s.text, s.style | STRONG, s.link, s.target) for s in inline(heading, links)
        )
    return inline(text, links)


def inline(text: str, links: _Links | None = None) -> Line:
    """One line of light Markdown as spans."""
    links = links or _Links()
    # Tokens: (text, kind), kind 0 for text, a style for a toggle, or one of the kinds below.
    tokens: list[tuple[str, int]] = []
    spans: list[Span] = []
    i, n = 0, len(text)
    plain: list[str] = []

    def flush() -> None:
        if plain:
            tokens.append(("".join(plain), 0))
            plain.clear()

    while i < n:
        char = text[i]
        if char == "\\" and i + 1 < n and text[i + 1] in _PUNCT:
            plain.append(text[i + 1])
            i += 2
        elif char == "`":
            j = i
            while j < n and text[j] == "`":
                j += 1
            ticks = text[i:j]
            end = _closing_ticks(text, j, len(ticks))
            if end < 0:
                plain.append(ticks)
                i = j
                continue
            code = text[j:end]
            if code[:1] == " " == code[-1:] and code.strip():
                code = code[1:-1]
            flush()
            tokens.append((code, _CODE_SPAN))
            i = end + len(ticks)
        elif char in "*~":
            j = i
            while j < n and text[j] == char:
                j += 1
            run = text[i:j]
            if run in _TOGGLES:
                flush()
                tokens.append((run, _TOGGLES[run]))
            else:
                plain.append(run)
            i = j
        elif char == "[" and (found := _link(text, i)) is not None:
            label, target, i = found
            flush()
            links.count += 1
            tokens.append((label, _LINK_BASE + links.count))
            tokens.append((target, _TARGET))  # the target of the link before it
        else:
            plain.append(char)
            i += 1
    flush()
    return tuple(_spans(tokens, spans, links))


def _closing_ticks(text: str, start: int, count: int) -> int:
    """Where a run of exactly ``count`` backticks starts after ``start`` (-1: none)."""
    i = text.find("`" * count, start)
    while i >= 0:
        j = i + count
        if (j >= len(text) or text[j] != "`") and text[i - 1] != "`":
            return i
        while j < len(text) and text[j] == "`":
            j += 1
        i = text.find("`" * count, j)
    return -1


def _link(text: str, start: int) -> tuple[str, str, int] | None:
    """``(label, target, end)`` of the link whose label opens at ``start``."""
    depth, i = 0, start + 1
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char == "`":  # a code span's brackets are its own
            j = i
            while j < len(text) and text[j] == "`":
                j += 1
            end = _closing_ticks(text, j, j - i)
            i = j if end < 0 else end + j - i
            continue
        if char == "[":
            depth += 1
        elif char == "]":
            if depth == 0:
                match = _LINK.match(text, i)
                if match is None:
                    return None
                raw = match.group(1) if match.group(1) is not None else match.group(2)
                target = sanitize_line(re.sub(r"\\(.)", r"\1", raw))
                return text[start + 1 : i], target, match.end()
            depth -= 1
        i += 1
    return None


def _spans(tokens: list[tuple[str, int]], spans: list[Span], links: _Links) -> list[Span]:
    """Apply the toggles that have a partner; the others are text."""
    counts: dict[int, int] = {}
    for _, kind in tokens:
        if 0 < kind < _CODE_SPAN:
            for bit in (EM, STRONG, STRIKE):
                if kind & bit:
                    counts[bit] = counts.get(bit, 0) + 1
    seen: dict[int, int] = {}
    style = 0
    for index, (text, kind) in enumerate(tokens):
        if kind == 0:
            spans.append(Span(text, style))
        elif kind == _TARGET:
            continue
        elif kind == _CODE_SPAN:
            spans.append(Span(text, style | CODE))
        elif kind > _LINK_BASE:
            target = tokens[index + 1][0]
            inner = inline(text, links) if is_web_url(target) else None
            if inner is None:
                spans.extend(Span(s.text, s.style | style) for s in inline(text, links))
                continue
            number = kind - _LINK_BASE
            spans.extend(Span(s.text, s.style | style, number, target) for s in inner)
            if not inner:
                spans.append(Span("", style, number, target))
        else:
            literal = ""
            for bit in (EM, STRONG, STRIKE):
                if kind & bit:
                    seen[bit] = seen.get(bit, 0) + 1
                    if seen[bit] > counts[bit] - counts[bit] % 2:
                        literal += "~~" if bit == STRIKE else "*" * (1 if bit == EM else 2)
                    else:
                        style ^= bit
            if literal:
                spans.append(Span(literal, style))
    merged: list[Span] = []
    for span in spans:
        if not span.text and not span.link:
            continue
        last = merged[-1] if merged else None
        if last and (last.style, last.link) == (span.style, span.link) and span.text:
            merged[-1] = Span(last.text + span.text, last.style, last.link, last.target)
        else:
            merged.append(span)
    return merged


def as_plain(body: str, body_format: str) -> str:
    """A stored body as plain text: light Markdown (``markdown``) without its marks."""
    return plain_text(parse(body)) if body_format == "markdown" else body


def parse(text: str) -> Document:
    """Light Markdown as a document (never fails)."""
    return Document(tuple(_build(_lines(sanitize(text)), 0, _Links())))
