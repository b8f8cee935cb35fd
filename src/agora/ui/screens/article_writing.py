"""Writing on the article screen: comment, reply, edit or delete one of your comments.

:class:`CommentWriting` belongs to one :class:`~agora.ui.screens.article.ArticleScreen`. It
opens the composer (asking who the user is first for a new comment), then stores what comes
back, or deletes, in the screen's workers; the screen shows the result (``stored``,
``deleted``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.screen import Screen

from agora.core.errors import AgoraError
from agora.core.model import Article, Comment, CommentStatus, DiscussionStatus
from agora.ui.background import run_in_background
from agora.ui.draft_keeper import Target
from agora.ui.host import host
from agora.ui.modals.confirm import ConfirmScreen
from agora.ui.screens.composer import ComposerScreen, Submission
from agora.ui.widgets.composer_parts import excerpt

#: Shows a comment that was stored: (the comment, True for an edit).
Stored = Callable[[Comment, bool], None]
#: Shows a deletion: (the comment id, the placeholder left for its replies, if any).
Deleted = Callable[[int, Comment | None], None]


class CommentWriting:
    """The writing actions of the article screen ``screen``."""

    def __init__(
        self,
        screen: Screen[None],
        article_id: int,
        article: Callable[[], Article | None],
        stored: Stored,
        deleted: Deleted,
    ) -> None:
        """``article``: the screen's article once it is shown (None: nothing can be written)."""
        self.screen = screen
        self.article_id = article_id
        self._article = article
        self._stored = stored
        self._deleted = deleted

    @property
    def article(self) -> Article | None:
        return self._article()

    @property
    def _open(self) -> bool:
        article = self.article
        return article is not None and article.comment_status == DiscussionStatus.OPEN

    def reply(self, comment: Comment | None) -> None:
        notify = self.screen.notify
        if self.article is not None and not self._open:
            self.open_composer(Target(self.article_id))  # says why nobody can reply
        elif comment is None:
            notify("Select a comment to reply to (or press c to comment).", severity="warning")
        elif comment.status == CommentStatus.DELETED:
            notify("That comment was deleted; reply to another one.", severity="warning")
        else:
            self.open_composer(Target(self.article_id, comment.id))

    def edit(self, comment: Comment | None) -> None:
        comment = self._own(comment, "edit")
        if comment is not None:
            self.open_composer(Target(self.article_id, comment.parent_id, comment.id))

    def delete(self, comment: Comment | None) -> None:
        """Ask, then delete one of the user's comments."""
        own = self._own(comment, "delete")
        if own is not None:  # the site may let only moderators delete: ask it first
            run_in_background(self.screen, partial(self._may_delete, own), group="post")

    def _may_delete(self, own: Comment) -> None:
        try:
            host(self.screen).library.check_change(own.id, delete=True)
        except AgoraError as exc:
            self.screen.app.call_from_thread(self._error, exc, "Cannot delete")
            return
        self.screen.app.call_from_thread(self._confirm_delete, own)

    def _confirm_delete(self, own: Comment) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                run_in_background(self.screen, partial(self._delete, own.id), group="post")

        confirm = ConfirmScreen(
            "Delete your comment? This cannot be undone.", f"“{excerpt(own.body)}”", yes="Delete"
        )
        self.screen.app.push_screen(confirm, answered)

    def _own(self, comment: Comment | None, verb: str) -> Comment | None:
        notify = self.screen.notify
        if comment is None:
            notify(f"Select one of your comments to {verb}.", severity="warning")
            return None
        if comment.status == CommentStatus.DELETED:
            notify("That comment was deleted.", severity="warning")
            return None
        if not comment.is_own:
            notify(f"You can only {verb} your own comments.", severity="warning")
            return None
        return comment

    def open_composer(self, target: Target) -> None:
        """Open the composer on ``target``, asking who the user is first for a new comment."""
        if self.article is None:
            return
        if target.comment_id is None:
            if not self._open:
                self.screen.notify("Comments are closed on this article.", severity="warning")
                return
            app = host(self.screen)
            if app.identity is None:
                app.choose_identity(then=lambda _identity: self._prepare_composer(target))
                return
        self._prepare_composer(target)

    def _prepare_composer(self, target: Target) -> None:
        prepare = partial(self._prepare, target)
        run_in_background(self.screen, prepare, group="composer", exclusive=True)

    def _prepare(self, target: Target) -> None:
        from agora.service.accounts import window_of
        from agora.service.writing import reply_landing

        app = self.screen.app
        library = host(self.screen).library
        keeper = host(self.screen).drafts.get(target)
        try:
            if target.comment_id is not None:  # said before the user types: not on sending
                window, closed = window_of(library.store, library.secrets, target.comment_id)
                if closed:
                    raise AgoraError(closed[0].upper() + closed[1:] + ".")
                if window:
                    app.call_from_thread(self.screen.notify, window, title="Editing", markup=False)
            parent = library.comment(target.parent_id) if target.parent_id else None
            landing = (
                reply_landing(library.store, parent.id)
                if parent and not target.comment_id
                else None
            )
            editing = library.comment(target.comment_id) if target.comment_id else None
            if target.comment_id is not None:  # may the account edit it there? (ask first)
                library.check_change(target.comment_id)
            text = keeper.load()
        except AgoraError as exc:
            title = "Cannot edit" if target.comment_id else "Cannot open the composer"
            app.call_from_thread(self._error, exc, title)
            return
        if text is None:
            text = editing.body if editing is not None else ""
        title = self.article.title if self.article else ""
        screen = ComposerScreen(
            keeper, text, article_title=title, parent=parent, editing=editing, landing=landing
        )
        app.call_from_thread(app.push_screen, screen, self._composed)

    def _composed(self, submission: Submission | None) -> None:
        if submission is not None:
            run_in_background(self.screen, partial(self._store, submission), group="post")

    def _store(self, submission: Submission) -> None:
        """Post (or save the edit of) a comment; on failure the text stays as a draft."""
        app = self.screen.app
        library = host(self.screen).library
        target, body = submission.target, submission.body
        identity = host(self.screen).identity
        edited = target.comment_id
        try:
            if edited is not None:
                comment = submission.keeper.commit(body, lambda: library.edit(edited, body))
            else:
                comment = submission.keeper.commit(
                    body,
                    lambda: library.post(
                        target.article_id, target.parent_id, body, identity, from_draft=True
                    ),
                )
        except Exception as exc:  # shown to the user; the text stays a draft either way
            app.call_from_thread(self._not_stored, target, exc)
            return
        app.call_from_thread(self._stored, comment, edited is not None)

    def _not_stored(self, target: Target, exc: Exception) -> None:
        self._error(exc, "Not posted; your text is kept as a draft")
        self.open_composer(target)

    def _delete(self, comment_id: int) -> None:
        app = self.screen.app
        library = host(self.screen).library
        try:
            removed = library.delete(comment_id)
            placeholder = None if removed else library.comment(comment_id)
        except AgoraError as exc:
            app.call_from_thread(self._error, exc, "Not deleted")
            return
        app.call_from_thread(self._deleted, comment_id, placeholder)

    def vote(self, comment: Comment | None, up: bool) -> None:
        """Like (``up``) or dislike the selected comment on its site."""
        if comment is None:
            return
        if comment.likes is None:
            self.screen.notify("Only comments on sites that have votes can be voted on.")
            return
        run_in_background(self.screen, partial(self._vote, comment, up), group="vote")

    def _vote(self, comment: Comment, up: bool) -> None:
        app = self.screen.app
        library = host(self.screen).library
        try:
            likes, dislikes = library.vote(comment.id, up)
            changed = library.comment(comment.id)
        except AgoraError as exc:
            app.call_from_thread(self._error, exc, "Vote not sent")
            return
        app.call_from_thread(
            self._voted, changed, (likes, dislikes) == (comment.likes, comment.dislikes)
        )

    def _voted(self, comment: Comment, uncounted: bool) -> None:
        from agora.ui.widgets.comment_view import CommentView

        self.screen.query_one(CommentView).update_comment(comment)
        counts = f"▲ {comment.likes} ▼ {comment.dislikes}"
        if uncounted:
            note = "The site did not count it (one vote per reader, none on your own comments)."
            self.screen.notify(f"{counts}. {note}", title="Vote", markup=False)
        else:
            self.screen.notify(counts, title="Vote counted", markup=False)

    def _error(self, exc: Exception, title: str) -> None:
        self.screen.notify(str(exc), title=title, severity="error", markup=False)
