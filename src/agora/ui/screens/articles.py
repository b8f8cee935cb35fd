"""The article list: every article with its source, comment count and new comments."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static

from agora.humanize import plural
from agora.model import Article
from agora.ui.widgets.article_table import ArticleTable


class ArticlesScreen(Screen[None]):
    """Pick an article to read."""

    HELP_GROUP = "articles"
    BINDINGS = [
        Binding("enter", "open", "Open", id="articles.open"),
        Binding("j", "cursor_down", "Down", show=False, id="articles.down"),
        Binding("k", "cursor_up", "Up", show=False, id="articles.up"),
        Binding("g", "first", "First", show=False, id="articles.first"),
        Binding("G", "last", "Last", show=False, id="articles.last"),
        Binding("slash", "app.search", "Search", id="articles.search"),
        Binding("q", "app.quit", "Quit", id="articles.quit"),
    ]

    def compose(self) -> ComposeResult:
        yield Static("agora", id="articles-title")
        yield ArticleTable(id="articles")
        yield Footer()

    _shown: tuple[tuple[Article, ...], tuple[tuple[int, int], ...]] | None = None

    def on_mount(self) -> None:
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    @work(thread=True, exclusive=True, group="articles")
    def reload(self) -> None:
        library = self.app.library  # type: ignore[attr-defined]
        articles = library.articles()
        unread = library.unread_counts()
        self.app.call_from_thread(self._show, articles, unread)

    def _show(self, articles: list[Article], unread: dict[int, int]) -> None:
        shown = (tuple(articles), tuple(sorted(unread.items())))
        if shown == self._shown:
            return  # nothing changed: keep the list (and its cursor) as it is
        self._shown = shown
        self.query_one(ArticleTable).show(articles, unread)
        self.query_one("#articles-title", Static).update(
            f"agora · {plural(len(articles), 'article')}"
        )

    @on(ArticleTable.Chosen)
    def _chosen(self, event: ArticleTable.Chosen) -> None:
        self.app.open_article(event.article_id)  # type: ignore[attr-defined]

    def action_open(self) -> None:
        self.query_one(ArticleTable).action_choose()

    def action_cursor_down(self) -> None:
        self.query_one(ArticleTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(ArticleTable).action_cursor_up()

    def action_first(self) -> None:
        self.query_one(ArticleTable).action_first()

    def action_last(self) -> None:
        self.query_one(ArticleTable).action_last()
