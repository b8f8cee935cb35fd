"""Writing a comment: a panel at the bottom of the screen, over the discussion.

The text is saved as a draft while it is typed (at most ``SAVE_DELAY`` behind, in a thread
worker), when the panel closes, and when the app goes away with it open. The screen never
stores a comment itself: ``ctrl+s`` dismisses it with a :class:`Submission` and the caller posts
it, through the same :class:`DraftKeeper` so that no draft outlives its comment.

When a draft cannot be saved (the disk is full, the home folder became read-only), the text
stays in memory, in the text area and in its keeper; the user is told once, the composer's
status line says so while it lasts, and the save is tried again every ``SAVE_RETRY`` seconds
(open composer or not) until it succeeds, which is announced too.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from functools import partial

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import ContentSwitcher, Static, TextArea

from agora.core.errors import AgoraError
from agora.core.model import COMMENT_MAX_CHARS, Comment, Identity
from agora.core.text import sanitize
from agora.core.validation import comment_error
from agora.ui.background import call_on_ui, run_in_background
from agora.ui.draft_keeper import DraftKeeper, Target, save_problem, unsaved_message
from agora.ui.external_editor import run_editor
from agora.ui.host import host
from agora.ui.widgets.comment_preview import CommentPreview
from agora.ui.widgets.composer_parts import ComposerTextArea, counter, heading, identity_line
from agora.ui.widgets.key_bar import KeyBar


@dataclass(frozen=True, slots=True)
class Submission:
    """Text the user asked to post (or, for an edit, to store in place of the old)."""

    target: Target
    body: str
    keeper: DraftKeeper


#: Seconds between attempts to save a draft that could not be saved.
SAVE_RETRY = 3.0


def save_in_background(app: App, keeper: DraftKeeper, text: str) -> None:
    """Save ``text`` as ``keeper``'s draft in a thread worker owned by the app.

    The app owns it so that closing the composer does not cancel the last save. A failure
    keeps the text in memory and is reported by :func:`draft_not_saved`.
    """
    generation = keeper.remember(text)

    def save() -> None:
        try:
            keeper.save(text, generation)
        except AgoraError as exc:
            call_on_ui(app, draft_not_saved, app, keeper, str(exc))
            return
        if keeper.warned:
            call_on_ui(app, draft_saved, app, keeper)

    run_in_background(app, save, group="drafts")


def draft_not_saved(app: App, keeper: DraftKeeper, error: str) -> None:
    """Saving ``keeper``'s text failed (UI thread): say so once, show it in its composer and
    try again in ``SAVE_RETRY`` seconds."""
    if keeper.problem is None or not keeper.unsaved:
        return  # a later save went through meanwhile
    if not keeper.warned:
        keeper.warned = True
        app.notify(
            unsaved_message(error),
            title="Draft not saved",
            severity="warning",
            timeout=10,
            markup=False,
        )
    _show_in_composers(app, keeper)
    if keeper.retry is None:
        keeper.retry = app.set_timer(SAVE_RETRY, partial(_retry_save, app, keeper))


def draft_saved(app: App, keeper: DraftKeeper) -> None:
    """A save went through after failures (UI thread): say so and stop retrying."""
    if keeper.problem is not None or not keeper.warned:
        return
    keeper.warned = False
    if keeper.retry is not None:
        keeper.retry.stop()
        keeper.retry = None
    app.notify("Your draft is saved now.", title="Draft saved", markup=False)
    _show_in_composers(app, keeper)


def _retry_save(app: App, keeper: DraftKeeper) -> None:
    keeper.retry = None
    latest = keeper.latest
    if keeper.problem is None or latest is None or not keeper.unsaved:
        keeper.warned = False  # saved or posted some other way meanwhile
        _show_in_composers(app, keeper)
        return
    save_in_background(app, keeper, latest)


def _show_in_composers(app: App, keeper: DraftKeeper) -> None:
    for screen in app.screen_stack:
        if isinstance(screen, ComposerScreen) and screen.keeper is keeper:
            screen.show_status()


class ComposerScreen(ModalScreen[Submission | None]):
    """Write, preview and post one comment, reply or edit."""

    HELP_GROUP = "composer"
    SAVE_DELAY = 0.5
    BINDINGS = [
        Binding("ctrl+s", "post", "Post", priority=True, id="composer.post"),
        Binding("escape", "close", "Close, keep draft", id="composer.close"),
        Binding("ctrl+t", "toggle_preview", "Preview", priority=True, id="composer.preview"),
        Binding("ctrl+e", "external_editor", "Editor", priority=True, id="composer.editor"),
        Binding("ctrl+l", "change_identity", "Identity", priority=True, id="composer.identity"),
    ]

    def __init__(
        self,
        keeper: DraftKeeper,
        text: str = "",
        *,
        article_title: str = "",
        parent: Comment | None = None,
        editing: Comment | None = None,
        landing: Comment | None = None,
    ) -> None:
        super().__init__()
        self.landing = landing  #: where the site will put the reply, when not under ``parent``
        self.keeper = keeper
        self.target = keeper.target
        self.article_title = article_title
        self.parent_comment = parent
        self.editing = editing
        self._initial = text = sanitize(text)
        self._text = text
        self._requested = text  # the last text handed to a save
        self._timer: Timer | None = None
        self._message = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="composer"):
            yield Static(
                heading(self.article_title, self.parent_comment, self.editing, self.landing),
                id="composer-heading",
            )
            if self.editing is None:
                yield Static(id="composer-identity")
            with ContentSwitcher(initial="composer-text", id="composer-switcher"):
                yield ComposerTextArea(
                    self._initial,
                    soft_wrap=True,
                    tab_behavior="focus",
                    show_line_numbers=False,
                    id="composer-text",
                )
                with VerticalScroll(id="composer-preview"):
                    yield CommentPreview(id="composer-markdown")
            with Horizontal(id="composer-status"):
                yield Static(id="composer-message")
                yield Static(id="composer-count")
        yield KeyBar()

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.move_cursor(area.document.end)
        area.focus()
        self._count()
        if self.editing is None:
            self.watch(self.app, "identity", self._show_identity)
        if self.keeper.problem is not None:  # e.g. back after a post the disk refused
            draft_not_saved(self.app, self.keeper, self.keeper.problem)

    def _show_identity(self, identity: Identity | None) -> None:
        self.query_one("#composer-identity", Static).update(identity_line(identity))

    # -- typing and drafts ----------------------------------------------------------------
    @on(TextArea.Changed, "#composer-text")
    def _changed(self, event: TextArea.Changed) -> None:
        self._text = event.text_area.text
        self._count()
        self._say("")
        if self._timer is None and self._text != self._requested:
            self._timer = self.set_timer(self.SAVE_DELAY, self._flush)

    def _count(self) -> None:
        length = len(sanitize(self._text))
        count = self.query_one("#composer-count", Static)
        count.update(counter(length))
        count.set_class(length > COMMENT_MAX_CHARS, "-over")

    def _flush(self) -> None:
        """Save the text now (in the background) if it changed since the last save."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self._text != self._requested:
            self._requested = self._text
            save_in_background(self.app, self.keeper, self._text)

    def on_unmount(self) -> None:
        # The app is going away with the composer open: save what the timer has not.
        if self._text != self._requested:
            self._requested = self._text
            with contextlib.suppress(AgoraError):
                self.keeper.save(self._text, self.keeper.remember(self._text))

    def _say(self, message: str) -> None:
        self._message = message
        self.show_status()

    def show_status(self) -> None:
        """Show the last message, else whether the draft cannot be saved."""
        message = self._message
        if not message and self.keeper.problem is not None and self.keeper.unsaved:
            message = f"Draft not saved ({save_problem(self.keeper.problem)}): kept in memory"
        self.query_one("#composer-message", Static).update(Content(message))

    # -- actions --------------------------------------------------------------------------
    def action_close(self) -> None:
        self._flush()
        self.dismiss(None)

    def action_post(self) -> None:
        error = comment_error(self._text)
        if error:
            self._say(error)
            return
        if self.editing is None and host(self).identity is None:
            host(self).choose_identity(then=lambda _identity: self.action_post())
            return
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._requested = self._text
        self.keeper.remember(self._text)
        self.dismiss(Submission(self.target, self._text, self.keeper))

    async def action_toggle_preview(self) -> None:
        """Show the comment as the thread will (the Markdown each engine is given, degraded
        to what it can post), or go back to writing."""
        switcher = self.query_one(ContentSwitcher)
        if switcher.current == "composer-text":
            await self.query_one(CommentPreview).show(self._text)
            switcher.current = "composer-preview"
            self.query_one("#composer-preview").focus()
        else:
            switcher.current = "composer-text"
            self.query_one(TextArea).focus()

    def action_external_editor(self) -> None:
        command = os.environ.get("VISUAL") or os.environ.get("EDITOR")
        if not command:
            self.notify(
                "Set $VISUAL or $EDITOR to write in your own editor.",
                title="No editor",
                severity="warning",
                markup=False,
            )
            return
        try:
            text = run_editor(self.app, command, self._text)
        except AgoraError as exc:
            self.notify(str(exc), title="Editor", severity="error", markup=False)
            return
        area = self.query_one(TextArea)
        if text != area.text:
            area.replace(text, (0, 0), area.document.end)
        self.query_one(ContentSwitcher).current = "composer-text"
        area.focus()

    def action_change_identity(self) -> None:
        host(self).choose_identity()
