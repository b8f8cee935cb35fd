"""A registered client at one server, and Authlib's OAuth client built from it."""

from __future__ import annotations

import warnings
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import TypeVar

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
__all__ = ["OAuthClient", "OAuthError", "guarded"]


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
