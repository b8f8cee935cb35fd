"""The thread, the help and the identity dialog as a user meets them, real keys pressed:
collapse and expand all, a click on ▾/▸, the empty and the loading thread, ctrl+c, the help
grouped and scrolled at 40×10, the dialog's title, website and note, the identity bar."""

from __future__ import annotations

import time

import pytest
from textual.content import Content
from textual.widgets import Static

from agora.core.model import ImportBatch, ImportedArticle
from agora.service.config import Config
from agora.service.library import Library
from agora.ui.app import AgoraApp
from agora.ui.modals.identity import IdentityScreen
from agora.ui.screens.article import ArticleScreen
from agora.ui.screens.articles import ArticlesScreen
from agora.ui.screens.composer import ComposerScreen
from agora.ui.screens.help import HelpScreen, key_groups
from agora.ui.widgets.comment_view import CommentView
from agora.ui.widgets.identity_bar import IdentityBar, cut_at_word
from tests.conftest import sample_batch
from tests.pilot import notifications, screen_text, wait_for
from tests.ui.test_ui_compose import type_text
from tests.ui.test_ui_reading import open_sample, selected_author


def authors(view: CommentView) -> list[str]:
    ids = [view.thread.ids[p] for p in view.rows.rows]
    comments = view.cache.load(ids)
    return [comments[i].author_name for i in ids]


@pytest.fixture
def aid(library: Library) -> int:
    return library.store.imports.add(sample_batch()).article_ids[0]


def _quiet_article(library: Library) -> int:
    batch = ImportBatch("markdown", "/q.md", "q.md", [ImportedArticle("1", "Quiet", "Body.")])
    return library.store.imports.add(batch).article_ids[0]


# -- the thread --------------------------------------------------------------------------
async def test_collapse_all_and_expand_all_keys(library: Library, aid: int) -> None:
    app = AgoraApp(library, open_article=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_sample(pilot, library)
        view.focus()
        await pilot.press("j", "j")
        assert selected_author(view) == "Cy"
        await pilot.press("z")
        assert authors(view) == ["Ada", "Eve", "Gus's blog"]
        assert selected_author(view) == "Ada"  # Cy's thread, now folded
        assert "[+3 replies hidden]" in screen_text(app)
        await pilot.press("l")  # one thread opens whole: nested folds were forgotten
        assert authors(view) == ["Ada", "Bob", "Cy", "Dee", "Eve", "Gus's blog"]
        await pilot.press("z", "Z")
        assert len(view.rows) == 7
        assert selected_author(view) == "Ada"


async def test_collapse_and_expand_all_from_the_palette(library: Library, aid: int) -> None:
    app = AgoraApp(library, open_article=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_sample(pilot, library)
        for command, rows in (("Collapse all threads", 3), ("Expand all threads", 7)):
            await pilot.press("ctrl+p")
            await pilot.pause()
            await type_text(pilot, command)
            await pilot.pause(0.3)
            await pilot.press("enter")
            await wait_for(pilot, lambda rows=rows: len(view.rows) == rows)
        assert app.focused is view


async def test_a_click_on_the_marker_folds_and_elsewhere_selects(
    library: Library, aid: int
) -> None:
    app = AgoraApp(library, open_article=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_sample(pilot, library)
        await pilot.click(CommentView, offset=(1, 0))  # Ada's ▾
        assert authors(view) == ["Ada", "Eve", "Fay", "Gus's blog"]
        assert "▸ Ada" in screen_text(app)
        await pilot.click(CommentView, offset=(1, 0))  # now ▸: unfolds
        assert len(view.rows) == 7
        await pilot.click(CommentView, offset=(12, 0))  # the name: selects, no fold
        assert len(view.rows) == 7 and selected_author(view) == "Ada"
        await pilot.click(CommentView, offset=(1, 1))  # Ada's text, not her marker
        assert len(view.rows) == 7
        bob_line = next(y for y in range(10) if view.painter.rows_shown[y] == 1)
        await pilot.click(CommentView, offset=(3, bob_line))  # Bob's ▾, one level in
        assert authors(view) == ["Ada", "Bob", "Dee", "Eve", "Fay", "Gus's blog"]
        assert selected_author(view) == "Bob"


@pytest.mark.parametrize(("keymap", "key"), [({}, "c"), ({"comments.comment": "C,f2"}, "C")])
async def test_an_empty_thread_says_how_to_be_the_first(
    library: Library, keymap: dict[str, str], key: str
) -> None:
    aid = _quiet_article(library)
    app = AgoraApp(library, config=Config(keymap=keymap), open_article=aid)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_sample(pilot, library)
        assert f"No comments yet — press {key} to be the first." in screen_text(app)
        await pilot.press("tab", key)
        await wait_for(pilot, lambda: isinstance(app.screen, IdentityScreen))


async def test_a_long_load_counts_its_seconds(
    library: Library, aid: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    import agora.ui.screens.article as article_module

    slow_visit = article_module.open_visit

    def slow(*args: object) -> object:
        time.sleep(1.6)
        return slow_visit(*args)

    monkeypatch.setattr(article_module, "open_visit", slow)
    app = AgoraApp(library, open_article=aid)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ArticleScreen))
        await pilot.pause(0.1)
        assert "Loading the discussion…" in screen_text(app)
        await wait_for(pilot, lambda: "Loading the discussion… 1 s" in screen_text(app))
        view = await open_sample(pilot, library)
        await wait_for(pilot, lambda: len(view.rows) == 7)
        assert "Loading" not in screen_text(app)


async def test_ctrl_c_in_the_comments_does_what_textual_apps_do(
    library: Library, aid: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    copied: list[str] = []
    monkeypatch.setattr("agora.ui.screens.article_links.copy_text", copied.append)
    app = AgoraApp(library, open_article=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_sample(pilot, library)
        view.focus()
        await pilot.press("ctrl+c")
        await pilot.pause(0.2)
        assert copied == []  # the comment is not copied
        assert "to quit the app" in notifications(app)  # Textual's own answer
        assert "ctrl+q" in notifications(app)
        assert app.is_running
        await pilot.press("y")  # copying stays on y
        await wait_for(pilot, lambda: copied == ["First!"])


# -- help -----------------------------------------------------------------------------------
async def test_help_groups_by_screen_and_lists_the_composer_and_the_dialog(
    library: Library, aid: int
) -> None:
    app = AgoraApp(library, open_article=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_sample(pilot, library)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        titles = [g.title for g in app.screen.groups]
        assert titles == [
            "Reading an article",
            "Anywhere",
            "Writing a comment (the composer)",
            "Who you comment as (the identity dialog, L)",
        ]
        sections = list(app.screen.groups[0].sections)
        assert sections == ["The article", "The comments"]
        # Generated from the BINDINGS: every id of the composer and the dialog is listed.
        listed = {b.id for g in app.screen.groups for bs in g.sections.values() for b in bs}
        for cls in (ComposerScreen, IdentityScreen, CommentView, AgoraApp):
            assert {b.id for b in cls.BINDINGS if b.id} <= listed, cls
        assert "comments.collapse_all" in listed and "identity.forget" in listed
        text = screen_text(app)
        assert "Reading an article" in text and "composer.post" not in text  # below, scrolled
        await pilot.press("G")
        text = screen_text(app)
        assert "composer.post" in text and "identity.forget" in text and "Remap keys" in text
        await pilot.press("escape")
        assert isinstance(app.screen, ArticleScreen)


async def test_help_scrolls_with_j_k_g_g_and_fits_40_by_10(library: Library, aid: int) -> None:
    app = AgoraApp(library, open_article=aid)
    async with app.run_test(size=(40, 10)) as pilot:
        await open_sample(pilot, library)
        await pilot.press("question_mark")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        box = help_screen.query_one("#help-box")
        assert box.has_class("-small") and box.region.width == 40 and box.region.height == 10
        scroll = help_screen.query_one("#help-scroll")
        assert scroll.scroll_y == 0 and scroll.max_scroll_y > 10
        await pilot.press("j", "j", "j")
        assert scroll.scroll_y == 3
        await pilot.press("k")
        assert scroll.scroll_y == 2
        await pilot.press("G")
        assert scroll.scroll_y == scroll.max_scroll_y
        assert "Remap keys" in screen_text(app)
        await pilot.press("g")
        assert scroll.scroll_y == 0
        text = screen_text(app)
        assert "Reading an article" in text and "article.back" in text  # the id, wrapped below
        await pilot.press("q")
        assert isinstance(app.screen, ArticleScreen)


async def test_help_from_the_article_list_and_with_remapped_keys(library: Library) -> None:
    library.store.imports.add(sample_batch())
    app = AgoraApp(library, config=Config(keymap={"composer.post": "ctrl+enter"}))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ArticlesScreen)
        groups = key_groups(app, app.config.keymap)
        assert groups[0].title == "The article list"
        post = next(
            b for g in groups for bs in g.sections.values() for b in bs if b.id == "composer.post"
        )
        assert post.key == "ctrl+enter"


# -- the identity dialog ----------------------------------------------------------------------
async def test_l_opens_the_dialog_titled_for_what_it_does(library: Library, aid: int) -> None:
    app = AgoraApp(library, open_article=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_sample(pilot, library)
        await pilot.press("L")
        await wait_for(pilot, lambda: isinstance(app.screen, IdentityScreen))
        title = app.screen.query_one("#identity-title", Static)
        assert str(title.content) == "Who you comment as"
        assert "Leave a Reply" not in screen_text(app).split("Who you comment as")[1]
        await pilot.press("escape")
        await pilot.press("tab", "c")  # on the way to a comment: WordPress's words
        await wait_for(pilot, lambda: isinstance(app.screen, IdentityScreen))
        assert str(app.screen.query_one("#identity-title", Static).content) == "Leave a Reply"


async def test_the_website_takes_an_address_without_https(library: Library, aid: int) -> None:
    app = AgoraApp(library, open_article=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_sample(pilot, library)
        await pilot.press("L")
        await wait_for(pilot, lambda: isinstance(app.screen, IdentityScreen))
        await type_text(pilot, "Zoe")
        await pilot.press("tab")
        await type_text(pilot, "zoe@example.org")
        await pilot.press("tab")
        await type_text(pilot, "example.org/zoe")
        await pilot.press("enter")
        await wait_for(pilot, lambda: library.current_identity() is not None)
        identity = library.current_identity()
        assert identity is not None and identity.website == "https://example.org/zoe"


async def test_the_required_star_is_never_alone_on_a_line(library: Library, aid: int) -> None:
    app = AgoraApp(library, open_article=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_sample(pilot, library)
        await pilot.press("L")
        await wait_for(pilot, lambda: isinstance(app.screen, IdentityScreen))
        note = app.screen.query_one(".identity-note", Static)
        for width in range(30, 131, 3):
            await pilot.resize_terminal(width, 40)
            await pilot.pause()
            lines = note.render_lines(note.region.reset_offset)
            texts = ["".join(s.text for s in line).strip() for line in lines]
            assert "*" in "".join(texts), width
            assert all(t.strip("* ") or "*" not in t for t in texts), (width, texts)


def test_the_bar_is_cut_at_a_word_with_an_ellipsis() -> None:
    text = Content("You are commenting as Bartholomew · Log out / Change")
    assert cut_at_word(text, 100) is text
    assert cut_at_word(text, 30).plain == "You are commenting as…"
    assert cut_at_word(text, 21).plain == "You are commenting…"
    assert cut_at_word(Content("Supercalifragilistic"), 8).plain == "Superca…"  # one long word
    assert cut_at_word(Content("名前は山田 太郎です"), 8).plain == "名前は…"  # in cells


async def test_the_identity_bar_ends_with_an_ellipsis_when_narrow(
    library: Library, aid: int
) -> None:
    library.use_guest("Bartholomew Montgomery", "b@example.org")
    app = AgoraApp(library, open_article=aid)
    async with app.run_test(size=(60, 30)) as pilot:
        await open_sample(pilot, library)
        bar = app.screen.query_one(IdentityBar)
        shown = "".join(s.text for s in bar.render_lines(bar.region.reset_offset)[0]).rstrip()
        assert shown.endswith("…")
        word = shown.removesuffix("…").split()[-1]
        assert word in {"You", "are", "commenting", "as", "Bartholomew", "Montgomery", "·", "/"}
        assert "Bartholomew Montgomery" in shown  # a whole name, never a piece of one
