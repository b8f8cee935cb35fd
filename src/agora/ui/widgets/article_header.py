"""The head of the article pane: the title, then 'source · by author · date', then the address."""

from __future__ import annotations

from rich.segment import Segment
from textual.content import Content
from textual.style import Style
from textual.widget import Widget

from agora.core.model import Article
from agora.ui.readable import role_style


def article_meta(article: Article) -> Content:
    """'source · by author · date' as plain content."""
    parts = [article.source_name]
    if article.author:
        parts.append(f"by {article.author}")
    if article.published:
        parts.append(article.published.strftime("%-d %B %Y, %H:%M %Z").strip())
    return Content(" · ".join(p for p in parts if p))


def header_lines(pane: Widget, article: Article, width: int) -> list[list[Segment]]:
    """The head's lines at ``width`` cells (a blank line above the title), each part in the
    pane's readable style for it."""
    out: list[list[Segment]] = [[]]
    parts = [("title", Content(article.title)), ("meta", article_meta(article))]
    if article.url:
        parts.append(("url", Content(article.url)))
    for name, content in parts:
        style = role_style(pane, f"article-pane--{name}")
        for line in content.wrap(max(1, width)):
            out.append(list(line.render_segments(Style.from_rich_style(style))))
    return out
