"""Replies to you: answers to your comments and mentions of your name, across every source.

Enter opens the thread on the comment (selected and scrolled to), ``r`` answers it in the
composer; either one counts it as read. The list is read again whenever the screen is shown
and whenever the store changes (a sync, another agora process).
"""

from __future__ import annotations

from functools import partial

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from agora.core.errors import AgoraError
from agora.core.humanize import plural, relative_time
from agora.core.mentions import InboxEntry, InboxReason
from agora.ui.background import call_on_ui, in_background
from agora.ui.host import library_of
from agora.ui.widgets.key_bar import KeyBar

EMPTY = (
    "No replies to you yet. When someone answers one of your comments, or mentions your "
    "name, it shows here after a sync (R)."
)


def entry_prompt(entry: InboxEntry) -> Content:
    """Two lines: who, why and where; then the start of what they wrote."""
    what = " replied to you" if entry.reason == InboxReason.REPLY else " mentioned you"
    text = " ".join(entry.text.split())
    return Content.assemble(
        ("● " if entry.unread else "  ", "bold $accent"),
        (entry.author_name or "Anonymous", "bold" if entry.unread else ""),
        (what, "$text-muted"),
        (" on ", "$text-muted"),
        (entry.article_title or "(untitled)", "italic"),
        (f" · {entry.source_name} · {relative_time(entry.created)}", "$text-muted"),
        "\n",
        ("  ", ""),
        (text[:300] or "(no text)", "" if entry.unread else "$text-muted"),
    )


class InboxScreen(Screen[None]):
    """Replies to your comments and mentions of you, newest first."""

    HELP_GROUP = "inbox"
    BINDINGS = [
        Binding("enter", "open", "Open thread", id="inbox.open"),
        Binding("r", "reply", "Reply", id="inbox.reply"),
        Binding("j", "cursor_down", "Down", show=False, id="inbox.down"),
        Binding("k", "cursor_up", "Up", show=False, id="inbox.up"),
        Binding("q", "close", "Back", id="inbox.back"),
        Binding("escape", "close", "Back", show=False, id="inbox.back_escape"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[InboxEntry] = []
        self._loading = False
        self._stale = False

    def compose(self) -> ComposeResult:
        yield Static(Content("Replies to you"), id="inbox-title")
        yield Static(Content("Reading…"), id="inbox-status")
        yield OptionList(id="inbox-list")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Replies to you"
        self.query_one(OptionList).focus()

    def on_screen_resume(self) -> None:
        self.reload()

    def store_changed(self) -> None:
        """Another process (or a sync) changed the store: read the list again."""
        self.reload()

    def reload(self) -> None:
        if self._loading:
            self._stale = True
            return
        self._loading = True
        self._load()

    @in_background(group="inbox")
    def _load(self) -> None:
        from agora.service.replies import replies

        try:
            entries = replies(library_of(self))
        except AgoraError as exc:
            call_on_ui(self.app, self._failed, exc)
            return
        call_on_ui(self.app, self._show, entries)

    def _failed(self, exc: AgoraError) -> None:
        self._done()
        self.notify(str(exc), title="Cannot read the replies", severity="error", markup=False)

    def _done(self) -> None:
        self._loading = False
        if self._stale:
            self._stale = False
            self.reload()

    def _show(self, entries: list[InboxEntry]) -> None:
        self._done()
        if entries == self.entries and self.query_one(OptionList).option_count:
            return
        listing = self.query_one(OptionList)
        keep = self._selected()
        self.entries = entries
        listing.set_options(Option(entry_prompt(e)) for e in entries)
        ids = [e.comment_id for e in entries]
        if entries:
            at = ids.index(keep.comment_id) if keep and keep.comment_id in ids else 0
            listing.highlighted = at
        unread = sum(e.unread for e in entries)
        title = "Replies to you" + (f" · {unread:,} unread" if unread else "")
        self.query_one("#inbox-title", Static).update(Content(title))
        status = plural(len(entries), "reply", "replies") if entries else EMPTY
        self.query_one("#inbox-status", Static).update(Content(status))

    def _selected(self) -> InboxEntry | None:
        index = self.query_one(OptionList).highlighted
        return self.entries[index] if index is not None and index < len(self.entries) else None

    @on(OptionList.OptionSelected, "#inbox-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        entry = self._selected()
        if entry is not None:
            self._go(entry, reply=False)

    def action_reply(self) -> None:
        entry = self._selected()
        if entry is not None:
            self._go(entry, reply=True)

    def _go(self, entry: InboxEntry, reply: bool) -> None:
        from agora.ui.draft_keeper import Target
        from agora.ui.screens.article import ArticleScreen

        self._mark_read(entry)
        compose = Target(entry.article_id, entry.comment_id) if reply else None
        self.app.push_screen(ArticleScreen(entry.article_id, entry.comment_id, compose=compose))

    @in_background(group="inbox-read")
    def _mark_read(self, entry: InboxEntry) -> None:
        from agora.service.replies import mark_reply_read

        try:
            mark_reply_read(library_of(self), entry)
        except AgoraError as exc:
            warn = partial(self.notify, title="Cannot save", severity="warning", markup=False)
            call_on_ui(self.app, warn, str(exc))

    def action_cursor_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def action_close(self) -> None:
        self.dismiss()
