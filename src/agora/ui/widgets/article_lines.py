"""One block of an article as wrapped, styled lines for the article pane.

The parts of :mod:`agora.core.article_markdown` become lists of segments at the pane's width:
paragraphs, quotes, lists and code through :func:`~agora.ui.widgets.document_lines.document_lines`
(links numbered as the ``o`` picker lists them), headings in their level's style (the first
level centred), rules across the pane, and tables in columns when they fit (else each
cell on its own lines). Styles come from the pane's component classes, so from the theme; the
text is only ever text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from rich.segment import Segment
from rich.style import Style as RichStyle

from agora.core.article_markdown import Heading, Part, Rule, Table, heading_line
from agora.core.document import Document, Line, Paragraph
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
    """A table in columns, each cell wrapped to its column (the header row bold); in a pane
    too narrow for even one cell a column, each cell on its own lines, rows between rules."""
    doc = styles.document
    header = replace(doc, text=doc.text + RichStyle(bold=True))
    columns = max(len(row) for row in table.rows)
    if columns + len(COLUMN) * (columns - 1) > width:
        stacked: list[list[Segment]] = []
        for r, row in enumerate(table.rows):
            if r:
                stacked.append([Segment(RULE * width, styles.rule)])
            for cell in row:
                paragraph = Document((Paragraph((cell,)),))
                style = header if r == 0 else doc
                stacked.extend(document_lines(paragraph, width, style, None, numbers))
        return stacked
    natural = [1] * columns
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row):
            natural[c] = max(
                natural[c], _cell_len(_one_line(cell, header if r == 0 else doc, numbers))
            )
    widths = column_widths(natural, max(columns, width - len(COLUMN) * (columns - 1)))
    sep = Segment(COLUMN, styles.rule)
    out: list[list[Segment]] = []
    for r, row in enumerate(table.rows):
        style = header if r == 0 else doc
        drawn = [
            document_lines(
                Document((Paragraph((row[c] if c < len(row) else (),)),)),
                widths[c],
                style,
                None,
                numbers,
            )
            for c in range(columns)
        ]
        for i in range(max(len(lines) for lines in drawn)):
            line: list[Segment] = []
            for c, lines in enumerate(drawn):
                part: list[Segment] = lines[i] if i < len(lines) else []
                if c:
                    line.append(sep)
                line.extend(part)
                pad = widths[c] - _cell_len(part)
                if pad > 0 and c < columns - 1:
                    line.append(Segment(" " * pad, doc.text))
            out.append(line)
        if r == 0:
            out.append([Segment("─┼─".join(RULE * w for w in widths), styles.rule)])
    return out


def column_widths(natural: list[int], room: int) -> list[int]:
    """Widths for columns that would like ``natural`` cells, in ``room`` cells: all they
    like when it fits, else narrow columns keep theirs and the wide ones share the rest."""
    if sum(natural) <= room:
        return natural
    widths = [0] * len(natural)
    left, pending = room, sorted(range(len(natural)), key=lambda c: natural[c])
    while pending:
        share = max(1, left // len(pending))
        c = pending[0]
        if natural[c] <= share:
            widths[c] = natural[c]
            left -= natural[c]
            pending.pop(0)
            continue
        for c in pending:
            widths[c] = max(1, left // len(pending))
        widths[pending[-1]] += max(0, left - sum(widths[c] for c in pending))
        break
    return widths


def _one_line(cell: Line, styles: DocumentStyles, numbers: Mapping[str, int]) -> list[Segment]:
    lines = document_lines(Document((Paragraph((cell,)),)), 1 << 20, styles, None, numbers)
    return [s for line in lines for s in line]
