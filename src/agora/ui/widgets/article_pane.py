"""The article pane: title, source, author, date and a readable, scrollable body."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Markdown, Static

from agora.core.model import Article


def article_meta(article: Article) -> Content:
    """'source · by author · date' as plain content."""
    parts = [article.source_name]
    if article.author:
        parts.append(f"by {article.author}")
    if article.published:
        parts.append(article.published.strftime("%-d %B %Y, %H:%M %Z").strip())
    return Content(" · ".join(p for p in parts if p))


class ArticlePane(VerticalScroll, can_focus=True):
    """Reads one article. Keys scroll it; links are never followed from here."""

    HELP_GROUP = "article"
    BINDINGS = [
        Binding("j,down", "scroll_down", "Down", show=False, id="article.down"),
        Binding("k,up", "scroll_up", "Up", show=False, id="article.up"),
        Binding("space,pagedown", "page_down", "Page down", id="article.page_down"),
        Binding("b,pageup", "page_up", "Page up", id="article.page_up"),
        Binding("g,home", "scroll_home", "Top", show=False, id="article.top"),
        Binding("G,end", "scroll_end", "Bottom", show=False, id="article.bottom"),
    ]

    def __init__(self, article: Article, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article = article

    def compose(self) -> ComposeResult:
        article = self.article
        yield Static(Content(article.title), classes="article-title")
        yield Static(article_meta(article), classes="article-meta")
        if article.url:
            yield Static(Content(article.url), classes="article-url")
        if article.body_format == "markdown":
            yield Markdown(article.body, open_links=False, classes="article-body")
        else:
            yield Static(Content(article.body), classes="article-body")
