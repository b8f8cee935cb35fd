"""Contract tests of a Jetpack-connected self-hosted site: the WordPress engine notes the
connection (WordPress.com's id for the site, in its options), offers WordPress.com's sign-in
beside application passwords, and writes through v1.1 for a WordPress.com account."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from agora.engines.base import UNRECOGNISED, Credentials, EngineError, Guest, Outgoing, SignIn
from agora.engines.wordpress.engine import WordPressEngine
from agora.engines.wpcom.hosted_engine import WPComEngine
from tests.wpcom.contract_server import BLOG, ContractServer

ADA = Credentials("Ada Lovelace", "tok-ada", method=SignIn.OAUTH)


@pytest.fixture
def server() -> Iterator[ContractServer]:
    with ContractServer() as srv:
        srv.state.generator = False
        srv.state.jetpack = True
        yield srv
        assert srv.violations == []


async def test_a_jetpack_site_keeps_its_wordpress_com_id_and_offers_both_sign_ins(
    server: ContractServer,
) -> None:
    wordpress = WordPressEngine(wpcom_api=server.url)
    site = (await wordpress.discover(server.url + "/")).site
    assert site.kind == "wordpress" and site.api_root == server.url + "/wp-json/"
    assert site.options == {"wpcom_blog": str(BLOG), "wpcom_api": server.url}
    caps = wordpress.capabilities(site)
    assert caps.sign_in == (SignIn.APP_PASSWORD, SignIn.OAUTH) and caps.moderation
    auth = wordpress.auth_server(site)
    assert auth is not None and auth.label == "WordPress.com" and "global" in auth.scopes
    assert auth.issuer == "https://public-api.wordpress.com"
    [lookup] = server.requests("GET", "/rest/v1.1/sites/")
    assert "Authorization" not in lookup.headers


async def test_the_wordpress_com_engine_leaves_a_jetpack_site_to_the_wordpress_one(
    server: ContractServer,
) -> None:
    with pytest.raises(EngineError) as caught:
        await WPComEngine(api=server.url).discover(server.url)
    assert caught.value.code == UNRECOGNISED
    assert [s.path for s in server.seen] == ["/"]  # the page said nothing of WordPress.com


async def test_a_wordpress_com_account_posts_through_v11_on_the_jetpack_site(
    server: ContractServer,
) -> None:
    wordpress = WordPressEngine(wpcom_api=server.url)
    site = (await wordpress.discover(server.url)).site
    async with wordpress.session(site, ADA) as session:
        assert await session.account_name() == "Ada Lovelace"
        posted = await session.post(Outgoing("7", "41", "Hello from WordPress.com", None))
        rights = await session.rights(posted.remote_id or "")
        guest = await session.post(Outgoing("7", None, "A guest", Guest("Gus", "g@x.test", "")))
    assert posted.remote_parent == "41" and not rights.edit
    [reply] = server.requests("POST", f"/rest/v1.1/sites/{BLOG}/comments/41/replies/new")
    assert reply.headers["Authorization"] == "Bearer tok-ada"
    assert reply.body == {"content": "Hello from WordPress.com"}
    assert guest.held and server.requests("POST", "/wp-comments-post.php")
    # the token went only to WordPress.com's API, never to the site's own routes
    for seen in server.seen:
        if "Authorization" in seen.headers:
            assert seen.path.startswith("/rest/v1.1/")


async def test_an_oauth_account_on_a_site_without_jetpack_is_refused(
    server: ContractServer,
) -> None:
    server.state.jetpack = False
    wordpress = WordPressEngine(wpcom_api=server.url)
    site = (await wordpress.discover(server.url)).site
    assert site.options == {} and wordpress.auth_server(site) is None
    assert wordpress.capabilities(site).sign_in == (SignIn.APP_PASSWORD,)
    assert not server.requests("GET", "/rest/v1.1/")  # nothing asked of WordPress.com
    with pytest.raises(EngineError, match=r"not connected to WordPress\.com"):
        wordpress.session(site, ADA)


async def test_wordpress_com_down_leaves_a_jetpack_site_with_application_passwords(
    server: ContractServer,
) -> None:
    server.state.faults = {r"^/rest/v1\.1/sites/": "500"}
    wordpress = WordPressEngine(wpcom_api=server.url)
    site = (await wordpress.discover(server.url)).site
    assert site.kind == "wordpress" and site.options == {}
