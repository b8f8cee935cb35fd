"""Signing in with OAuth and signing out for good: a site's accounts whose engine offers
:attr:`~agora.engines.base.SignIn.OAUTH` (WordPress.com), the profile providers that fill the
guest details (:mod:`agora.service.providers`), who the user is, and forgetting an identity:
its keyring entries (password or tokens) deleted and its tokens revoked where the server allows.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from agora.core.errors import InvalidInput
from agora.core.model import GUEST, Identity
from agora.core.text import sanitize_line
from agora.service.engine_loop import EngineLoop
from agora.service.oauth_tokens import (
    SignedInAs,
    client_for,
    drop,
    forget_tokens,
    keep_tokens,
    remember,
    signed_in_as,
    tokens_of,
)
from agora.service.providers import GOOGLE_PLUS, Provider, guest_details, provider, providers
from agora.service.secrets import NoSecureKeyring, Secrets
from agora.service.signin_options import SignInOption, oauth_server, sign_in_options
from agora.service.sites import Site, find_site, shown_site
from agora.signin.prompt import OpenFn, ShowFn, open_browser
from agora.signin.signin_error import SignInError
from agora.signin.token_set import TokenSet
from agora.store import Store

if TYPE_CHECKING:  # Authlib loads with the first sign-in, not with the identity dialog
    from agora.signin.grants import SignedIn
    from agora.signin.oauth_client import OAuthClient


@dataclass(frozen=True, slots=True)
class Who:
    """One identity as ``agora whoami`` tells it (never a secret)."""

    current: bool
    how: str  #: "WordPress.com account", "application password", "Google profile", "guest details"
    name: str
    site: str = ""
    username: str = ""
    email: str = ""
    website: str = ""


class SignIns:
    """Sign-in and sign-out over one store, keyring and engines' loop."""

    def __init__(self, store: Store, secrets: Secrets, engines: EngineLoop) -> None:
        self.store = store
        self.secrets = secrets
        self.engines = engines

    @property
    def home(self) -> Path:
        return self.store.path.parent

    def _check_keyring(self, session_only: bool) -> None:
        if not session_only and not self.secrets.secure():
            raise NoSecureKeyring(
                "there is no secure keyring on this system (no Secret Service, KWallet or macOS "
                "Keychain) to keep the sign-in in; it is never written to disk"
            )

    def _run(self, client: OAuthClient, device: bool, show: ShowFn, browser: OpenFn) -> SignedIn:
        from agora.signin import browser as browser_flow
        from agora.signin import device as device_flow

        async def flow() -> SignedIn:
            if device:
                return await device_flow.sign_in(client, show)
            return await browser_flow.sign_in(client, show, browser=browser)

        return self.engines.run(flow)

    def site_login(
        self,
        ref: str | int,
        *,
        show: ShowFn,
        device: bool = False,
        browser: OpenFn = open_browser,
        session_only: bool = False,
    ) -> Identity:
        """Sign in to a site's account through its engine's authorization server; the tokens
        go to the keyring and the account becomes the current identity."""
        site = find_site(self.store, ref)
        if site is None:
            shown = shown_site(str(ref))
            raise InvalidInput(f"{shown} is not one of your sites: add it first (agora site add)")
        server = oauth_server(site)
        if server is None:
            raise InvalidInput(
                f"{site.name} has no account sign-in over OAuth: sign in with an application "
                f"password (agora login {site.home} --user NAME)"
            )
        self._check_keyring(session_only)
        client = self.engines.run(lambda: client_for(self.store, server.issuer, server.scopes))
        signed = self._run(client, device, show, browser)
        profile = signed.profile
        user = str(
            profile.get("preferred_username") or profile.get("username") or profile.get("sub") or ""
        )
        if not user:
            raise SignInError(f"{server.issuer} did not say who signed in")
        name = sanitize_line(str(profile.get("name") or user)) or user
        keep_tokens(self.secrets, site.home, user, signed.tokens, session_only=session_only)
        identity = self.store.identities.add(site.kind, name, site=site.home, username=user)
        remember(self.store, identity, SignedInAs(server.label, server.issuer, site.home, user))
        self.store.identities.set_current(identity)
        return identity

    def provider_client(self, chosen: Provider) -> OAuthClient:
        if chosen.needs_client_id:
            raise InvalidInput(f"{chosen.label} needs a client id: {chosen.how_to_register}")
        return self.engines.run(
            lambda: client_for(
                self.store,
                chosen.issuer,
                chosen.scopes,
                client_id=chosen.client_id,
                client_secret=chosen.client_secret,
                endpoints=chosen.endpoints or None,
            )
        )

    def provider_login(
        self,
        name: str | Provider,
        *,
        show: ShowFn,
        device: bool = False,
        browser: OpenFn = open_browser,
        session_only: bool = False,
    ) -> Identity:
        """Sign in with a profile provider; its verified profile becomes the guest details
        comments are posted under (the current identity). ``name``: one of
        :func:`~agora.service.providers.providers`, or a :class:`Provider` given here."""
        chosen = name if isinstance(name, Provider) else provider(self.home, name)
        if chosen.needs_client_id:  # said before anything else: it is the first thing to do
            raise InvalidInput(f"{chosen.label} needs a client id: {chosen.how_to_register}")
        self._check_keyring(session_only)
        client = self.provider_client(chosen)
        signed = self._run(client, device, show, browser)
        sub, who, email, website = guest_details(signed.profile)
        if not sub:
            raise SignInError(f"{chosen.label} did not say who signed in")
        where = f"provider:{chosen.name}"
        keep_tokens(self.secrets, where, sub, signed.tokens, session_only=session_only)
        identity = self.store.identities.add(
            GUEST, sanitize_line(who), sanitize_line(email), sanitize_line(website)
        )
        how = SignedInAs(chosen.label, client.server.issuer, where, sub, chosen.name)
        remember(self.store, identity, how)
        self.store.identities.set_current(identity)
        return identity

    def options(self, sites: list[Site]) -> list[SignInOption]:
        """Every way to sign in: the sites' OAuth accounts, then the profile providers."""
        return sign_in_options(self.home, sites)

    def sign_in(
        self, key: str, *, show: ShowFn, device: bool = False, session_only: bool = False
    ) -> Identity:
        """Run the sign-in an :class:`SignInOption` names."""
        kind, _, ref = key.partition(":")
        if kind == "site":
            return self.site_login(int(ref), show=show, device=device, session_only=session_only)
        if kind == "provider":
            return self.provider_login(ref, show=show, device=device, session_only=session_only)
        if kind == "issuer":  # any OpenID Connect issuer, registered with dynamically
            issuer = ref.strip().rstrip("/")
            host = urlsplit(issuer).netloc or issuer
            if not issuer.startswith(("https://", "http://")):
                raise InvalidInput("give the issuer's address, starting with https://")
            adhoc = Provider(host, host, issuer)
            return self.provider_login(adhoc, show=show, device=device, session_only=session_only)
        raise InvalidInput(GOOGLE_PLUS if key == "google+" else f"no way to sign in called {key}")

    def how(self, identity: Identity | None) -> SignedInAs | None:
        """How ``identity`` signed in with OAuth (None: a password or typed details)."""
        return signed_in_as(self.store, identity)

    def forget(self, identity: Identity) -> str:
        """Forget an identity for good: its tokens revoked where the server allows, its
        keyring entries (tokens or password) deleted, the identity itself removed. Returns a
        note for the user when revoking was not possible ("" otherwise)."""
        note = ""
        how = self.how(identity)
        if how is not None:
            tokens = tokens_of(self.secrets, how.where, how.user)
            if tokens is not None:
                note = self._revoke(how, tokens)
            forget_tokens(self.secrets, how.where, how.user)
            drop(self.store, identity)
        if identity.is_account and identity.site:
            self.secrets.forget(identity.site, identity.username)
        self.store.identities.forget(identity.id)
        return note

    def _revoke(self, how: SignedInAs, tokens: TokenSet) -> str:
        from agora.signin.grants import revoke

        try:
            known = providers(self.home).get(how.provider) if how.provider else None
            if known is not None:
                client = self.provider_client(known)
            else:  # a site's server, or an issuer signed in with from the dialog
                client = self.engines.run(lambda: client_for(self.store, how.issuer, ()))
            if self.engines.run(lambda: revoke(client, tokens)):
                return ""
            return (
                f"{how.label} offers no way for apps to revoke a sign-in: agora forgot it; "
                "remove agora from your account's connected apps there to cut it off too"
            )
        except (SignInError, InvalidInput) as exc:
            return f"agora forgot the sign-in but could not revoke it ({exc})"

    def logout_site(self, site: Site) -> list[tuple[Identity, str]]:
        """Forget every account of ``site`` (see :meth:`forget`)."""
        gone = [
            (identity, self.forget(identity))
            for identity in self.store.identities.all()
            if identity.kind == site.kind and identity.site == site.home
        ]
        self.engines.forget(site.address)
        return gone

    def logout_provider(self, name: str) -> list[tuple[Identity, str]]:
        """Forget every identity a profile provider signed in (see :meth:`forget`)."""
        mine = [
            identity
            for identity in self.store.identities.all()
            if (how := self.how(identity)) is not None and how.provider == name
        ]
        if not mine:
            provider(self.home, name)  # a clear error for an unknown name
        return [(identity, self.forget(identity)) for identity in mine]

    def whoami(self) -> list[Who]:
        """Every remembered identity and how it signed in; the current one first."""
        current = self.store.identities.current()
        found = []
        for identity in self.store.identities.all():
            how = self.how(identity)
            if how is not None:
                kind = f"{how.label} {'profile' if how.provider else 'account'}"
            elif identity.kind == GUEST:
                kind = "guest details"
            else:
                kind = "application password"
            found.append(
                Who(
                    current is not None and current.id == identity.id,
                    kind,
                    identity.name,
                    identity.site,
                    identity.username,
                    identity.email,
                    identity.website,
                )
            )
        return sorted(found, key=lambda w: not w.current)
