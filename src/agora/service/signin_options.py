"""The ways to sign in that the identity dialog lists: the OAuth accounts of the sites whose
engine offers :attr:`~agora.engines.base.SignIn.OAUTH`, and the profile providers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from agora.engines import registry
from agora.engines.base import AuthServer, SignIn
from agora.service.providers import GOOGLE_PLUS, providers
from agora.service.sites import Site


@dataclass(frozen=True, slots=True)
class SignInOption:
    """One way to sign in that the identity dialog lists: a site's account over OAuth
    (``key`` "site:ID") or a profile provider ("provider:NAME"). ``ready`` is False when the
    provider needs a client id first; ``note`` says how to get one, or what the site receives."""

    key: str
    label: str
    detail: str
    ready: bool
    note: str


#: What a profile provider's sign-in gives the site, said plainly.
RECEIVES = "the site receives your name, email and profile address, not your {label} account"


def oauth_server(site: Site) -> AuthServer | None:
    """The server a site's accounts sign in with over OAuth, or None."""
    if not registry.is_engine(site.kind):
        return None
    engine = registry.engine(site.kind)
    if SignIn.OAUTH not in engine.capabilities(site.address).sign_in:
        return None
    return engine.auth_server(site.address)


def sign_in_options(home: Path, sites: list[Site]) -> list[SignInOption]:
    """Every way to sign in: the sites' OAuth accounts, then the profile providers."""
    found = []
    for site in sites:
        server = oauth_server(site)
        if server is not None:
            note = f"sign in to {site.name} with your {server.label} account in the browser"
            found.append(
                SignInOption(f"site:{site.id}", f"{server.label} account", site.host, True, note)
            )
    for name, chosen in providers(home).items():
        needs_id = chosen.needs_client_id
        note = (
            f"{chosen.label} needs a client id: {chosen.how_to_register}"
            if needs_id
            else RECEIVES.format(label=chosen.label)
        )
        detail = "needs a client id" if needs_id else "fills in your details"
        found.append(SignInOption(f"provider:{name}", chosen.label, detail, not needs_id, note))
    found.append(SignInOption("google+", "Google+", "closed in 2019", False, GOOGLE_PLUS))
    return found
