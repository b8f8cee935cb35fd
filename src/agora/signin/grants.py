"""What a signed-in account's tokens are used for here: reading the verified profile,
refreshing (the server may rotate the refresh token), and revoking at log out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from agora.signin.oauth_client import OAuthClient, guarded
from agora.signin.signin_error import SignInError
from agora.signin.token_set import TokenSet


@dataclass(frozen=True, slots=True)
class SignedIn:
    """The outcome of a sign-in: the tokens, and the account's verified profile claims
    (``sub``, ``name``, ``email``, ``website``... as the server gives them)."""

    tokens: TokenSet
    profile: dict[str, Any]

    def __repr__(self) -> str:
        return f"SignedIn({self.tokens!r}, sub={self.profile.get('sub')!r})"


async def userinfo(client: OAuthClient, access_token: str) -> dict[str, Any]:
    """The server's profile of the token's user ({} when it has no userinfo endpoint)."""
    server = client.server
    if not server.userinfo_endpoint:
        return {}
    async with client.session() as oauth:
        answer = await guarded(
            server.issuer,
            oauth.request(
                "GET",
                server.userinfo_endpoint,
                headers={"Authorization": f"Bearer {access_token}"},
                withhold_token=True,
            ),
        )
    if answer.status_code == 401:
        raise SignInError(
            f"{server.issuer} refused the access token: sign in again",
            code="invalid_token",
            again=True,
        )
    if answer.status_code >= 400:
        raise SignInError(f"{server.issuer} would not give the profile (HTTP {answer.status_code})")
    try:
        doc = answer.json()
    except ValueError:
        doc = None
    if not isinstance(doc, dict):
        raise SignInError(f"{server.issuer} answered a profile that is not JSON")
    return doc


async def refresh(client: OAuthClient, tokens: TokenSet) -> TokenSet:
    """New tokens for old: the caller must keep them (the old refresh token may be dead now)."""
    server = client.server
    if not tokens.refresh_token:
        raise SignInError(
            f"the sign-in at {server.issuer} has expired and cannot be renewed: sign in again",
            again=True,
        )
    async with client.session() as oauth:
        answer = await guarded(
            server.issuer,
            oauth.refresh_token(server.token_endpoint, refresh_token=tokens.refresh_token),
        )
    return TokenSet.from_answer(dict(answer), tokens.refresh_token)


async def revoke(client: OAuthClient, tokens: TokenSet) -> bool:
    """Revoke the tokens where the server offers it (RFC 7009); False when it does not."""
    server = client.server
    if not server.revocation_endpoint:
        return False
    async with client.session() as oauth:
        for token, hint in (
            (tokens.refresh_token, "refresh_token"),
            (tokens.access_token, "access_token"),
        ):
            if token:
                answer = await guarded(
                    server.issuer,
                    oauth.revoke_token(
                        server.revocation_endpoint, token=token, token_type_hint=hint
                    ),
                )
                if answer.status_code >= 500:  # RFC 7009: an unknown token is a 200
                    raise SignInError(
                        f"{server.issuer} would not revoke the sign-in (HTTP {answer.status_code})"
                    )
    return True
