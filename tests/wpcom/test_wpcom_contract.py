"""Contract tests of the WordPress.com engine: agora against a loopback server answering with
the request and answer shapes SIGNIN.md documents (:mod:`tests.wpcom.contract_server`), which
also checks every request agora makes (method, route, bearer header, JSON body)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from agora.engines.base import (
    UNRECOGNISED,
    Credentials,
    EngineError,
    Guest,
    Outgoing,
    SignIn,
    SiteAddress,
)
from agora.engines.registry import engine
from agora.engines.sync_contract import FetchedThread, KnownThread
from agora.engines.wpcom.hosted_engine import WPComEngine
from tests.wpcom.contract_server import BLOG, ContractServer

ADA = Credentials("Ada Lovelace", "tok-ada", method=SignIn.OAUTH)
MOD = Credentials("Grace Hopper", "tok-mod", method=SignIn.OAUTH)


@pytest.fixture
def server() -> Iterator[ContractServer]:
    with ContractServer() as srv:
        yield srv
        assert srv.violations == []


@pytest.fixture
def wpcom(server: ContractServer) -> WPComEngine:
    return WPComEngine(api=server.url)


async def _site(wpcom: WPComEngine, server: ContractServer) -> SiteAddress:
    return (await wpcom.discover(server.url + "/")).site


class _State:
    def __init__(self, synced: dt.datetime | None = None, stored: dict[str, str] | None = None):
        self.synced = synced
        self.stored = stored or {}

    def known(self) -> list[str]:
        return ["7"] if self.stored else []

    def thread(self, article: str) -> KnownThread:
        return KnownThread(self.stored, dt.datetime(2024, 5, 1, 11, tzinfo=dt.UTC))


class _Sink:
    def __init__(self) -> None:
        self.threads: list[FetchedThread] = []

    def total(self, count: int) -> None:
        pass

    async def thread(self, fetched: FetchedThread, title: str) -> None:
        self.threads.append(fetched)


def _bodies(server: ContractServer, method: str, part: str) -> list[object]:
    return [s.body for s in server.requests(method, part)]


# -- discovery --------------------------------------------------------------------------------


async def test_a_custom_domain_naming_wordpress_com_is_found_by_its_blog_id(
    wpcom: WPComEngine, server: ContractServer
) -> None:
    found = await wpcom.discover(server.url + "/2024/05/01/hello/")
    site = found.site
    assert site.kind == "wpcom"
    assert site.home == server.url
    assert site.name == "Example & Co"
    assert site.api_root == f"{server.url}/wp/v2/sites/{BLOG}/"
    assert site.options == {"wpcom_blog": str(BLOG), "wpcom_api": server.url}
    assert found.article is not None and found.article.origin_id == "7"
    assert found.article.title == "Hello"
    assert server.requests("GET", f"/wp/v2/sites/{BLOG}/posts/7")


async def test_the_host_header_alone_names_wordpress_com(
    wpcom: WPComEngine, server: ContractServer
) -> None:
    server.state.generator = False
    server.state.site_headers = {"Host-Header": "WordPress.com"}
    assert (await _site(wpcom, server)).kind == "wpcom"


async def test_a_page_that_does_not_name_wordpress_com_costs_one_request_and_is_left_to_others(
    wpcom: WPComEngine, server: ContractServer
) -> None:
    server.state.generator = False
    with pytest.raises(EngineError) as caught:
        await wpcom.discover(server.url + "/")
    assert caught.value.code == UNRECOGNISED and not caught.value.transient
    assert [s.path for s in server.seen] == ["/"]


async def test_a_jetpack_site_is_left_to_the_wordpress_engine(
    wpcom: WPComEngine, server: ContractServer
) -> None:
    server.state.jetpack = True
    with pytest.raises(EngineError) as caught:
        await wpcom.discover(server.url)
    assert caught.value.code == UNRECOGNISED and "self-hosted" in str(caught.value)


async def test_discovery_when_wordpress_com_fails_says_so_and_may_be_retried(
    wpcom: WPComEngine, server: ContractServer
) -> None:
    server.state.faults = {r"^/rest/v1\.1/sites/": "500"}
    with pytest.raises(EngineError) as caught:
        await wpcom.discover(server.url)
    assert caught.value.transient and caught.value.status == 500


def test_the_engine_signs_in_at_wordpress_com_and_is_registered_first() -> None:
    registered = engine("wpcom")
    site = SiteAddress("wpcom", "https://example.wordpress.com", "https://x/", "x", {})
    server = registered.auth_server(site)
    assert server is not None
    assert server.issuer == "https://public-api.wordpress.com"
    assert server.label == "WordPress.com" and "global" in server.scopes
    caps = registered.capabilities(site)
    assert caps.sign_in == (SignIn.OAUTH,) and not caps.moderation
    from agora.engines.registry import names

    assert names().index("wpcom") < names().index("wordpress")


# -- reading ----------------------------------------------------------------------------------


async def test_a_first_sync_reads_posts_and_threads_through_the_sites_routes(
    wpcom: WPComEngine, server: ContractServer
) -> None:
    site = await _site(wpcom, server)
    sink = _Sink()
    async with wpcom.session(site) as session:
        await session.sync(_State(), sink, newest=5)
    [fetched] = sink.threads
    comments = {c.origin_id: c for c in fetched.article.comments}
    assert sorted(comments) == ["41", "42", "43"]
    assert comments["42"].parent_origin == "41" and comments["42"].author_name == "Bob"
    assert comments["41"].body == "Hi 41"
    assert fetched.article.author == "Site Owner"
    assert all("Authorization" not in s.headers for s in server.seen)  # reads are anonymous
    assert all(s.path.startswith(f"/wp/v2/sites/{BLOG}/") for s in server.seen[2:])


async def test_an_incremental_sync_asks_only_what_changed(
    wpcom: WPComEngine, server: ContractServer
) -> None:
    site = await _site(wpcom, server)
    stored = {"41": "approved", "42": "approved", "43": "approved"}
    before = len(server.seen)
    sink = _Sink()
    async with wpcom.session(site) as session:
        await session.sync(_State(dt.datetime(2024, 5, 2, tzinfo=dt.UTC), stored), sink, newest=5)
    assert sink.threads[0].article.comments == [] and sink.threads[0].gone == set()
    comment_reads = [s for s in server.seen[before:] if s.path.endswith("/comments")]
    assert [s.query["per_page"] for s in comment_reads] == [["1"]]  # the count, nothing more


# -- posting ----------------------------------------------------------------------------------


async def test_a_comment_and_a_reply_go_to_replies_new_as_the_signed_in_user(
    wpcom: WPComEngine, server: ContractServer
) -> None:
    site = await _site(wpcom, server)
    async with wpcom.session(site, ADA) as session:
        assert await session.account_name() == "Ada Lovelace"
        top = await session.post(Outgoing("7", None, "Hello *there*", None))
        reply = await session.post(Outgoing("7", "41", "Agreed", None))
    assert top.remote_id and not top.held and top.remote_parent is None
    assert reply.remote_parent == "41" and reply.url.endswith(f"#comment-{reply.remote_id}")
    [new_top] = server.requests("POST", f"/sites/{BLOG}/posts/7/replies/new")
    [new_reply] = server.requests("POST", f"/sites/{BLOG}/comments/41/replies/new")
    assert new_top.headers["Authorization"] == "Bearer tok-ada"
    assert new_top.body == {"content": "Hello <em>there</em>"}
    assert new_reply.body == {"content": "Agreed"}
    assert server.state.comments[int(reply.remote_id or 0)].parent == 41


async def test_a_guest_comment_goes_through_the_sites_comment_form(
    wpcom: WPComEngine, server: ContractServer
) -> None:
    site = await _site(wpcom, server)
    async with wpcom.session(site) as session:
        posted = await session.post(Outgoing("7", None, "Hi", Guest("Gus", "g@x.test", "")))
    assert posted.held and posted.remote_id
    [form] = server.requests("POST", "/wp-comments-post.php")
    assert "Authorization" not in form.headers
    assert form.body["author"] == "Gus" and form.body["comment_post_ID"] == "7"


async def test_a_duplicate_is_reported_as_one_and_find_sees_an_earlier_attempt(
    wpcom: WPComEngine, server: ContractServer
) -> None:
    site = await _site(wpcom, server)
    since = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=5)
    comment = Outgoing("7", None, "Only once", None)
    async with wpcom.session(site, ADA) as session:
        assert await session.find(comment, since) is None
        first = await session.post(comment)
        with pytest.raises(EngineError) as caught:
            await session.post(comment)
        found = await session.find(comment, since)
    assert caught.value.duplicate and caught.value.status == 409
    assert "already said that" in str(caught.value)
    assert found is not None and found.remote_id == first.remote_id
    listing = server.requests("GET", f"/sites/{BLOG}/posts/7/replies")[-1]
    assert listing.headers["Authorization"] == "Bearer tok-ada"
    assert listing.query["order"] == ["ASC"] and listing.query["after"]


async def test_posting_refusals_are_told_as_wordpress_com_says_them(
    wpcom: WPComEngine, server: ContractServer
) -> None:
    site = await _site(wpcom, server)
    async with wpcom.session(site, ADA) as session:
        with pytest.raises(EngineError) as unknown:
            await session.post(Outgoing("8", None, "Hi", None))
    assert unknown.value.status == 404 and unknown.value.code == "unknown_post"
    assert "Unknown post" in str(unknown.value) and not unknown.value.transient


# -- editing and deleting ---------------------------------------------------------------------


async def test_a_plain_commenter_is_told_before_trying_that_only_editors_may_change_comments(
    wpcom: WPComEngine, server: ContractServer
) -> None:
    site = await _site(wpcom, server)
    async with wpcom.session(site, ADA) as session:
        mine = await session.post(Outgoing("7", None, "Mine", None))
        rights = await session.rights(mine.remote_id or "")
        with pytest.raises(EngineError) as refused:
            await session.edit(mine.remote_id or "", "Changed")
        with pytest.raises(EngineError):
            await session.delete(mine.remote_id or "")
    assert not rights.edit and not rights.delete and "editors" in rights.reason
    assert refused.value.status == 403 and "editors" in str(refused.value)
    assert "User cannot edit comment" in str(refused.value)
    check = server.requests("GET", f"/sites/{BLOG}/comments/{mine.remote_id}")[0]
    assert check.headers["Authorization"] == "Bearer tok-ada"


async def test_a_moderator_may_edit_and_delete(wpcom: WPComEngine, server: ContractServer) -> None:
    site = await _site(wpcom, server)
    async with wpcom.session(site, MOD) as session:
        rights = await session.rights("41")
        await session.edit("41", "Edited **now**")
        await session.delete("41")
        await session.delete("41")  # from the trash: deleted for good
        await session.delete("41")  # already gone is fine
    assert rights.edit and rights.delete and rights.reason == ""
    [edit] = [s for s in server.seen if s.method == "POST" and s.path.endswith("/comments/41")]
    assert edit.body == {"content": "Edited <strong>now</strong>"}
    assert len(server.requests("POST", f"/sites/{BLOG}/comments/41/delete")) == 3
    assert 41 not in server.state.comments


async def test_without_a_sign_in_nothing_may_be_changed(
    wpcom: WPComEngine, server: ContractServer
) -> None:
    site = await _site(wpcom, server)
    async with wpcom.session(site) as session:
        rights = await session.rights("41")
        with pytest.raises(EngineError) as caught:
            await session.edit("41", "x")
    assert not rights.edit and caught.value.sign_in_again


# -- the token refused, server trouble --------------------------------------------------------


async def test_a_refused_token_says_sign_in_again(
    wpcom: WPComEngine, server: ContractServer
) -> None:
    site = await _site(wpcom, server)
    stale = Credentials("Ada Lovelace", "tok-expired", method=SignIn.OAUTH)
    async with wpcom.session(site, stale) as session:
        with pytest.raises(EngineError) as who:
            await session.account_name()
        with pytest.raises(EngineError) as post:
            await session.post(Outgoing("7", None, "Hi", None))
    for caught in (who.value, post.value):
        assert caught.sign_in_again and not caught.transient and not caught.outcome_unknown
        assert "sign in again" in str(caught) and "tok-expired" not in str(caught)


async def test_a_server_error_after_a_post_leaves_the_outcome_unknown(
    wpcom: WPComEngine, server: ContractServer
) -> None:
    site = await _site(wpcom, server)
    server.state.faults = {r"/replies/new$": "500"}
    async with wpcom.session(site, ADA) as session:
        with pytest.raises(EngineError) as caught:
            await session.post(Outgoing("7", None, "Hi", None))
    assert caught.value.outcome_unknown and caught.value.transient
    assert len(server.requests("POST", "/replies/new")) == 1  # never resent blindly


async def test_garbage_instead_of_json_is_a_clear_error(
    wpcom: WPComEngine, server: ContractServer
) -> None:
    site = await _site(wpcom, server)
    server.state.faults = {r"/rest/v1\.1/me$": "garbage", r"/comments/41$": "garbage"}
    async with wpcom.session(site, ADA) as session:
        with pytest.raises(EngineError) as who:
            await session.account_name()
        with pytest.raises(EngineError) as rights:
            await session.rights("41")
    assert "not JSON" in str(who.value) and "not JSON" in str(rights.value)


async def test_no_answer_in_time_after_a_post_is_an_unknown_outcome(
    server: ContractServer,
) -> None:
    site = await _site(WPComEngine(api=server.url), server)
    server.state.faults = {r"/replies/new$": "hang"}
    session = WPComEngine(api=server.url).session(site, ADA, timeout=0.5)
    async with session:
        with pytest.raises(EngineError) as caught:
            await session.post(Outgoing("7", None, "Hi", None))
    assert caught.value.transient and caught.value.outcome_unknown
    assert "did not answer within 0.5 s" in str(caught.value)


@pytest.mark.parametrize(
    ("head", "named"),
    [
        ('<meta name="generator" content="WordPress.com" />', True),
        ("<meta content='WordPress.com' name='generator'>", True),
        ('<meta name="generator" content="WordPress 6.5" />', False),
        (
            '<link rel="alternate" href="https://public-api.wordpress.com/wp/v2/sites/1/posts/2">',
            True,
        ),
        ('<link rel="https://api.w.org/" href="https://public-api.wordpress.com/">', False),
    ],
)
def test_what_names_wordpress_com_on_a_page(head: str, named: bool) -> None:
    import httpx

    from agora.engines.wpcom.hosted_site import _names_wpcom

    page = httpx.Response(
        200,
        headers={"content-type": "text/html"},
        text=f"<html><head>{head}</head></html>",
        request=httpx.Request("GET", "https://blog.example.org/"),
    )
    assert _names_wpcom(page, "public-api.wordpress.com") is named
