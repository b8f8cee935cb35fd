"""The sources screen against a real WordPress: add the site from inside the app ('Connecting
to SITE…' while it is discovered), read its articles, sign in and out from the same screen."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from textual.widgets import Input

from agora.service.library import Library
from agora.ui.app import AgoraApp
from agora.ui.modals.add_source import AddSourceScreen
from agora.ui.modals.confirm import ConfirmScreen
from agora.ui.modals.identity import IdentityScreen
from agora.ui.screens.articles import ArticlesScreen
from agora.ui.screens.sources import SourcesScreen
from agora.ui.widgets.article_table import ArticleTable
from tests.pilot import notifications, screen_text, wait_for
from tests.ui.test_ui_compose import type_text
from tests.wordpress.server import WordPressServer
from tests.wpsites import MemoryKeyring, unique, using_keyring


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    backend = MemoryKeyring()
    with using_keyring(backend):
        yield backend


async def test_add_sign_in_and_out_from_the_sources_screen(
    wordpress: WordPressServer, library: Library, memory_keyring: MemoryKeyring, monkeypatch
) -> None:
    # What the dialog says while discovery runs (on loopback it may be gone before a frame).
    said: list[str] = []
    real_status = AddSourceScreen._status

    def status(screen: AddSourceScreen, text: str, *, error: bool = False) -> None:
        said.append(text)
        real_status(screen, text, error=error)

    monkeypatch.setattr(AddSourceScreen, "_status", status)
    title = unique("Sources post")
    wordpress.create_post(title, "<p>Found from the sources screen.</p>")
    login = unique("srcuser").replace(" ", "").lower()
    uid = wordpress.create_user(login, "author", display_name="Sam Sources")
    password = wordpress.app_password(uid)
    app = AgoraApp(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ArticlesScreen))
        await pilot.press("S")
        await wait_for(pilot, lambda: isinstance(app.screen, SourcesScreen))
        sources = app.screen
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, AddSourceScreen))
        await type_text(pilot, wordpress.base_url)
        await pilot.press("enter")
        host = wordpress.base_url.split("://")[1]
        assert said == [f"Connecting to {host}…"]
        # Found: the dialog goes, and the site's articles are read with the sync screen.
        await wait_for(pilot, lambda: "Sync finished" in titles(app), timeout=60)
        await wait_for(pilot, lambda: sources.sources and sources.sources[0].articles > 0)
        [site] = sources.sources
        assert (site.kind, site.label, site.account, site.last_error) == (
            "wordpress",
            "WordPress",
            "",
            "",
        )
        assert site.synced is not None
        await wait_for(pilot, lambda: "guest" in screen_text(app))

        # i: the sign-in dialog on this site; the password goes to the keyring.
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, IdentityScreen))
        await type_text(pilot, login)
        app.screen.query_one("#wp-password", Input).focus()
        await type_text(pilot, password)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SourcesScreen), timeout=30)
        await wait_for(pilot, lambda: sources.sources[0].account == "Sam Sources", timeout=10)
        assert "Sam Sources" in screen_text(app)
        assert password in memory_keyring.items.values()
        assert app.identity is not None and app.identity.name == "Sam Sources"

        # o: signed out, the secret forgotten.
        await pilot.press("o")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: "Signed out of" in notifications(app), timeout=10)
        await wait_for(pilot, lambda: sources.sources[0].account == "")
        assert password not in memory_keyring.items.values()
        assert app.identity is None

        # enter: the site's articles in the list.
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ArticlesScreen))
        table = app.screen.query_one(ArticleTable)
        await wait_for(pilot, lambda: title in screen_text(app), timeout=10)
        assert table.row_count == site.articles


def titles(app) -> list[str]:
    return [n.title for n in app._notifications]
