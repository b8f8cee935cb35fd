"""The device authorization grant (RFC 8628), for sessions with no browser at hand: the user
enters a short code at an address on any device while agora polls the token endpoint."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

from agora.signin.grants import SignedIn
from agora.signin.oauth_client import OAuthClient, OAuthError, guarded
from agora.signin.prompt import Prompt, ShowFn
from agora.signin.signin_error import SignInError, oauth_error

GRANT = "urn:ietf:params:oauth:grant-type:device_code"
INTERVAL = 5.0  #: RFC 8628 §3.2: when the server names no interval
SLOW_DOWN = 5.0  #: §3.5: added to the interval at each ``slow_down``

SleepFn = Callable[[float], Awaitable[None]]


async def sign_in(client: OAuthClient, show: ShowFn, *, sleep: SleepFn = asyncio.sleep) -> SignedIn:
    """Ask for a device code, ``show`` it, and poll until the user has confirmed it."""
    from agora.signin.browser import finish

    server = client.server
    if not server.device_authorization_endpoint:
        raise SignInError(
            f"{server.issuer} does not offer sign-in with a code on another device: "
            "sign in through a browser instead"
        )
    body = {"client_id": client.client_id}
    if client.scope:
        body["scope"] = client.scope
    if client.client_secret:
        body["client_secret"] = client.client_secret
    async with client.session() as oauth:
        answer = await guarded(
            server.issuer,
            oauth.request(
                "POST", server.device_authorization_endpoint, data=body, withhold_token=True
            ),
        )
        try:
            grant = answer.json()
        except ValueError:
            grant = {}
        if answer.status_code >= 400 or not isinstance(grant, dict) or "device_code" not in grant:
            code = grant.get("error") if isinstance(grant, dict) else None
            raise oauth_error(server.issuer, str(code or f"HTTP {answer.status_code}"))
        address = str(grant.get("verification_uri") or grant.get("verification_url") or "")
        show(
            Prompt(
                address,
                str(grant.get("user_code", "")),
                str(grant.get("verification_uri_complete") or ""),
            )
        )
        interval = float(grant.get("interval") or INTERVAL)
        deadline = time.monotonic() + float(grant.get("expires_in") or 1800)
        while True:
            await sleep(interval)
            if time.monotonic() > deadline:
                raise oauth_error(server.issuer, "expired_token")
            try:
                token = await oauth.fetch_token(
                    server.token_endpoint, grant_type=GRANT, device_code=grant["device_code"]
                )
            except OAuthError as exc:
                if exc.error == "authorization_pending":
                    continue
                if exc.error == "slow_down":
                    interval += SLOW_DOWN
                    continue
                raise oauth_error(server.issuer, str(exc.error), exc.description) from None
            except Exception as exc:
                await guarded(server.issuer, _raise(exc))
                raise
            return await finish(client, dict(token), None, oauth)


async def _raise(exc: Exception) -> None:
    raise exc
