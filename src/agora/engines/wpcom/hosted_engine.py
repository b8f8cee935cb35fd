"""WordPress.com as an :class:`~agora.engines.base.Engine`: sites hosted there, read through
WordPress.com's API and written as a WordPress.com account signed in over OAuth (the token is
the session's :class:`~agora.engines.base.Credentials` ``secret``), or as a guest through the
site's comment form."""

from __future__ import annotations

from agora.core.html_text import html_to_text
from agora.core.text import sanitize_line, url_host
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
from agora.engines.wordpress.convert import article_from_post
from agora.engines.wordpress.wpcom_api import API, BLOG, WPCOM_API, WPComAPI
from agora.engines.wordpress.wpcom_session import WPComSession
from agora.engines.wpcom.hosted_reader import WPComReader, api_root_of
from agora.engines.wpcom.hosted_site import discover

#: The OAuth server WordPress.com accounts sign in with (SIGNIN.md §1).
ISSUER = "https://public-api.wordpress.com"
#: ``global``: v1.1 checks the token against the site on edits; ``auth`` lets ``/me`` answer.
SCOPES = ("global",)


class WPComEngine:
    """Sites hosted at WordPress.com (``*.wordpress.com`` and custom domains).

    ``api`` is WordPress.com's API root; tests give a server of their own. Sites keep the one
    they were discovered with (in their API root and options), so their sessions use it too.
    """

    name = "wpcom"
    label = "WordPress.com"

    def __init__(self, api: str = WPCOM_API, *, issuer: str = ISSUER) -> None:
        self.api = api.rstrip("/")
        self.issuer = issuer

    async def discover(self, url: str) -> Discovered:
        """The WordPress.com site at ``url`` (and the post it shows, when it is one)."""
        found = await discover(url, self.api, timeout=15.0)
        blog = str(found.site.id)
        options = {BLOG: blog, API: self.api}
        name = sanitize_line(html_to_text(found.site.name)) or url_host(found.home)
        site = SiteAddress(self.name, found.home, api_root_of(self.api, blog), name, options)
        if found.post_id is None:
            return Discovered(site)
        async with self._session(site, None, 15.0) as session:
            post = await session.client.post(found.post_id)
        return Discovered(site, article_from_post(post))

    def capabilities(self, site: SiteAddress) -> Capabilities:
        # Editing and deleting are asked per comment (EngineSession.rights): WordPress.com lets
        # only a post's editors change comments.
        return Capabilities(
            guest_post=True, sign_in=(SignIn.OAUTH,), edit_own=True, delete_own=True
        )

    def auth_server(self, site: SiteAddress) -> AuthServer | None:
        return AuthServer(self.issuer, "WordPress.com", SCOPES)

    def session(
        self, site: SiteAddress, credentials: Credentials | None = None, *, timeout: float = 15.0
    ) -> EngineSession:
        return self._session(site, credentials, timeout)

    def _session(
        self, site: SiteAddress, credentials: Credentials | None, timeout: float
    ) -> WPComSession:
        api = site.options.get(API) or self.api
        blog = site.options.get(BLOG) or site.home.partition("://")[2]
        reader = WPComReader(site.api_root, site_url=site.home, timeout=timeout)
        token = credentials.secret if credentials else None
        return WPComSession(reader, WPComAPI(api, blog, token, timeout=timeout))


#: What the registry hands out (typed, so that mypy checks the engine against the protocol).
ENGINE: Engine = WPComEngine()
