"""Every key that works where the user is, with the id to remap it in config.toml."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static


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
