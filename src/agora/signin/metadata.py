"""Finding an authorization server: its metadata from ``.well-known`` (OpenID Connect
Discovery, else RFC 8414), and the rule that nothing but loopback is spoken to over plain http.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from agora.signin.signin_error import SignInError

TIMEOUT = 15.0


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_url(url: str, what: str = "the sign-in server") -> str:
    """``url`` when it is https, or http on loopback; a clear error otherwise."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return url
    if parts.scheme == "http" and parts.hostname and is_loopback(parts.hostname):
        return url
    raise SignInError(f"{what} must be reached over https, not {url!r}")


def unreachable(where: str, exc: Exception) -> SignInError:
    """The words for a server that could not be reached."""
    kind = "did not answer in time" if isinstance(exc, httpx.TimeoutException) else "is down"
    return SignInError(f"cannot reach the sign-in server {where}: it {kind} or the network is off")


@dataclass(frozen=True, slots=True)
class ServerMetadata:
    """What agora needs to know of an authorization server."""

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    device_authorization_endpoint: str = ""
    registration_endpoint: str = ""
    revocation_endpoint: str = ""
    userinfo_endpoint: str = ""
    jwks_uri: str = ""
    #: RFC 9207: the server puts ``iss`` on its authorization responses (then agora requires it)
    iss_parameter: bool = False
    scopes_supported: tuple[str, ...] = ()

    @classmethod
    def from_document(cls, doc: dict[str, Any], issuer: str) -> ServerMetadata:
        named = doc.get("issuer")
        if not isinstance(named, str) or named.rstrip("/") != issuer.rstrip("/"):
            raise SignInError(f"{issuer} describes itself as {named!r}: refusing to sign in there")
        issuer = named
        try:
            auth = check_url(str(doc["authorization_endpoint"]))
            token = check_url(str(doc["token_endpoint"]))
        except KeyError:
            raise SignInError(f"{issuer} has no authorization or token endpoint") from None
        methods = doc.get("code_challenge_methods_supported")
        if isinstance(methods, list) and "S256" not in methods:
            raise SignInError(f"{issuer} does not offer PKCE with S256: agora will not use it")

        def url(key: str) -> str:
            value = doc.get(key)
            return check_url(str(value)) if value else ""

        scopes = doc.get("scopes_supported")
        return cls(
            issuer=issuer,
            authorization_endpoint=auth,
            token_endpoint=token,
            device_authorization_endpoint=url("device_authorization_endpoint"),
            registration_endpoint=url("registration_endpoint"),
            revocation_endpoint=url("revocation_endpoint"),
            userinfo_endpoint=url("userinfo_endpoint"),
            jwks_uri=url("jwks_uri"),
            iss_parameter=doc.get("authorization_response_iss_parameter_supported") is True,
            scopes_supported=tuple(str(s) for s in scopes) if isinstance(scopes, list) else (),
        )


def _well_known(issuer: str) -> list[str]:
    parts = urlsplit(issuer)
    root = f"{parts.scheme}://{parts.netloc}"
    path = parts.path.rstrip("/")
    return [
        f"{root}{path}/.well-known/openid-configuration",
        f"{root}/.well-known/oauth-authorization-server{path}",
    ]


async def discover(http: httpx.AsyncClient, issuer: str) -> ServerMetadata:
    """The server's metadata: OpenID Connect discovery first, then RFC 8414."""
    issuer = check_url(issuer.rstrip("/"))
    last = ""
    for address in _well_known(issuer):
        try:
            answer = await http.get(address, timeout=TIMEOUT)
        except httpx.HTTPError as exc:
            raise unreachable(issuer, exc) from None
        if answer.status_code == 200:
            try:
                doc = answer.json()
            except ValueError:
                doc = None
            if isinstance(doc, dict):
                return ServerMetadata.from_document(doc, issuer)
        last = f"HTTP {answer.status_code}"
    raise SignInError(f"{issuer} publishes no OAuth metadata at .well-known ({last})")
