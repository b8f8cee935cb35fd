"""'Leave a Reply': who the user comments as.

The modal is side-effect free: it returns an :class:`IdentityChoice` and the caller stores it
(in a worker) with :func:`apply_choice`. Each way of saying who you are is a
:class:`ProviderPanel` listed in :data:`PROVIDERS`, shown as one tab; an account provider (a
WordPress site) is one more panel class with its own ``apply``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    Checkbox,
    Input,
    Label,
    OptionList,
    Select,
    Static,
    TabbedContent,
    TabPane,
)
from textual.widgets.option_list import Option

from agora.core.errors import AgoraError, InvalidInput
from agora.core.model import Identity
from agora.core.text import sanitize_line
from agora.core.validation import EMAIL_MAX, NAME_MAX, WEBSITE_MAX, guest_errors
from agora.service.library import Library
from agora.service.sites import Site
from agora.ui.background import in_background

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


class GuestPanel(ProviderPanel):
    """Name, email and website, as on a WordPress comment form."""

    PROVIDER = "guest"
    LABEL = "Your details"
    FIELDS: ClassVar[list[tuple[str, str, str, int]]] = [
        ("name", "Name *", "required", NAME_MAX),
        ("email", "Email *", "required, never shown publicly", EMAIL_MAX),
        ("website", "Website", "optional, https://…", WEBSITE_MAX),
    ]

    def compose(self) -> ComposeResult:
        yield Static("Fill in your details below", classes="identity-lead -first")
        yield Static(
            "Your email address will never be shown publicly. Required fields are marked *",
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


class WordPressPanel(ProviderPanel):
    """Sign in to a WordPress site with a username (or email) and an application password.

    Checking the password takes the network, so the panel asks its screen's ``verify``
    callback (given by the caller, run in a worker) and shows "Connecting to SITE..." meanwhile;
    a wrong password or a missing keyring is reported beside the fields.
    """

    PROVIDER = "wordpress"
    LABEL = "WordPress account"

    def compose(self) -> ComposeResult:
        sites = getattr(self.screen, "sites", [])
        yield Static("Sign in to a WordPress site", classes="identity-lead -first")
        if not sites:
            yield Static(
                "No WordPress sites yet: add one with  agora site add URL", classes="identity-note"
            )
            return
        yield Static(
            "Use an application password (Users › Profile › Application Passwords); it is kept "
            "only in your system keyring.",
            classes="identity-note",
        )
        with Horizontal(classes="identity-field"):
            yield Label("Site", classes="identity-label")
            yield Select(
                [(Content(f"{site.name} ({site.host})"), str(site.id)) for site in sites],
                value=str(sites[0].id),
                allow_blank=False,
                id="wp-site",
            )
        with Horizontal(classes="identity-field"):
            yield Label("Username *", classes="identity-label")
            yield CleanInput(placeholder="username or email", id="wp-user")
        with Horizontal(classes="identity-field"):
            yield Label("Password *", classes="identity-label")
            yield CleanInput(placeholder="xxxx xxxx xxxx xxxx", password=True, id="wp-password")
        yield Checkbox("Keep the password for this session only", id="wp-session-only")
        yield Static(id="wp-status", classes="identity-error")
        with Horizontal(classes="identity-buttons"):
            yield Button("Sign in", variant="primary", compact=True, id="wp-sign-in")

    def focus_first(self) -> None:
        for widget in self.query("#wp-user"):
            widget.focus()

    def _status(self, message: str, error: bool = True) -> None:
        status = self.query_one("#wp-status", Static)
        status.update(Content(message))
        status.set_class(bool(message), "-shown")
        status.set_class(not error, "-progress")

    def submit(self) -> None:
        if not self.query("#wp-user"):
            return
        user = sanitize_line(self.query_one("#wp-user", Input).value)
        password = self.query_one("#wp-password", Input).value.strip()
        if not user or not password:
            self._status("Enter your username and an application password.")
            self.query_one("#wp-user" if not user else "#wp-password", Input).focus()
            return
        select = self.query_one("#wp-site", Select)
        site = str(select.value)
        label = str(select.selection) if select.selection is not None else site
        session_only = self.query_one("#wp-session-only", Checkbox).value
        choice = IdentityChoice(
            self.PROVIDER,
            {
                "site": site,
                "username": user,
                "password": password,
                "session_only": "1" if session_only else "",
            },
        )
        sites = getattr(self.screen, "sites", [])
        host = next((s.host for s in sites if str(s.id) == site), label)
        self._status(f"Connecting to {host}...", error=False)
        self.query_one("#wp-sign-in", Button).disabled = True
        self._verify(choice)

    @in_background(group="wp-login", exclusive=True)
    def _verify(self, choice: IdentityChoice) -> None:
        verify = getattr(self.screen, "verify", None)
        try:
            identity = verify(choice) if verify else None
        except AgoraError as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        if identity is not None:
            self.app.call_from_thread(
                self.post_message,
                self.Submitted(IdentityChoice(REMEMBERED, identity=identity)),
            )

    def _failed(self, message: str) -> None:
        self._status(message)
        self.query_one("#wp-sign-in", Button).disabled = False
        if "session only" in message or "keyring" in message:
            self.query_one("#wp-session-only", Checkbox).focus()
        else:
            self.query_one("#wp-password", Input).focus()

    @on(Input.Submitted)
    def _enter(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()

    @on(Button.Pressed, "#wp-sign-in")
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.submit()

    @staticmethod
    def apply(library: Library, choice: IdentityChoice) -> Identity:
        details = choice.details
        return library.login(
            int(details["site"]),
            details["username"],
            details["password"],
            session_only=bool(details.get("session_only")),
        )


#: Every way of commenting, in tab order.
PROVIDERS: list[type[ProviderPanel]] = [GuestPanel, WordPressPanel]


def apply_choice(library: Library, choice: IdentityChoice) -> Identity:
    """Remember ``choice`` and make it the current identity. Call from a worker."""
    if choice.provider == REMEMBERED:
        if choice.identity is None:
            raise InvalidInput("no identity was chosen")
        library.use_identity(choice.identity)
        return choice.identity
    for provider in PROVIDERS:
        if choice.provider == provider.PROVIDER:
            return provider.apply(library, choice)
    raise InvalidInput(f"unknown way of commenting: {choice.provider}")


def identity_label(identity: Identity) -> Content:
    """'Jane Doe <jane@example.org>' or 'Jane (WordPress: site)', as plain content."""
    if identity.is_account:
        return Content.from_markup(
            "[b]$name[/b][dim] ($kind account on $site)[/]",
            name=identity.name,
            kind=identity.kind,
            site=identity.site,
        )
    return Content.from_markup(
        "[b]$name[/b][dim] <$email>[/]", name=identity.name, email=identity.email
    )


class RememberedList(OptionList):
    """Identities used before; enter picks one, delete forgets it."""

    BINDINGS = [Binding("delete,x", "forget", "Forget", id="identity.forget")]

    class Forget(Message):
        """The user asked to forget a remembered identity."""

        def __init__(self, identity: Identity) -> None:
            super().__init__()
            self.identity = identity

    def __init__(self, identities: list[Identity], *, id: str | None = None) -> None:
        super().__init__(*[Option(identity_label(i), id=str(i.id)) for i in identities], id=id)
        self.identities = {str(i.id): i for i in identities}

    def action_forget(self) -> None:
        index = self.highlighted
        if index is None:
            return
        option = self.get_option_at_index(index)
        identity = self.identities.pop(option.id or "", None)
        self.remove_option_at_index(index)
        if identity is not None:
            self.post_message(self.Forget(identity))


class IdentityScreen(ModalScreen[IdentityChoice | None]):
    """Who are you? Remembered identities, then one tab per provider."""

    HELP_GROUP = "identity"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="identity.cancel")]

    #: Posted (bubbling to the app) when the user forgets a remembered identity.
    Forget = RememberedList.Forget

    def __init__(
        self,
        identities: list[Identity],
        current: Identity | None = None,
        verify: Callable[[IdentityChoice], Identity] | None = None,
        sites: list[Site] | None = None,
    ) -> None:
        super().__init__()
        self.identities = identities
        #: WordPress sites the user can sign in to.
        self.sites = sites or []
        self.current = current
        #: Checks and stores an account choice (network, keyring); given by the caller.
        self.verify = verify

    def compose(self) -> ComposeResult:
        with Vertical(id="identity-box"):
            yield Static("Leave a Reply", id="identity-title")
            if self.identities:
                yield Static("Comment as someone you have been before:", classes="identity-lead")
                yield RememberedList(self.identities, id="identity-remembered")
                yield Static(
                    "enter: use · delete: forget · or fill in new details below",
                    classes="identity-hint",
                )
            with TabbedContent(id="identity-providers"):
                for provider in PROVIDERS:
                    with TabPane(provider.LABEL, id=f"provider-{provider.PROVIDER}"):
                        yield provider(self.current, id=f"panel-{provider.PROVIDER}")
            yield Static("tab: next field · enter: continue · esc: cancel", classes="identity-hint")

    def on_mount(self) -> None:
        remembered = self.query(RememberedList)
        if remembered and self.current is None:  # most likely: comment as before
            remembered.first().focus()
        else:
            self.query(ProviderPanel).first().focus_first()

    @on(ProviderPanel.Submitted)
    def _submitted(self, event: ProviderPanel.Submitted) -> None:
        event.stop()
        self.dismiss(event.choice)

    @on(OptionList.OptionSelected, "#identity-remembered")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        identity = self.query_one(RememberedList).identities.get(event.option.id or "")
        if identity is not None:
            self.dismiss(IdentityChoice(REMEMBERED, identity=identity))

    def action_cancel(self) -> None:
        self.dismiss(None)
