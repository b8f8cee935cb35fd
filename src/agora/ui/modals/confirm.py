"""A yes/no question, answered with the keyboard or the mouse. Returns True for yes."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ConfirmScreen(ModalScreen[bool]):
    """Ask before doing something that cannot be undone. The safe answer has the focus."""

    HELP_GROUP = "confirm"
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
        Binding("left,right", "app.focus_next", "Switch", show=False, id="confirm.switch"),
    ]

    def __init__(
        self, question: str, detail: str = "", *, yes: str = "Yes", no: str = "Cancel"
    ) -> None:
        """``question`` and ``detail`` are shown as plain text (``detail`` may be user text)."""
        super().__init__()
        self.question = question
        self.detail = detail
        self.yes_label = yes
        self.no_label = no

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(Content(self.question), id="confirm-question")
            if self.detail:
                yield Static(Content(self.detail), id="confirm-detail")
            with Horizontal(id="confirm-buttons"):
                yield Button(self.no_label, id="confirm-no")
                yield Button(self.yes_label, variant="error", id="confirm-yes")
            yield Static(
                Content.from_markup(
                    "[b]y[/b] $yes · [b]n[/b] or [b]esc[/b] $no",
                    yes=self.yes_label.lower(),
                    no=self.no_label.lower(),
                ),
                id="confirm-hint",
            )

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm-yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
