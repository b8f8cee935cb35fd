"""The TUI against a real WordPress: sign in from the identity modal, post, re-sync."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from textual.widgets import Input, TabbedContent

from agora.core.model import Identity
from agora.service.library import Library
from agora.ui.app import AgoraApp
from agora.ui.modals.identity import IdentityScreen
from agora.ui.screens.articles import ArticlesScreen
from agora.ui.screens.moderation import ModerationScreen
from agora.ui.screens.sync import SyncScreen
from agora.ui.widgets.comment_view import CommentView
from agora.ui.widgets.identity_bar import IdentityBar, identity_line
from tests.pilot import notifications, screen_text, wait_for
from tests.ui.test_ui_compose import composer, open_article, type_text
from tests.wordpress.server import WordPressServer
from tests.wpsites import MemoryKeyring, unique, using_keyring


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    backend = MemoryKeyring()
    with using_keyring(backend):
        yield backend


@pytest.fixture
def site_article(wordpress: WordPressServer, library: Library) -> tuple[int, int]:
    post = wordpress.create_post(unique("TUI post"), "<p>Discuss this in a terminal.</p>")
    wordpress.create_comment(post, "Ann Existing", "<p>Already here</p>")
    site = library.add_site(wordpress.post_url(post))
    library.sync(site.id, posts=0)
    aid = int(library.store.scalar("SELECT id FROM articles WHERE origin_id = ?", [str(post)]))
    return post, aid


async def sign_in(pilot, user: str, password: str) -> None:
    await pilot.press("L")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, IdentityScreen))
    pilot.app.screen.query_one(TabbedContent).active = "provider-wordpress"
    await pilot.pause()
    pilot.app.screen.query_one("#wp-user", Input).focus()
    await type_text(pilot, user)
    await pilot.press("tab")
    await type_text(pilot, password)
    await pilot.press("enter")


async def test_sign_in_post_and_resync(
    wordpress: WordPressServer,
    library: Library,
    site_article: tuple[int, int],
    memory_keyring: MemoryKeyring,
) -> None:
    post, aid = site_article
    login = unique("tuiuser").replace(" ", "").lower()
    uid = wordpress.create_user(login, "editor", display_name="Tui Editor")
    password = wordpress.app_password(uid)
    app = AgoraApp(library, open_article=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_article(pilot)
        # A wrong password is reported beside the fields; the modal stays open.
        await sign_in(pilot, login, "wrong wrong wrong wrong")
        await wait_for(pilot, lambda: "wrong" in screen_text(app).lower(), timeout=15)
        assert isinstance(app.screen, IdentityScreen)
        await pilot.press("escape")
        await sign_in(pilot, login, password)
        await wait_for(pilot, lambda: isinstance(app.identity, Identity), timeout=15)
        assert app.identity.kind == "wordpress" and app.identity.name == "Tui Editor"
        await pilot.pause()
        bar = app.screen.query_one(IdentityBar)
        assert "WordPress account (Tui Editor)" in identity_line(app.identity).plain
        # The pane is narrower than the line: it is cut at a word, with "…".
        assert str(bar.render()).startswith("You are commenting using your WordPress account")
        # The secret went to the keyring, nowhere else.
        assert password in memory_keyring.items.values()

        view.focus()
        await pilot.press("c")
        await composer(pilot)
        await type_text(pilot, "Posted from agora's TUI")
        await pilot.press("ctrl+s")
        await wait_for(
            pilot,
            lambda: any("Posted from agora" in c["content"] for c in wordpress.comments_of(post)),
            timeout=30,
        )
        mine = view.selected_comment
        await wait_for(pilot, lambda: view.selected_comment.status == "approved", timeout=15)
        assert mine is not None and mine.author_name == "Tui Editor"

        # Someone else comments on the site; R re-syncs and the list shows it.
        wordpress.create_comment(post, "Late Larry", "<p>Arrived later</p>")
        gone = wordpress.create_comment(post, "Gone Gary", "<p>Soon trashed</p>")
        await pilot.press("q")
        await pilot.press("R")
        # The sync screen comes and goes; what it leaves behind is the notification (waiting
        # for the screen alone can pass before the screen was even pushed).
        await wait_for(pilot, lambda: "new comments" in notifications(app), timeout=30)
        await wait_for(pilot, lambda: not isinstance(app.screen, SyncScreen), timeout=30)

        def count(author: str) -> int:
            return library.store.scalar(
                "SELECT count(*) FROM comments WHERE article_id = ? AND author_name = ?",
                [aid, author],
            )

        assert (count("Late Larry"), count("Gone Gary")) == (1, 1)
        # A moderator trashes one: the next R takes it away and says so.
        wordpress.moderate(gone, "trash")
        await pilot.press("R")
        await wait_for(pilot, lambda: "no longer on the site" in notifications(app), timeout=30)
        assert "1 comment no longer on the site removed" in notifications(app)
        assert (count("Late Larry"), count("Gone Gary")) == (1, 0)
    assert isinstance(view, CommentView)


async def test_moderation_queue_approves_and_trashes(
    wordpress: WordPressServer, library: Library, site_article: tuple[int, int]
) -> None:
    post, aid = site_article
    login = unique("tuimod").replace(" ", "").lower()
    uid = wordpress.create_user(login, "editor", display_name="Mod Erator")
    library.login(library.sites()[0].id, login, wordpress.app_password(uid))
    keep = wordpress.create_comment(post, "Held Harry", "<p>please approve</p>", approved=0)
    drop = wordpress.create_comment(post, "Spammy Sam", "<p>buy things</p>", approved=0)
    app = AgoraApp(library)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ArticlesScreen))
        await pilot.press("ctrl+p")
        await type_text(pilot, "moderation queue")
        await wait_for(pilot, lambda: "held comments on" in screen_text(app))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ModerationScreen))
        await wait_for(pilot, lambda: "Held Harry" in screen_text(app), timeout=30)
        table = app.screen.query_one("#moderation-table")
        row_keys = [str(k.value) for k in table.rows]
        table.move_cursor(row=row_keys.index(str(keep)))
        await pilot.press("a")
        await wait_for(pilot, lambda: str(keep) not in [str(k.value) for k in table.rows], 15)
        table.move_cursor(row=[str(k.value) for k in table.rows].index(str(drop)))
        await pilot.press("t")
        await wait_for(pilot, lambda: str(drop) not in [str(k.value) for k in table.rows], 15)
    statuses = {c["id"]: c["status"] for c in wordpress.comments_of(post)}
    assert statuses[keep] == "approved" and statuses[drop] == "trash"
    # The approved comment joined the local thread.
    assert (
        library.store.scalar(
            "SELECT count(*) FROM comments WHERE article_id = ? AND origin_id = ?", [aid, str(keep)]
        )
        == 1
    )
