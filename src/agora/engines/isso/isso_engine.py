"""Isso, the self-hosted comment server of static blogs, as an
:class:`~agora.engines.base.Engine`: discovery from a blog page or the server's address
(:mod:`.finding`), and sessions (:class:`~.isso_session.IssoSession`)."""

from __future__ import annotations

from agora.engines.base import (
    AuthServer,
    Capabilities,
    Credentials,
    Discovered,
    Engine,
    EngineSession,
    SignIn,
    SiteAddress,
)
from agora.engines.isso.finding import KIND, discover
from agora.engines.isso.isso_session import IssoSession


class IssoEngine:
    """An Isso server (0.12 or later): guests post, edit and delete for a while with the
    key each post gives, vote, and the admin (its password) moderates."""

    name = KIND
    label = "Isso"

    async def discover(self, url: str) -> Discovered:
        return await discover(url)

    def capabilities(self, site: SiteAddress) -> Capabilities:
        return Capabilities(
            guest_post=True,
            sign_in=(SignIn.APP_PASSWORD,),
            moderation=True,
            votes=True,
            nesting=1,
            guest_edit=True,
        )

    def auth_server(self, site: SiteAddress) -> AuthServer | None:
        return None

    def session(
        self, site: SiteAddress, credentials: Credentials | None = None, *, timeout: float = 15.0
    ) -> EngineSession:
        return IssoSession(site, credentials, timeout)


#: What the registry hands out (typed, so that mypy checks the engine against the protocol).
ENGINE: Engine = IssoEngine()
