"""The WordPress client against a real WordPress 6.1 (no mocks): discovery, reading, posting
as a guest and as a signed-in user, moderation, errors, retries and credential hygiene."""

from __future__ import annotations

import datetime as dt
import http.server
import logging
import random
import socket
import threading
import typing
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from agora.engines.wordpress import WordPressError
from agora.engines.wordpress.client import WordPressClient
from agora.engines.wordpress.discovery import discover
from agora.engines.wordpress.transport import (
    USER_AGENT,
    RetryPolicy,
    basic_auth_token,
    is_loopback_host,
)
from tests.wordpress.server import WordPressServer, free_port

NO_WAIT = RetryPolicy(retries=2, base=0, cap=0, jitter=0)


class Sleeps:
    """An injected sleep that records the waits instead of waiting."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


class CountingTransport(httpx.AsyncBaseTransport):
    """The real transport, counting requests in flight (to observe concurrency)."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.active = 0
        self.peak = 0
        self.requests = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.active += 1
        self.requests += 1
        self.peak = max(self.peak, self.active)
        try:
            response = await self.inner.handle_async_request(request)
            body = await response.aread()
            return httpx.Response(
                response.status_code,
                headers=response.headers,
                content=body,
                extensions=response.extensions,
            )
        finally:
            self.active -= 1

    async def aclose(self) -> None:
        await self.inner.aclose()


def unique(prefix: str) -> str:
    return f"{prefix} {uuid.uuid4().hex[:8]}"


def api_root(server: WordPressServer) -> str:
    return server.base_url + "/wp-json/"


# -- fixtures -------------------------------------------------------------------------------------


class Users:
    def __init__(self, server: WordPressServer) -> None:
        self.editor_login = "edna"
        self.editor_id = server.create_user("edna", "editor", display_name="Edna Editor")
        self.editor_password = server.app_password(self.editor_id)
        self.subscriber_login = "sam"
        self.subscriber_id = server.create_user("sam", "subscriber", display_name="Sam Sub")
        self.subscriber_password = server.app_password(self.subscriber_id)


@pytest.fixture(scope="module")
def users(wordpress: WordPressServer) -> Users:
    return Users(wordpress)


@pytest.fixture
async def anon(wordpress: WordPressServer) -> AsyncIterator[WordPressClient]:
    async with WordPressClient(api_root(wordpress), retry=NO_WAIT) as client:
        yield client


@pytest.fixture
async def editor(wordpress: WordPressServer, users: Users) -> AsyncIterator[WordPressClient]:
    async with WordPressClient(
        api_root(wordpress),
        username=users.editor_login,
        password=users.editor_password,
        retry=NO_WAIT,
    ) as client:
        yield client


@pytest.fixture
async def subscriber(wordpress: WordPressServer, users: Users) -> AsyncIterator[WordPressClient]:
    async with WordPressClient(
        api_root(wordpress),
        username=users.subscriber_login,
        password=users.subscriber_password,
        retry=NO_WAIT,
    ) as client:
        yield client


@pytest.fixture
def post_id(wordpress: WordPressServer) -> int:
    return wordpress.create_post(unique("Post"), "<p>An article to discuss.</p>")


class _NotWordPress(http.server.BaseHTTPRequestHandler):
    user_agents: typing.ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.user_agents.append(self.headers.get("User-Agent", ""))
        if self.path.startswith("/garbage-api/"):
            self._send(200, "application/json", b"{this is not json")
        elif self.path.startswith("/garbage/"):
            self._send(
                200,
                "text/html",
                b"<html>x</html>",
                {"Link": '</garbage-api/>; rel="https://api.w.org/"'},
            )
        else:
            self._send(200, "text/html", b"<html><body>Just a page</body></html>")

    def _send(self, status: int, ctype: str, body: bytes, extra: dict[str, str] | None = None):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def plain_site() -> Iterator[str]:
    """A web server on loopback that is not WordPress."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _NotWordPress)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A loopback port that accepts connections (kernel backlog) but never answers."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    try:
        yield sock.getsockname()[1]
    finally:
        sock.close()


# -- discovery ------------------------------------------------------------------------------------


async def test_discover_from_link_header(wordpress: WordPressServer) -> None:
    site = await discover(wordpress.base_url + "/")
    assert site.api_root == wordpress.base_url + "/wp-json/"
    assert site.site_url == wordpress.base_url
    assert site.home == wordpress.base_url
    assert site.name == wordpress.title
    assert site.description == wordpress.description
    assert site.app_passwords_supported is True
    assert site.post_id is None


async def test_discover_from_a_post_page_names_the_post(
    wordpress: WordPressServer, post_id: int
) -> None:
    site = await discover(wordpress.post_url(post_id))
    assert site.api_root == wordpress.base_url + "/wp-json/"
    assert site.post_id == post_id


async def test_discover_falls_back_to_rest_route(wordpress: WordPressServer, post_id: int) -> None:
    # readme.html is a static file: no Link header, no <link> tag.
    site = await discover(wordpress.base_url + "/readme.html")
    assert site.api_root == wordpress.base_url + "/?rest_route=/"
    assert site.name == wordpress.title
    wordpress.create_comment(post_id, "Rita", "<p>Via rest_route</p>")
    async with WordPressClient.for_site(site, retry=NO_WAIT) as client:
        comments = await client.comments(post_id)
        assert [c.author_name for c in comments] == ["Rita"]
        assert (await client.post(post_id)).id == post_id


async def test_discover_not_wordpress(plain_site: str) -> None:
    with pytest.raises(WordPressError, match="does not look like a WordPress site") as info:
        await discover(plain_site + "/some/article")
    assert not info.value.transient


async def test_requests_name_agora(plain_site: str) -> None:
    _NotWordPress.user_agents.clear()
    with pytest.raises(WordPressError):
        await discover(plain_site + "/")
    assert _NotWordPress.user_agents
    assert set(_NotWordPress.user_agents) == {USER_AGENT}
    assert USER_AGENT.startswith("agora/") and "(+terminal discussion reader)" in USER_AGENT


async def test_discover_garbage_json(plain_site: str) -> None:
    with pytest.raises(WordPressError, match="not JSON") as info:
        await discover(plain_site + "/garbage/")
    assert not info.value.transient


async def test_discover_unreachable_is_transient() -> None:
    sleeps = Sleeps()
    with pytest.raises(WordPressError, match="cannot connect") as info:
        await discover(f"http://127.0.0.1:{free_port()}/", retry=NO_WAIT, sleep=sleeps)
    assert info.value.transient
    assert info.value.status is None
    assert len(sleeps.calls) == NO_WAIT.retries


async def test_discover_timeout_is_transient(silent_port: int) -> None:
    with pytest.raises(WordPressError, match="did not answer within") as info:
        await discover(
            f"http://127.0.0.1:{silent_port}/", timeout=0.3, retry=NO_WAIT, sleep=Sleeps()
        )
    assert info.value.transient


async def test_discover_rejects_non_web_addresses() -> None:
    with pytest.raises(WordPressError, match="not a web address"):
        await discover("ftp://example.com/")


# -- reading --------------------------------------------------------------------------------------


async def test_ten_deep_thread_is_fetched_exactly(
    wordpress: WordPressServer, anon: WordPressClient, post_id: int
) -> None:
    start = dt.datetime(2024, 3, 30, 23, 0, tzinfo=dt.UTC)  # across Athens' DST change
    ids: list[int] = []
    expected: list[tuple[int, int, str]] = []
    parent = 0
    for depth in range(10):
        author = f"Author {depth}"
        cid = wordpress.create_comment(
            post_id,
            author,
            f"<p>Depth {depth} &amp; more</p>",
            parent=parent,
            date=start + dt.timedelta(minutes=7 * depth),
        )
        expected.append((cid, parent, author))
        ids.append(cid)
        parent = cid
    # A sibling with the same date as depth 3 comes after it (ties go by id).
    sibling = wordpress.create_comment(
        post_id, "Sibling", "same time", parent=ids[2], date=start + dt.timedelta(minutes=21)
    )
    expected.insert(4, (sibling, ids[2], "Sibling"))
    # Neither held nor spam comments are public.
    wordpress.create_comment(post_id, "Held", "wait", approved=0, date=start)
    wordpress.create_comment(post_id, "Spammer", "buy", approved="spam", date=start)

    comments = await anon.comments(post_id)

    assert [(c.id, c.parent, c.author_name) for c in comments] == expected
    truth = {c["id"]: c for c in wordpress.comments_of(post_id)}
    for comment in comments:
        assert comment.post == post_id
        assert comment.status == "approved"
        assert comment.type == "comment"
        assert comment.author == 0
        assert comment.link.endswith(f"#comment-{comment.id}")
        assert comment.date_gmt is not None and comment.date_gmt.tzinfo is not None
        assert comment.date_gmt.strftime("%Y-%m-%d %H:%M:%S") == truth[comment.id]["date_gmt"]
    assert comments[0].date_gmt == start
    assert "Depth 0 &amp; more" in comments[0].content_html


async def test_comments_after_a_moment(
    wordpress: WordPressServer, anon: WordPressClient, post_id: int
) -> None:
    start = dt.datetime(2025, 1, 10, 12, 0, tzinfo=dt.UTC)
    ids = wordpress.bulk_comments(post_id, 12, start=start, step=dt.timedelta(minutes=20))
    later = await anon.comments(post_id, after=start + dt.timedelta(minutes=20 * 7))
    assert [c.id for c in later] == ids[8:]


async def test_thousand_comment_thread_paginates_concurrently(
    wordpress: WordPressServer, post_id: int
) -> None:
    rng = random.Random(7)
    n = 1234
    parents: list[int | None] = [
        None if i < 5 or rng.random() < 0.3 else rng.randrange(i) for i in range(n)
    ]
    ids = wordpress.bulk_comments(post_id, n, parents=parents)
    transport = CountingTransport()
    async with WordPressClient(
        api_root(wordpress), transport=transport, concurrency=5, retry=NO_WAIT
    ) as client:
        comments = await client.comments(post_id)
    assert [c.id for c in comments] == ids
    assert [c.parent for c in comments] == [0 if p is None else ids[p] for p in parents]
    assert [c.author_name for c in comments] == [f"Reader {i}" for i in range(n)]
    assert transport.requests == 13  # ceil(1234 / 100) pages, each once
    assert 2 <= transport.peak <= 5


async def test_five_thousand_comment_thread(wordpress: WordPressServer, post_id: int) -> None:
    ids = wordpress.bulk_comments(post_id, 5000)
    async with WordPressClient(api_root(wordpress), concurrency=6, retry=NO_WAIT) as client:
        comments = await client.comments(post_id)
    assert [c.id for c in comments] == ids


async def test_posts_newest_first_with_pages(
    wordpress: WordPressServer, anon: WordPressClient
) -> None:
    base = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)  # newer than every other post
    made = [
        wordpress.create_post(f"Future {i}", f"<p>Body {i}</p>", date=base + dt.timedelta(days=i))
        for i in range(7)
    ]
    # Future-dated posts are scheduled, not published: publish them as they are.
    wordpress.php_json("foreach ( $args as $id ) { wp_publish_post( $id ); } return true;", made)
    posts = await anon.posts(limit=7, page_size=3)
    assert [p.id for p in posts] == list(reversed(made))
    assert posts[0].title_html == "Future 6"
    assert posts[0].comment_status == "open"
    assert posts[0].date_gmt == base + dt.timedelta(days=6)
    assert "Body 6" in posts[0].content_html

    later = base + dt.timedelta(days=30)
    changed = await anon.posts(limit=100, modified_after=later)
    assert changed == []


async def test_posts_modified_after(wordpress: WordPressServer, anon: WordPressClient) -> None:
    before = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=2)
    new = wordpress.create_post(unique("Fresh"), "x")
    assert new in [p.id for p in await anon.posts(limit=100, modified_after=before)]


# -- posting as a guest ---------------------------------------------------------------------------


async def test_first_time_guest_is_held(
    wordpress: WordPressServer, anon: WordPressClient, post_id: int
) -> None:
    parent = wordpress.create_comment(post_id, "Opener", "Start")
    name = unique("Newcomer")
    result = await anon.post_guest_comment(
        post_id, parent, name, "newcomer@example.com", "https://example.org/me", "Hello there"
    )
    assert result.held is True
    truth = {c["id"]: c for c in wordpress.comments_of(post_id)}[result.comment_id]
    assert truth["status"] == "unapproved"
    assert truth["parent"] == parent
    assert truth["author"] == name
    assert truth["email"] == "newcomer@example.com"
    assert truth["url"] == "https://example.org/me"
    assert truth["content"] == "Hello there"
    assert result.comment_id not in [c.id for c in await anon.comments(post_id)]


async def test_previously_approved_guest_is_approved(
    wordpress: WordPressServer, anon: WordPressClient, post_id: int
) -> None:
    name = unique("Regular")
    email = "regular@example.com"
    wordpress.create_comment(post_id, name, "An approved comment", email=email)
    result = await anon.post_guest_comment(post_id, 0, name, email, "", "I am back")
    assert result.held is False
    assert result.location.endswith(f"#comment-{result.comment_id}")
    assert wordpress.comments_of(post_id)[-1]["status"] == "approved"
    public = await anon.comments(post_id)
    assert public[-1].id == result.comment_id
    assert public[-1].author_name == name


async def test_guest_duplicate_is_permanent(anon: WordPressClient, post_id: int) -> None:
    name = unique("Echo")
    await anon.post_guest_comment(post_id, 0, name, "echo@example.com", "", "Say it twice")
    with pytest.raises(WordPressError, match="Duplicate comment detected") as info:
        await anon.post_guest_comment(post_id, 0, name, "echo@example.com", "", "Say it twice")
    assert info.value.status == 409
    assert info.value.code == "comment_duplicate"
    assert not info.value.transient
    assert "Back" not in str(info.value)


async def test_guest_flood_is_transient(
    wordpress: WordPressServer, anon: WordPressClient, post_id: int
) -> None:
    wordpress.set_flood_control(True)
    try:
        name = unique("Hasty")
        with pytest.raises(WordPressError, match="posting comments too quickly") as info:
            for n in range(3):
                await anon.post_guest_comment(
                    post_id, 0, name, "hasty@example.com", "", f"Quick comment {n}"
                )
        assert info.value.status == 429
        assert info.value.transient
    finally:
        wordpress.set_flood_control(False)
    await anon.post_guest_comment(post_id, 0, name, "hasty@example.com", "", "Calm now")


async def test_guest_on_closed_post(wordpress: WordPressServer, anon: WordPressClient) -> None:
    closed = wordpress.create_post(unique("Closed"), "No comments", comment_status="closed")
    with pytest.raises(WordPressError, match="comments are closed") as info:
        await anon.post_guest_comment(closed, 0, "Late", "late@example.com", "", "Too late?")
    assert info.value.status == 403
    assert not info.value.transient
    assert wordpress.comments_of(closed) == []


@pytest.mark.parametrize(
    ("name", "email", "body", "message"),
    [
        ("", "who@example.com", "Anonymous", "Please fill the required fields"),
        ("Nobody", "", "No email", "Please fill the required fields"),
        ("Typo", "not-an-email", "Bad address", "Please enter a valid email address"),
        ("Quiet", "quiet@example.com", "", "Please type your comment text"),
    ],
)
async def test_guest_rejected_fields(
    anon: WordPressClient, post_id: int, name: str, email: str, body: str, message: str
) -> None:
    with pytest.raises(WordPressError) as info:
        await anon.post_guest_comment(post_id, 0, name, email, "", body)
    assert message in str(info.value)
    assert str(info.value).startswith("Error:")
    assert info.value.status == 200
    assert not info.value.transient


async def test_guest_comment_on_missing_post(anon: WordPressClient) -> None:
    with pytest.raises(WordPressError, match="without saying why") as info:
        await anon.post_guest_comment(999999, 0, "Lost", "lost@example.com", "", "Hello?")
    assert not info.value.transient


# -- signed in ------------------------------------------------------------------------------------


async def test_signed_in_editor_comments_and_is_approved(
    wordpress: WordPressServer, editor: WordPressClient, users: Users, post_id: int
) -> None:
    me = await editor.me()
    assert me.id == users.editor_id
    assert me.name == "Edna Editor"
    assert "editor" in me.roles
    parent = wordpress.create_comment(post_id, "Guest", "A question")
    made = await editor.create_comment(post_id, "An answer from the editor", parent=parent)
    assert made.status == "approved"
    assert made.parent == parent
    assert made.author == users.editor_id
    truth = wordpress.comments_of(post_id)[-1]
    assert (truth["id"], truth["user_id"], truth["status"]) == (
        made.id,
        users.editor_id,
        "approved",
    )


async def test_signed_in_subscriber_is_held(
    wordpress: WordPressServer, subscriber: WordPressClient, users: Users, post_id: int
) -> None:
    assert (await subscriber.me()).id == users.subscriber_id
    made = await subscriber.create_comment(post_id, "My first comment here")
    assert made.status == "hold"
    assert wordpress.comments_of(post_id)[-1]["status"] == "unapproved"


async def test_wrong_application_password(
    wordpress: WordPressServer, users: Users, post_id: int
) -> None:
    async with WordPressClient(
        api_root(wordpress),
        username=users.editor_login,
        password="abcd efgh ijkl mnop",
        retry=NO_WAIT,
    ) as client:
        with pytest.raises(WordPressError, match="wrong username or application password") as e:
            await client.me()
        assert e.value.status == 401
        assert not e.value.transient
        # WordPress quietly treats the request as anonymous where no login is needed...
        assert await client.posts(limit=1)
        # ...and refuses where one is.
        with pytest.raises(WordPressError, match="wrong username or application password"):
            await client.create_comment(post_id, "Should not appear")
    assert wordpress.comments_of(post_id) == []


async def test_anonymous_client_cannot_use_signed_in_calls(anon: WordPressClient) -> None:
    with pytest.raises(WordPressError, match="needs a user name"):
        await anon.me()


async def test_edit_and_delete_own_comment(
    wordpress: WordPressServer, editor: WordPressClient, post_id: int
) -> None:
    made = await editor.create_comment(post_id, "First draft")
    edited = await editor.edit_comment(made.id, "Second thoughts")
    assert "Second thoughts" in edited.content_html
    assert wordpress.comments_of(post_id)[-1]["content"] == "Second thoughts"

    trashed = await editor.delete_comment(made.id)
    assert trashed.id == made.id
    assert wordpress.comments_of(post_id)[-1]["status"] == "trash"
    with pytest.raises(WordPressError) as info:
        await editor.delete_comment(made.id)
    assert (info.value.status, info.value.code) == (410, "rest_already_trashed")

    gone = await editor.delete_comment(made.id, force=True)
    assert gone.id == made.id
    assert wordpress.comments_of(post_id) == []


async def test_subscriber_may_not_edit_even_own_comment(
    subscriber: WordPressClient, post_id: int
) -> None:
    made = await subscriber.create_comment(post_id, "Typo in here")
    with pytest.raises(WordPressError) as info:
        await subscriber.edit_comment(made.id, "Fixed")
    assert info.value.status == 403
    assert info.value.code == "rest_cannot_edit"
    assert not info.value.transient


async def test_rest_errors_carry_wordpress_messages(
    wordpress: WordPressServer, editor: WordPressClient
) -> None:
    closed = wordpress.create_post(unique("Closed"), "x", comment_status="closed")
    with pytest.raises(WordPressError) as info:
        await editor.create_comment(closed, "Hello")
    assert (info.value.status, info.value.code) == (403, "rest_comment_closed")
    assert "closed" in str(info.value)
    open_post = wordpress.create_post(unique("Open"), "x")
    with pytest.raises(WordPressError) as info:
        await editor.create_comment(open_post, "")
    assert (info.value.status, info.value.code) == (400, "rest_comment_content_invalid")
    await editor.create_comment(open_post, "Once")
    with pytest.raises(WordPressError) as info:
        await editor.create_comment(open_post, "Once")
    assert (info.value.status, info.value.code) == (409, "comment_duplicate")
    assert "&#8217;" not in str(info.value) and "’" in str(info.value)


async def test_moderation_approves_a_held_comment(
    wordpress: WordPressServer,
    anon: WordPressClient,
    editor: WordPressClient,
    subscriber: WordPressClient,
    post_id: int,
) -> None:
    held = await anon.post_guest_comment(
        post_id, 0, unique("Stranger"), "stranger@example.com", "", "Let me in"
    )
    assert held.held
    queue = await editor.moderation_queue(post_id)
    assert [c.id for c in queue] == [held.comment_id]
    assert queue[0].status == "hold"
    assert queue[0].content_raw == "Let me in"
    assert held.comment_id in [c.id for c in await editor.moderation_queue()]

    with pytest.raises(WordPressError) as info:
        await subscriber.moderation_queue(post_id)
    assert info.value.status in (401, 403)

    approved = await editor.set_comment_status(held.comment_id, "approved")
    assert approved.status == "approved"
    assert wordpress.comments_of(post_id)[-1]["status"] == "approved"
    assert [c.id for c in await anon.comments(post_id)] == [held.comment_id]
    assert await editor.moderation_queue(post_id) == []

    spam = await editor.set_comment_status(held.comment_id, "spam")
    assert spam.status == "spam"
    assert wordpress.comments_of(post_id)[-1]["status"] == "spam"


async def test_find_comment_after_an_uncertain_attempt(
    wordpress: WordPressServer, anon: WordPressClient, editor: WordPressClient, post_id: int
) -> None:
    since = dt.datetime.now(dt.UTC)
    name = unique("Careful")
    text = 'Isn\'t it -- "quoted" -- and... typographic?'
    held = await anon.post_guest_comment(post_id, 0, name, "careful@example.com", "", text)
    # Held comments are invisible to guests, visible to moderators.
    assert await anon.find_comment(post_id, text, since, author_name=name) is None
    found = await editor.find_comment(post_id, text, since, author_name=name)
    assert found is not None and found.id == held.comment_id
    # Once approved, anyone finds it, despite WordPress's curly quotes and dashes.
    wordpress.php_json("wp_set_comment_status( $args, 'approve' ); return 1;", held.comment_id)
    found = await anon.find_comment(post_id, text, since, author_name=name)
    assert found is not None and found.id == held.comment_id
    assert await anon.find_comment(post_id, "Something else", since) is None
    assert await anon.find_comment(post_id, text, since, author_name="Someone else") is None
    future = since + dt.timedelta(hours=2)
    assert await anon.find_comment(post_id, text, future) is None
    # Resending is safe anyway: WordPress refuses the duplicate.
    with pytest.raises(WordPressError) as info:
        await anon.post_guest_comment(post_id, 0, name, "careful@example.com", "", text)
    assert info.value.code == "comment_duplicate"


# -- failures and retries -------------------------------------------------------------------------


async def test_idempotent_reads_are_retried(wordpress: WordPressServer, post_id: int) -> None:
    sleeps = Sleeps()
    policy = RetryPolicy(retries=3, base=0.5, cap=1.0, jitter=0.5)
    async with WordPressClient(api_root(wordpress), retry=policy, sleep=sleeps) as client:
        wordpress.fail_next_rest_requests(2, 503)
        try:
            assert await client.comments(post_id) == []
        finally:
            wordpress.fail_next_rest_requests(0)
    assert len(sleeps.calls) == 2
    assert 0.25 <= sleeps.calls[0] <= 0.5 and 0.5 <= sleeps.calls[1] <= 1.0


async def test_retries_give_up_with_a_transient_error(
    wordpress: WordPressServer, post_id: int
) -> None:
    sleeps = Sleeps()
    async with WordPressClient(api_root(wordpress), retry=NO_WAIT, sleep=sleeps) as client:
        wordpress.fail_next_rest_requests(10, 429)
        try:
            with pytest.raises(WordPressError) as info:
                await client.comments(post_id)
        finally:
            wordpress.fail_next_rest_requests(0)
    assert info.value.status == 429
    assert info.value.transient
    assert len(sleeps.calls) == NO_WAIT.retries


async def test_creating_is_never_retried(
    wordpress: WordPressServer, users: Users, post_id: int
) -> None:
    sleeps = Sleeps()
    async with WordPressClient(
        api_root(wordpress),
        username=users.editor_login,
        password=users.editor_password,
        retry=NO_WAIT,
        sleep=sleeps,
    ) as client:
        wordpress.fail_next_rest_requests(1, 503)
        try:
            with pytest.raises(WordPressError) as info:
                await client.create_comment(post_id, "Only once")
        finally:
            wordpress.fail_next_rest_requests(0)
        assert info.value.status == 503 and info.value.transient
        assert sleeps.calls == []
        assert wordpress.comments_of(post_id) == []
        await client.create_comment(post_id, "Only once")
    assert len(wordpress.comments_of(post_id)) == 1


async def test_stopped_server_is_transient(users: Users) -> None:
    sleeps = Sleeps()
    root = f"http://127.0.0.1:{free_port()}/wp-json/"
    async with WordPressClient(
        root, username="edna", password="x y z", retry=NO_WAIT, sleep=sleeps
    ) as client:
        with pytest.raises(WordPressError, match="cannot connect") as info:
            await client.comments(1)
        assert info.value.transient and info.value.status is None
        assert len(sleeps.calls) == NO_WAIT.retries
        sleeps.calls.clear()
        with pytest.raises(WordPressError, match="cannot connect") as info:
            await client.post_guest_comment(1, 0, "A", "a@example.com", "", "hi")
        assert info.value.transient and not info.value.outcome_unknown
        with pytest.raises(WordPressError, match="cannot connect") as info:
            await client.create_comment(1, "hi")
        assert info.value.transient and not info.value.outcome_unknown
        assert sleeps.calls == []


async def test_unanswered_post_has_unknown_outcome(silent_port: int) -> None:
    async with WordPressClient(
        f"http://127.0.0.1:{silent_port}/wp-json/", timeout=0.3, retry=NO_WAIT, sleep=Sleeps()
    ) as client:
        with pytest.raises(WordPressError, match="may or may not have been posted") as info:
            await client.post_guest_comment(1, 0, "A", "a@example.com", "", "hi")
    assert info.value.transient and info.value.outcome_unknown


# -- credentials ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "root",
    [
        "http://example.com/wp-json/",
        "http://192.168.1.10/wp-json/",
        "http://localhost.example.com/wp-json/",
        "http://[2001:db8::1]/wp-json/",
    ],
)
def test_credentials_over_plain_http_are_refused(root: str) -> None:
    with pytest.raises(WordPressError, match="refusing to send the application password"):
        WordPressClient(root, username="u", password="secret pass word")


@pytest.mark.parametrize(
    "root",
    [
        "https://example.com/wp-json/",
        "http://127.0.0.1:8080/wp-json/",
        "http://127.8.9.10/?rest_route=/",
        "http://localhost/wp-json/",
        "http://[::1]:8000/wp-json/",
    ],
)
async def test_credentials_allowed_over_https_and_loopback(root: str) -> None:
    async with WordPressClient(root, username="u", password="p"):
        pass


def test_loopback_hosts() -> None:
    assert is_loopback_host("127.0.0.1") and is_loopback_host("::1")
    assert is_loopback_host("LOCALHOST") and is_loopback_host("app.localhost")
    assert not is_loopback_host("example.com") and not is_loopback_host("10.0.0.1")
    assert not is_loopback_host("127.0.0.1.example.com")


async def test_password_never_leaks(
    wordpress: WordPressServer,
    users: Users,
    post_id: int,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    wrong = "wrng pass word 1234 5678"
    secrets_ = [
        wrong,
        users.editor_password,
        basic_auth_token(users.editor_login, wrong),
        basic_auth_token(users.editor_login, users.editor_password),
    ]
    seen: list[str] = []
    async with WordPressClient(
        api_root(wordpress), username=users.editor_login, password=wrong, retry=NO_WAIT
    ) as bad:
        seen += [repr(bad), str(bad), repr(vars(bad))]
        with pytest.raises(WordPressError) as info:
            await bad.me()
        seen += [str(info.value), repr(info.value), repr(info.value.args)]
    async with WordPressClient(
        api_root(wordpress),
        username=users.editor_login,
        password=users.editor_password,
        retry=NO_WAIT,
    ) as good:
        seen += [repr(good), repr(vars(good))]
        await good.create_comment(post_id, "Logged, but not the password")
        with pytest.raises(WordPressError) as info:
            await good.create_comment(post_id, "Logged, but not the password")
        seen += [str(info.value), repr(info.value)]
    with pytest.raises(WordPressError) as info:
        WordPressClient("http://example.com/wp-json/", username="u", password=wrong)
    seen += [str(info.value), repr(info.value)]
    seen.append(caplog.text)
    assert any("agora.wordpress" in r.name for r in caplog.records)
    for text in seen:
        for secret in secrets_:
            assert secret not in text
