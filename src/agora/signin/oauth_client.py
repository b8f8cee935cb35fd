"""A registered client at one server, and Authlib's OAuth client built from it."""

from __future__ import annotations

import json
import time
import warnings
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Any, TypeVar

import authlib.deprecate
import httpx

with warnings.catch_warnings():
    # Authlib 1.9 prefers the httpx2 package and warns when it falls back to httpx, which agora
    # uses everywhere: the fallback is the very client agora wants.
    warnings.simplefilter("ignore", authlib.deprecate.AuthlibDeprecationWarning)
    from authlib.integrations.httpx_client import AsyncOAuth2Client, OAuthError

from agora.signin.metadata import TIMEOUT, ServerMetadata, unreachable
from agora.signin.signin_error import SignInError, oauth_error

_T = TypeVar("_T")
__all__ = ["OAuthClient", "OAuthError", "TokenSet", "guarded"]


@dataclass(frozen=True, slots=True)
class OAuthClient:
    """agora as a client of ``server``: its client id (and, for providers that want one, the
    "not confidential" secret of an installed app), and the scopes it asks for."""

    server: ServerMetadata
    client_id: str
    client_secret: str = ""
    scopes: tuple[str, ...] = ()

    def __repr__(self) -> str:
        return f"OAuthClient({self.server.issuer!r}, {self.client_id!r})"

    @property
    def scope(self) -> str:
        return " ".join(self.scopes)

    def session(self, redirect_uri: str | None = None) -> AsyncOAuth2Client:
        """Authlib's client (an ``httpx.AsyncClient``); use it in ``async with``."""
        return AsyncOAuth2Client(
            client_id=self.client_id,
            client_secret=self.client_secret or None,
            token_endpoint_auth_method="client_secret_post" if self.client_secret else "none",
            scope=self.scope or None,
            redirect_uri=redirect_uri,
            code_challenge_method="S256",
            timeout=TIMEOUT,
        )


@dataclass(frozen=True, slots=True)
class TokenSet:
    """The tokens of one signed-in account. Only the keyring keeps them (:meth:`dump`); the
    ``repr`` shows none of them."""

    access_token: str
    refresh_token: str = ""
    expires_at: float | None = None
    scope: str = ""

    def __repr__(self) -> str:
        refresh = "yes" if self.refresh_token else "no"
        return f"TokenSet(access=…, refresh={refresh}, expires_at={self.expires_at!r})"

    def expired(self, leeway: float = 30.0) -> bool:
        return self.expires_at is not None and self.expires_at - leeway <= time.time()

    def dump(self) -> str:
        """The text the keyring keeps: every token in one entry, so a rotation is atomic."""
        return json.dumps(
            {
                "access_token": self.access_token,
                "refresh_token": self.refresh_token,
                "expires_at": self.expires_at,
                "scope": self.scope,
            }
        )

    @classmethod
    def load(cls, text: str) -> TokenSet | None:
        try:
            doc = json.loads(text)
            return cls(
                str(doc["access_token"]),
                str(doc.get("refresh_token") or ""),
                float(doc["expires_at"]) if doc.get("expires_at") is not None else None,
                str(doc.get("scope") or ""),
            )
        except (ValueError, KeyError, TypeError):
            return None

    @classmethod
    def from_answer(cls, answer: dict[str, Any], refresh_token: str = "") -> TokenSet:
        """From a token endpoint's answer (keeping ``refresh_token`` when none is new)."""
        if not answer.get("access_token"):
            raise SignInError("the sign-in server answered without an access token")
        expires_at = answer.get("expires_at")
        if expires_at is None and answer.get("expires_in") is not None:
            expires_at = time.time() + float(answer["expires_in"])
        return cls(
            str(answer["access_token"]),
            str(answer.get("refresh_token") or refresh_token),
            float(expires_at) if expires_at is not None else None,
            str(answer.get("scope") or ""),
        )


async def guarded(where: str, work: Awaitable[_T]) -> _T:
    """Run a request to the server ``where``, turning its failures into :class:`SignInError`."""
    try:
        return await work
    except OAuthError as exc:
        raise oauth_error(where, str(exc.error), exc.description) from None
    except httpx.HTTPStatusError as exc:
        raise SignInError(
            f"{where} failed (HTTP {exc.response.status_code}): try again later"
        ) from None
    except httpx.HTTPError as exc:
        raise unreachable(where, exc) from None
    except ValueError:
        raise SignInError(f"{where} answered something that is not OAuth") from None
