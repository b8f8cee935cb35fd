"""A small engine for the sign-in tests: its sites sign in over OAuth at the test's
oidc-provider, and it "posts" a comment by presenting the account's bearer token to the
provider's userinfo endpoint, which checks it for real (a revoked or expired token is refused
with 401, as WordPress.com refuses one). Registered by the tests only."""

from __future__ import annotations

import datetime as dt
from typing import Self

import httpx

from agora.core.model import ImportedArticle
from agora.engines.base import (
    AuthServer,
    Capabilities,
    Credentials,
    Discovered,
    EngineError,
    HeldComment,
    ModerationAction,
    Outgoing,
    Posted,
    SignIn,
    SiteAddress,
)
from agora.engines.sync_contract import FetchedThread, SyncState, ThreadSink

#: Every comment the engine delivered: (the account that the provider said the token is of, body).
DELIVERED: list[tuple[str, str]] = []


class BearerSession:
    def __init__(self, site: SiteAddress, credentials: Credentials | None) -> None:
        self.site = site
        self.credentials = credentials
        self.http = httpx.AsyncClient(timeout=10)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self.http.aclose()

    async def _me(self) -> dict[str, str]:
        if self.credentials is None:
            raise EngineError("An active access token must be used to comment.", status=403)
        answer = await self.http.get(
            f"{self.site.api_root}/me",
            headers={"Authorization": f"Bearer {self.credentials.secret}"},
        )
        if answer.status_code == 401:
            raise EngineError(
                "The OAuth2 token is invalid.", code="invalid_token", status=401, sign_in_again=True
            )
        answer.raise_for_status()
        doc: dict[str, str] = answer.json()
        return doc

    async def account_name(self) -> str:
        return (await self._me())["name"]

    async def sync(self, state: SyncState, sink: ThreadSink, *, newest: int) -> None:
        sink.total(1)
        article = ImportedArticle("1", "Hello from the bearer site", "Say something.")
        await sink.thread(FetchedThread(article), article.title)

    async def post(self, comment: Outgoing) -> Posted:
        me = await self._me()
        DELIVERED.append((me["sub"], comment.body))
        return Posted(str(len(DELIVERED)), held=False)

    async def find(self, comment: Outgoing, since: dt.datetime) -> Posted | None:
        return None

    async def edit(self, remote_id: str, body: str) -> None:
        raise EngineError("not here")

    async def delete(self, remote_id: str) -> None:
        raise EngineError("not here")

    async def moderation_queue(self) -> list[HeldComment]:
        return []

    async def moderate(self, remote_id: str, action: ModerationAction) -> HeldComment:
        raise EngineError("not here")


class BearerEngine:
    name = "bearer"
    label = "Bearer test"

    async def discover(self, url: str) -> Discovered:
        if "/bearer-site" not in url:
            raise EngineError("not a bearer site")
        issuer = url.split("/bearer-site")[0]
        return Discovered(SiteAddress(self.name, url.rstrip("/"), issuer, name="Bearer site"))

    def capabilities(self, site: SiteAddress) -> Capabilities:
        return Capabilities(sign_in=(SignIn.OAUTH,), edit_own=False)

    def auth_server(self, site: SiteAddress) -> AuthServer | None:
        return AuthServer(
            site.api_root, "Test OIDC", ("openid", "profile", "email", "offline_access")
        )

    def session(
        self, site: SiteAddress, credentials: Credentials | None = None, *, timeout: float = 15.0
    ) -> BearerSession:
        return BearerSession(site, credentials)


ENGINE = BearerEngine()
