"""A :class:`~agora.core.document.Document` as wrapped, styled lines for the comments pane.

Each line of text becomes a :class:`~textual.content.Content` whose spans carry styles (never
markup: the text is only ever text), wrapped at the pane's width and rendered to segments.
The styles come from the pane's component classes, so from the theme: quotes get a bar and
dim text per level, code its own colours, links are underlined and followed by their number
in the ``o`` picker (``[1]``: the order of :func:`~agora.core.document.links`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.content import Content, Span
from textual.style import Style

from agora.core.document import (
    CODE,
    EM,
    STRIKE,
    STRONG,
    Block,
    CodeBlock,
    Document,
    Line,
    ListBlock,
    Paragraph,
    Quote,
    link_groups,
    links,
)

QUOTE_BAR = "▎ "
#: The pane's component classes for formatted text (styled in styles/document.tcss).
DOCUMENT_CLASSES = (
    "comment-view--quote-bar",
    "comment-view--quote",
    "comment-view--code",
    "comment-view--link",
    "comment-view--link-number",
)


@dataclass(frozen=True, slots=True)
class DocumentStyles:
    """Rich styles for the parts of a formatted text (from the pane's component classes)."""

    text: RichStyle  # the body's own style (selection background included)
    quote_bar: RichStyle
    quote: RichStyle  # added to quoted text, once per level
    code: RichStyle
    link: RichStyle
    link_number: RichStyle
    match: RichStyle


_INLINE = {
    EM: RichStyle(italic=True),
    STRONG: RichStyle(bold=True),
    STRIKE: RichStyle(strike=True),
}


class _Writer:
    """Writes one document's lines (lists of segments) at one width."""

    def __init__(
        self,
        document: Document,
        width: int,
        styles: DocumentStyles,
        find: re.Pattern[str] | None,
        numbers: Mapping[str, int] | None = None,
    ) -> None:
        self.width = max(1, width)
        self.styles = styles
        self.find = find
        if numbers is None:
            numbers = {target: n for n, target in enumerate(links(document), 1)}
        self.numbers = numbers
        self.out: list[list[Segment]] = []

    def blocks(self, blocks: tuple[Block, ...], depth: int) -> None:
        for i, block in enumerate(blocks):
            if i:
                self._emit(depth, "", Content(""), Content(""))
            self.block(block, depth)

    def block(self, block: Block, depth: int) -> None:
        if isinstance(block, Quote):
            self.blocks(block.blocks, depth + 1)
        elif isinstance(block, Paragraph):
            for line in block.lines:
                self._emit(depth, "", Content(""), self._content(line))
        elif isinstance(block, CodeBlock):
            style = Style.from_rich_style(self.styles.code)
            for text in block.lines:
                code = Content(text.expandtabs(4), spans=[Span(0, len(text), style)])
                self._emit(depth, "", Content(""), code if text else Content(""))
        elif isinstance(block, ListBlock):
            for item in block.items:
                indent = "  " * min(item.level, 8)
                marker = indent + ("•" if item.marker == "-" else item.marker) + " "
                first, *rest = item.lines or ((),)
                self._emit(depth, " " * len(marker), Content(marker), self._content(first))
                for line in rest:
                    self._emit(depth, " " * len(marker), Content(""), self._content(line))

    def _content(self, line: Line) -> Content:
        """One line of spans as styled content, each link followed by its number."""
        text: list[str] = []
        spans: list[Span] = []
        pos = 0
        for group in link_groups(line):
            first = group[0]
            for span in group:
                value = span.text or (span.target if span.link and len(group) == 1 else "")
                style = self._style(span.style, bool(span.link))
                if value and style is not None:
                    spans.append(Span(pos, pos + len(value), style))
                text.append(value)
                pos += len(value)
            number = self.numbers.get(first.target) if first.link else None
            if number is not None:
                label = f"[{number}]"
                spans.append(
                    Span(pos, pos + len(label), Style.from_rich_style(self.styles.link_number))
                )
                text.append(label)
                pos += len(label)
        content = Content("".join(text), spans=spans)
        if self.find is not None:
            content = content.highlight_regex(
                self.find, style=Style.from_rich_style(self.styles.match)
            )
        return content

    def _style(self, bits: int, link: bool) -> Style | None:
        rich = RichStyle()
        for bit, style in _INLINE.items():
            if bits & bit:
                rich += style
        if bits & CODE:
            rich += self.styles.code
        if link:
            rich += self.styles.link
        return None if not rich else Style.from_rich_style(rich)

    def _emit(self, depth: int, hang: str, head: Content, body: Content) -> None:
        """Write ``head`` + ``body`` wrapped below ``depth`` quote bars; wrapped lines start
        under the body (``hang`` is as wide as ``head``)."""
        styles = self.styles
        bars = [Segment(QUOTE_BAR * depth, styles.text + styles.quote_bar)] if depth else []
        base = styles.text
        for _ in range(depth):
            base += styles.quote
        room = max(1, self.width - depth * len(QUOTE_BAR) - len(hang))
        lines = body.wrap(room) if body.plain else [Content("")]
        textual_base = Style.from_rich_style(base)
        for i, line in enumerate(lines):
            lead = head if i == 0 else Content(hang)
            segments = [*lead.render_segments(textual_base), *line.render_segments(textual_base)]
            self.out.append([*bars, *segments])


def document_lines(
    document: Document,
    width: int,
    styles: DocumentStyles,
    find: re.Pattern[str] | None = None,
    numbers: Mapping[str, int] | None = None,
) -> list[list[Segment]]:
    """The document's lines at ``width`` cells, each a list of segments (with ``find``,
    its matches highlighted). ``numbers``: each link target's number (default: the order of
    the document's own links)."""
    writer = _Writer(document, width, styles, find, numbers)
    writer.blocks(document.blocks, 0)
    return writer.out
