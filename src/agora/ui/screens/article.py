"""Reading one article beside (or above) its threaded discussion."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Vertical
from textual.screen import Screen
from textual.widgets import LoadingIndicator, Static

from agora.core.errors import AgoraError
from agora.core.humanize import plural
from agora.core.model import Article, Comment, Identity
from agora.core.ordering import DEFAULT_ORDER
from agora.service.reading import ReadTracker, Visit, open_visit
from agora.ui.background import in_background
from agora.ui.clipboard import copy_text
from agora.ui.draft_keeper import Target
from agora.ui.modals.confirm import ConfirmScreen
from agora.ui.screens.article_reading import READING_BINDINGS, ReadingMixin, header_content
from agora.ui.screens.composer import ComposerScreen, Submission
from agora.ui.widgets.article_pane import ArticlePane
from agora.ui.widgets.comment_view import CommentView
from agora.ui.widgets.composer_parts import excerpt
from agora.ui.widgets.identity_bar import IdentityBar
from agora.ui.widgets.key_bar import KeyBar
from agora.ui.widgets.thread_search import ThreadSearch


class ArticleScreen(ReadingMixin, Screen[None]):
    """The article pane and the comments pane."""

    HELP_GROUP = "article"
    BINDINGS = [
        Binding("q", "app.pop_screen", "Back", id="article.back"),
        *READING_BINDINGS,
        Binding("y", "copy_text", "Copy", id="comments.copy"),
        Binding("Y", "copy_link", "Copy link", show=False, id="comments.copy_link"),
        Binding("c", "compose", "Comment", id="comments.comment"),
        Binding("r", "reply", "Reply", id="comments.reply"),
        Binding("e", "edit", "Edit yours", show=False, id="comments.edit"),
        Binding("d", "delete", "Delete yours", show=False, id="comments.delete"),
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
        self.order = DEFAULT_ORDER
        #: What was new at opening and how far the user has read since.
        self.reads = ReadTracker(0, [], visited=False)
        self._placeholders = 0  # deleted comments in the thread, kept for their replies

    def compose(self) -> ComposeResult:
        with Container(id="panes"):
            yield LoadingIndicator(id="article-loading")
            with Vertical(id="comments-pane"):
                yield Static(id="comments-header")
                yield IdentityBar(id="identity-bar")
                yield ThreadSearch(self.article_id, id="comments-search")
                yield CommentView(self.app.library.comments, id="comments")  # type: ignore[attr-defined]
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(ThreadSearch).display = False
        self.watch(self.app, "identity", self._show_identity)
        self.load()

    def on_unmount(self) -> None:
        self.save_seen_on_leaving(self.reads)

    def _show_identity(self, identity: Identity | None) -> None:
        self.query_one(IdentityBar).identity = identity

    @in_background(group="load-article", exclusive=True)
    def load(self) -> None:
        try:
            visit = open_visit(self.app.library, self.article_id)  # type: ignore[attr-defined]
        except AgoraError as exc:
            self.app.call_from_thread(self._not_shown, exc)
            return
        # Built here, not on the UI thread: it sorts and indexes every unseen comment.
        reads = ReadTracker(visit.seen_until, visit.unseen, visit.visited)
        self.app.call_from_thread(self._show, visit, reads)

    def _not_shown(self, exc: AgoraError) -> None:
        self.notify(str(exc), title="Cannot open the article", severity="error", markup=False)
        if self.is_current:
            self.dismiss()

    def _show(self, visit: Visit, reads: ReadTracker) -> None:
        opened = visit.opened
        self.article = opened.article
        self._placeholders = max(0, len(opened.thread) - opened.article.comment_count)
        self.order = visit.order
        self.query_one("#article-loading").remove()
        self.query_one("#panes").mount(ArticlePane(opened.article, id="article-pane"), before=0)
        view = self.query_one(CommentView)
        self.reads = reads
        view.track_reads(reads)
        view.set_thread(opened.thread, self.initial_selection)
        self._update_header()
        (view if self.initial_selection is not None else self.query_one(ArticlePane)).focus()
        self.sub_title = opened.article.title
        if self.initial_compose is not None:
            self.open_composer(self.initial_compose)

    def _update_header(self) -> None:
        view = self.query_one(CommentView)
        # "(deleted)" placeholders keep replies in place but are not comments any more.
        parts = [plural(len(view.thread) - self._placeholders, "comment")]
        if self.article and self.article.comment_status != "open":
            parts.append("comments are closed")
        if self.article is not None:
            parts += self.header_parts()
        self.query_one("#comments-header", Static).update(header_content(parts))

    # -- links and clipboard --------------------------------------------------------------
    def _selected_comment(self) -> Comment | None:
        return self.query_one(CommentView).selected_comment

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

    @in_background(group="clipboard")
    def _copy(self, text: str, title: str) -> None:
        if copy_text(text):
            self.app.call_from_thread(self.notify, _preview(text), title=title, markup=False)
        else:
            self.app.call_from_thread(self._copy_osc52, text, title)

    def _copy_osc52(self, text: str, title: str) -> None:
        self.app.copy_to_clipboard(text)
        self.notify(_preview(text), title=f"{title} (through the terminal)", markup=False)

    # -- writing ----------------------------------------------------------------------------
    def action_compose(self) -> None:
        self.open_composer(Target(self.article_id))

    def action_reply(self) -> None:
        comment = self._selected_comment()
        if self.article is not None and self.article.comment_status != "open":
            self.open_composer(Target(self.article_id))  # says why nobody can reply
        elif comment is None:
            self.notify("Select a comment to reply to (or press c to comment).", severity="warning")
        elif comment.status == "deleted":
            self.notify("That comment was deleted; reply to another one.", severity="warning")
        else:
            self.open_composer(Target(self.article_id, comment.id))

    def action_edit(self) -> None:
        comment = self._own_selected("edit")
        if comment is not None:
            self.open_composer(Target(self.article_id, comment.parent_id, comment.id))

    def action_delete(self) -> None:
        comment = self._own_selected("delete")
        if comment is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._delete(comment.id)

        self.app.push_screen(
            ConfirmScreen(
                "Delete your comment? This cannot be undone.",
                f"“{excerpt(comment.body)}”",
                yes="Delete",
            ),
            answered,
        )

    def action_change_identity(self) -> None:
        self.app.choose_identity()  # type: ignore[attr-defined]

    def action_log_out(self) -> None:
        self.app.log_out()  # type: ignore[attr-defined]

    def _own_selected(self, verb: str) -> Comment | None:
        comment = self._selected_comment()
        if comment is None:
            self.notify(f"Select one of your comments to {verb}.", severity="warning")
            return None
        if comment.status == "deleted":
            self.notify("That comment was deleted.", severity="warning")
            return None
        if not comment.is_own:
            self.notify(f"You can only {verb} your own comments.", severity="warning")
            return None
        return comment

    def open_composer(self, target: Target) -> None:
        """Open the composer on ``target``, asking who the user is first for a new comment."""
        if self.article is None:
            return
        if target.comment_id is None:
            if self.article.comment_status != "open":
                self.notify("Comments are closed on this article.", severity="warning")
                return
            if self.app.identity is None:  # type: ignore[attr-defined]
                self.app.choose_identity(then=lambda _identity: self._prepare_composer(target))  # type: ignore[attr-defined]
                return
        self._prepare_composer(target)

    @in_background(group="composer", exclusive=True)
    def _prepare_composer(self, target: Target) -> None:
        library = self.app.library  # type: ignore[attr-defined]
        keeper = self.app.drafts.get(target)  # type: ignore[attr-defined]
        try:
            parent = library.comment(target.parent_id) if target.parent_id else None
            editing = library.comment(target.comment_id) if target.comment_id else None
            text = keeper.load()
        except AgoraError as exc:
            self.app.call_from_thread(self._error, exc, "Cannot open the composer")
            return
        if text is None:
            text = editing.body if editing is not None else ""
        title = self.article.title if self.article else ""
        screen = ComposerScreen(keeper, text, article_title=title, parent=parent, editing=editing)
        self.app.call_from_thread(self.app.push_screen, screen, self._composed)

    def _composed(self, submission: Submission | None) -> None:
        if submission is not None:
            self._store(submission)

    @in_background(group="post")
    def _store(self, submission: Submission) -> None:
        """Post (or save the edit of) a comment; on failure the text stays as a draft."""
        library = self.app.library  # type: ignore[attr-defined]
        target, body = submission.target, submission.body
        identity = self.app.identity  # type: ignore[attr-defined]
        try:
            if target.comment_id is not None:
                comment = submission.keeper.commit(
                    body, lambda: library.edit(target.comment_id, body)
                )
            else:
                comment = submission.keeper.commit(
                    body,
                    lambda: library.post(
                        target.article_id, target.parent_id, body, identity, from_draft=True
                    ),
                )
        except Exception as exc:  # shown to the user; the text stays a draft either way
            self.app.call_from_thread(self._not_stored, target, exc)
            return
        self.app.call_from_thread(self._stored, comment, target.comment_id is not None)

    def _stored(self, comment: Comment, edited: bool) -> None:
        view = self.query_one(CommentView)
        if edited:
            view.update_comment(comment)
            self.notify("Your comment was updated.")
        else:
            view.add_comment(comment)
            if self.order != DEFAULT_ORDER:
                self.sort_threads(self.order, remember=False)
            self._update_header()
            if comment.status == "pending":
                self.app.deliver_outbox()  # type: ignore[attr-defined]
                self.notify("Sending your comment to the site...")
            else:
                self.notify("Your comment was posted. Press e to edit it, d to delete it.")
        view.focus()

    def _not_stored(self, target: Target, exc: Exception) -> None:
        self._error(exc, "Not posted; your text is kept as a draft")
        self.open_composer(target)

    @in_background(group="post")
    def _delete(self, comment_id: int) -> None:
        library = self.app.library  # type: ignore[attr-defined]
        try:
            removed = library.delete(comment_id)
            placeholder = None if removed else library.comment(comment_id)
        except AgoraError as exc:
            self.app.call_from_thread(self._error, exc, "Not deleted")
            return
        self.app.call_from_thread(self._deleted, comment_id, placeholder)

    def _deleted(self, comment_id: int, placeholder: Comment | None) -> None:
        view = self.query_one(CommentView)
        if placeholder is None:
            view.remove_comment(comment_id)
        else:
            view.update_comment(placeholder)
            self._placeholders += 1
        self._update_header()
        if placeholder is None:
            self.notify("Your comment was deleted.")
        else:
            self.notify("Your comment was deleted; a placeholder keeps the replies in place.")

    def _error(self, exc: Exception, title: str) -> None:
        self.notify(str(exc), title=title, severity="error", markup=False)


def _preview(text: str, limit: int = 60) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"
