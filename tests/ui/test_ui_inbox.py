"""The inbox of replies to you, with real keys: i from the article list, enter lands on the
comment in its thread, r opens the composer as a reply to it, and the unread count follows."""

from __future__ import annotations

from datetime import UTC, datetime

from textual.pilot import Pilot
from textual.widgets import OptionList

from agora.core.model import ImportBatch, ImportedArticle, ImportedComment
from agora.service.library import Library
from agora.ui.app import AgoraApp
from agora.ui.screens.article import ArticleScreen
from agora.ui.screens.articles import ArticlesScreen
from agora.ui.screens.composer import ComposerScreen
from agora.ui.screens.inbox import InboxScreen
from agora.ui.widgets.comment_view import CommentView
from agora.ui.widgets.replies_badge import RepliesBadge
from tests.pilot import screen_text, wait_for

BASE = datetime(2024, 6, 1, 10, 0, tzinfo=UTC)


def discussion(library: Library, comments: int = 60) -> dict[str, int]:
    """An article whose long thread holds, in its middle, a comment by Bob that mentions Zoë,
    and at its end a comment of the user's (Zoë) with a reply from Ann. Returns ids."""
    items = [
        ImportedComment(
            str(n),
            None,
            f"Reader {n}",
            f"Comment number {n}.",
            BASE.replace(hour=1 + 2 * n // comments * 2),
        )
        for n in range(comments)
    ]
    items.append(ImportedComment("bob", None, "Bob", "What does zoë think?", BASE.replace(hour=2)))
    aid = library.store.imports.add(
        ImportBatch(
            "file",
            "/talk.txt",
            "talk.txt",
            [ImportedArticle("talk", "A long talk", "Words.", comments=items)],
        )
    ).article_ids[0]
    zoe = library.use_guest("Zoë", "zoe@example.org", "")
    mine = library.post(aid, None, "My own view.", zoe)
    ann = library.store.comments.add(
        aid, mine.id, author_name="Ann", body="I answer Zoë here.", is_own=False
    )
    bob = library.store.scalar("SELECT id FROM comments WHERE origin_id = 'bob'")
    return {"article": aid, "mine": mine.id, "ann": ann.id, "bob": int(bob)}


def badge(app: AgoraApp) -> RepliesBadge:
    return app.screen.query_one(RepliesBadge)


async def inbox_open(pilot: Pilot) -> InboxScreen:
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, ArticlesScreen))
    await pilot.press("i")
    await wait_for(
        pilot, lambda: isinstance(app.screen, InboxScreen) and len(app.screen.entries) > 0
    )
    await pilot.pause()
    assert isinstance(app.screen, InboxScreen)
    return app.screen


async def test_i_opens_the_inbox_and_enter_lands_on_the_comment(library: Library) -> None:
    ids = discussion(library)
    app = AgoraApp(library)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: badge(app).unread == 2)
        # The count is drawn at the next frame after it is set.
        await wait_for(pilot, lambda: "✉ 2 unread replies · i" in screen_text(app))
        inbox = await inbox_open(pilot)
        assert [e.comment_id for e in inbox.entries] == [ids["ann"], ids["bob"]]
        text = screen_text(app)
        assert "Replies to you · 2 unread" in text
        assert "Ann replied to you" in text and "Bob mentioned you" in text
        await pilot.press("j")  # Bob's mention
        assert app.screen.query_one(OptionList).highlighted == 1
        await pilot.press("enter")
        await wait_for(
            pilot, lambda: isinstance(app.screen, ArticleScreen) and app.screen.article is not None
        )
        await pilot.pause()
        view = app.screen.query_one(CommentView)
        assert view.selected_id == ids["bob"]
        assert app.focused is view
        # Scrolled to: the selected comment is drawn in the pane.
        assert "What does zoë think?" in screen_text(app)
        await pilot.press("q")  # back to the inbox: Bob's is read now
        await wait_for(pilot, lambda: isinstance(app.screen, InboxScreen))
        await wait_for(pilot, lambda: [e.unread for e in app.screen.entries] == [True, False])
        assert "Replies to you · 1 unread" in screen_text(app)
        await pilot.press("q")
        await wait_for(pilot, lambda: isinstance(app.screen, ArticlesScreen))
        await wait_for(pilot, lambda: badge(app).unread == 1)
        await wait_for(pilot, lambda: "✉ 1 unread reply · i" in screen_text(app))


async def test_r_answers_the_reply_in_the_composer(library: Library) -> None:
    ids = discussion(library)
    app = AgoraApp(library)
    async with app.run_test(size=(100, 30)) as pilot:
        await inbox_open(pilot)
        await pilot.press("r")  # Ann's reply, the newest
        await wait_for(pilot, lambda: isinstance(app.screen, ComposerScreen))
        composer = app.screen
        assert composer.target.parent_id == ids["ann"]
        assert composer.target.article_id == ids["article"]
        assert "Ann" in screen_text(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ArticleScreen))
        assert app.screen.query_one(CommentView).selected_id == ids["ann"]
    assert library.store.inbox.unread_count() == 1


async def test_the_palette_opens_the_inbox_and_an_empty_one_says_so(library: Library) -> None:
    app = AgoraApp(library)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ArticlesScreen))
        await pilot.pause()
        assert not badge(app).display
        await pilot.press("ctrl+p")
        await pilot.press(*"Replies to")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, InboxScreen))
        await wait_for(pilot, lambda: "No replies to you yet" in screen_text(app))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ArticlesScreen))


async def test_the_count_shows_when_the_list_was_read_ahead(library: Library) -> None:
    """As ``agora`` starts: the article list read while Textual loads."""
    from agora.service.prefetch import Prefetch

    discussion(library)
    app = AgoraApp(library, first_list=Prefetch(library.article_list))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ArticlesScreen))
        await wait_for(pilot, lambda: badge(app).unread == 2)
        assert badge(app).display
