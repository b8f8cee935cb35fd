"""Commenting as a guest: name, email and website, as on a WordPress comment form."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Button, Input, Label, Static

from agora.core.model import GUEST, Identity
from agora.core.validation import EMAIL_MAX, NAME_MAX, WEBSITE_MAX, guest_errors
from agora.service.library import Library
from agora.ui.widgets.identity_panel import CleanInput, IdentityChoice, ProviderPanel


class GuestPanel(ProviderPanel):
    """Name, email and website, as on a WordPress comment form."""

    PROVIDER = GUEST
    LABEL = "Your details"
    FIELDS: ClassVar[list[tuple[str, str, str, int]]] = [
        ("name", "Name *", "required", NAME_MAX),
        ("email", "Email *", "required, never shown publicly", EMAIL_MAX),
        ("website", "Website", "optional, like example.org/you", WEBSITE_MAX),
    ]

    def compose(self) -> ComposeResult:
        yield Static("Fill in your details below", classes="identity-lead -first")
        yield Static(
            # The star in the middle: never left alone on a line, whatever the width.
            "Your email address will never be shown publicly. Fields marked * are required.",
            classes="identity-note",
        )
        current = self.current if self.current and not self.current.is_account else None
        for key, label, hint, limit in self.FIELDS:
            with Horizontal(classes="identity-field"):
                yield Label(label, classes="identity-label")
                yield CleanInput(
                    value=getattr(current, key, "") if current else "",
                    placeholder=hint,
                    max_length=limit,
                    id=f"identity-{key}",
                )
            yield Static(id=f"identity-{key}-error", classes="identity-error")
        with Horizontal(classes="identity-buttons"):
            yield Button("Continue", variant="primary", compact=True, id="identity-continue")

    def focus_first(self) -> None:
        self.query_one("#identity-name", Input).focus()

    def values(self) -> dict[str, str]:
        return {key: self.query_one(f"#identity-{key}", Input).value for key, *_ in self.FIELDS}

    def show_errors(self, errors: Mapping[str, str], only: str | None = None) -> None:
        """Put each message beside its field (or clear it); ``only`` limits to one field."""
        for key, *_ in self.FIELDS:
            if only is not None and key != only:
                continue
            message = errors.get(key, "")
            self.query_one(f"#identity-{key}", Input).set_class(bool(message), "-field-error")
            error = self.query_one(f"#identity-{key}-error", Static)
            error.update(Content(message))
            error.set_class(bool(message), "-shown")

    def submit(self) -> None:
        """Validate every field; post the choice, or show what is wrong."""
        values = self.values()
        errors = guest_errors(**values)
        self.show_errors(errors)
        if errors:
            first = next(key for key, *_ in self.FIELDS if key in errors)
            self.query_one(f"#identity-{first}", Input).focus()
            return
        self.post_message(self.Submitted(IdentityChoice(self.PROVIDER, values)))

    @on(Input.Submitted)
    def _enter(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()

    @on(Button.Pressed, "#identity-continue")
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.submit()

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        """Re-check a field the user is correcting, so its message goes as soon as it is right."""
        if event.input.has_class("-field-error") and event.input.id:
            key = event.input.id.removeprefix("identity-")
            self.show_errors(guest_errors(**self.values()), only=key)

    @staticmethod
    def apply(library: Library, choice: IdentityChoice) -> Identity:
        details = choice.details
        return library.use_guest(
            details.get("name", ""), details.get("email", ""), details.get("website", "")
        )
