"""One way of saying who you are, as a panel of the 'Leave a Reply' dialog.

Each panel (:class:`ProviderPanel`) collects its details and posts them as an
:class:`IdentityChoice`; its ``apply`` stores them, in the caller's worker.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar

from textual import events
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input

from agora.core.model import Identity
from agora.core.text import sanitize_line
from agora.service.library import Library

#: The provider of a choice that is an identity used before.
REMEMBERED = "remembered"


@dataclass(frozen=True, slots=True)
class IdentityChoice:
    """What the user picked: a remembered identity, or new details for one provider."""

    provider: str
    details: Mapping[str, str] = field(default_factory=dict, repr=False)  # may hold a password
    identity: Identity | None = None


class CleanInput(Input):
    """An input that drops control and invisible characters from what is pasted."""

    def _on_paste(self, event: events.Paste) -> None:
        clean = sanitize_line(event.text)
        if clean != event.text:
            event.prevent_default()
            event.stop()
            super()._on_paste(events.Paste(clean))


class ProviderPanel(Vertical):
    """One way of saying who you are. Subclasses collect details and post ``Submitted``."""

    PROVIDER: ClassVar[str] = ""
    LABEL: ClassVar[str] = ""

    class Submitted(Message):
        """The panel's details are complete and valid."""

        def __init__(self, choice: IdentityChoice) -> None:
            super().__init__()
            self.choice = choice

    def __init__(self, current: Identity | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="provider-panel")
        self.current = current

    def focus_first(self) -> None:
        """Put the cursor in the panel's first field."""

    @staticmethod
    def apply(library: Library, choice: IdentityChoice) -> Identity:
        """Store the choice and make it current (runs in the caller's worker)."""
        raise NotImplementedError
