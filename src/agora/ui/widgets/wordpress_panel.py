"""Commenting with a site account: sign in with the password the site checks (an application
password on WordPress, the admin password on Isso)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from agora.core.errors import AgoraError
from agora.core.model import Identity, SourceKind
from agora.core.text import sanitize_line
from agora.service.library import Library
from agora.ui.background import in_background
from agora.ui.widgets.identity_panel import REMEMBERED, CleanInput, IdentityChoice, ProviderPanel


class WordPressPanel(ProviderPanel):
    """Sign in to a site with a username (or email) and a password it checks.

    Checking the password takes the network, so the panel asks its screen's ``verify``
    callback (given by the caller, run in a worker) and shows "Connecting to SITE..." meanwhile;
    a wrong password or a missing keyring is reported beside the fields.
    """

    PROVIDER = SourceKind.WORDPRESS
    LABEL = "Site account"

    def compose(self) -> ComposeResult:
        sites = getattr(self.screen, "sites", [])
        yield Static("Sign in to a site", classes="identity-lead -first")
        if not sites:
            yield Static(
                "No site that takes a password yet: add one with S (Sources) or  agora site add "
                "URL",
                classes="identity-note",
            )
            return
        yield Static(
            "WordPress: an application password (Users › Profile › Application Passwords). "
            "Isso: the server's admin password, to moderate. It is kept only in your system "
            "keyring.",
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
