"""Adding a site or a feed by its address: 'Connecting to SITE…' while it is found, the
engine's own message when it cannot be."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from agora.core.errors import AgoraError
from agora.service.sites import host_of
from agora.service.source_admin import SourceInfo, add_source
from agora.ui.background import call_on_ui, in_background
from agora.ui.host import library_of


class AddSourceScreen(ModalScreen[SourceInfo | None]):
    """Ask for an address; each engine tries it, then it is tried as a feed. Returns the
    source added, or None when cancelled."""

    HELP_GROUP = "add source"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="add_source.cancel")]

    _busy = False

    def compose(self) -> ComposeResult:
        with Vertical(id="add-source-box"):
            yield Static("Add a site or a feed", id="add-source-title")
            yield Static(
                "The address of a site (WordPress and the other engines agora knows), one of "
                "its articles, or an RSS/Atom feed.",
                classes="add-source-note",
            )
            yield Input(placeholder="https://example.org", id="add-source-url")
            yield Static(id="add-source-status")
            yield Static("enter: add · esc: cancel", classes="add-source-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def _status(self, text: str, *, error: bool = False) -> None:
        status = self.query_one("#add-source-status", Static)
        status.update(Content(text))
        status.set_class(error, "-error")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        url = event.value.strip()
        if self._busy:
            return
        if not url:
            self._status("Type the address of a site or a feed.", error=True)
            return
        self._busy = True
        self.query_one(Input).disabled = True
        self._status(f"Connecting to {host_of(url)}…")
        self._add(url)

    @in_background(group="add-source", exclusive=True)
    def _add(self, url: str) -> None:
        try:
            added = add_source(library_of(self), url)
        except AgoraError as exc:
            call_on_ui(self.app, self._failed, str(exc))
            return
        except Exception:
            call_on_ui(self.app, self._failed, "")
            raise
        call_on_ui(self.app, self._added, added)

    def _failed(self, message: str) -> None:
        if not self.is_current:
            return  # cancelled meanwhile
        self._busy = False
        field = self.query_one(Input)
        field.disabled = False
        field.focus()
        self._status(message or "Something went wrong; the address was not added.", error=True)

    def _added(self, added: SourceInfo) -> None:
        if self.is_current:
            self.dismiss(added)
        else:  # cancelled after the request went out: it was added all the same
            self.app.notify(f"{added.name} was added all the same.", markup=False)

    def action_cancel(self) -> None:
        self.dismiss(None)
