"""The article list: every article with its source, comment count, new comments and last
activity; sorted (kept in settings) and filtered by source and by unread."""

from __future__ import annotations

from dataclasses import replace

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from agora.core.article_sort import SORT_LABELS, ArticleView, next_sort
from agora.core.errors import AgoraError
from agora.core.humanize import plural
from agora.core.model import ArticleEntry, ArticleList
from agora.service.article_view import mark_read, remember_sort, source_choices
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
        Binding("S", "sources", "Sources", id="articles.sources"),
        Binding("s", "cycle_sort", "Sort", id="articles.sort"),
        Binding("f", "cycle_source", "From", id="articles.source"),
        Binding("u", "toggle_unread", "Unread", id="articles.unread"),
        Binding("m", "toggle_read", "Read/unread", id="articles.mark"),
        Binding("q", "app.quit", "Quit", id="articles.quit"),
    ]

    def compose(self) -> ComposeResult:
        with Horizontal(id="articles-header"):
            yield Static("agora", id="articles-title")
            yield RepliesBadge()
        yield ArticleTable(id="articles")
        yield KeyBar()

    _shown: tuple[tuple[ArticleEntry, ...], tuple[tuple[int, int], ...], ArticleView] | None = None
    _loading = False  # a load is in flight
    _stale = False  # and another was asked for meanwhile
    _resumed = False  # shown before
    #: The sort and filters asked for; None until the first list read (the kept sort).
    view: ArticleView | None = None
    #: The sources the ``f`` key cycles through: (id, name), read with the list.
    sources: list[tuple[int, str]] = []

    def on_mount(self) -> None:
        self.call_after_refresh(self.query_one(RepliesBadge).reload)  # after the first frame
        # The list read ahead at start-up, when it is ready: it is in the very first frame.
        first = host(self).first_list
        if first is not None and (ready := first.take()) is not None:
            self._show(ready)

    def on_screen_resume(self) -> None:  # shown: the first time, and back from elsewhere
        if self._resumed or self._shown is None:
            self.reload()
        elif not self.sources:
            self._load_sources()  # the list came read ahead, without them
        self._resumed = True

    @in_background(group="articles-sources")
    def _load_sources(self) -> None:
        try:
            sources = source_choices(library_of(self))
        except AgoraError:
            return  # the next read of the list brings them
        call_on_ui(self.app, setattr, self, "sources", sources)

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
            library, view = library_of(self), self.view
            # Still being read ahead (a slow disk): wait for it rather than read it twice.
            ahead = view is None and first and first.take(wait=True)
            shown = ahead or (
                library.article_list() if view is None else library.article_list(view)
            )
            sources = source_choices(library)
        except AgoraError as exc:
            call_on_ui(app, self._failed, exc)
            return
        except Exception:
            call_on_ui(app, self._loaded)  # reported as it goes up; a later reload still runs
            raise
        call_on_ui(app, self._read, shown, sources)

    def _loaded(self) -> None:
        self._loading = False
        if self._stale:
            self._stale = False
            self.reload()

    def _failed(self, exc: AgoraError) -> None:
        self._loaded()
        self.notify(str(exc), title="Cannot read the articles", severity="error", markup=False)

    def _read(self, shown: ArticleList, sources: list[tuple[int, str]]) -> None:
        self.sources = sources
        view = self.view
        if view is not None and view.source_id is not None and view.source_id not in dict(sources):
            self.view = replace(view, source_id=None)  # its source was removed: show them all
        self._loaded()
        self._show(shown)

    def _show(self, shown: ArticleList) -> None:
        articles, unread, view = shown
        if self.view is not None and view != self.view:
            if not self._loading:
                self.reload()  # read with an older view: the one asked for is still to come
            return
        self.view = view
        key = (tuple(articles), tuple(sorted(unread.items())), view)
        if key == self._shown:
            return  # nothing changed: keep the list (and its cursor) as it is
        self._shown = key
        self.query_one(ArticleTable).show(articles, unread)
        self.query_one("#articles-title", Static).update(Content(self._title(view, len(articles))))

    def _title(self, view: ArticleView, count: int) -> str:
        parts = ["agora", plural(count, "article"), f"sorted by {SORT_LABELS[view.sort]}"]
        if view.source_id is not None:
            name = dict(self.sources).get(view.source_id, f"source {view.source_id}")
            parts.append(f"from {name}")
        if view.unread_only:
            parts.append("unread only")
        return " · ".join(parts)

    # -- sort and filters -----------------------------------------------------------------
    def set_view(self, view: ArticleView) -> None:
        """Show the articles ``view`` picks (a new sort is kept for the next start)."""
        if self.view is not None and view.sort != self.view.sort:
            self._keep_sort(view.sort)
        self.view = view
        self.reload()

    @in_background(group="articles-sort")
    def _keep_sort(self, sort: str) -> None:
        try:
            remember_sort(library_of(self), sort)
        except AgoraError as exc:
            call_on_ui(self.app, self._failed_setting, exc)

    def _failed_setting(self, exc: AgoraError) -> None:
        self.notify(str(exc), title="Settings", severity="warning", markup=False)

    def action_cycle_sort(self) -> None:
        view = self.view or ArticleView()
        self.set_view(replace(view, sort=next_sort(view.sort)))

    def action_cycle_source(self) -> None:
        view = self.view or ArticleView()
        ids: list[int | None] = [None, *(source_id for source_id, _ in self.sources)]
        at = ids.index(view.source_id) if view.source_id in ids else 0
        self.set_view(replace(view, source_id=ids[(at + 1) % len(ids)]))

    def show_source(self, source_id: int | None) -> None:
        """Only the articles of one source (None: all)."""
        self.set_view(replace(self.view or ArticleView(), source_id=source_id))

    def action_toggle_unread(self) -> None:
        view = self.view or ArticleView()
        self.set_view(replace(view, unread_only=not view.unread_only))

    def action_toggle_read(self) -> None:
        table = self.query_one(ArticleTable)
        entry = table.entry
        if entry is None:
            return
        unread = not entry.visited or table.unread(entry.id) > 0
        self._mark(entry.id, unread, entry.title)

    @in_background(group="articles-mark")
    def _mark(self, article_id: int, read: bool, title: str) -> None:
        try:
            mark_read(library_of(self), article_id, read)
        except AgoraError as exc:
            call_on_ui(self.app, self._failed, exc)
            return
        call_on_ui(self.app, self._marked, read, title)

    def _marked(self, read: bool, title: str) -> None:
        what = "read" if read else "unread: its comments count as new again"
        self.notify(f"“{title}” marked {what}.", markup=False, timeout=3)
        self.reload()

    def action_sources(self) -> None:
        host(self).open_sources()

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
