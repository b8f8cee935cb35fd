"""Turning one comment into the lines (strips) the comments pane shows.

Pure rendering: given a comment, its depth and the width, produce wrapped, styled strips.
Text is always placed in segments as plain text, never parsed as markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rich.cells import cell_len, chop_cells
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from agora.core.document import Document
from agora.core.humanize import plural, relative_time
from agora.core.model import Comment, CommentKind, CommentStatus
from agora.ui.widgets.document_lines import DocumentStyles, document_lines

#: Longest body shown inline; the rest is summarised (it is still exported and copied whole).
MAX_BODY_CHARS = 20_000
GUIDE = "│ "


def wrap(text: str, width: int) -> list[str]:
    """Word-wrap ``text`` to ``width`` cells, breaking words longer than a line."""
    expanded = text.expandtabs(4)
    return [expanded[start:end] for start, end in wrap_spans(expanded, width)]


def wrap_spans(text: str, width: int) -> list[tuple[int, int]]:
    """Where each wrapped line of ``text`` (tabs already expanded) starts and ends in it.

    A line is always the slice ``text[start:end]``: words are split on single spaces, so a
    line break stands in for one space (or falls inside a word longer than a line).
    """
    width = max(1, width)
    out: list[tuple[int, int]] = []
    offset = 0
    for para in text.split("\n"):
        if not para:
            out.append((offset, offset))
            offset += 1
            continue
        start = end = offset
        line_len = 0
        pos = offset
        for word in para.split(" "):
            wlen = cell_len(word)
            wend = pos + len(word)
            if line_len and line_len + 1 + wlen <= width:
                end = wend
                line_len += 1 + wlen
            else:
                if line_len:
                    out.append((start, end))
                if wlen > width:
                    pieces = chop_cells(word, width)
                    for piece in pieces[:-1]:
                        out.append((pos, pos + len(piece)))
                        pos += len(piece)
                    line_len = cell_len(pieces[-1])
                else:
                    line_len = wlen
                start, end = pos, wend
            pos = wend + 1
        out.append((start, end))
        offset += len(para) + 1
    return out


@dataclass(frozen=True, slots=True)
class Styles:
    """Rich styles for each part of a comment, taken from the widget's component classes.

    Each is complete (colour and background) and readable on the row it is drawn on: the
    painter resolves one set for the selected row and one for the others."""

    base: Style
    selected: Style
    guide: Style
    author: Style
    meta: Style
    badge_op: Style
    badge_own: Style
    dim: Style
    warn: Style
    new: Style
    match: Style
    quote_bar: Style
    quote: Style
    code: Style
    link: Style
    link_number: Style


@dataclass(frozen=True, slots=True)
class RowState:
    """What besides the comment decides how its block looks."""

    depth: int
    selected: bool
    has_children: bool
    collapsed: bool
    hidden: int
    new: bool = False  # shown since the user's last visit
    match: bool = False  # matches the search in the thread: highlight it


def max_indent_levels(width: int) -> int:
    """How many levels get their own guide before indentation stops growing."""
    return max(1, min(16, (width - 24) // 4))


def render_block(
    comment: Comment,
    state: RowState,
    width: int,
    styles: Styles,
    find: re.Pattern[str] | None = None,
    document: Document | None = None,
) -> list[Strip]:
    """The strips of one comment: a header line, the wrapped body, and a spacer.

    With ``find`` (and ``state.match``), the text it matches is highlighted. A formatted
    comment's body is drawn from its ``document``.
    """
    find = find if state.match else None
    base = styles.selected if state.selected else styles.base
    levels = min(state.depth, max_indent_levels(width))
    guide = Segment(GUIDE * levels, base + styles.guide)

    marker = "▸ " if state.collapsed else ("▾ " if state.has_children else "• ")
    pingback = comment.kind != CommentKind.COMMENT
    deleted = comment.status == CommentStatus.DELETED
    author = "(deleted)" if deleted else (comment.author_name or "Anonymous")
    head: list[Segment] = [guide, Segment(marker, base + styles.meta)]
    if state.depth > levels:
        head.append(Segment(f"↳{state.depth} ", base + styles.meta))
    author_style = base + (styles.dim if pingback or deleted else styles.author)
    tail: list[Segment] = []
    when = relative_time(comment.created)
    if when:
        tail.append(Segment(f"  · {when}", base + styles.meta))
    if comment.likes is not None and not deleted:  # only sites whose engine has votes
        tail.append(Segment(f"  ▲ {comment.likes} ▼ {comment.dislikes or 0}", base + styles.meta))
    if state.new and not deleted:
        tail.append(Segment("  ", base))
        tail.append(Segment(" new ", styles.new))
    if pingback:
        tail.append(Segment(f"  {comment.kind}", base + styles.dim))
    if comment.is_article_author and not deleted:
        tail.append(Segment("  ", base))
        tail.append(Segment(" author ", styles.badge_op))
    if comment.is_own and not deleted:
        tail.append(Segment("  ", base))
        tail.append(Segment(" you ", styles.badge_own))
    fixed = _cells(head) + _cells(tail)  # everything on the line but the name
    if state.collapsed:
        hidden = f"  [+{plural(state.hidden, 'reply', 'replies')} hidden]"
        if fixed + cell_len(author) + len(hidden) > width:
            hidden = f"  [+{state.hidden:,}]"
        tail.append(Segment(hidden, base + styles.meta))
        fixed += len(hidden)
    # Too long for the line: the name gives way (with an ellipsis) before the badges.
    room = max(MIN_NAME_CELLS, width - fixed)
    end = _fitting(author, room)
    head.extend(_highlighted(author, 0, end, _spans(find, author), author_style, styles))
    if end < len(author):
        head.append(Segment("…", author_style))
    head.extend(tail)
    strips = [_fit(head, width, base)]

    status = _status_line(comment)
    body_style = base + (styles.dim if pingback or deleted else Style())
    text_width = max(1, width - cell_len(guide.text) - 2)
    body_prefix = Segment(
        GUIDE * levels + ("│ " if state.has_children and not state.collapsed else "  "),
        base + styles.guide,
    )
    if deleted:
        body, find = "[comment deleted]", None
    else:
        body = comment.body
        if len(body) > MAX_BODY_CHARS:
            body = body[:MAX_BODY_CHARS] + (
                f"\n… {len(comment.body) - MAX_BODY_CHARS:,} more characters (y copies it whole)"
            )
        body = body.expandtabs(4)
    if status:
        strips.append(_fit([body_prefix, Segment(status, base + styles.warn)], width, base))
    if document is not None and not deleted:
        doc_styles = DocumentStyles(
            body_style, styles.quote_bar, styles.quote, styles.code, styles.link,
            styles.link_number, styles.match,
        )  # fmt: skip
        for line in document_lines(document, text_width, doc_styles, find):
            strips.append(_fit([body_prefix, *line], width, base))
        strips.append(_fit([body_prefix], width, base))
        return strips
    spans = _spans(find, body)
    for start, end in wrap_spans(body, text_width):
        line = _highlighted(body, start, end, spans, body_style, styles)
        strips.append(_fit([body_prefix, *line], width, base))
    strips.append(_fit([body_prefix], width, base))
    return strips


def _spans(find: re.Pattern[str] | None, text: str) -> list[tuple[int, int]]:
    """Where ``find`` matches in ``text`` (empty matches left out)."""
    if find is None:
        return []
    return [m.span() for m in find.finditer(text) if m.end() > m.start()]


def _highlighted(
    text: str,
    start: int,
    end: int,
    spans: list[tuple[int, int]],
    style: Style,
    styles: Styles,
) -> list[Segment]:
    """Segments for ``text[start:end]``, with the parts inside ``spans`` in the match style."""
    out: list[Segment] = []
    pos = start
    for s_start, s_end in spans:
        if s_end <= pos or s_start >= end:
            continue
        s_start, s_end = max(s_start, pos), min(s_end, end)
        if s_start > pos:
            out.append(Segment(text[pos:s_start], style))
        out.append(Segment(text[s_start:s_end], style + styles.match))
        pos = s_end
    if pos < end or not out:
        out.append(Segment(text[pos:end], style))
    return out


def _status_line(comment: Comment) -> str:
    if comment.status == CommentStatus.HOLD:
        return "Your comment is awaiting moderation."
    if comment.status == CommentStatus.PENDING:
        reason = f": {comment.status_reason}" if comment.status_reason else ""
        return f"⧗ Not sent yet{reason}"
    if comment.status == CommentStatus.FAILED:
        return f"✗ Could not be posted: {comment.status_reason}"
    return ""


#: A name is never cut shorter than this to make room for its badges.
MIN_NAME_CELLS = 8


def _cells(segments: list[Segment]) -> int:
    return sum(cell_len(segment.text) for segment in segments)


def _fitting(text: str, cells: int) -> int:
    """How much of ``text`` fits in ``cells`` (keeping one cell for an ellipsis when cut)."""
    if cell_len(text) <= cells:
        return len(text)
    end, used = 0, 0
    while end < len(text) and used + cell_len(text[end]) <= cells - 1:
        used += cell_len(text[end])
        end += 1
    return end


def _fit(segments: list[Segment], width: int, base: Style) -> Strip:
    return Strip(segments).adjust_cell_length(width, base)
