"""Every key, grouped by screen and section, with the id to remap it in config.toml.

Generated from the ``BINDINGS`` of the screen underneath and its widgets, of the app, and of
the composer and the identity dialog (whose keys a user wants before opening them): no list
is kept by hand. Scrolls with j/k/g/G and fits a 40×10 terminal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Static

#: Screen titles, by the screen's HELP_GROUP.
SCREENS = {
    "articles": "The article list",
    "article": "Reading an article",
    "composer": "Writing a comment (the composer)",
    "identity": "Who you comment as (the identity dialog, L)",
    "search": "Search",
    "moderation": "Moderation",
}
#: Section titles, by the first part of a binding's id (or the widget's HELP_GROUP).
SECTIONS = {
    "app": "Anywhere",
    "article": "The article",
    "articles": "The list",
    "comments": "The comments",
    "composer": "Writing",
    "identity": "The dialog",
}


@dataclass
class KeyGroup:
    """One screen's keys, in sections (title -> bindings), in the order first met."""

    title: str
    sections: dict[str, list[Binding]] = field(default_factory=dict)

    def add(self, nodes: Iterable[tuple[str, Iterable[Any]]], keymap: Mapping[str, str]) -> None:
        """Add the bindings of each (HELP_GROUP, BINDINGS), each once per section and action."""
        for fallback, bindings in nodes:
            for binding in bindings:
                if not isinstance(binding, Binding) or not (binding.description or binding.id):
                    continue
                section = SECTIONS.get(name := (binding.id or fallback).split(".")[0], name)
                listed = self.sections.setdefault(section.capitalize(), [])
                if any(b.action == binding.action for b in listed):
                    continue
                if binding.id and binding.id in keymap:
                    binding = replace(binding, key=keymap[binding.id])
                listed.append(binding)


def _group(node: DOMNode | type[DOMNode]) -> str:
    return str(getattr(node, "HELP_GROUP", "here"))


def key_groups(app: App[Any], keymap: Mapping[str, str]) -> list[KeyGroup]:
    """The keys of the screen underneath (and its focusable widgets), of the app, of the
    composer and of the identity dialog, remapped as ``keymap`` (id -> keys) says."""
    from agora.ui.modals.identity import IdentityScreen, RememberedList
    from agora.ui.screens.composer import ComposerScreen
    from agora.ui.widgets.composer_parts import ComposerTextArea

    screen = app.screen
    here = KeyGroup(SCREENS.get(_group(screen), "This screen"))
    nodes = [screen, *(w for w in screen.query("*") if w.BINDINGS and w.can_focus)]
    here.add([(_group(node), node.BINDINGS) for node in nodes], keymap)
    anywhere = KeyGroup("Anywhere")
    palette = [Binding(app.COMMAND_PALETTE_BINDING, "command_palette", "Command palette")]
    base = [b for cls in type(app).__mro__ for b in cls.__dict__.get("BINDINGS", [])]
    anywhere.add([("app", [*base, *palette])], keymap)
    groups = [here, anywhere]
    for cls, parts in (
        (ComposerScreen, [ComposerScreen, ComposerTextArea]),
        (IdentityScreen, [IdentityScreen, RememberedList]),
    ):
        if not isinstance(screen, cls):
            group = KeyGroup(SCREENS[_group(cls)])
            group.add([(_group(cls), part.__dict__.get("BINDINGS", [])) for part in parts], keymap)
            groups.append(group)
    return [g for g in groups if g.sections]


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


def help_body(groups: list[KeyGroup], width: int) -> RenderableType:
    """Each screen's heading, its sections and their keys; ids in a column of their own when
    ``width`` allows, else under what the key does."""
    parts: list[RenderableType] = []
    labels = [key_label(b.key) for g in groups for bs in g.sections.values() for b in bs]
    key_width = min(max(map(len, labels), default=1), max(8, width // 3))  # one for all
    for group in groups:
        parts.append(Text(group.title, style="bold reverse"))
        for section, bindings in group.sections.items():
            parts.append(Text(section, style="bold underline"))
            table = Table.grid(padding=(0, 1), expand=True)
            table.add_column(style="bold", width=key_width)
            table.add_column(ratio=1)
            if width >= 60:
                table.add_column(style="dim", ratio=1)
            for binding in bindings:
                does = Text(binding.description or binding.action)
                key = Text(key_label(binding.key))
                if width >= 60:
                    table.add_row(key, does, Text(binding.id or ""))
                else:
                    does.append(f"\n{binding.id}" if binding.id else "", style="dim")
                    table.add_row(key, does)
            parts.append(table)
        parts.append(Text(""))
    parts.append(Text('Remap keys in config.toml: [keymap] "comments.next" = "j,down"', "dim"))
    return Group(*parts)


class HelpScreen(ModalScreen[None]):
    """The keys of the screen underneath, of the app, the composer and the identity dialog."""

    HELP_GROUP = "help"
    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close"),
        Binding("j,down", "scroll('down')", "Scroll down", show=False, id="help.down"),
        Binding("k,up", "scroll('up')", "Scroll up", show=False, id="help.up"),
        Binding("g,home", "scroll('home')", "Top", show=False, id="help.top"),
        Binding("G,end", "scroll('end')", "Bottom", show=False, id="help.bottom"),
        Binding("space,pagedown", "scroll('page_down')", "Page down", show=False, id="help.page"),
        Binding("b,pageup", "scroll('page_up')", "Page up", show=False, id="help.page_up"),
    ]

    def __init__(self, groups: list[KeyGroup]) -> None:
        super().__init__()
        self.groups = groups

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box") as box:
            box.border_title = "Keys"
            box.border_subtitle = "j k g G scroll · esc closes"
            with VerticalScroll(id="help-scroll", can_focus=False):
                yield Static(id="help-body")

    def on_mount(self) -> None:
        self.on_resize()

    def on_resize(self) -> None:
        width, height = self.app.size
        small = width < 60 or height < 16
        self.query_one("#help-box").set_class(small, "-small")
        inner = (width if small else min(width * 9 // 10, 110)) - 5  # border, padding, bar
        self.query_one("#help-body", Static).update(help_body(self.groups, inner))

    def action_scroll(self, where: str) -> None:
        view = self.query_one(VerticalScroll)
        {
            "down": view.scroll_down,
            "up": view.scroll_up,
            "home": view.scroll_home,
            "end": view.scroll_end,
            "page_down": view.scroll_page_down,
            "page_up": view.scroll_page_up,
        }[where](animate=False)
