"""OAuth tokens as the rest of agora meets them: kept in the keyring through
:class:`~agora.service.secrets.Secrets` (one entry holding access and refresh token, so a
rotated refresh token replaces the old one in one write, before the new access token is used),
clients registered once per issuer (the client id, not a secret, is a store setting), and fresh
credentials for an engine session, refreshed when they have expired or were refused.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from agora.core.model import Identity
from agora.engines.base import AuthServer, Credentials, SignIn
from agora.service.secrets import Secrets
from agora.signin.signin_error import SignInError
from agora.signin.token_set import TokenSet
from agora.store import Store

if TYPE_CHECKING:  # Authlib and httpx load when a sign-in or a refresh happens
    from agora.signin.oauth_client import OAuthClient

_CLIENT = "oauth.client:"  #: + issuer -> the client id agora registered there
_HOW = "signin.identity:"  #: + identity id -> how it signed in (JSON, no secret)


def token_key(where: str) -> str:
    """The keyring "site" an account's tokens are filed under (beside its password's)."""
    return f"oauth:{where}"


@dataclass(frozen=True, slots=True)
class SignedInAs:
    """How an identity signed in (a store setting; never a secret): through ``label``'s
    OAuth, at ``issuer``, as a site's account (``where`` is the site) or through a profile
    provider (``provider`` is its name and ``where`` is ``provider:NAME``)."""

    label: str
    issuer: str
    where: str
    user: str
    provider: str = ""


def remember(store: Store, identity: Identity, how: SignedInAs) -> None:
    store.settings.set(
        _HOW + str(identity.id),
        json.dumps(
            {
                "label": how.label,
                "issuer": how.issuer,
                "where": how.where,
                "user": how.user,
                "provider": how.provider,
            }
        ),
    )


def signed_in_as(store: Store, identity: Identity | None) -> SignedInAs | None:
    """How ``identity`` signed in with OAuth, or None (a password, or typed guest details)."""
    if identity is None:
        return None
    raw = store.settings.get(_HOW + str(identity.id))
    if not raw:
        return None
    try:
        doc = json.loads(raw)
        return SignedInAs(doc["label"], doc["issuer"], doc["where"], doc["user"], doc["provider"])
    except (ValueError, KeyError, TypeError):
        return None


def drop(store: Store, identity: Identity) -> None:
    store.settings.set(_HOW + str(identity.id), None)


def keep_tokens(
    secrets: Secrets, where: str, user: str, tokens: TokenSet, *, session_only: bool = False
) -> None:
    """File the tokens in the keyring (or this session's memory): one write."""
    secrets.store(token_key(where), user, tokens.dump(), session_only=session_only)


def tokens_of(secrets: Secrets, where: str, user: str) -> TokenSet | None:
    text = secrets.get(token_key(where), user)
    return TokenSet.load(text) if text else None


def forget_tokens(secrets: Secrets, where: str, user: str) -> None:
    secrets.forget(token_key(where), user)


async def client_for(
    store: Store,
    issuer: str,
    scopes: tuple[str, ...],
    *,
    client_id: str = "",
    client_secret: str = "",
    endpoints: dict[str, str] | None = None,
) -> OAuthClient:
    """agora as a client of ``issuer``: its metadata (discovered, or ``endpoints`` given by
    hand) and the client id given, registered earlier, or registered now."""
    import httpx

    from agora.signin.metadata import ServerMetadata, discover
    from agora.signin.oauth_client import OAuthClient
    from agora.signin.registration import register

    async with httpx.AsyncClient() as http:
        if endpoints:
            server = ServerMetadata.from_document({"issuer": issuer, **endpoints}, issuer)
        else:
            server = await discover(http, issuer)
        if not client_id:
            client_id = store.settings.get(_CLIENT + server.issuer) or ""
        if not client_id:
            client_id = await register(http, server)
            store.settings.set(_CLIENT + server.issuer, client_id)
    return OAuthClient(server, client_id, client_secret, scopes)


async def site_client(store: Store, server: AuthServer) -> OAuthClient:
    return await client_for(store, server.issuer, server.scopes)


async def refreshed(
    store: Store, secrets: Secrets, client: OAuthClient, how: SignedInAs, tokens: TokenSet
) -> TokenSet:
    """New tokens, kept (the rotated refresh token first) before they are handed out. A
    refusal forgets the dead tokens and raises a :class:`SignInError` with ``again``."""
    from agora.signin.grants import refresh

    try:
        fresh = await refresh(client, tokens)
    except SignInError as exc:
        if exc.again:
            forget_tokens(secrets, how.where, how.user)
        raise
    session_only = not secrets.secure()
    keep_tokens(secrets, how.where, how.user, fresh, session_only=session_only)
    return fresh


async def credentials(
    store: Store,
    secrets: Secrets,
    server: AuthServer,
    how: SignedInAs,
    *,
    refused: bool = False,
) -> Credentials:
    """The account's credentials for an engine session: its access token, refreshed first when
    it has expired or the site ``refused`` it. A :class:`SignInError` (``again``) says to sign
    in again."""
    tokens = tokens_of(secrets, how.where, how.user)
    if tokens is None:
        raise SignInError(f"sign in to your {how.label} account again", again=True)
    if refused or tokens.expired():
        client = await site_client(store, server)
        tokens = await refreshed(store, secrets, client, how, tokens)
    return Credentials(how.user, tokens.access_token, SignIn.OAUTH)
