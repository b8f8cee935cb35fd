"""Self-hosted WordPress as an :class:`~agora.engines.base.Engine`: discovery of the REST
API, the capabilities every WordPress site has, and sessions over
:class:`~agora.engines.wordpress.client.WordPressClient`.

A site running Jetpack is looked up at WordPress.com; when it is connected there, its
WordPress.com id is kept in the site's options and WordPress.com accounts may sign in beside
application passwords (their sessions write through WordPress.com's v1.1 API)."""

from __future__ import annotations

import logging

from agora.core.text import url_host
from agora.engines.base import (
    AuthServer,
    Capabilities,
    Credentials,
    Discovered,
    Engine,
    EngineError,
    EngineSession,
    SignIn,
    SiteAddress,
)
from agora.engines.wordpress.client import WordPressClient
from agora.engines.wordpress.convert import article_from_post
from agora.engines.wordpress.discovery import discover
from agora.engines.wordpress.models import SiteInfo, WordPressError
from agora.engines.wordpress.session import WordPressSession
from agora.engines.wordpress.transport import RetryPolicy
from agora.engines.wordpress.wpcom_api import API, BLOG, WPCOM_API, WPComAPI
from agora.engines.wordpress.wpcom_session import WPComSession

log = logging.getLogger("agora.wordpress")

#: Where WordPress itself lives when it is not at the site's front page.
SITE_URL = "site_url"


class WordPressEngine:
    """A WordPress site of version 5.6 or later (REST API and application passwords)."""

    name = "wordpress"
    label = "WordPress"

    def __init__(self, wpcom_api: str = WPCOM_API, *, wpcom_issuer: str = WPCOM_API) -> None:
        """``wpcom_api``, ``wpcom_issuer``: WordPress.com's API and OAuth server (for tests)."""
        self.wpcom_api = wpcom_api.rstrip("/")
        self.wpcom_issuer = wpcom_issuer

    async def discover(self, url: str) -> Discovered:
        """Find the site's REST API; when ``url`` is one of its posts, bring that post too."""
        info = await discover(url)
        home = (info.home or info.site_url).rstrip("/")
        site_url = info.site_url.rstrip("/")
        options = {SITE_URL: site_url} if site_url and site_url != home else {}
        options.update(await self._jetpack(info, home))
        site = SiteAddress(self.name, home, info.api_root, info.name, options)
        if not info.post_id:
            return Discovered(site)
        async with self._session(site, None, 15.0) as session:
            post = await session.client.post(info.post_id)
        return Discovered(site, article_from_post(post))

    async def _jetpack(self, info: SiteInfo, home: str) -> dict[str, str]:
        """The site's WordPress.com id when Jetpack connects it there; nothing otherwise."""
        if not info.jetpack:
            return {}
        host = url_host(home)
        try:
            where = home.partition("://")[2]
            retry = RetryPolicy(retries=1)
            async with WPComAPI(self.wpcom_api, where, timeout=5.0, retry=retry) as api:
                found = await api.site_info()
        except WordPressError as exc:
            log.info("Jetpack on %s, but WordPress.com does not connect it: %s", host, exc)
            return {}
        return {BLOG: str(found.id), API: self.wpcom_api} if found.jetpack else {}

    def capabilities(self, site: SiteAddress) -> Capabilities:
        wpcom = (SignIn.OAUTH,) if BLOG in site.options else ()
        return Capabilities(
            guest_post=True,
            sign_in=(SignIn.APP_PASSWORD, *wpcom),
            edit_own=True,
            delete_own=True,
            moderation=True,
        )

    def auth_server(self, site: SiteAddress) -> AuthServer | None:
        if BLOG not in site.options:
            return None
        return AuthServer(self.wpcom_issuer, "WordPress.com", ("global",))

    def session(
        self, site: SiteAddress, credentials: Credentials | None = None, *, timeout: float = 15.0
    ) -> EngineSession:
        return self._session(site, credentials, timeout)

    def _session(
        self, site: SiteAddress, credentials: Credentials | None, timeout: float
    ) -> WordPressSession:
        oauth = credentials is not None and credentials.method == SignIn.OAUTH
        blog = site.options.get(BLOG)
        if oauth and not blog:
            raise EngineError(f"{url_host(site.home)} is not connected to WordPress.com")
        client = WordPressClient(
            site.api_root,
            site_url=site.options.get(SITE_URL) or None,
            username=credentials.username if credentials and not oauth else None,
            password=credentials.secret if credentials and not oauth else None,
            timeout=timeout,
        )
        if credentials is None or not oauth or not blog:
            return WordPressSession(client)
        api = site.options.get(API) or self.wpcom_api
        return WPComSession(client, WPComAPI(api, blog, credentials.secret, timeout=timeout))


#: What the registry hands out (typed, so that mypy checks the engine against the protocol).
ENGINE: Engine = WordPressEngine()
