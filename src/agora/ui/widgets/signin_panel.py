"""Logging in with an account, as the seed page's icons offer: a site's WordPress.com account
over OAuth, or Google, Facebook, X (Twitter) and any OpenID Connect issuer, whose verified
profile fills in the guest details.

Choosing a row runs the sign-in through the screen's ``sign_in`` callback (given by the caller,
run in a worker): the browser opens (or, with "No browser here", a code is shown to enter on
another device) and the address or code can be copied with ``y`` while agora waits.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Checkbox, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from agora.core.errors import AgoraError
from agora.core.model import Identity
from agora.service.library import Library
from agora.service.signin_options import SignInOption
from agora.signin.prompt import Prompt
from agora.ui.background import in_background
from agora.ui.clipboard import copy_text
from agora.ui.widgets.identity_panel import (
    REMEMBERED,
    CleanInput,
    IdentityChoice,
    ProviderPanel,
)

OPENID = (
    "Any OpenID Connect issuer that lets apps register themselves can be used above; one that "
    "does not is added as [providers.NAME] with its issuer and client_id in config.toml."
)


def option_label(option: SignInOption) -> Content:
    return Content.from_markup(
        "[b]$label[/b][dim] · $detail[/]", label=option.label, detail=option.detail
    )


class SignInPanel(ProviderPanel):
    """Accounts and profile providers; enter signs in with the highlighted one."""

    PROVIDER = "sign-in"
    LABEL = "Log in with…"
    BINDINGS = [Binding("y", "copy", "Copy the address or code", id="identity.copy_sign_in")]

    def compose(self) -> ComposeResult:
        options: list[SignInOption] = getattr(self.screen, "sign_ins", [])
        self.options = {o.key: o for o in options}
        self.prompt: Prompt | None = None
        self.busy = False  #: a sign-in is under way (the list stays focused, for y)
        yield Static("Or click an icon to log in", classes="identity-lead -first")
        yield OptionList(*[Option(option_label(o), id=o.key) for o in options], id="signin-list")
        yield Checkbox(
            "No browser here: show a code to enter on another device", id="signin-device"
        )
        yield Static(id="signin-status", classes="identity-note")
        with Horizontal(classes="identity-field"):
            yield Label("Any issuer", classes="identity-label")
            yield CleanInput(placeholder="OpenID Connect issuer, https://…", id="signin-issuer")
        yield Static(OPENID, classes="identity-note")

    @on(Input.Submitted, "#signin-issuer")
    def _issuer(self, event: Input.Submitted) -> None:
        event.stop()
        issuer = event.value.strip()
        if not issuer or self.busy:
            return
        device = self.query_one("#signin-device", Checkbox).value
        self._status(f"Connecting to {issuer}…")
        self.busy = True
        self._run(f"issuer:{issuer}", device)

    def focus_first(self) -> None:
        self.query_one("#signin-list", OptionList).focus()

    def _status(self, message: str) -> None:
        self.query_one("#signin-status", Static).update(Content(message))

    @on(OptionList.OptionHighlighted, "#signin-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        option = self.options.get(event.option.id or "")
        if option is not None and self.prompt is None:
            self._status(option.note)

    @on(OptionList.OptionSelected, "#signin-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option = self.options.get(event.option.id or "")
        if option is None:
            return
        if not option.ready:
            self._status(option.note)
            return
        if self.busy:
            return
        device = self.query_one("#signin-device", Checkbox).value
        self._status(f"Signing in with {option.label}…")
        self.busy = True
        self._run(option.key, device)

    @in_background(group="sign-in", exclusive=True)
    def _run(self, key: str, device: bool) -> None:
        sign_in = getattr(self.screen, "sign_in", None)
        try:
            identity = sign_in(key, device, self._show_from_thread) if sign_in else None
        except AgoraError as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        if identity is not None:
            choice = IdentityChoice(REMEMBERED, identity=identity)
            self.app.call_from_thread(self.post_message, self.Submitted(choice))

    def _show_from_thread(self, prompt: Prompt) -> None:
        self.app.call_from_thread(self._show, prompt)

    def _show(self, prompt: Prompt) -> None:
        self.prompt = prompt
        self._status(f"{prompt.words()}\n(y: copy the {'code' if prompt.code else 'address'})")

    def _failed(self, message: str) -> None:
        self.prompt = None
        self.busy = False
        self._status(message)
        self.query_one("#signin-list", OptionList).focus()

    def action_copy(self) -> None:
        if self.prompt is None:
            return
        text = self.prompt.code or self.prompt.url
        if copy_text(text):
            self.app.notify("Copied.", timeout=2)
        else:
            self.app.notify(f"No clipboard here: {text}", markup=False)

    @staticmethod
    def apply(library: Library, choice: IdentityChoice) -> Identity:
        if choice.identity is None:  # the panel signs in itself and answers with the identity
            raise AgoraError("no account was signed in")
        library.use_identity(choice.identity)
        return choice.identity
