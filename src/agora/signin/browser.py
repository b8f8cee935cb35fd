"""The authorization code flow with PKCE S256 on an RFC 8252 loopback redirect.

:func:`start` makes the authorization address and the secrets that go with it (state, PKCE
verifier, nonce), :func:`redeem` checks the browser's answer (state; ``iss`` per RFC 9207 where
the server advertises it) and trades the code, and :func:`sign_in` runs both around a
:class:`~agora.signin.loopback.Loopback` listener.
"""

from __future__ import annotations

import asyncio
import secrets as random
from dataclasses import dataclass
from typing import Any

import httpx

from agora.signin.grants import SignedIn, userinfo
from agora.signin.idtoken import verified_claims
from agora.signin.loopback import Loopback
from agora.signin.oauth_client import OAuthClient, guarded
from agora.signin.prompt import OpenFn, Prompt, ShowFn, open_browser
from agora.signin.signin_error import SignInError, oauth_error
from agora.signin.token_set import TokenSet

WAIT = 600.0  #: how long the browser has to come back


@dataclass(frozen=True, slots=True)
class Pending:
    """One sign-in under way: where the browser goes, and what its answer must match."""

    url: str
    state: str
    verifier: str
    nonce: str
    redirect_uri: str

    def __repr__(self) -> str:
        return f"Pending({self.redirect_uri!r})"


def start(client: OAuthClient, redirect_uri: str) -> Pending:
    """The authorization address for a sign-in answering at ``redirect_uri``."""
    verifier = random.token_urlsafe(64)
    nonce = random.token_urlsafe(24)
    extra: dict[str, str] = {}
    if "openid" in client.scopes:
        extra["nonce"] = nonce
    if "offline_access" in client.scopes:
        extra["prompt"] = "consent"  # OpenID Connect gives refresh tokens only after consent
    oauth = client.session(redirect_uri)
    url, state = oauth.create_authorization_url(
        client.server.authorization_endpoint, code_verifier=verifier, **extra
    )
    return Pending(str(url), str(state), verifier, nonce, redirect_uri)


async def redeem(client: OAuthClient, pending: Pending, answer: dict[str, str]) -> SignedIn:
    """Check the browser's ``answer`` to ``pending`` and trade its code for tokens."""
    server = client.server
    if answer.get("state") != pending.state:
        raise SignInError("the browser's answer does not belong to this sign-in (wrong state)")
    iss = answer.get("iss")
    if (server.iss_parameter and iss is None) or (iss is not None and iss != server.issuer):
        raise SignInError(f"the browser's answer did not come from {server.issuer} (wrong iss)")
    if answer.get("error"):
        raise oauth_error(server.issuer, answer["error"], answer.get("error_description"))
    if not answer.get("code"):
        raise SignInError(f"{server.issuer} sent the browser back without a code")
    async with client.session(pending.redirect_uri) as oauth:
        token = await guarded(
            server.issuer,
            oauth.fetch_token(
                server.token_endpoint,
                grant_type="authorization_code",
                code=answer["code"],
                code_verifier=pending.verifier,
                redirect_uri=pending.redirect_uri,
            ),
        )
        return await finish(client, dict(token), pending.nonce, oauth)


async def finish(
    client: OAuthClient, token: dict[str, Any], nonce: str | None, http: httpx.AsyncClient
) -> SignedIn:
    """The tokens and the verified profile (ID token claims, then userinfo) of a sign-in."""
    tokens = TokenSet.from_answer(token)
    profile: dict[str, Any] = {}
    id_token = token.get("id_token")
    if id_token:  # checked whenever one comes; a server that sends none is read by userinfo
        profile = await verified_claims(client, str(id_token), nonce, http)
    info = await userinfo(client, tokens.access_token)
    if profile and info.get("sub") not in (None, profile.get("sub")):
        raise SignInError(f"{client.server.issuer}'s profile is of another user than its ID token")
    return SignedIn(tokens, {**info, **profile})


async def sign_in(
    client: OAuthClient, show: ShowFn, *, browser: OpenFn = open_browser, wait: float = WAIT
) -> SignedIn:
    """Sign in through the user's browser: ``show`` says what to do (the address is there to
    copy when no browser could be opened)."""
    async with Loopback() as loopback:
        pending = start(client, loopback.redirect_uri)
        # In a thread: a browser command may take its time (or be a terminal browser).
        opened = await asyncio.to_thread(browser, pending.url)
        show(Prompt(pending.url, opened=opened))
        try:
            answer = await loopback.wait(wait)
        except TimeoutError:
            raise SignInError(
                f"no answer from the browser within {int(wait // 60)} minutes: sign in again"
            ) from None
    return await redeem(client, pending, answer)
