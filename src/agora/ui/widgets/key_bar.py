"""The keys of the focused screen on one line at the bottom: agora's footer.

It shows what Textual's ``Footer`` shows (each shown binding once per action, disabled ones
dimmed, the command palette key on the right) and clicking a key presses it. It is one
widget drawing one line of text: the ``Footer`` composes a widget per key and composes
them all again whenever focus moves, which measured 30-60 ms at every start of agora, more
than the rest of the article list together.
"""

from __future__ import annotations

from typing import NamedTuple

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget

from agora.ui.readable import visual_role

#: Actions whose keys stay when the bar is too narrow for every key.
KEPT = frozenset({"help", "app.help"})

#: Between the keys of the screen and the command palette's key.
_PALETTE_RULE = "▏"


class KeyLabel(NamedTuple):
    """One key as shown: where it is on the line and what pressing it does."""

    start: int
    end: int
    key: str
    enabled: bool


class Shown(NamedTuple):
    """A binding on the bar; ``rank`` says what goes last when it is too narrow."""

    binding: Binding
    enabled: bool
    rank: int  # 0: the focused widget's, 1: the screen's or the app's, 2: kept


class KeyBar(Widget, can_focus=False):
    """The focused screen's keys and what they do, on one line."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {
        "key-bar--key",
        "key-bar--description",
        "key-bar--disabled",
        "key-bar--palette-rule",
    }

    def __init__(self) -> None:
        super().__init__()
        self._labels: list[KeyLabel] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if screen is self.screen:
            self.refresh()

    def _shown(self) -> tuple[list[Shown], tuple[Binding, bool] | None]:
        """The screen's shown bindings (the first key of each action), and the palette's."""
        active = self.screen.active_bindings
        by_action: dict[str, Shown] = {}
        for node, binding, enabled, _tooltip in active.values():
            if binding.show and binding.action not in by_action:
                rank = 2 if binding.action in KEPT else int(node in (self.screen, self.app))
                by_action[binding.action] = Shown(binding, enabled, rank)
        palette = None
        if self.app.ENABLE_COMMAND_PALETTE and self.app.COMMAND_PALETTE_BINDING in active:
            _node, binding, enabled, _tooltip = active[self.app.COMMAND_PALETTE_BINDING]
            palette = (binding, enabled)
        return list(by_action.values()), palette

    def _label(self, binding: Binding, enabled: bool) -> Content:
        """`` KEY description ``, dimmed when the key does nothing here."""
        off = () if enabled else ("key-bar--disabled",)
        key = visual_role(self, "key-bar--key", *off)
        label = Content.styled(f" {self.app.get_key_display(binding)} ", key)
        if binding.description:
            description = visual_role(self, "key-bar--description", *off)
            label += Content.styled(f"{binding.description} ", description)
        return label

    def render(self) -> Content:
        bindings, palette = self._shown()
        room = self.size.width
        right = Content()
        if palette is not None:
            # A graphic, not text: WCAG asks 3:1 of it.
            rule_style = visual_role(self, "key-bar--palette-rule", ratio=3)
            rule = Content.styled(_PALETTE_RULE, rule_style)
            right = rule + self._label(*palette)
            room -= right.cell_length
        labels = [(self._label(b.binding, b.enabled), b) for b in bindings]
        # Too narrow: the focused widget's keys go first (moving around is the easy part),
        # then the screen's, the last first; the help key, which lists them all, stays.
        while labels and sum(label.cell_length for label, _ in labels) > room:
            drop = min(reversed(range(len(labels))), key=lambda i: labels[i][1].rank)
            del labels[drop]
        parts: list[Content] = []
        self._labels = []
        at = 0
        for label, shown in labels:
            parts.append(label)
            self._labels.append(
                KeyLabel(at, at + label.cell_length, shown.binding.key, shown.enabled)
            )
            at += label.cell_length
        if palette is not None:
            parts.append(Content(" " * (room - at)))
            self._labels.append(
                KeyLabel(room + 1, room + right.cell_length, palette[0].key, palette[1])
            )
            parts.append(right)
        return Content("").join(parts)

    def on_click(self, event: events.Click) -> None:
        for label in self._labels:
            if label.start <= event.x < label.end:
                if label.enabled:
                    self.app.simulate_key(label.key)
                else:
                    self.app.bell()
                return
