"""'Leave a Reply': who the user comments as.

The modal is side-effect free: it returns an :class:`IdentityChoice` and the caller stores it
(in a worker) with :func:`apply_choice`. Each way of saying who you are is a
:class:`ProviderPanel` listed in :data:`PROVIDERS`, shown as one tab; an account provider (a
WordPress site) is one more panel class with its own ``apply``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from agora.core.errors import InvalidInput
from agora.core.model import Identity
from agora.service.library import Library
from agora.service.sites import Site
from agora.ui.widgets.guest_panel import GuestPanel
from agora.ui.widgets.identity_panel import REMEMBERED, IdentityChoice, ProviderPanel
from agora.ui.widgets.signin_panel import SignInPanel
from agora.ui.widgets.wordpress_panel import WordPressPanel

if TYPE_CHECKING:
    from agora.service.signin_options import SignInOption
    from agora.signin.prompt import ShowFn

#: Every way of commenting, in tab order.
PROVIDERS: list[type[ProviderPanel]] = [GuestPanel, SignInPanel, WordPressPanel]
#: Runs a sign-in (key, device flow?, what to show meanwhile) and returns the identity.
SignInFn = Callable[[str, bool, "ShowFn"], Identity]


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
        sign_ins: list[SignInOption] | None = None,
        sign_in: SignInFn | None = None,
        title: str = "Leave a Reply",
        provider: str | None = None,
    ) -> None:
        super().__init__()
        #: "Leave a Reply" on the way to a comment; what it does when opened to change it.
        self.title_text = title
        #: The tab to open at first (a site's engine, when signing in to that site).
        self.provider = provider if any(provider == p.PROVIDER for p in PROVIDERS) else None
        self.identities = identities
        #: WordPress sites the user can sign in to.
        self.sites = sites or []
        self.current = current
        #: Checks and stores an account choice (network, keyring); given by the caller.
        self.verify = verify
        #: Accounts and profile providers to log in with, and what runs their sign-in.
        self.sign_ins = sign_ins or []
        self.sign_in = sign_in

    def compose(self) -> ComposeResult:
        with Vertical(id="identity-box"):
            yield Static(self.title_text, id="identity-title", markup=False)
            if self.identities:
                yield Static("Comment as someone you have been before:", classes="identity-lead")
                yield RememberedList(self.identities, id="identity-remembered")
                yield Static(
                    "enter: use · delete: forget · or fill in new details below",
                    classes="identity-hint",
                )
            first = f"provider-{self.provider}" if self.provider else ""
            with TabbedContent(id="identity-providers", initial=first):
                for provider in PROVIDERS:
                    with TabPane(provider.LABEL, id=f"provider-{provider.PROVIDER}"):
                        yield provider(self.current, id=f"panel-{provider.PROVIDER}")
            yield Static("tab: next field · enter: continue · esc: cancel", classes="identity-hint")

    def on_mount(self) -> None:
        remembered = self.query(RememberedList)
        if self.provider:  # signing in to one site
            self.query_one(f"#panel-{self.provider}", ProviderPanel).focus_first()
        elif remembered and self.current is None:  # most likely: comment as before
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
