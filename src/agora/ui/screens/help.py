"""Every key that works where the user is, with the id to remap it in config.toml."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static


def key_entries(app: App[Any], keymap: Mapping[str, str]) -> list[tuple[str, Binding]]:
    """The keys of the app, of its screen and of the screen's focusable widgets, each with the
    group the help lists it under, and remapped as ``keymap`` (id -> keys) says."""
    entries = []
    nodes = [("anywhere", app), (getattr(app.screen, "HELP_GROUP", "here"), app.screen)]
    nodes += [
        (getattr(w, "HELP_GROUP", "here"), w)
        for w in app.screen.query("*")
        if w.BINDINGS and w.can_focus
    ]
    seen: set[tuple[str, str]] = set()
    for where, node in nodes:
        for binding in node.BINDINGS:
            if not isinstance(binding, Binding) or (where, binding.action) in seen:
                continue
            seen.add((where, binding.action))
            if binding.id and binding.id in keymap:
                binding = replace(binding, key=keymap[binding.id])
            entries.append((where, binding))
    return entries


def key_label(keys: str) -> str:
    """'j or down' from 'j,down'; punctuation keys as the characters they type."""
    from textual.keys import format_key

    out = []
    for key in (k.strip() for k in keys.split(",")):
        char = _key_character(key)
        out.append(char if char else format_key(key))
    return " or ".join(out)


def _key_character(key: str) -> str | None:
    import unicodedata

    try:
        char = unicodedata.lookup(key.upper().replace("_", " "))
    except (KeyError, ValueError):
        return None
    printed = char.isprintable() and not char.isspace() and not char.isalnum()
    return char if len(char) == 1 and printed else None


class HelpScreen(ModalScreen[None]):
    """A table of the keys of the screen underneath and of its focused widget."""

    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close", id="help.close")]

    def __init__(self, bindings: list[tuple[str, Binding]]) -> None:
        super().__init__()
        self.entries = bindings

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static("Keys", id="help-title")
            yield DataTable(id="help-table", cursor_type="row", show_cursor=False)
            yield Static(
                "esc, q or ? closes · remap keys in config.toml: "
                '[keymap] "comments.next" = "j,down"',
                id="help-hint",
                markup=False,
            )

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Where", "Key", "Does", "Id")
        for where, binding in self.entries:
            table.add_row(
                Text(where),
                Text(key_label(binding.key), style="bold"),
                Text(binding.description or binding.action),
                Text(binding.id or "", style="dim"),
            )
        table.focus()
