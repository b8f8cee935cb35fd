"""One block of an article as wrapped, styled lines for the article pane.

The parts of :mod:`agora.core.article_markdown` become lists of segments at the pane's width:
paragraphs, quotes, lists and code through :func:`~agora.ui.widgets.document_lines.document_lines`
(links numbered as the ``o`` picker lists them), headings in their level's style (the first
level centred), rules across the pane, and tables in columns when they fit (else a row per
line, its cells apart). Styles come from the pane's component classes, so from the theme; the
text is only ever text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from rich.segment import Segment
from rich.style import Style as RichStyle

from agora.core.article_markdown import Heading, Part, Rule, Table, heading_line
from agora.core.document import STRONG, Document, Line, Paragraph, Span
from agora.ui.widgets.document_lines import DocumentStyles, document_lines

RULE = "─"
COLUMN = " │ "


@dataclass(frozen=True, slots=True)
class ArticleStyles:
    """Rich styles for the parts of an article (from the pane's component classes)."""

    document: DocumentStyles
    headings: tuple[RichStyle, ...]  # levels 1 to 6
    rule: RichStyle


def _cell_len(segments: list[Segment]) -> int:
    return sum(segment.cell_length for segment in segments)


def part_lines(
    part: Part, width: int, styles: ArticleStyles, numbers: Mapping[str, int]
) -> list[list[Segment]]:
    """The lines of one part at ``width`` cells."""
    width = max(1, width)
    if isinstance(part, Heading):
        style = styles.headings[min(part.level, 6) - 1]
        doc = replace(styles.document, text=style)
        lines = document_lines(
            Document((Paragraph((heading_line(part),)),)), width, doc, None, numbers
        )
        if part.level == 1:
            lines = [
                [Segment(" " * ((width - _cell_len(line)) // 2), style), *line] for line in lines
            ]
        return lines
    if isinstance(part, Rule):
        return [[Segment(RULE * width, styles.rule)]]
    if isinstance(part, Table):
        return _table(part, width, styles, numbers)
    return document_lines(Document((part,)), width, styles.document, None, numbers)


def _table(
    table: Table, width: int, styles: ArticleStyles, numbers: Mapping[str, int]
) -> list[list[Segment]]:
    doc = styles.document
    header = replace(doc, text=doc.text + RichStyle(bold=True))
    cells = [
        [_one_line(cell, header if r == 0 else doc, numbers) for cell in row]
        for r, row in enumerate(table.rows)
    ]
    columns = max(len(row) for row in cells)
    widths = [0] * columns
    for row in cells:
        for c, cell in enumerate(row):
            widths[c] = max(widths[c], _cell_len(cell))
    if sum(widths) + len(COLUMN) * (columns - 1) > width:
        return _table_rows(table, width, styles, numbers)
    sep = Segment(COLUMN, styles.rule)
    out: list[list[Segment]] = []
    for r, row in enumerate(cells):
        line: list[Segment] = []
        for c in range(columns):
            cell = row[c] if c < len(row) else []
            if c:
                line.append(sep)
            line.extend(cell)
            pad = widths[c] - _cell_len(cell)
            if pad and c < columns - 1:
                line.append(Segment(" " * pad, doc.text))
        out.append(line)
        if r == 0:
            rule = "─┼─".join(RULE * w for w in widths)
            out.append([Segment(rule, styles.rule)])
    return out


def _one_line(cell: Line, styles: DocumentStyles, numbers: Mapping[str, int]) -> list[Segment]:
    lines = document_lines(Document((Paragraph((cell,)),)), 1 << 20, styles, None, numbers)
    return [s for line in lines for s in line]


def _table_rows(
    table: Table, width: int, styles: ArticleStyles, numbers: Mapping[str, int]
) -> list[list[Segment]]:
    """A table too wide for the pane: each row a line (wrapped), its cells apart."""
    out: list[list[Segment]] = []
    for r, row in enumerate(table.rows):
        spans: list[Span] = []
        for c, cell in enumerate(row):
            if c:
                spans.append(Span(COLUMN))
            spans.extend(
                Span(s.text, s.style | (STRONG if r == 0 else 0), s.link, s.target) for s in cell
            )
        out.extend(
            document_lines(
                Document((Paragraph((tuple(spans),)),)), width, styles.document, None, numbers
            )
        )
    return out
