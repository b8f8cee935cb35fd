"""The TUI against a real Isso: votes from the keyboard and in the header, and the composer
saying where a reply to a reply lands (Isso keeps one level)."""

from __future__ import annotations

from agora.service.library import Library
from agora.ui.app import AgoraApp
from tests.isso.server import Blog, IssoServer
from tests.isso.test_isso_sync import article_id, unique_path
from tests.pilot import notifications, screen_text, wait_for
from tests.ui.test_ui_compose import composer, open_article


async def test_votes_and_where_a_reply_lands(
    isso: IssoServer, blog: Blog, library: Library
) -> None:
    path = unique_path("tui")
    top = isso.seed(path, "Top comment here", "Tess Top")
    isso.seed(path, "A reply to Tess", "Ray Reply", parent=top["id"])
    isso.vote(top["id"], True, "10.201.0.1")
    site = library.add_site(blog.page(path, "TUI votes", isso.url))
    library.sync(site.id, posts=0)
    library.use_guest("Tui Guest", "tui@example.com")
    app = AgoraApp(library, open_article=article_id(library, path))
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_article(pilot)
        await wait_for(pilot, lambda: "▲ 1 ▼ 0" in screen_text(app))
        assert view.selected_comment is not None
        assert view.selected_comment.author_name == "Tess Top"
        await pilot.press("plus")
        await wait_for(pilot, lambda: "▲ 2 ▼ 0" in screen_text(app), timeout=15)
        assert "Vote counted" in str([n.title for n in app._notifications])
        await pilot.press("minus")  # Isso counts one vote per reader
        await wait_for(pilot, lambda: "did not count it" in notifications(app), timeout=15)
        assert [c["likes"] for c in isso.thread(path) if c["id"] == top["id"]] == [2]

        await pilot.press("j")
        assert view.selected_comment is not None
        assert view.selected_comment.author_name == "Ray Reply"
        await pilot.press("r")
        screen = await composer(pilot)
        await pilot.pause()
        text = screen_text(app)
        assert "Replying to Ray Reply" in text
        assert "Your reply will appear under Tess Top's comment" in text
        assert screen.landing is not None
