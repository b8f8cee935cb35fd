"""A site's moderation queue: held comments, approved, marked spam or trashed by key."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Static

from agora.core.errors import AgoraError
from agora.core.humanize import relative_time
from agora.service.moderation_queue import HeldComment
from agora.service.sites import Site
from agora.ui.background import in_background
from agora.ui.host import library_of
from agora.ui.widgets.key_bar import KeyBar

_VERBS = {"approved": "approved", "spam": "marked as spam", "trash": "moved to the trash"}


class ModerationScreen(Screen[None]):
    """Comments awaiting moderation on one WordPress site (needs a moderator's account)."""

    HELP_GROUP = "moderation"
    BINDINGS = [
        Binding("a", "moderate('approved')", "Approve", id="moderation.approve"),
        Binding("s", "moderate('spam')", "Spam", id="moderation.spam"),
        Binding("t", "moderate('trash')", "Trash", id="moderation.trash"),
        Binding("R", "reload", "Reload", id="moderation.reload"),
        Binding("q,escape", "app.pop_screen", "Back", id="moderation.back"),
    ]

    def __init__(self, site: Site) -> None:
        super().__init__()
        self.site = site
        self.held: dict[str, HeldComment] = {}

    def compose(self) -> ComposeResult:
        yield Static(
            Content.from_markup("Moderation queue · [b]$site[/b]", site=self.site.name),
            id="moderation-title",
        )
        yield DataTable(id="moderation-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="moderation-body")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Author", "When", "Comment")
        self.action_reload()

    def action_reload(self) -> None:
        self.query_one("#moderation-body", Static).update(
            Content(f"Connecting to {self.site.host}...")
        )
        self._load()

    @in_background(group="moderation", exclusive=True)
    def _load(self) -> None:
        try:
            held = library_of(self).moderation_queue(self.site.id)
        except AgoraError as exc:
            self.app.call_from_thread(self._show_error, str(exc))
            return
        self.app.call_from_thread(self._show, held)

    def _show_error(self, message: str) -> None:
        self.query_one("#moderation-body", Static).update(Content(message))

    def _show(self, held: list[HeldComment]) -> None:
        table = self.query_one(DataTable)
        table.clear()
        self.held = {str(c.remote_id): c for c in held}
        for c in held:
            first_line = " ".join(c.body.split())[:200]
            table.add_row(
                Text(c.author_name, no_wrap=True, overflow="ellipsis"),
                Text(relative_time(c.created)),
                Text(first_line, no_wrap=True, overflow="ellipsis"),
                key=str(c.remote_id),
            )
        message = (
            "Nothing is waiting for moderation."
            if not held
            else (f"{len(held)} held · a approve · s spam · t trash")
        )
        self.query_one("#moderation-body", Static).update(Content(message))
        table.focus()
        # The first DataTable of a process adds its CSS to the stylesheet as it mounts; filled
        # from a worker just after, the screen could stay unpainted until the next event
        # (under load, about one start in three). Asking for a layout once the rows are in
        # paints it.
        self.refresh(layout=True)

    def _current(self) -> HeldComment | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.held.get(key or "")

    def action_moderate(self, status: str) -> None:
        comment = self._current()
        if comment is None:
            self.notify("Nothing selected.", severity="warning")
            return
        self._moderate(comment, status)

    @in_background(group="moderation-action")
    def _moderate(self, comment: HeldComment, status: str) -> None:
        try:
            library_of(self).moderate(self.site.id, comment.remote_id, status)
        except AgoraError as exc:
            self.app.call_from_thread(
                self.notify, str(exc), title="Not changed", severity="error", markup=False
            )
            return
        self.app.call_from_thread(self._moderated, comment, status)

    def _moderated(self, comment: HeldComment, status: str) -> None:
        table = self.query_one(DataTable)
        key = str(comment.remote_id)
        if key in self.held:
            del self.held[key]
            table.remove_row(key)
        self.notify(
            f"{comment.author_name}'s comment was {_VERBS.get(status, status)}.", markup=False
        )
