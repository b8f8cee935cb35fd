"""Reading one article beside (or above) its threaded discussion.

The screen composes the panes, loads the visit and binds the keys; its helpers do the rest:
:class:`ThreadReading` (find in the thread, new comments, order), :class:`CommentWriting`
(comment, reply, edit, delete) and :class:`LinkActions` (links and the clipboard).
"""

from __future__ import annotations

from dataclasses import replace
from time import monotonic

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Vertical
from textual.screen import Screen
from textual.widgets import Input, LoadingIndicator, Static

from agora.core.errors import AgoraError
from agora.core.humanize import plural
from agora.core.markdown_light import as_plain
from agora.core.model import Article, Comment, CommentStatus, DiscussionStatus, Identity
from agora.core.ordering import DEFAULT_ORDER
from agora.service.reading import ReadTracker, Visit, open_visit
from agora.ui.background import in_background
from agora.ui.draft_keeper import Target
from agora.ui.host import host, library_of
from agora.ui.screens.article_links import LinkActions
from agora.ui.screens.article_live import LiveThread, ThreadChange
from agora.ui.screens.article_reading import (
    READING_BINDINGS,
    ThreadReading,
    empty_thread_text,
    header_content,
)
from agora.ui.screens.article_writing import CommentWriting
from agora.ui.widgets.article_pane import ArticlePane
from agora.ui.widgets.comment_view import CommentView
from agora.ui.widgets.identity_bar import IdentityBar
from agora.ui.widgets.key_bar import KeyBar
from agora.ui.widgets.thread_search import ThreadSearch


class ArticleScreen(Screen[None]):
    """The article pane and the comments pane."""

    HELP_GROUP = "article"
    BINDINGS = [
        Binding("q", "app.pop_screen", "Back", id="article.back"),
        *READING_BINDINGS,
        # Not copy_text: that is Screen's ctrl+c (copy a mouse selection, else the app's
        # "press ctrl+q to quit"), which must not copy the selected comment instead.
        Binding("y", "copy_comment", "Copy", id="comments.copy"),
        Binding("Y", "copy_link", "Copy link", show=False, id="comments.copy_link"),
        Binding("c", "compose", "Comment", id="comments.comment"),
        Binding("r", "reply", "Reply", id="comments.reply"),
        Binding("e", "edit", "Edit yours", show=False, id="comments.edit"),
        Binding("d", "delete", "Delete yours", show=False, id="comments.delete"),
        Binding("plus", "vote(True)", "Like", show=False, id="comments.like"),
        Binding("minus", "vote(False)", "Dislike", show=False, id="comments.dislike"),
    ]

    def __init__(
        self, article_id: int, select: int | None = None, compose: Target | None = None
    ) -> None:
        """``compose``: open the composer on this target once the article is shown."""
        super().__init__()
        self.article_id = article_id
        self.initial_selection = select
        self.initial_compose = compose
        self.article: Article | None = None
        self._placeholders = 0  # deleted comments in the thread, kept for their replies
        self.reading = ThreadReading(self, article_id, self._update_header)
        self.writing = CommentWriting(
            self, article_id, lambda: self.article, self._stored, self._deleted
        )
        self.links = LinkActions(self)
        #: Follows what a sync or another agora process stores for this article.
        self.live = LiveThread(self, self.reading, lambda: self.article, self._live_changed)

    def compose(self) -> ComposeResult:
        with Container(id="panes"):
            yield LoadingIndicator(id="article-loading")
            with Vertical(id="comments-pane"):
                yield Static(id="comments-header")
                yield IdentityBar(id="identity-bar")
                yield ThreadSearch(self.article_id, id="comments-search")
                yield CommentView(library_of(self).comments, id="comments")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(ThreadSearch).display = False
        self.watch(self.app, "identity", self._show_identity)
        self.query_one(CommentView).placeholder = "Loading the discussion…"
        self._loading_since = monotonic()
        self._loading = self.set_interval(1, self._still_loading)
        self.load()

    def _still_loading(self) -> None:
        """A long load counts its seconds: the pane is working, not blank or stuck."""
        seconds = monotonic() - self._loading_since
        self.query_one(CommentView).placeholder = f"Loading the discussion… {seconds:.0f} s"

    def on_unmount(self) -> None:
        self.reading.save_on_leaving()

    def store_changed(self) -> None:
        """Another process (or a sync) changed the store: re-read this article's thread."""
        self.live.refresh()

    def on_screen_resume(self) -> None:  # back from the composer, a sync, another screen
        self.live.refresh()

    def _live_changed(self, change: ThreadChange) -> None:
        self.article = change.article
        self._placeholders = max(0, len(change.thread) - change.article.comment_count)
        self._update_header()

    def _show_identity(self, identity: Identity | None) -> None:
        bar = self.query_one(IdentityBar)
        bar.via = library_of(self).signins.how(identity)
        bar.identity = identity

    @in_background(group="load-article", exclusive=True)
    def load(self) -> None:
        try:
            visit = open_visit(library_of(self), self.article_id)
        except AgoraError as exc:
            self.app.call_from_thread(self._not_shown, exc)
            return
        # Built here, not on the UI thread: it sorts and indexes every unseen comment.
        reads = ReadTracker(visit.seen_until, visit.unseen, visit.visited)
        self.app.call_from_thread(self._show, visit, reads)

    def _not_shown(self, exc: AgoraError) -> None:
        self._loading.stop()
        self.notify(str(exc), title="Cannot open the article", severity="error", markup=False)
        if self.is_current:
            self.dismiss()

    def _show(self, visit: Visit, reads: ReadTracker) -> None:
        opened = visit.opened
        # Only the article pane keeps the body (it may be tens of megabytes).
        self.article = replace(opened.article, body="")
        self._placeholders = max(0, len(opened.thread) - opened.article.comment_count)
        self.reading.order = visit.order
        self._loading.stop()
        self.query_one("#article-loading").remove()
        pane = ArticlePane(opened.article, visit.body, id="article-pane")
        self.query_one("#panes").mount(pane, before=0)
        view = self.query_one(CommentView)
        self.reading.reads = reads
        view.track_reads(reads)
        view.set_thread(opened.thread, self.initial_selection)
        view.placeholder = empty_thread_text(opened.article, host(self).config.keymap)
        self._update_header()
        (view if self.initial_selection is not None else self.query_one(ArticlePane)).focus()
        self.sub_title = opened.article.title
        if self.initial_compose is not None:
            self.open_composer(self.initial_compose)

    def _update_header(self) -> None:
        view = self.query_one(CommentView)
        # "(deleted)" placeholders keep replies in place but are not comments any more.
        parts = [plural(len(view.thread) - self._placeholders, "comment")]
        if self.article and self.article.comment_status != DiscussionStatus.OPEN:
            parts.append("comments are closed")
        if self.article is not None:
            parts += self.reading.header_parts()
        self.query_one("#comments-header", Static).update(header_content(parts))

    def _selected_comment(self) -> Comment | None:
        return self.query_one(CommentView).selected_comment

    # -- following the discussion (ThreadReading) -----------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.reading.can_clear_search() if action == "clear_search" else True

    def action_search(self) -> None:
        self.reading.open_search()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input is self.reading.search:
            self._update_header()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input is self.reading.search:
            event.stop()
            self.reading.search_submitted()

    def on_thread_search_found(self, event: ThreadSearch.Found) -> None:
        self.reading.found(event)

    def action_clear_search(self) -> None:
        self.reading.clear_search()

    def action_next_new(self) -> None:
        self.reading.next_new()

    def on_comment_view_selected(self, event: CommentView.Selected) -> None:
        self._update_header()

    def on_comment_view_seen(self, event: CommentView.Seen) -> None:
        self.reading.seen()

    def fold_all(self, collapse: bool) -> None:
        """Collapse every thread to its first comment, or expand them all (the palette)."""
        view = self.query_one(CommentView)
        view.action_collapse_all() if collapse else view.action_expand_all()
        view.focus()

    def action_sort(self) -> None:
        self.reading.sort_next()

    def sort_threads(self, order: str, remember: bool = True) -> None:
        """Show the top-level threads in ``order`` (and remember it for every article)."""
        self.reading.sort(order, remember)

    # -- links and clipboard (LinkActions) ------------------------------------------------
    def action_open_link(self) -> None:
        view = self.query_one(CommentView)
        pane = next(iter(self.query(ArticlePane)), None)
        found = pane.picker_links() if pane is not None and not view.has_focus else None
        if pane is not None and found is not None and not pane.scanned:
            self.notify("Still reading the article: these are the links found so far.")
        self.links.pick(view, self.article, found)

    def action_copy_comment(self) -> None:
        comment = self._selected_comment()
        if comment is None:
            self.notify("No comment selected.", severity="warning")
            return
        self.links.copy(as_plain(comment.body, comment.body_format), "Comment text copied")

    def action_copy_link(self) -> None:
        comment = self._selected_comment()
        url = (comment.url if comment else "") or (self.article.url if self.article else "")
        if not url:
            self.notify("This discussion has no web link to copy.", severity="warning")
            return
        self.links.copy(url, "Link copied")

    # -- writing (CommentWriting) ---------------------------------------------------------
    def action_compose(self) -> None:
        self.open_composer(Target(self.article_id))

    def action_reply(self) -> None:
        self.writing.reply(self._selected_comment())

    def action_edit(self) -> None:
        self.writing.edit(self._selected_comment())

    def action_delete(self) -> None:
        self.writing.delete(self._selected_comment())

    def action_vote(self, up: bool) -> None:
        self.writing.vote(self._selected_comment(), up)

    def action_change_identity(self) -> None:
        host(self).choose_identity()

    def action_log_out(self) -> None:
        host(self).log_out()

    def open_composer(self, target: Target) -> None:
        """Open the composer on ``target``, asking who the user is first for a new comment."""
        self.writing.open_composer(target)

    def _stored(self, comment: Comment, edited: bool) -> None:
        view = self.query_one(CommentView)
        if edited:
            view.update_comment(comment)
            self.notify("Your comment was updated.")
        else:
            view.add_comment(comment)
            if self.reading.order != DEFAULT_ORDER:
                self.sort_threads(self.reading.order, remember=False)
            self._update_header()
            if comment.status == CommentStatus.PENDING:
                host(self).outbox.deliver()
                self.notify("Sending your comment to the site...")
            else:
                self.notify("Your comment was posted. Press e to edit it, d to delete it.")
        view.focus()

    def _deleted(self, comment_id: int, placeholder: Comment | None) -> None:
        view = self.query_one(CommentView)
        if placeholder is None:
            view.remove_comment(comment_id)
        else:
            view.update_comment(placeholder)
            self.live.refresh()  # the count of placeholders, as the store has it
        self._update_header()
        if placeholder is None:
            self.notify("Your comment was deleted.")
        else:
            self.notify("Your comment was deleted; a placeholder keeps the replies in place.")
