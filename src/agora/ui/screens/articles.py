"""The article list: every article with its source, comment count and new comments."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from agora.humanize import plural
from agora.model import Article


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
        yield DataTable(id="articles", cursor_type="row", zebra_stripes=True)
        yield Footer()

    _shown: tuple[tuple[Article, ...], tuple[tuple[int, int], ...]] | None = None

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("#", key="id")
        table.add_column("New", key="new")
        table.add_column("Title", key="title")
        table.add_column("Source", key="source")
        table.add_column("Comments", key="comments")
        table.add_column("Published", key="published")
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
            return  # nothing changed: keep the table (and its cursor) as it is
        self._shown = shown
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        for a in articles:
            table.add_row(
                Text(str(a.id), justify="right"),
                _new_count(unread.get(a.id, 0)),
                Text(a.title, no_wrap=True, overflow="ellipsis"),
                Text(a.source_name, no_wrap=True, overflow="ellipsis"),
                Text(f"{a.comment_count:,}", justify="right"),
                Text(a.published.strftime("%Y-%m-%d") if a.published else ""),
                key=str(a.id),
            )
        if articles:
            table.move_cursor(row=min(keep, len(articles) - 1))
        self.query_one("#articles-title", Static).update(
            f"agora · {plural(len(articles), 'article')}"
        )

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.app.open_article(int(event.row_key.value))  # type: ignore[attr-defined]

    def action_open(self) -> None:
        table = self.query_one(DataTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            if key is not None:
                self.app.open_article(int(key))  # type: ignore[attr-defined]

    def action_cursor_down(self) -> None:
        self.query_one(DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(DataTable).action_cursor_up()

    def action_first(self) -> None:
        self.query_one(DataTable).move_cursor(row=0)

    def action_last(self) -> None:
        table = self.query_one(DataTable)
        table.move_cursor(row=max(0, table.row_count - 1))


def _new_count(count: int) -> Text:
    """The "New" cell: comments not yet shown to the user (blank when none)."""
    return Text(f"{count:,}" if count else "", style="bold", justify="right")
