"""The article list: every article with its source, comment count and new comments."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Static

from agora.core.errors import AgoraError
from agora.core.humanize import plural
from agora.core.model import ArticleEntry, ArticleList
from agora.ui.background import call_on_ui, in_background
from agora.ui.host import host, library_of
from agora.ui.widgets.article_table import ArticleTable
from agora.ui.widgets.key_bar import KeyBar
from agora.ui.widgets.replies_badge import RepliesBadge


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
        Binding("i", "app.inbox", "Replies to you", show=False, id="articles.inbox"),
        Binding("q", "app.quit", "Quit", id="articles.quit"),
    ]

    def compose(self) -> ComposeResult:
        with Horizontal(id="articles-header"):
            yield Static("agora", id="articles-title")
            yield RepliesBadge()
        yield ArticleTable(id="articles")
        yield KeyBar()

    _shown: tuple[tuple[ArticleEntry, ...], tuple[tuple[int, int], ...]] | None = None
    _loading = False  # a load is in flight
    _stale = False  # and another was asked for meanwhile
    _resumed = False  # shown before

    def on_mount(self) -> None:
        self.call_after_refresh(self.query_one(RepliesBadge).reload)  # after the first frame
        # The list read ahead at start-up, when it is ready: it is in the very first frame.
        first = host(self).first_list
        if first is not None and (ready := first.take()) is not None:
            self._show(ready)

    def on_screen_resume(self) -> None:  # shown: the first time, and back from elsewhere
        if self._resumed or self._shown is None:
            self.reload()
        self._resumed = True

    def reload(self) -> None:
        """Read the list again; asked while a read is in flight, read once more after it.

        Requests come in bursts (mounting, resuming, a read mark saved): running them side
        by side made the first start do the same read four times over, in four threads.
        """
        self.query_one(RepliesBadge).reload()
        if self._loading:
            self._stale = True
            return
        self._loading = True
        self._load()

    def store_changed(self) -> None:
        """Another process (or a sync) changed the store: read the list again if shown."""
        if self.is_current:
            self.reload()

    @in_background(group="articles")
    def _load(self) -> None:
        app = self.app
        first = host(self).first_list
        try:
            # Still being read ahead (a slow disk): wait for it rather than read it twice.
            shown = (first and first.take(wait=True)) or library_of(self).article_list()
        except AgoraError as exc:
            call_on_ui(app, self._failed, exc)
            return
        except Exception:
            call_on_ui(app, self._loaded)  # reported as it goes up; a later reload still runs
            raise
        call_on_ui(app, self._read, shown)

    def _loaded(self) -> None:
        self._loading = False
        if self._stale:
            self._stale = False
            self.reload()

    def _failed(self, exc: AgoraError) -> None:
        self._loaded()
        self.notify(str(exc), title="Cannot read the articles", severity="error", markup=False)

    def _read(self, shown: ArticleList) -> None:
        self._loaded()
        self._show(shown)

    def _show(self, shown: ArticleList) -> None:
        articles, unread = shown
        key = (tuple(articles), tuple(sorted(unread.items())))
        if key == self._shown:
            return  # nothing changed: keep the list (and its cursor) as it is
        self._shown = key
        self.query_one(ArticleTable).show(articles, unread)
        self.query_one("#articles-title", Static).update(
            f"agora · {plural(len(articles), 'article')}"
        )

    @on(ArticleTable.Chosen)
    def _chosen(self, event: ArticleTable.Chosen) -> None:
        host(self).open_article(event.article_id)

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
