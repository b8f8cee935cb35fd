"""Finding your way in a discussion: search in the thread, new comments, order, links.

A mixin for :class:`~agora.ui.screens.article.ArticleScreen` holding its keys for following a
discussion; the comments pane keeps the marks, this drives them and talks to the store.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from textual.binding import Binding
from textual.content import Content
from textual.css.query import NoMatches
from textual.timer import Timer
from textual.widgets import Input

from agora.core.errors import AgoraError
from agora.core.humanize import plural
from agora.core.model import Article, Comment
from agora.core.ordering import DEFAULT_ORDER, LABELS, next_order, valid_order
from agora.core.text import is_web_url
from agora.core.thread import Thread
from agora.core.weblinks import extract_links
from agora.service.reading import ReadMark, ReadTracker, ordered_thread, remember_order
from agora.ui.background import in_background, run_in_background
from agora.ui.modals.link_picker import Link, LinkChoice, LinkPicker
from agora.ui.widgets.comment_view import CommentView
from agora.ui.widgets.thread_search import ThreadSearch

if TYPE_CHECKING:
    from agora.service.library import Library

#: Seconds between saving how far the user has read (it is saved on leaving too).
SEEN_SAVE_DELAY = 1.0

READING_BINDINGS = [
    Binding("o", "open_link", "Links", id="article.open_link"),
    Binding("slash", "search", "Find", id="comments.search"),
    Binding("escape", "clear_search", "Clear search", show=False, id="comments.clear_search"),
]


def _persist_seen(library: Library, article_id: int, mark: ReadMark, lists: list[Any]) -> None:
    """Store how far the user read (in a thread), then have the article lists count again."""
    try:
        library.mark_seen(article_id, mark.until, mark.also)
    except AgoraError:
        return
    for screen in lists:
        screen.call_later(screen.reload)


class ReadingMixin:
    """Keys and handlers of the article screen for following a discussion."""

    if TYPE_CHECKING:
        from textual.app import App

        app: App[None]
        article_id: int
        article: Article | None
        reads: ReadTracker

        def query_one(self, selector: Any, expect_type: Any = None) -> Any: ...
        def notify(self, message: str, **kwargs: Any) -> None: ...
        def set_timer(self, delay: float, callback: Any) -> Timer: ...
        def _update_header(self) -> None: ...
        def _copy(self, text: str, title: str) -> None: ...

    order: str = DEFAULT_ORDER
    _seen_timer: Timer | None = None
    _jump_when_found: bool = False

    @property
    def _view(self) -> CommentView:
        return self.query_one(CommentView)

    @property
    def _search(self) -> ThreadSearch:
        return self.query_one(ThreadSearch)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_search":
            try:
                return bool(self._view.find_text) or self._search.display
            except NoMatches:  # not composed yet, or already taken down
                return False
        return True

    def header_parts(self) -> list[str]:
        """What the comments header says about order, new comments and the search."""
        view = self._view
        parts = [LABELS[self.order]]
        if view.new_count:
            parts.append(f"{view.new_count:,} new")
        search = self._search
        if search.display and search.value.strip() and search.pending:
            parts.append("searching…")
        elif view.find_text:
            total = view.match_count
            number = view.match_number()
            if not total:
                parts.append("no matches")
            elif number is not None:
                parts.append(f"match {number:,} of {total:,}")
            else:
                parts.append(plural(total, "match", "matches"))
        return parts

    # -- search in the thread ---------------------------------------------------------------
    def action_search(self) -> None:
        search = self._search
        search.display = True
        search.focus()
        self._update_header()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input is self._search:
            self._update_header()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input is not self._search:
            return
        event.stop()
        if self._search.pending:
            self._jump_when_found = True
        else:
            self._first_match()

    def on_thread_search_found(self, event: ThreadSearch.Found) -> None:
        self._view.show_matches(event.text, event.ids)
        self._update_header()
        if self._jump_when_found:
            self._jump_when_found = False
            self._first_match()

    def _first_match(self) -> None:
        view = self._view
        if not view.find_text:
            return
        if view.first_match():
            view.focus()
        else:
            self.notify("No comment in this thread matches.", severity="warning")

    def action_clear_search(self) -> None:
        search = self._search
        self._jump_when_found = False
        if search.value:
            search.value = ""
        search.display = False
        view = self._view
        view.clear_matches()
        view.focus()
        self._update_header()

    # -- new since the last visit -----------------------------------------------------------
    def action_next_new(self) -> None:
        """Go to the next new comment (from the palette: focuses the comments too)."""
        view = self._view
        view.focus()
        view.action_next_new()

    def on_comment_view_selected(self, event: CommentView.Selected) -> None:
        self._update_header()

    def on_comment_view_seen(self, event: CommentView.Seen) -> None:
        if self._seen_timer is None:
            self._seen_timer = self.set_timer(SEEN_SAVE_DELAY, self._save_seen)

    def _save_seen(self) -> None:
        self._seen_timer = None
        mark = self.reads.to_save()
        if mark is not None:
            self._store_seen(mark)

    @in_background(group="seen")
    def _store_seen(self, mark: ReadMark) -> None:
        _persist_seen(self.app.library, self.article_id, mark, [])  # type: ignore[attr-defined]

    def save_seen_on_leaving(self, tracker: ReadTracker) -> None:
        """Store how far the user read (on leaving the screen) and refresh the article lists."""
        from agora.ui.screens.articles import ArticlesScreen

        mark = tracker.to_save()
        if mark is None:
            return
        library = self.app.library  # type: ignore[attr-defined]
        lists = [s for s in self.app.screen_stack if isinstance(s, ArticlesScreen)]
        if self.app.is_running:
            persist = partial(_persist_seen, library, self.article_id, mark, lists)
            run_in_background(self.app, persist, group="seen")
        else:  # quitting: no UI left to keep responsive
            _persist_seen(library, self.article_id, mark, [])

    # -- order of threads -------------------------------------------------------------------
    def action_sort(self) -> None:
        self.sort_threads(next_order(self.order))

    def sort_threads(self, order: str, remember: bool = True) -> None:
        """Show the top-level threads in ``order`` (and remember it for every article)."""
        self.order = valid_order(order)
        self._update_header()
        self._reorder(self.order, remember)

    @in_background(group="sort", exclusive=True)
    def _reorder(self, order: str, remember: bool) -> None:
        library = self.app.library  # type: ignore[attr-defined]
        try:
            thread = ordered_thread(library, self.article_id, order)
            if remember:
                remember_order(library, order)
        except AgoraError as exc:
            self.app.call_from_thread(
                self.notify, str(exc), title="Cannot sort", severity="error", markup=False
            )
            return
        self.app.call_from_thread(self._reordered, thread, order)

    def _reordered(self, thread: Thread, order: str) -> None:
        if order != self.order:
            return
        view = self._view
        view.replace_thread(thread)
        self._update_header()

    # -- links ------------------------------------------------------------------------------
    def action_open_link(self) -> None:
        view = self._view
        if view.has_focus:
            comment = view.selected_comment
            if comment is None:
                self.notify("No comment selected.", severity="warning")
                return
            links, where = comment_links(comment), "this comment"
        elif self.article is not None:
            links, where = article_links(self.article), "this article"
        else:
            return
        if not links:
            self.notify(f"There are no links in {where}.", severity="warning")
            return
        self.app.push_screen(LinkPicker(links, f"Links in {where}"), self._link_chosen)

    def _link_chosen(self, choice: LinkChoice | None) -> None:
        if choice is None:
            return
        if choice.action == "copy":
            self._copy(choice.url, "Link copied")
        elif self.app.is_web:  # served to a browser: that browser opens it
            self.app.open_url(choice.url)
        else:
            self._open_in_browser(choice.url)

    @in_background(group="browser")
    def _open_in_browser(self, url: str) -> None:
        import webbrowser

        try:
            opened = webbrowser.open(url)
        except webbrowser.Error:
            opened = False
        if opened:
            self.app.call_from_thread(
                self.notify, url, title="Opened in your browser", markup=False
            )
        else:
            self.app.call_from_thread(
                self.notify,
                f"No web browser was found to open {url}. Press o again and y to copy it.",
                title="Not opened",
                severity="warning",
                markup=False,
            )


def article_links(article: Article) -> list[Link]:
    """The article's own address first, then the links in its text."""
    links = [Link(article.url, "the article")] if is_web_url(article.url) else []
    links += [Link(url, "in the text") for url in extract_links(article.body)]
    return _unique(links)


def comment_links(comment: Comment) -> list[Link]:
    """The links in a comment's text, then its own address and its author's website."""
    links = [Link(url, "in the comment") for url in extract_links(comment.body)]
    if is_web_url(comment.url):
        links.append(Link(comment.url, "this comment on its site"))
    if is_web_url(comment.author_url):
        links.append(Link(comment.author_url, "the author's website"))
    return _unique(links)


def _unique(links: list[Link]) -> list[Link]:
    seen: set[str] = set()
    out = []
    for link in links:
        if link.url not in seen:
            seen.add(link.url)
            out.append(link)
    return out


def header_content(parts: list[str]) -> Content:
    """The comments header as plain content (no markup is parsed)."""
    return Content(" · ".join(parts))
