"""The WordPress.com engine beside the real self-hosted WordPress of the integration tests:
discovery still picks the WordPress engine (WordPress.com is never asked about a site that
does not name it), per-comment rights come from WordPress's own ``Allow`` header, and a site
running Jetpack (its REST namespace switched on by the test harness) is looked up at
WordPress.com (tests/wpcom's contract server) and offers its sign-in, with the token never sent
to the site itself."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from agora.engines.base import Credentials, SignIn
from agora.engines.registry import discover, engine
from agora.engines.sync_contract import FetchedThread, KnownThread
from agora.engines.wordpress.engine import WordPressEngine
from tests.wordpress.server import WordPressServer
from tests.wpcom.contract_server import BLOG, ContractServer
from tests.wpsites import unique


@pytest.fixture
def wpcom() -> Iterator[ContractServer]:
    with ContractServer() as srv:
        srv.state.jetpack = True
        yield srv
        assert srv.violations == []


@pytest.fixture
def jetpack(wordpress: WordPressServer) -> Iterator[None]:
    wordpress.set_option("agora_jetpack", "1")
    try:
        yield
    finally:
        wordpress.set_option("agora_jetpack", "0")


async def test_discovery_picks_the_wordpress_engine_for_self_hosted_wordpress(
    wordpress: WordPressServer,
) -> None:
    post = wordpress.create_post(unique("Discovered"), "Body")
    for url in (wordpress.base_url, wordpress.post_url(post)):
        found = await discover(url)
        assert found.site.kind == "wordpress"
        assert "wpcom_blog" not in found.site.options
        assert engine("wordpress").auth_server(found.site) is None
    assert found.article is not None and found.article.origin_id == str(post)


async def test_a_commenter_may_not_change_comments_that_an_administrator_may(
    wordpress: WordPressServer,
) -> None:
    post = wordpress.create_post(unique("Rights"), "Body")
    login = unique("reader").replace(" ", "_")
    uid = wordpress.create_user(login, "subscriber")
    reader = Credentials(login, wordpress.app_password(uid))
    boss = unique("boss").replace(" ", "_")
    admin = Credentials(boss, wordpress.app_password(wordpress.create_user(boss, "administrator")))
    comment = wordpress.create_comment(post, login, "Mine", user_id=uid)
    site = (await discover(wordpress.base_url)).site
    async with engine("wordpress").session(site, reader) as session:
        mine = await session.rights(str(comment))
    async with engine("wordpress").session(site, admin) as session:
        theirs = await session.rights(str(comment))
    assert not mine.edit and not mine.delete and "editors" in mine.reason
    assert theirs.edit and theirs.delete and theirs.reason == ""


async def test_a_jetpack_site_is_looked_up_at_wordpress_com_and_keeps_the_token_from_the_site(
    wordpress: WordPressServer, wpcom: ContractServer, jetpack: None
) -> None:
    post = wordpress.create_post(unique("Jetpack"), "Body")
    wordpress.create_comment(post, "Guest", "Seen through the site's own API")
    self_hosted = WordPressEngine(wpcom_api=wpcom.url)
    site = (await self_hosted.discover(wordpress.base_url)).site
    assert site.kind == "wordpress"
    assert site.options.get("wpcom_blog") == str(BLOG)
    assert self_hosted.capabilities(site).sign_in == (SignIn.APP_PASSWORD, SignIn.OAUTH)
    assert self_hosted.auth_server(site) is not None
    token = Credentials("Ada Lovelace", "tok-ada", method=SignIn.OAUTH)

    class State:
        synced = None

        def known(self) -> list[str]:
            return []

        def thread(self, article: str) -> KnownThread:
            return KnownThread({}, None)

    class Sink:
        threads: list[FetchedThread] = []

        def total(self, count: int) -> None:
            pass

        async def thread(self, fetched: FetchedThread, title: str) -> None:
            self.threads.append(fetched)

    sink = Sink()
    async with self_hosted.session(site, token) as session:
        assert await session.account_name() == "Ada Lovelace"
        await session.sync(State(), sink, newest=50)
    read = {t.article.origin_id: t for t in sink.threads}
    assert [c.author_name for c in read[str(post)].article.comments] == ["Guest"]
    # WordPress.com was asked only who the site and the account are; the site read itself
    assert sorted(s.path for s in wpcom.seen) == ["/rest/v1.1/me", wpcom.seen[0].path]
    assert wpcom.seen[0].path.startswith("/rest/v1.1/sites/127.0.0.1")
