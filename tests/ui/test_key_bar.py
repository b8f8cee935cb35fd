"""agora's footer: the screen's keys on one line, the palette's on the right, click to press."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Label

from agora.ui.readable import visual_role
from agora.ui.styles import stylesheet_paths
from agora.ui.widgets.key_bar import KeyBar


class Keys(App[None]):
    CSS_PATH = stylesheet_paths()
    BINDINGS = [
        Binding("j", "count('j')", "Down"),
        Binding("down", "count('j')", "Down"),  # the same action: shown once, as j
        Binding("x", "count('x')", "Delete"),
        Binding("z", "count('z')", "Hidden", show=False),
        Binding("w", "count('w')", "Write"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.pressed: list[str] = []
        self.can_write = True

    def compose(self) -> ComposeResult:
        yield Label("body")
        yield KeyBar()

    def action_count(self, key: str) -> None:
        self.pressed.append(key)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "count" and parameters == ("w",) and not self.can_write:
            return None  # shown, dimmed
        return True


def bar_text(app: App[None]) -> str:
    return str(app.query_one(KeyBar).render())


@pytest.mark.parametrize(
    ("width", "keys"),
    [
        (80, " j Down  x Delete  w Write "),  # each shown action once, as its first key
        (36, " j Down  x Delete "),  # too narrow: the last keys go, never the palette's
    ],
)
async def test_the_keys_and_the_palette_on_the_right(width: int, keys: str) -> None:
    app = Keys()
    async with app.run_test(size=(width, 5)) as pilot:
        await pilot.pause()
        text = bar_text(app)
        assert text.startswith(keys) and text[len(keys)] in " ▏"
        assert "Hidden" not in text and "down" not in text
        assert text.endswith("▏ ^p palette ")
        assert len(text) == width


def dimmed(app: App[None]) -> str:
    """The text of the bar drawn in the colours of a disabled key (not the terminal's dim,
    whose contrast the theme cannot promise)."""
    bar = app.query_one(KeyBar)
    off = {
        visual_role(bar, "key-bar--key", "key-bar--disabled"),
        visual_role(bar, "key-bar--description", "key-bar--disabled"),
    }
    content = bar.render()
    assert not any("dim" in str(s.style) for s in content.spans)
    return "".join(bar_text(app)[s.start : s.end] for s in content.spans if s.style in off)


async def test_a_disabled_key_is_dimmed_and_refreshes_with_the_bindings() -> None:
    app = Keys()
    async with app.run_test(size=(80, 5)) as pilot:
        await pilot.pause()
        assert dimmed(app) == ""
        app.can_write = False
        app.refresh_bindings()
        await pilot.pause()
        assert dimmed(app) == " w Write "


async def test_clicking_a_key_presses_it() -> None:
    app = Keys()
    async with app.run_test(size=(80, 5)) as pilot:
        await pilot.pause()
        text = bar_text(app)
        await pilot.click(KeyBar, offset=(text.index("Delete"), 0))
        await pilot.click(KeyBar, offset=(text.index("Down"), 0))
        await pilot.pause()
        assert app.pressed == ["x", "j"]
        await pilot.click(KeyBar, offset=(text.index("palette"), 0))
        await pilot.pause()
        assert app.screen.id == "--command-palette"


class Focused(Widget, can_focus=True):
    BINDINGS = [
        Binding("n", "noop('n')", "Next one"),
        Binding("p", "noop('p')", "Previous one"),
    ]

    def action_noop(self, key: str) -> None:
        pass


class Narrow(App[None]):
    CSS_PATH = stylesheet_paths()
    BINDINGS = [
        Binding("c", "noop('c')", "Comment"),
        Binding("question_mark", "help", "Help"),
        Binding("r", "noop('r')", "Reply"),
    ]

    def compose(self) -> ComposeResult:
        yield Focused()
        yield KeyBar()

    def action_noop(self, key: str) -> None:
        pass

    def action_help(self) -> None:
        pass


@pytest.mark.parametrize(
    ("width", "keys"),
    [
        (100, " n Next one  p Previous one  c Comment  ? Help  r Reply "),
        (48, " c Comment  ? Help  r Reply "),
        (36, " c Comment  ? Help "),
        (22, " ? Help "),
    ],
)
async def test_when_narrow_the_focused_widgets_keys_go_first_and_help_stays(
    width: int, keys: str
) -> None:
    app = Narrow()
    async with app.run_test(size=(width, 5)) as pilot:
        app.query_one(Focused).focus()
        await pilot.pause()
        text = bar_text(app)
        assert text.startswith(keys) and text[len(keys)] in " ▏"
        assert text.endswith("▏ ^p palette ")
