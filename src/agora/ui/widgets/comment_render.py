"""Turning one comment into the lines (strips) the comments pane shows.

Pure rendering: given a comment, its depth and the width, produce wrapped, styled strips.
Text is always placed in segments as plain text, never parsed as markup.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len, chop_cells
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from agora.humanize import plural, relative_time
from agora.model import Comment

#: Longest body shown inline; the rest is summarised (it is still exported and copied whole).
MAX_BODY_CHARS = 20_000
GUIDE = "│ "


def wrap(text: str, width: int) -> list[str]:
    """Word-wrap ``text`` to ``width`` cells, breaking words longer than a line."""
    width = max(1, width)
    out: list[str] = []
    for para in text.expandtabs(4).split("\n"):
        if not para:
            out.append("")
            continue
        line = ""
        line_len = 0
        for word in para.split(" "):
            wlen = cell_len(word)
            if line_len and line_len + 1 + wlen <= width:
                line += " " + word
                line_len += 1 + wlen
                continue
            if line_len:
                out.append(line)
            if wlen > width:
                pieces = chop_cells(word, width)
                out.extend(pieces[:-1])
                line = pieces[-1]
                line_len = cell_len(line)
            else:
                line, line_len = word, wlen
        out.append(line)
    return out


@dataclass(frozen=True, slots=True)
class Styles:
    """Rich styles for each part of a comment, taken from the widget's component classes."""

    base: Style
    selected: Style
    guide: Style
    author: Style
    meta: Style
    badge_op: Style
    badge_own: Style
    dim: Style
    warn: Style


@dataclass(frozen=True, slots=True)
class RowState:
    """What besides the comment decides how its block looks."""

    depth: int
    selected: bool
    has_children: bool
    collapsed: bool
    hidden: int


def max_indent_levels(width: int) -> int:
    """How many levels get their own guide before indentation stops growing."""
    return max(1, min(16, (width - 24) // 4))


def render_block(comment: Comment, state: RowState, width: int, styles: Styles) -> list[Strip]:
    """The strips of one comment: a header line, the wrapped body, and a spacer."""
    base = styles.selected if state.selected else styles.base
    levels = min(state.depth, max_indent_levels(width))
    guide = Segment(GUIDE * levels, base + styles.guide)

    marker = "▸ " if state.collapsed else ("▾ " if state.has_children else "• ")
    pingback = comment.kind != "comment"
    deleted = comment.status == "deleted"
    author = "(deleted)" if deleted else (comment.author_name or "Anonymous")
    head: list[Segment] = [guide, Segment(marker, base + styles.meta)]
    if state.depth > levels:
        head.append(Segment(f"↳{state.depth} ", base + styles.meta))
    head.append(Segment(author, base + (styles.dim if pingback or deleted else styles.author)))
    when = relative_time(comment.created)
    if when:
        head.append(Segment(f"  · {when}", base + styles.meta))
    if pingback:
        head.append(Segment(f"  {comment.kind}", base + styles.dim))
    if comment.is_article_author and not deleted:
        head.append(Segment("  "))
        head.append(Segment(" author ", styles.badge_op))
    if comment.is_own and not deleted:
        head.append(Segment("  "))
        head.append(Segment(" you ", styles.badge_own))
    if state.collapsed:
        head.append(
            Segment(f"  [+{plural(state.hidden, 'reply', 'replies')} hidden]", base + styles.meta)
        )
    strips = [_fit(head, width, base)]

    status = _status_line(comment)
    body_style = base + (styles.dim if pingback or deleted else Style())
    text_width = max(1, width - cell_len(guide.text) - 2)
    body_prefix = Segment(
        GUIDE * levels + ("│ " if state.has_children and not state.collapsed else "  "),
        base + styles.guide,
    )
    if deleted:
        lines = ["[comment deleted]"]
    else:
        body = comment.body
        if len(body) > MAX_BODY_CHARS:
            body = body[:MAX_BODY_CHARS] + (
                f"\n… {len(comment.body) - MAX_BODY_CHARS:,} more characters (y copies it whole)"
            )
        lines = wrap(body, text_width)
    if status:
        strips.append(_fit([body_prefix, Segment(status, base + styles.warn)], width, base))
    for line in lines:
        strips.append(_fit([body_prefix, Segment(line, body_style)], width, base))
    strips.append(_fit([body_prefix], width, base))
    return strips


def _status_line(comment: Comment) -> str:
    if comment.status == "hold":
        return "Your comment is awaiting moderation."
    if comment.status == "pending":
        reason = f": {comment.status_reason}" if comment.status_reason else ""
        return f"⧗ Not sent yet{reason}"
    if comment.status == "failed":
        return f"✗ Could not be posted: {comment.status_reason}"
    return ""


def _fit(segments: list[Segment], width: int, base: Style) -> Strip:
    return Strip(segments).adjust_cell_length(width, base)
