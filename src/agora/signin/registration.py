"""Dynamic client registration (RFC 7591): agora registers itself as a public client, with no
secret, and the service keeps the client id per issuer (a client id is not a secret)."""

from __future__ import annotations

import httpx

from agora.signin.metadata import TIMEOUT, ServerMetadata, unreachable
from agora.signin.signin_error import SignInError, oauth_error

#: RFC 8252 §7.3: a loopback redirect matches on any port, so one registration serves every run.
REDIRECT_URI = "http://127.0.0.1/callback"
GRANTS = (
    "authorization_code",
    "refresh_token",
    "urn:ietf:params:oauth:grant-type:device_code",
)


async def register(http: httpx.AsyncClient, server: ServerMetadata, name: str = "agora") -> str:
    """Register agora with ``server``; returns the new client id."""
    if not server.registration_endpoint:
        raise SignInError(
            f"{server.issuer} does not let apps register themselves: register a client there "
            "and write its client_id in config.toml"
        )
    grants = [g for g in GRANTS if g != GRANTS[2] or server.device_authorization_endpoint]
    body = {
        "client_name": name,
        "application_type": "native",
        "redirect_uris": [REDIRECT_URI],
        "grant_types": grants,
        "response_types": ["code"],
        "token_endpoint_auth_method": "none",
    }
    try:
        answer = await http.post(server.registration_endpoint, json=body, timeout=TIMEOUT)
    except httpx.HTTPError as exc:
        raise unreachable(server.issuer, exc) from None
    try:
        doc = answer.json()
    except ValueError:
        doc = {}
    if not isinstance(doc, dict):
        doc = {}
    if answer.status_code >= 400 or not doc.get("client_id"):
        code = str(doc.get("error") or f"HTTP {answer.status_code}")
        raise oauth_error(
            f"registering agora with {server.issuer}", code, doc.get("error_description")
        )
    return str(doc["client_id"])
