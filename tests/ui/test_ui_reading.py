"""Reading with the keyboard: the article list, both panes and every comment key."""

from __future__ import annotations

from agora.core.model import ImportBatch, ImportedArticle, ImportedComment
from agora.service.config import Config
from agora.service.library import Library
from agora.ui.app import AgoraApp
from agora.ui.screens.article import ArticleScreen
from agora.ui.screens.articles import ArticlesScreen
from agora.ui.screens.help import HelpScreen
from agora.ui.widgets.article_pane import ArticlePane
from agora.ui.widgets.article_table import ArticleTable
from agora.ui.widgets.comment_view import CommentView
from tests.conftest import sample_batch
from tests.hostile import CONTROLS, FORBIDDEN_OUTPUT, MARKUP
from tests.pilot import notifications, screen_text, wait_for


async def open_sample(pilot, library: Library) -> CommentView:
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    app = pilot.app
    for _ in range(50):
        if isinstance(app.screen, ArticleScreen) and app.screen.article is not None:
            break
        await pilot.pause(0.05)
    view = app.screen.query_one(CommentView)
    return view


def selected_author(view: CommentView) -> str:
    comment = view.selected_comment
    assert comment is not None
    return comment.author_name


async def test_first_launch_shows_the_welcome_article(library: Library) -> None:
    library.ensure_welcome()
    app = AgoraApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ArticlesScreen)
        table = app.screen.query_one(ArticleTable)
        for _ in range(40):
            if table.row_count:
                break
            await pilot.pause(0.05)
        assert table.row_count == 1
        await pilot.press("enter")
        view = await open_sample(pilot, library)
        assert app.screen.article.title == "Welcome to agora"
        assert len(view.thread) == 10
        assert "10 comments" in screen_text(app)
        await pilot.press("q")
        assert isinstance(app.screen, ArticlesScreen)
        await pilot.press("q")
    assert app.return_code == 0


async def test_comment_keys_walk_the_tree(library: Library) -> None:
    aid = library.store.imports.add(sample_batch()).article_ids[0]
    app = AgoraApp(library, open_article=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_sample(pilot, library)
        assert isinstance(app.focused, ArticlePane)
        await pilot.press("tab")
        assert app.focused is view
        assert selected_author(view) == "Ada"
        await pilot.press("j", "j")
        assert selected_author(view) == "Cy"
        await pilot.press("p")
        assert selected_author(view) == "Bob"
        await pilot.press("right_square_bracket")
        assert selected_author(view) == "Dee"
        await pilot.press("left_square_bracket")
        assert selected_author(view) == "Bob"
        await pilot.press("n")
        assert selected_author(view) == "Eve"
        await pilot.press("N")
        assert selected_author(view) == "Ada"
        await pilot.press("G")
        assert selected_author(view) == "Gus's blog"
        await pilot.press("g")
        assert selected_author(view) == "Ada"
        await pilot.press("down", "up")
        assert selected_author(view) == "Ada"

        # h collapses, shows how many replies are hidden; h again goes to the parent.
        await pilot.press("h")
        assert len(view.rows) == 4
        assert "[+3 replies hidden]" in screen_text(app)
        await pilot.press("j")
        assert selected_author(view) == "Eve"
        await pilot.press("k", "l")
        assert len(view.rows) == 7
        await pilot.press("j", "j", "h")  # Cy is a leaf: h goes to its parent
        assert selected_author(view) == "Bob"
        await pilot.press("space")
        assert len(view.rows) == 6
        await pilot.press("space")
        assert len(view.rows) == 7


async def test_help_lists_keys_with_their_ids(library: Library) -> None:
    aid = library.store.imports.add(sample_batch()).article_ids[0]
    app = AgoraApp(library, open_article=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_sample(pilot, library)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for needle in ("comments.next", "comments.collapse", "article.page_down", "Back"):
            assert needle in text
        await pilot.press("escape")
        assert isinstance(app.screen, ArticleScreen)


async def test_keymap_from_config_remaps_keys(library: Library) -> None:
    aid = library.store.imports.add(sample_batch()).article_ids[0]
    config = Config(keymap={"comments.next": "ctrl+n", "comments.previous": "ctrl+p"})
    app = AgoraApp(library, config=config, open_article=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_sample(pilot, library)
        view.focus()
        await pilot.press("ctrl+n")
        assert selected_author(view) == "Bob"
        await pilot.press("j")  # no longer bound
        assert selected_author(view) == "Bob"


async def test_settings_that_name_nothing_are_pointed_out(library: Library) -> None:
    config = Config(keymap={"comments.nxet": "n", "comments.next": "ctrl+n"}, theme="solarised")
    app = AgoraApp(library, config=config)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: len(app._notifications) == 2)
        theme, keymap = (n.message for n in app._notifications)
        assert "no theme called 'solarised'" in theme
        assert "[keymap] names no key binding 'comments.nxet'" in keymap
        assert "comments.next'" not in keymap


async def test_a_correct_keymap_and_theme_are_taken_quietly(library: Library) -> None:
    config = Config(keymap={"comments.next": "ctrl+n", "app.help": "f1"}, theme="nord")
    app = AgoraApp(library, config=config)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.theme == "nord"
        assert not app._notifications


async def test_a_screenshot_is_saved_here_when_there_is_no_downloads_folder(
    library: Library, tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # no ~/Downloads in it
    monkeypatch.delenv("XDG_DOWNLOAD_DIR", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.chdir(tmp_path)
    app = AgoraApp(library)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        app.action_screenshot()
        await wait_for(pilot, lambda: list(tmp_path.glob("*.svg")))
        await wait_for(pilot, lambda: app._notifications)
        (note,) = app._notifications
        assert note.title == "Screenshot" and note.severity == "information"
    (svg,) = tmp_path.glob("*.svg")
    assert "agora" in svg.read_text()


async def test_copy_falls_back_to_the_terminal_clipboard(library: Library) -> None:
    aid = library.store.imports.add(sample_batch()).article_ids[0]
    app = AgoraApp(library, open_article=aid)
    copied: list[str] = []
    app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_sample(pilot, library)
        view.focus()
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("Y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert copied == ["First!", "https://example.org/sample"]
        titles = [n.title for n in app._notifications]
        assert titles == [
            "Comment text copied (through the terminal)",
            "Link copied (through the terminal)",
        ]


async def test_panes_stack_when_narrow(library: Library) -> None:
    aid = library.store.imports.add(sample_batch()).article_ids[0]
    for width, side_by_side in ((140, True), (80, False)):
        app = AgoraApp(library, open_article=aid)
        async with app.run_test(size=(width, 40)) as pilot:
            view = await open_sample(pilot, library)
            pane = app.screen.query_one(ArticlePane)
            if side_by_side:
                assert pane.region.right <= view.region.x
            else:
                assert pane.region.bottom <= view.region.y


async def test_a_10000_comment_thread_opens_and_moves(library: Library) -> None:
    aid = library.store.imports.add(sample_batch(comments=10_000)).article_ids[0]
    app = AgoraApp(library, open_article=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_sample(pilot, library)
        view.focus()
        await pilot.press("G")
        assert view.viewport.cursor == len(view.rows) - 1 == 10_006
        await pilot.press("k", "k", "g")
        assert selected_author(view) == "Ada"
        assert "10,007 comments" in screen_text(app)


def hostile_batch() -> ImportBatch:
    from agora.core.text import sanitize

    texts = MARKUP + [c for c, _ in CONTROLS]
    comments = [
        ImportedComment(str(i), None, sanitize(t), sanitize(t + "\n" + t))
        for i, t in enumerate(texts)
    ]
    body = "\n\n".join(sanitize(t) for t in texts)
    return ImportBatch(
        "file",
        "/hostile",
        "[red]evil[/red]",
        [
            ImportedArticle(
                "h",
                sanitize("[bold]Title[/bold] \x1b[31m"),
                body,
                "text",
                author="[@click=app.quit]x[/]",
                url="https://example.org/[b]",
                comments=comments,
            ),
            ImportedArticle("m", "[link=x]md[/link]", body, "markdown", comments=comments[:3]),
        ],
    )


async def test_hostile_text_is_shown_literally_and_stays_inert(library: Library) -> None:
    ids = library.store.imports.add(hostile_batch()).article_ids
    for aid in ids:
        app = AgoraApp(library, open_article=aid)
        async with app.run_test(size=(160, 60)) as pilot:
            view = await open_sample(pilot, library)
            text = screen_text(app)
            for bad in FORBIDDEN_OUTPUT:
                assert bad not in text
            if aid == ids[0]:
                assert "[bold]Title[/bold]" in text
                assert "[@click=app.quit]x[/]" in text
                assert "[red]evil[/red]" in text
            view.focus()
            for _ in range(len(view.thread)):
                await pilot.press("j")
            lines = "".join(view.render_line(y).text for y in range(view.size.height))
            for bad in FORBIDDEN_OUTPUT:
                assert bad not in lines
        assert app.return_code in (None, 0)
    # The list screen too.
    app = AgoraApp(library)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause(0.3)
        assert "[link=x]md[/link]" in screen_text(app)


async def test_sync_with_no_sites_says_how_to_add_one(library: Library) -> None:
    library.ensure_welcome()
    app = AgoraApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("R")
        for _ in range(40):
            if app._notifications:
                break
            await pilot.pause(0.05)
        [note] = list(app._notifications)
        assert note.title == "Nothing to sync"
        assert "agora site add URL" in note.message
        assert note.severity == "information"
        await pilot.pause()
        assert isinstance(app.screen, ArticlesScreen)


async def test_a_worker_that_fails_unexpectedly_is_reported(library: Library, monkeypatch) -> None:
    def broken() -> None:
        raise RuntimeError("the disk said no")

    monkeypatch.setattr(library, "article_list", broken)
    app = AgoraApp(library)
    async with app.run_test(notifications=True) as pilot:
        await wait_for(pilot, lambda: "RuntimeError: the disk said no" in notifications(app))
        await wait_for(pilot, lambda: "Something went wrong" in screen_text(app))


async def test_an_article_that_cannot_be_opened_says_why_and_goes_back(library: Library) -> None:
    library.ensure_welcome()
    app = AgoraApp(library)
    async with app.run_test() as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ArticlesScreen))
        app.open_article(999_999)  # gone meanwhile, e.g. removed by another agora
        await wait_for(pilot, lambda: "there is no article 999999" in notifications(app))
        await wait_for(pilot, lambda: isinstance(app.screen, ArticlesScreen))
        await pilot.press("enter")  # the app is still there and works
        await wait_for(pilot, lambda: isinstance(app.screen, ArticleScreen))
