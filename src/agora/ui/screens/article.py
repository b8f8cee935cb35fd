"""Reading one article beside (or above) its threaded discussion."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, LoadingIndicator, Static

from agora.clipboard import copy_text
from agora.humanize import plural
from agora.model import Article, Comment
from agora.service import OpenThread
from agora.text import is_web_url
from agora.ui.widgets.article_pane import ArticlePane
from agora.ui.widgets.comment_view import CommentView
from agora.ui.widgets.identity_bar import IdentityBar


class ArticleScreen(Screen[None]):
    """The article pane and the comments pane."""

    HELP_GROUP = "article"
    BINDINGS = [
        Binding("q", "app.pop_screen", "Back", id="article.back"),
        Binding("o", "open_link", "Open link", id="article.open_link"),
        Binding("y", "copy_text", "Copy", id="comments.copy"),
        Binding("Y", "copy_link", "Copy link", show=False, id="comments.copy_link"),
    ]

    def __init__(self, article_id: int, select: int | None = None) -> None:
        super().__init__()
        self.article_id = article_id
        self.initial_selection = select
        self.article: Article | None = None

    def compose(self) -> ComposeResult:
        with Container(id="panes"):
            yield LoadingIndicator(id="article-loading")
            with Vertical(id="comments-pane"):
                yield Static(id="comments-header")
                yield IdentityBar(id="identity-bar")
                yield CommentView(self.app.library.comments, id="comments")  # type: ignore[attr-defined]
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(IdentityBar).identity = self.app.identity  # type: ignore[attr-defined]
        self.load()

    @work(thread=True, exclusive=True, group="load-article")
    def load(self) -> None:
        opened = self.app.library.open_thread(self.article_id)  # type: ignore[attr-defined]
        self.app.call_from_thread(self._show, opened)

    def _show(self, opened: OpenThread) -> None:
        self.article = opened.article
        self.query_one("#article-loading").remove()
        self.query_one("#panes").mount(ArticlePane(opened.article, id="article-pane"), before=0)
        view = self.query_one(CommentView)
        view.set_thread(opened.thread, self.initial_selection)
        self._update_header()
        (view if self.initial_selection is not None else self.query_one(ArticlePane)).focus()
        self.sub_title = opened.article.title

    def _update_header(self) -> None:
        view = self.query_one(CommentView)
        text = plural(len(view.thread), "comment")
        if self.article and self.article.comment_status != "open":
            text += " · comments are closed"
        self.query_one("#comments-header", Static).update(Content(text))

    @on(CommentView.Selected)
    def _selected(self, event: CommentView.Selected) -> None:
        self.refresh_bindings()

    # -- links and clipboard --------------------------------------------------------------
    def _selected_comment(self) -> Comment | None:
        return self.query_one(CommentView).selected_comment

    def action_open_link(self) -> None:
        url = self.article.url if self.article else ""
        if not is_web_url(url):
            self.notify("This article has no web link.", severity="warning")
            return
        self.app.open_url(url)
        self.notify(url, title="Opening in your browser", markup=False)

    def action_copy_text(self) -> None:
        comment = self._selected_comment()
        if comment is None:
            self.notify("No comment selected.", severity="warning")
            return
        self._copy(comment.body, "Comment text copied")

    def action_copy_link(self) -> None:
        comment = self._selected_comment()
        url = (comment.url if comment else "") or (self.article.url if self.article else "")
        if not url:
            self.notify("This discussion has no web link to copy.", severity="warning")
            return
        self._copy(url, "Link copied")

    @work(thread=True, group="clipboard")
    def _copy(self, text: str, title: str) -> None:
        if copy_text(text):
            self.app.call_from_thread(self.notify, _preview(text), title=title, markup=False)
        else:
            self.app.call_from_thread(self._copy_osc52, text, title)

    def _copy_osc52(self, text: str, title: str) -> None:
        self.app.copy_to_clipboard(text)
        self.notify(_preview(text), title=f"{title} (through the terminal)", markup=False)


def _preview(text: str, limit: int = 60) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"
