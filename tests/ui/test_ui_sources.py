"""The sources screen, key by key: listing sites and feeds, adding (a feed served on loopback,
a page that is neither, a refused port), syncing, removing, signing in and out."""

from __future__ import annotations

import http.server
import socket
import threading
from collections.abc import Iterator
from typing import Any, ClassVar

import pytest
from textual.widgets import DataTable, Input, Select, TabbedContent

from agora.core.model import ImportBatch, ImportedArticle
from agora.engines.base import SiteAddress
from agora.service.library import Library
from agora.service.sites import save_site
from agora.ui.app import AgoraApp
from agora.ui.modals.add_source import AddSourceScreen
from agora.ui.modals.confirm import ConfirmScreen
from agora.ui.modals.identity import IdentityScreen
from agora.ui.screens.articles import ArticlesScreen
from agora.ui.screens.sources import SourcesScreen
from agora.ui.screens.sync import SyncScreen
from agora.ui.widgets.article_table import ArticleTable
from tests.conftest import sample_batch
from tests.pilot import notifications, screen_text, wait_for
from tests.ui.test_ui_compose import type_text
from tests.wpsites import MemoryKeyring, using_keyring

RSS = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Loopback News</title><link>http://x/</link>
<description>d</description>
<item><title>{title}</title><guid>{guid}</guid><description>{body}</description></item>
</channel></rss>"""


class _Server(http.server.BaseHTTPRequestHandler):
    feed: ClassVar[dict[str, str]] = {"title": "First entry", "guid": "e1", "body": "Hello."}

    def do_GET(self) -> None:
        if self.path == "/feed.xml":
            body, kind = RSS.format(**self.feed).encode(), "application/rss+xml"
        else:
            body, kind = b"<html><body>Just a page</body></html>", "text/html"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def web() -> Iterator[str]:
    """A web server on loopback: a feed at /feed.xml, a plain page anywhere else."""
    _Server.feed = {"title": "First entry", "guid": "e1", "body": "Hello."}
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Server)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def refused() -> str:
    """A loopback address where nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def keyring_backend() -> Iterator[MemoryKeyring]:
    backend = MemoryKeyring()
    with using_keyring(backend):
        yield backend


def add_site(library: Library, home: str = "https://blog.example", name: str = "Example Blog"):
    site = save_site(library.store, SiteAddress("wordpress", home, home + "/wp-json", name))
    library.store.imports.add(
        ImportBatch("wordpress", home, name, [ImportedArticle("7", "A post of the blog", "Body")])
    )
    return site


async def open_sources(pilot) -> SourcesScreen:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ArticlesScreen))
    await pilot.press("S")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, SourcesScreen))
    screen = pilot.app.screen
    await wait_for(pilot, lambda: screen.query_one(DataTable).row_count == len(screen.sources) > 0)
    return screen


async def test_sources_lists_each_site_and_feed(library: Library) -> None:
    site = add_site(library)
    library.store.sources.set_error(site.id, "The site answered 503: try again later")
    library.store.identities.add("wordpress", "Zoe Writer", site=site.home, username="zoe")
    library.store.imports.add(
        ImportBatch("feed", "https://news.example/feed", "News", [ImportedArticle("1", "N", "")])
    )
    app = AgoraApp(library)
    async with app.run_test(size=(120, 30)) as pilot:
        await open_sources(pilot)
        text = screen_text(app)
        for shown in ("WordPress", "Example Blog", "Zoe Writer", "never", "Feed", "News"):
            assert shown in text, shown
        assert "The site answered 503" in text
        await pilot.press("j")  # the feed: its address below, no account
        await wait_for(pilot, lambda: "https://news.example/feed" in screen_text(app))
        await pilot.press("k")
        await wait_for(pilot, lambda: "You comment there as Zoe Writer" in screen_text(app))
        await pilot.press("q")
        await wait_for(pilot, lambda: isinstance(app.screen, ArticlesScreen))


async def test_add_a_feed_then_sync_it_and_see_its_articles(library: Library, web: str) -> None:
    library.store.imports.add(sample_batch())
    app = AgoraApp(library)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ArticlesScreen))
        await pilot.press("S")
        await wait_for(pilot, lambda: isinstance(app.screen, SourcesScreen))
        await wait_for(pilot, lambda: "No sites or feeds yet" in screen_text(app))
        sources = app.screen
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, AddSourceScreen))
        await type_text(pilot, web + "/feed.xml")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SourcesScreen), timeout=20)
        await wait_for(pilot, lambda: "Following Loopback News" in notifications(app))
        await wait_for(pilot, lambda: len(sources.sources) == 1)
        [feed] = sources.sources
        assert (feed.kind, feed.articles, feed.synced is not None) == ("feed", 1, True)
        # A new entry: s syncs the feed under the cursor, with the sync screen.
        _Server.feed = {"title": "Second entry", "guid": "e2", "body": "More."}
        await pilot.press("s")
        await wait_for(pilot, lambda: "Sync finished" in titles(app), timeout=20)
        assert "1 new article" in notifications(app)
        await wait_for(pilot, lambda: sources.sources and sources.sources[0].articles == 2)
        # enter: back to the list, showing that feed's articles only.
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ArticlesScreen))
        table = app.screen.query_one(ArticleTable)
        await wait_for(pilot, lambda: table.row_count == 2)
        assert "from Loopback News" in screen_text(app)
        # Removed meanwhile: the list shows every article again rather than none.
        await pilot.press("S")
        await wait_for(pilot, lambda: isinstance(app.screen, SourcesScreen))
        await wait_for(pilot, lambda: len(app.screen.sources) == 1)
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: "Removed Loopback News" in notifications(app))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ArticlesScreen))
        await wait_for(pilot, lambda: "from Loopback" not in screen_text(app))
        await wait_for(pilot, lambda: "Sample article" in screen_text(app))


async def test_add_says_what_went_wrong_and_stays_open(
    library: Library, web: str, refused: str
) -> None:
    app = AgoraApp(library)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_sources_empty(pilot)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, AddSourceScreen))
        await pilot.press("enter")
        assert "Type the address" in screen_text(app)
        await type_text(pilot, refused)
        await pilot.press("enter")
        host = refused.removeprefix("http://")
        # The engine's own words, and no second try as a feed.
        await wait_for(pilot, lambda: "cannot connect" in status_text(app), timeout=20)
        assert host in status_text(app)
        assert "feed either" not in status_text(app)
        assert isinstance(app.screen, AddSourceScreen)
        field = app.screen.query_one(Input)
        field.value = ""
        await type_text(pilot, web + "/just-a-page")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "not a feed either." in status_text(app), timeout=20)
        assert "does not look like a WordPress site" in status_text(app)
        assert library.sites() == [] and library.store.sources.summaries(["feed"]) == []
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, SourcesScreen))


def titles(app) -> list[str]:
    return [n.title for n in app._notifications]


def flat(app) -> str:
    """The screen's text with box edges gone and runs of spaces made one (wrapped lines)."""
    return " ".join(screen_text(app).replace("│", " ").split())


def status_text(app) -> str:
    return str(app.screen.query_one("#add-source-status").render())


async def open_sources_empty(pilot) -> None:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ArticlesScreen))
    await pilot.press("S")
    await wait_for(pilot, lambda: "No sites or feeds yet" in screen_text(pilot.app))


async def test_remove_asks_and_keeps_drafts(library: Library) -> None:
    site = add_site(library)
    [aid] = library.store.articles.of_source("wordpress", site.home).values()
    library.save_draft(aid, None, "words I have not sent")
    other = add_site(library, "https://other.example", "Other Blog")
    app = AgoraApp(library)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_sources(pilot)
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        text = flat(app)
        assert "Remove Example Blog?" in text
        assert "It has no other articles to remove." in text
        assert "The article holding your drafts stays, drafts and all, under" in text
        await pilot.press("n")  # nothing happens
        await wait_for(pilot, lambda: isinstance(app.screen, SourcesScreen))
        assert len(library.sites()) == 2
        await pilot.press("delete")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: "Removed Example Blog" in notifications(app))
        await wait_for(pilot, lambda: [s.name for s in screen.sources] == ["Other Blog"])
        assert [s.id for s in library.sites()] == [other.id]
        assert library.draft(aid, None).body == "words I have not sent"
        entry = next(e for e in library.article_entries() if e.id == aid)
        assert entry.source_name == "Example Blog (removed)"


async def test_remove_is_refused_while_comments_wait(library: Library) -> None:
    site = add_site(library)
    [aid] = library.store.articles.of_source("wordpress", site.home).values()
    guest = library.use_guest("Ann", "ann@example.org")
    library.post(aid, None, "queued words", guest)
    app = AgoraApp(library)
    async with app.run_test(size=(120, 30)) as pilot:
        app.outbox.start = lambda: None  # type: ignore[method-assign]
        await open_sources(pilot)
        await pilot.press("d")
        await wait_for(pilot, lambda: "still wait to be sent" in notifications(app))
        assert not isinstance(app.screen, ConfirmScreen)
        assert len(library.sites()) == 1


async def test_sign_in_opens_the_sites_own_tab_and_sign_out_forgets(
    library: Library, keyring_backend: MemoryKeyring
) -> None:
    add_site(library, "https://first.example", "First")
    site = add_site(library)
    library.secrets.store(site.home, "zoe", "xxxx yyyy")
    zoe = library.store.identities.add("wordpress", "Zoe", site=site.home, username="zoe")
    library.use_identity(zoe)
    app = AgoraApp(library)
    async with app.run_test(size=(120, 34)) as pilot:
        screen = await open_sources(pilot)
        await pilot.press("j")  # Example Blog
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, IdentityScreen))
        modal = app.screen
        assert modal.query_one(TabbedContent).active == "provider-wordpress"
        assert modal.query_one("#wp-site", Select).value == str(site.id)
        assert [s.id for s in modal.sites] == [site.id]  # that site alone
        assert app.focused is modal.query_one("#wp-user")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, SourcesScreen))
        await pilot.press("o")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "agora forgets Zoe there and its password or token" in flat(app)
        await pilot.press("y")
        await wait_for(pilot, lambda: "Signed out of Example Blog (Zoe)" in notifications(app))
        await wait_for(pilot, lambda: screen.sources[1].account == "")
        assert keyring_backend.items == {}
        assert app.identity is None
        await pilot.press("o")  # nothing left to sign out of
        await wait_for(pilot, lambda: "You are not signed in there" in notifications(app))


async def test_sync_all_with_nothing_says_so(library: Library) -> None:
    app = AgoraApp(library)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_sources_empty(pilot)
        await pilot.press("R")
        await wait_for(pilot, lambda: "No sites yet" in notifications(app))
        assert not isinstance(app.screen, SyncScreen)


async def test_the_palette_opens_sources(library: Library) -> None:
    app = AgoraApp(library)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ArticlesScreen))
        await pilot.press("ctrl+p")
        await type_text(pilot, "Sources")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SourcesScreen))


async def test_a_failed_sync_shows_as_the_last_error(library: Library, refused: str) -> None:
    add_site(library, refused, "Gone Away")
    app = AgoraApp(library)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_sources(pilot)
        assert screen.sources[0].last_error == ""
        await pilot.press("s")
        await wait_for(pilot, lambda: "Sync finished" in titles(app), timeout=30)
        await wait_for(pilot, lambda: "cannot connect" in screen.sources[0].last_error)
        await wait_for(pilot, lambda: "Last sync failed: cannot connect" in flat(app))
        assert screen.sources[0].synced is None
