"""Self-hosted WordPress as an :class:`~agora.engines.base.Engine`: discovery of the REST
API, the capabilities every WordPress site has, and sessions over
:class:`~agora.engines.wordpress.client.WordPressClient`."""

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
from agora.engines.wordpress.client import WordPressClient
from agora.engines.wordpress.convert import article_from_post
from agora.engines.wordpress.discovery import discover
from agora.engines.wordpress.session import WordPressSession

#: Where WordPress itself lives when it is not at the site's front page.
SITE_URL = "site_url"


class WordPressEngine:
    """A WordPress site of version 5.6 or later (REST API and application passwords)."""

    name = "wordpress"
    label = "WordPress"

    async def discover(self, url: str) -> Discovered:
        """Find the site's REST API; when ``url`` is one of its posts, bring that post too."""
        info = await discover(url)
        home = (info.home or info.site_url).rstrip("/")
        site_url = info.site_url.rstrip("/")
        options = {SITE_URL: site_url} if site_url and site_url != home else {}
        site = SiteAddress(self.name, home, info.api_root, info.name, options)
        if not info.post_id:
            return Discovered(site)
        async with self._session(site, None, 15.0) as session:
            post = await session.client.post(info.post_id)
        return Discovered(site, article_from_post(post))

    def capabilities(self, site: SiteAddress) -> Capabilities:
        return Capabilities(
            guest_post=True,
            sign_in=(SignIn.APP_PASSWORD,),
            edit_own=True,
            delete_own=True,
            moderation=True,
        )

    def auth_server(self, site: SiteAddress) -> AuthServer | None:
        return None

    def session(
        self, site: SiteAddress, credentials: Credentials | None = None, *, timeout: float = 15.0
    ) -> EngineSession:
        return self._session(site, credentials, timeout)

    @staticmethod
    def _session(
        site: SiteAddress, credentials: Credentials | None, timeout: float
    ) -> WordPressSession:
        client = WordPressClient(
            site.api_root,
            site_url=site.options.get(SITE_URL) or None,
            username=credentials.username if credentials else None,
            password=credentials.secret if credentials else None,
            timeout=timeout,
        )
        return WordPressSession(client)


#: What the registry hands out (typed, so that mypy checks the engine against the protocol).
ENGINE: Engine = WordPressEngine()
