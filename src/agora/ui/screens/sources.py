"""Sources: every site (of any engine) and feed, with its kind, account, last sync, article
count and last error; add, remove, sync, sign in and out without leaving the app."""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Static

from agora.core.errors import AgoraError
from agora.core.humanize import plural
from agora.core.model import Identity
from agora.service.source_admin import (
    SourceInfo,
    remove_source,
    sign_out,
    source_list,
    what_removal_does,
)
from agora.ui.background import call_on_ui, in_background
from agora.ui.host import host, library_of
from agora.ui.widgets.key_bar import KeyBar
from agora.ui.widgets.source_cells import COLUMNS, row_cells


class SourcesScreen(Screen[None]):
    """The sites and feeds agora reads."""

    HELP_GROUP = "sources"
    BINDINGS = [
        Binding("a", "add", "Add", id="sources.add"),
        Binding("s", "sync", "Sync", id="sources.sync"),
        Binding("R", "sync_all", "Sync all", show=False, id="sources.sync_all"),
        Binding("i", "sign_in", "Sign in", id="sources.sign_in"),
        Binding("o", "sign_out", "Sign out", id="sources.sign_out"),
        Binding("d,delete", "remove", "Remove", id="sources.remove"),
        Binding("enter", "show_articles", "Articles", id="sources.articles"),
        Binding("j", "cursor_down", "Down", show=False, id="sources.down"),
        Binding("k", "cursor_up", "Up", show=False, id="sources.up"),
        Binding("q,escape", "back", "Back", id="sources.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.sources: list[SourceInfo] = []
        self._narrow = False

    def compose(self) -> ComposeResult:
        yield Static("agora › Sources", id="sources-title")
        yield DataTable(id="sources-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="sources-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key, label in COLUMNS:
            table.add_column(label, key=key)
        table.focus()

    def on_screen_resume(self) -> None:
        self.reload()

    def on_resize(self) -> None:
        if self.sources and (self.size.width < 100) != self._narrow:
            self._show(self.sources)  # the cells' widths depend on the screen's

    # -- reading --------------------------------------------------------------------------
    def reload(self) -> None:
        self._load()

    @in_background(group="sources", exclusive=True)
    def _load(self) -> None:
        try:
            found = source_list(library_of(self))
        except AgoraError as exc:
            call_on_ui(self.app, self._error, "Cannot read the sources", exc)
            return
        call_on_ui(self.app, self._show, found)

    def _show(self, found: list[SourceInfo]) -> None:
        table = self.query_one(DataTable)
        keep = self.selected.id if self.selected else None
        self.sources = found
        table.clear()
        self._narrow = self.size.width < 100
        for source in found:
            cells = [Text(c) for c in row_cells(source, self.size.width)]
            table.add_row(*cells, key=str(source.id))
        title = f"agora › Sources · {plural(len(found), 'site or feed', 'sites and feeds')}"
        self.query_one("#sources-title", Static).update(Content(title))
        if keep is not None and (index := self._index(keep)) is not None:
            table.move_cursor(row=index)
        self._describe()

    def _index(self, source_id: int) -> int | None:
        return next((i for i, s in enumerate(self.sources) if s.id == source_id), None)

    @property
    def selected(self) -> SourceInfo | None:
        """The source under the cursor."""
        row = self.query_one(DataTable).cursor_row
        return self.sources[row] if 0 <= row < len(self.sources) else None

    @on(DataTable.RowHighlighted)
    def _describe(self) -> None:
        detail = self.query_one("#sources-detail", Static)
        source = self.selected
        if source is None:
            detail.update(
                Content("No sites or feeds yet. Press a to add one: a site's address or a feed.")
            )
            return
        lines = [f"{source.label} · {source.address}"]
        if source.is_site:
            who = source.account or "a guest (press i to sign in)"
            lines.append(f"You comment there as {who}.")
        if source.last_error:
            lines.append(f"Last sync failed: {' '.join(source.last_error.split())}")
        detail.update(Content("\n".join(lines)))

    # -- keys -----------------------------------------------------------------------------
    def action_cursor_down(self) -> None:
        self.query_one(DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(DataTable).action_cursor_up()

    def action_back(self) -> None:
        self.dismiss()

    def action_add(self) -> None:
        from agora.ui.modals.add_source import AddSourceScreen

        self.app.push_screen(AddSourceScreen(), self._added)

    def _added(self, added: SourceInfo | None) -> None:
        if added is None:
            return
        self.reload()
        if added.is_site:
            self.notify(
                f"Added {added.name} ({added.label}). Reading its articles; press i to sign in.",
                markup=False,
            )
            self._sync(added.id)
        else:
            self.notify(
                f"Following {added.name}: {plural(added.articles, 'article')}.", markup=False
            )

    def action_sync(self) -> None:
        if (source := self.selected) is not None:
            self._sync(source.id)

    def action_sync_all(self) -> None:
        self._sync(None)

    def _sync(self, source_id: int | None) -> None:
        from agora.ui.screens.sync import SyncScreen

        self.app.push_screen(SyncScreen(source_id, feeds=True), lambda _: self.reload())

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_show_articles()

    def action_show_articles(self) -> None:
        from agora.ui.screens.articles import ArticlesScreen

        source = self.selected
        below = self.app.screen_stack[-2] if len(self.app.screen_stack) > 1 else None
        if source is None or not isinstance(below, ArticlesScreen):
            return
        self.dismiss()
        below.show_source(source.id)

    def action_sign_in(self) -> None:
        source = self.selected
        if source is None:
            return
        if not source.is_site:
            self.notify("A feed has no account: nothing to sign in to.", markup=False)
            return
        host(self).choose_identity(self._signed_in, site=source.id)

    def _signed_in(self, identity: Identity) -> None:
        self.notify(f"You are commenting as {identity.name}.", markup=False)
        self.reload()

    def action_sign_out(self) -> None:
        source = self.selected
        if source is None or not source.is_site or not source.account:
            self.notify("You are not signed in there.", markup=False)
            return
        from agora.ui.modals.confirm import ConfirmScreen

        question = f"Sign out of {source.name}?"
        detail = (
            f"agora forgets {source.account} there and its password or token in your system "
            "keyring. Your comments stay; sign in again with i."
        )
        self.app.push_screen(
            ConfirmScreen(question, detail, yes="Sign out"),
            partial(self._confirmed_sign_out, source),
        )

    def _confirmed_sign_out(self, source: SourceInfo, yes: bool | None) -> None:
        if yes:
            self._sign_out(source)

    @in_background(group="sources-account")
    def _sign_out(self, source: SourceInfo) -> None:
        library = library_of(self)
        try:
            gone = sign_out(library, source.id)
            current = library.current_identity()
        except AgoraError as exc:
            call_on_ui(self.app, self._error, "Cannot sign out", exc)
            return
        call_on_ui(self.app, self._signed_out, source, gone, current)

    def _signed_out(self, source: SourceInfo, gone: list[str], current: Identity | None) -> None:
        host(self).identity = current
        names = ", ".join(gone) or "no account"
        self.notify(f"Signed out of {source.name} ({names}).", markup=False)
        self.reload()

    def action_remove(self) -> None:
        if (source := self.selected) is not None:
            self._ask_removal(source)

    @in_background(group="sources-remove", exclusive=True)
    def _ask_removal(self, source: SourceInfo) -> None:
        try:
            found, detail = what_removal_does(library_of(self), source)
        except AgoraError as exc:
            call_on_ui(self.app, self._error, "Cannot remove", exc)
            return
        call_on_ui(self.app, self._confirm_removal, source, found.queued, detail)

    def _confirm_removal(self, source: SourceInfo, queued: int, detail: str) -> None:
        from agora.ui.modals.confirm import ConfirmScreen

        if queued:
            self.notify(
                f"{plural(queued, 'comment')} of yours still wait to be sent to {source.name}: "
                "sync (s) to send them, or delete them, then remove it.",
                title="Not removed",
                severity="warning",
                markup=False,
            )
            return
        self.app.push_screen(
            ConfirmScreen(f"Remove {source.name}?", detail, yes="Remove"),
            partial(self._confirmed_removal, source),
        )

    def _confirmed_removal(self, source: SourceInfo, yes: bool | None) -> None:
        if yes:
            self._remove(source)

    @in_background(group="sources-remove")
    def _remove(self, source: SourceInfo) -> None:
        try:
            done = remove_source(library_of(self), source.id)
        except AgoraError as exc:
            call_on_ui(self.app, self._error, "Not removed", exc)
            return
        call_on_ui(self.app, self._removed, source, done.articles)

    def _removed(self, source: SourceInfo, articles: int) -> None:
        self.notify(f"Removed {source.name} and {plural(articles, 'article')}.", markup=False)
        self.reload()

    def _error(self, title: str, exc: AgoraError) -> None:
        self.notify(str(exc), title=title, severity="error", markup=False)
