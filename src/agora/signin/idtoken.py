"""Checking an OpenID Connect ID token: signed by a key of the server's JWKS, issued by the
server to this client, not expired, and (for a browser sign-in) carrying the nonce of this
very sign-in."""

from __future__ import annotations

from typing import Any

import httpx
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from agora.signin.oauth_client import OAuthClient, guarded
from agora.signin.signin_error import SignInError

_ALGORITHMS = ["RS256", "PS256", "ES256", "ES384", "ES512", "EdDSA", "RS384", "RS512"]


async def verified_claims(
    client: OAuthClient, id_token: str, nonce: str | None, http: httpx.AsyncClient
) -> dict[str, Any]:
    """The ID token's claims once every check passes; a :class:`SignInError` otherwise."""
    server = client.server
    if not server.jwks_uri:
        raise SignInError(f"{server.issuer} gave an ID token but publishes no keys to check it")
    issuers = [server.issuer]
    if server.issuer == "https://accounts.google.com":  # Google also signs without the scheme
        issuers.append("accounts.google.com")
    answer = await guarded(server.issuer, http.get(server.jwks_uri))
    try:
        keys = KeySet.import_key_set(answer.json())
        token = jwt.decode(id_token, keys, algorithms=_ALGORITHMS)
        checks: dict[str, Any] = {
            "iss": {"essential": True, "values": issuers},
            "aud": {"essential": True, "value": client.client_id},
            "exp": {"essential": True},
        }
        if nonce is not None:  # a browser sign-in; the device flow sends none
            checks["nonce"] = {"essential": True, "value": nonce}
        jwt.JWTClaimsRegistry(**checks).validate(token.claims)
    except (JoseError, ValueError, TypeError) as exc:
        name = getattr(exc, "error", type(exc).__name__)
        raise SignInError(
            f"{server.issuer} sent an ID token that fails its checks ({name})"
        ) from None
    return dict(token.claims)
