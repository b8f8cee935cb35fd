"""Who the user comments as: asking (the 'Leave a Reply' dialog), storing, logging out.

:class:`IdentityFlow` belongs to the app and sets its ``identity`` reactive; the dialog itself
is side-effect free, and every library call runs in the app's workers.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from agora.core.errors import AgoraError
from agora.core.model import Identity
from agora.service.library import Library
from agora.ui.background import run_in_background
from agora.ui.host import IdentityCallback

if TYPE_CHECKING:
    from textual.app import App

    from agora.service.signin_options import SignInOption
    from agora.service.sites import Site
    from agora.signin.prompt import ShowFn
    from agora.ui.widgets.identity_panel import IdentityChoice


class IdentityFlow:
    """Asks, stores and forgets identities for ``app``.

    ``current`` reads who the user comments as now, ``use`` changes it (the app's reactive).
    """

    def __init__(
        self,
        app: App[None],
        library: Library,
        current: Callable[[], Identity | None],
        use: Callable[[Identity | None], None],
    ) -> None:
        self.app = app
        self.library = library
        self._current = current
        self._set = use

    def choose(self, then: IdentityCallback | None = None, *, site: int | None = None) -> None:
        """Ask who the user is (``site``: signing in to that site, its tab open); store the
        answer and call ``then`` with the identity."""
        ask = partial(self._ask, then, site)
        run_in_background(self.app, ask, group="identity", exclusive=True)

    def _ask(self, then: IdentityCallback | None, site: int | None = None) -> None:
        from agora.service.sites import password_sites

        try:
            identities = self.library.identities()
            sites = self.library.sites()
            if site is not None:
                sites = [s for s in sites if s.id == site]
            sign_ins = self.library.signins.options(sites)
            with_password = password_sites(sites)
        except AgoraError as exc:
            self.app.call_from_thread(self._error, exc)
            return
        from agora.ui.modals.identity import IdentityScreen, apply_choice

        def chosen(choice: IdentityChoice | None) -> None:
            if choice is not None:
                run_in_background(self.app, partial(self._store, choice, then), group="identity")

        def verify(choice: IdentityChoice) -> Identity:
            return apply_choice(self.library, choice)

        def sign_in(key: str, device: bool, show: ShowFn) -> Identity:
            keyring = self.library.secrets.secure()
            identity = self.library.signins.sign_in(
                key, show=show, device=device, session_only=not keyring
            )
            if not keyring:
                self.app.call_from_thread(
                    self.app.notify,
                    "There is no secure keyring on this system: the sign-in is kept for this "
                    "session only, and never written to disk.",
                    severity="warning",
                    markup=False,
                )
            return identity

        # On the way to a comment (``then``), WordPress's words; else what the dialog does.
        title = "Leave a Reply" if then is not None else "Who you comment as"
        screen = IdentityScreen(
            identities,
            self._current(),
            verify,
            with_password,
            sign_ins=sign_ins,
            sign_in=sign_in,
            title=title,
            provider=None if site is None else _tab_for(with_password, sign_ins),
        )
        self.app.call_from_thread(self.app.push_screen, screen, chosen)

    def _store(self, choice: IdentityChoice, then: IdentityCallback | None) -> None:
        from agora.ui.modals.identity import apply_choice

        try:
            identity = apply_choice(self.library, choice)
        except AgoraError as exc:
            self.app.call_from_thread(self._error, exc)
            return
        self.app.call_from_thread(self._stored, identity, then)

    def _stored(self, identity: Identity, then: IdentityCallback | None) -> None:
        self._set(identity)
        if then is not None:
            then(identity)
        else:
            self.app.notify(f"You are commenting as {identity.name}.", markup=False)

    def log_out(self) -> None:
        """Log out: a signed-in account (password or tokens) is forgotten for good, its
        tokens revoked where possible; typed guest details stay remembered for next time."""
        run_in_background(self.app, self._log_out, group="identity")

    def _log_out(self) -> None:
        identity = self._current()
        note = ""
        try:
            if identity is not None and (
                identity.is_account or self.library.signins.how(identity) is not None
            ):
                note = self.library.forget_identity(identity)
                words = f"Logged out: agora forgot {identity.name}'s sign-in"
            else:
                self.library.use_no_identity()
                words = "Logged out"
        except AgoraError as exc:
            self.app.call_from_thread(self._error, exc)
            return
        self.app.call_from_thread(self._logged_out, words, note)

    def _logged_out(self, words: str, note: str) -> None:
        self._set(None)
        self.app.notify(f"{words}. agora will ask who you are when you next comment.", markup=False)
        if note:
            self.app.notify(note, severity="warning", markup=False)

    def forget(self, identity: Identity) -> None:
        """Forget a remembered identity (and stop using it if it is the current one)."""
        run_in_background(self.app, partial(self._forget, identity), group="identity")

    def _forget(self, identity: Identity) -> None:
        try:
            note = self.library.forget_identity(identity)
        except AgoraError as exc:
            self.app.call_from_thread(self._error, exc)
            return
        if note:
            self.app.call_from_thread(self.app.notify, note, severity="warning", markup=False)
        current = self._current()
        if current is not None and current.id == identity.id:
            self.app.call_from_thread(self._set, None)

    def _error(self, exc: Exception) -> None:
        self.app.notify(str(exc), title="Something went wrong", severity="error", markup=False)


def _tab_for(with_password: list[Site], sign_ins: list[SignInOption]) -> str | None:
    """The dialog's tab for signing in to one site: its password, else its OAuth sign-in."""
    from agora.ui.widgets.signin_panel import SignInPanel
    from agora.ui.widgets.wordpress_panel import WordPressPanel

    if with_password:
        return WordPressPanel.PROVIDER
    return SignInPanel.PROVIDER if sign_ins else None
