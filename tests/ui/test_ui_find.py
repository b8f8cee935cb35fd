"""Finding and following discussions with the keyboard: search in the thread, search
everything, new comments since the last visit, orders of threads, and the link picker."""

from __future__ import annotations

import threading

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from agora.core.model import ImportBatch, ImportedArticle, ImportedComment
from agora.service.library import Library
from agora.service.reading import comment_matches
from agora.ui.app import AgoraApp
from agora.ui.modals.link_picker import LinkPicker
from agora.ui.readable import role_style
from agora.ui.screens import search
from agora.ui.screens.article import ArticleScreen
from agora.ui.screens.articles import ArticlesScreen
from agora.ui.screens.search import SearchScreen
from agora.ui.widgets import thread_search
from agora.ui.widgets.article_table import ArticleTable
from agora.ui.widgets.comment_view import CommentView
from agora.ui.widgets.thread_marks import Mark
from agora.ui.widgets.thread_search import ThreadSearch
from tests.conftest import sample_batch
from tests.hostile import FORBIDDEN_OUTPUT, MARKUP
from tests.pilot import notifications, screen_text, wait_for

_KEYS = {" ": "space", ".": "full_stop", ":": "colon", '"': "quotation_mark", "*": "asterisk"}


# -- helpers ---------------------------------------------------------------------------------


def header(app: AgoraApp) -> str:
    return str(app.screen.query_one("#comments-header").render())


async def settle(pilot: Pilot) -> None:
    """Let typing pause long enough to start the search, wait for its workers, then for their
    results."""
    await pilot.pause(max(search.DEBOUNCE_SECONDS, thread_search.DEBOUNCE_SECONDS) + 0.05)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def type_text(pilot: Pilot, text: str) -> None:
    await pilot.press(*[_KEYS.get(ch, ch) for ch in text])


async def opened(pilot: Pilot) -> CommentView:
    app = pilot.app
    await wait_for(
        pilot, lambda: isinstance(app.screen, ArticleScreen) and app.screen.article is not None
    )
    await pilot.pause()
    return app.screen.query_one(CommentView)


def author(view: CommentView) -> str:
    comment = view.selected_comment
    assert comment is not None
    return comment.author_name


def ids_by_author(library: Library, aid: int) -> dict[str, int]:
    rows = library.store.query("SELECT id, author_name FROM comments WHERE article_id = ?", [aid])
    return {r["author_name"]: r["id"] for r in rows}


def match_style_in_view(view: CommentView, word: str) -> bool:
    """True when some segment on screen is exactly ``word`` drawn in the match style."""
    row, selected = "comment-view--match", ("comment-view--selected", "comment-view--match")
    matches = {role_style(view, *parts).bgcolor for parts in ((row,), selected)}
    for y in range(view.size.height):
        for seg in view.render_line(y):
            if seg.text == word and seg.style and seg.style.bgcolor in matches:
                return True
    return False


# -- search in the thread --------------------------------------------------------------------
async def test_find_in_thread_highlights_and_walks_matches_into_collapsed_threads(
    library: Library,
) -> None:
    aid = library.store.imports.add(sample_batch()).article_ids[0]
    app = AgoraApp(library, open_article=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await opened(pilot)
        await pilot.press("tab", "h")  # collapse Ada's thread: Bob and Dee are hidden
        assert len(view.rows) == 4
        await pilot.press("slash")
        search = app.screen.query_one(ThreadSearch)
        assert search.display and app.focused is search
        await type_text(pilot, "reply")
        await settle(pilot)
        assert "3 matches" in header(app)
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is view
        assert author(view) == "Bob" and len(view.rows) == 7  # revealed
        assert "match 1 of 3" in header(app)
        assert match_style_in_view(view, "reply") and match_style_in_view(view, "Reply")
        await pilot.press("full_stop")
        assert author(view) == "Dee" and "match 2 of 3" in header(app)
        await pilot.press("f3")
        assert author(view) == "Fay"
        await pilot.press("full_stop")  # wraps to the top
        assert author(view) == "Bob"
        await pilot.press("comma")
        assert author(view) == "Fay"
        await pilot.press("shift+f3")
        assert author(view) == "Dee"

        # Authors match too, in any case; a collapsed thread is opened to reach its match.
        await pilot.press("g", "h")
        await pilot.press("slash", "ctrl+u")
        await type_text(pilot, "CY")
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert author(view) == "Cy" and "match 1 of 1" in header(app)

        # Escape clears the search and hides the box.
        await pilot.press("escape")
        assert view.marks.find_text == "" and not search.display
        assert "match" not in header(app)
        assert not match_style_in_view(view, "Cy")
        await pilot.press("full_stop")
        assert "Press / to find" in notifications(app)


async def test_find_in_thread_takes_hostile_text_literally(library: Library) -> None:
    aid = library.store.imports.add(sample_batch()).article_ids[0]
    app = AgoraApp(library, open_article=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await opened(pilot)
        search = app.screen.query_one(ThreadSearch)
        await pilot.press("slash")
        for text in [*MARKUP, ".*", "(", "\\"]:
            search.value = text
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            assert "no matches" in header(app) or view.marks.count(Mark.MATCH)
            shown = screen_text(app)
            assert not any(bad in shown for bad in FORBIDDEN_OUTPUT)
            search.focus()
        search.value = "S"  # First!, Deeper still., A second thread., Gus's blog
        await settle(pilot)
        assert view.marks.count(Mark.MATCH) == 4


async def test_find_in_a_100k_thread_does_not_block_the_ui(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    import agora.ui.widgets.thread_search as thread_search

    scanned_in: list[str] = []

    def scan(*args: object, **kwargs: object) -> list[int]:
        scanned_in.append(threading.current_thread().name)
        return comment_matches(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(thread_search, "comment_matches", scan)
    aid = library.store.imports.add(sample_batch(comments=100_000)).article_ids[0]
    app = AgoraApp(library, open_article=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await opened(pilot)
        await pilot.press("slash")
        await type_text(pilot, "number 99999")
        await pilot.press("enter")
        await wait_for(pilot, lambda: view.marks.find_text, timeout=30)
        await pilot.pause()
        assert view.marks.count(Mark.MATCH) == 1
        assert author(view) == "Reader 99999"
        assert "match 1 of 1" in header(app)
    assert scanned_in and threading.main_thread().name not in scanned_in


# -- search everything -----------------------------------------------------------------------
async def test_search_everything_and_open_the_comment_in_its_thread(library: Library) -> None:
    aid = library.store.imports.add(sample_batch()).article_ids[0]
    other = sample_batch(title="Another article")
    other.source_locator = "/other.txt"
    other_id = library.store.imports.add(other).article_ids[0]
    app = AgoraApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+f")
        assert isinstance(app.screen, SearchScreen)
        assert "author:name" in screen_text(app)  # the hint line
        await type_text(pilot, "deeper")
        await settle(pilot)
        screen = app.screen
        assert len(screen.hits) == 2
        assert "2 results" in screen_text(app)
        results = screen.query_one(OptionList)
        prompt = results.get_option_at_index(0).prompt
        assert "Cy on " in str(prompt) and "Deeper still." in str(prompt)
        marked = [s for s in prompt.spans if str(prompt)[s.start : s.end] == "Deeper"]
        assert marked, "the matched word is styled"
        await pilot.press("down")
        assert app.focused is results
        hit = screen.hits[0]
        await pilot.press("enter")
        view = await opened(pilot)
        assert app.screen.article_id == hit.article_id
        assert view.selected_id == hit.comment_id and author(view) == "Cy"
        await pilot.press("q")
        assert isinstance(app.screen, SearchScreen)  # back to the results

        # An article hit opens the article; author: filters.
        search = app.screen.query_one(Input)
        search.focus()
        search.value = "paragraph"
        await settle(pilot)
        assert app.screen.hits and all(h.comment_id is None for h in app.screen.hits)
        await pilot.press("down", "enter")
        await opened(pilot)
        assert app.screen.article_id in (aid, other_id)
        await pilot.press("q")
        search.value = "author:Dee"
        await settle(pilot)
        assert {h.author for h in app.screen.hits} == {"Dee"}
        search.value = "[/bold] [@click=app.quit]"
        await settle(pilot)
        assert "No results." in screen_text(app)
        await pilot.press("escape")
        assert isinstance(app.screen, ArticlesScreen)
        # q types into the search box, and from the results goes back.
        await pilot.press("ctrl+f")
        await type_text(pilot, "quiet")
        assert app.screen.query_one(Input).value == "quiet"
        app.screen.query_one(Input).value = "deeper"
        await settle(pilot)
        await pilot.press("down", "q")
        assert isinstance(app.screen, ArticlesScreen)
    assert app.return_code in (None, 0)


async def test_a_search_that_fails_says_so_instead_of_searching_for_ever(
    library: Library, monkeypatch
) -> None:
    import sqlite3

    library.store.imports.add(sample_batch())

    def broken(*args: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(library, "search", broken)
    app = AgoraApp(library)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("ctrl+f")
        await type_text(pilot, "deeper")
        await wait_for(pilot, lambda: "Search failed: disk I/O error" in screen_text(app))
        assert "Searching" not in screen_text(app)
        await wait_for(pilot, lambda: app._notifications)  # and reported as unexpected


async def test_a_long_paste_typed_key_by_key_searches_once(library: Library, monkeypatch) -> None:
    library.store.imports.add(sample_batch())
    searched: list[str] = []
    real = library.search
    monkeypatch.setattr(library, "search", lambda text, *a: searched.append(text) or real(text, *a))
    app = AgoraApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+f")
        await type_text(pilot, "deeper " * 40)
        assert not [w for w in app.workers if w.group == "search"]  # none while typing
        await settle(pilot)
        assert searched == ["deeper " * 40]


async def test_search_from_the_command_palette(library: Library) -> None:
    library.store.imports.add(sample_batch())
    app = AgoraApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await type_text(pilot, "search all")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SearchScreen))


# -- new since the last visit ----------------------------------------------------------------
def _new_cell(app: AgoraApp, aid: int) -> str:
    return app.screen.query_one(ArticleTable).cells(aid)["new"]


async def test_new_comments_since_the_last_visit(library: Library) -> None:
    aid = library.store.imports.add(sample_batch()).article_ids[0]
    who = ids_by_author(library, aid)
    app = AgoraApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.screen.query_one(ArticleTable)
        await wait_for(pilot, lambda: table.row_count)
        assert _new_cell(app, aid) == "7"  # never opened: all unread
        await pilot.press("enter")
        await opened(pilot)
        assert "new" not in header(app)  # a first visit marks nothing
        await pilot.press("q")
        await settle(pilot)
        assert library.seen_until(aid) == max(who.values())
        await wait_for(pilot, lambda: _new_cell(app, aid) == "")

    store = library.store
    zed = store.comments.add(aid, who["Ada"], author_name="Zed", body="Late reply.", is_own=False)
    yan = store.comments.add(aid, None, author_name="Yan", body="Late thread.", is_own=False)
    mine = store.comments.add(aid, who["Eve"], author_name="Me", body="Mine.", is_own=True)
    assert library.unread_counts() == {aid: 2}

    app = AgoraApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.screen.query_one(ArticleTable)
        await wait_for(pilot, lambda: table.row_count)
        assert _new_cell(app, aid) == "2"
        await pilot.press("enter")
        view = await opened(pilot)
        assert "2 new" in header(app)
        assert view.marks.reads.new_ids == {zed.id, yan.id}  # own comments never count
        text = screen_text(app)
        assert text.count(" new ") >= 2
        await pilot.press("tab")
        await pilot.press("u")
        assert view.selected_id == zed.id
        await pilot.press("u")
        assert view.selected_id == yan.id
        await pilot.press("u")  # wraps
        assert view.selected_id == zed.id
        await pilot.press("U")
        assert view.selected_id == yan.id
        assert view.selected_id != mine.id
        await pilot.press("q")
        await settle(pilot)
        await wait_for(pilot, lambda: _new_cell(app, aid) == "")
    assert library.unread_counts() == {}


async def test_comments_never_on_screen_stay_unread(library: Library) -> None:
    aid = library.store.imports.add(sample_batch(comments=60)).article_ids[0]
    app = AgoraApp(library, open_article=aid)
    async with app.run_test(size=(120, 30)) as pilot:
        view = await opened(pilot)
        shown = {view.thread.ids[view.rows.rows[r]] for r in view.painter.rows_shown}
        await pilot.pause(1.5)  # the debounced save
        await settle(pilot)
        seen = library.seen_until(aid)
        assert 0 < seen < max(view.thread.ids)
        unseen_ids = [i for i in view.thread.ids if i > seen]
        assert min(unseen_ids) not in shown  # the mark stops at the first comment not drawn
        assert all(i in shown for i in view.thread.ids if i <= seen)
        assert library.unread_counts()[aid] == len(unseen_ids)
        # Jumping to the end shows the last comments but not the ones in between: those
        # count as seen (read out of order), the ones in between stay unread.
        view.focus()
        await pilot.press("G")
        await pilot.pause()
        at_end = {view.thread.ids[view.rows.rows[r]] for r in view.painter.rows_shown}
    assert library.seen_until(aid) == seen
    assert set(library.store.read_state.seen_above_mark(aid)) == {i for i in at_end if i > seen}
    assert library.unread_counts()[aid] == len(set(unseen_ids) - at_end)
    # Reading through page by page marks everything.
    app = AgoraApp(library, open_article=aid)
    async with app.run_test(size=(120, 30)) as pilot:
        view = await opened(pilot)
        view.focus()
        for _ in range(40):
            await pilot.press("pagedown")
        await pilot.press("q")
        await settle(pilot)
    assert library.unread_counts() == {}


# -- orders of threads -----------------------------------------------------------------------
async def test_after_a_sort_the_pane_stays_full(library: Library) -> None:
    """Ada's thread, on top and selected, is last once sorted newest first: the view ends
    with it at the bottom instead of showing it above an empty pane."""
    aid = library.store.imports.add(sample_batch(40)).article_ids[0]
    app = AgoraApp(library, open_article=aid)
    async with app.run_test(size=(120, 30)) as pilot:
        view = await opened(pilot)
        await pilot.press("tab", "g", "j", "j", "j")  # Dee: the view is scrolled a little
        await pilot.press("s")
        await settle(pilot)
        assert "newest first" in header(app)
        assert author(view) == "Dee"
        lines = [view.render_line(y).text[:-1] for y in range(view.size.height)]  # no scrollbar
        assert lines[-1].strip(), "blank space under the last comment"
        assert any("Dee" in line for line in lines)  # the selection is in view


async def test_sort_orders_are_cycled_shown_and_remembered(library: Library) -> None:
    aid = library.store.imports.add(sample_batch()).article_ids[0]
    app = AgoraApp(library, open_article=aid)

    def tops(view: CommentView) -> list[str]:
        comments = view.cache.load(view.thread.ids[p] for p in view.thread.top_level())
        return [c.author_name for c in comments.values()]

    async with app.run_test(size=(120, 40)) as pilot:
        view = await opened(pilot)
        assert "oldest first" in header(app)
        assert tops(view) == ["Ada", "Eve", "Gus's blog"]
        await pilot.press("tab", "j", "j")  # Cy
        await pilot.press("s")
        await settle(pilot)
        assert "newest first" in header(app)
        assert tops(view) == ["Gus's blog", "Eve", "Ada"]
        assert author(view) == "Cy"  # the selection stays
        assert [c.author_name for c in view.cache.load(view.thread.ids).values()][3:] == [
            "Ada",
            "Bob",
            "Cy",
            "Dee",
        ]  # replies keep conversation order
        await pilot.press("s")
        await settle(pilot)
        assert "most replies" in header(app)
        assert tops(view) == ["Ada", "Eve", "Gus's blog"]
        await pilot.press("s", "s")
        await settle(pilot)
        assert "newest first" in header(app)
    assert library.store.settings.get("thread_sort") == "newest"

    app = AgoraApp(library, open_article=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await opened(pilot)
        assert "newest first" in header(app)
        assert tops(view) == ["Gus's blog", "Eve", "Ada"]


# -- links -----------------------------------------------------------------------------------
def linked_batch() -> ImportBatch:
    comments = [
        ImportedComment(
            "1",
            None,
            "Ada",
            "See https://a.example/one, and (https://a.example/two).",
            author_url="https://ada.example",
        ),
        ImportedComment("2", None, "Bob", "No links here."),
        ImportedComment(
            "3", None, "Cy", "Fake label [click me](https://evil.example/[b]x[/b]) here"
        ),
    ]
    article = ImportedArticle(
        "l1",
        "Links",
        "Read https://docs.example/guide. Also https://docs.example/guide again.",
        url="https://news.example/story",
        comments=comments,
    )
    return ImportBatch("file", "/links", "links", [article])


async def test_link_picker_opens_and_copies_real_targets(library: Library, monkeypatch) -> None:
    import webbrowser

    aid = library.store.imports.add(linked_batch()).article_ids[0]
    app = AgoraApp(library, open_article=aid)
    opened_urls: list[str] = []
    copied: list[str] = []
    browser = {"found": True}

    def open_url(url: str, *args: object, **kwargs: object) -> bool:
        opened_urls.append(url)
        return browser["found"]

    monkeypatch.setattr(webbrowser, "open", open_url)
    app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        view = await opened(pilot)
        # The article: its own address first, then the ones in its text, each once.
        await pilot.press("o")
        assert isinstance(app.screen, LinkPicker)
        assert [link.url for link in app.screen.links] == [
            "https://news.example/story",
            "https://docs.example/guide",
        ]
        await pilot.press("2")
        await settle(pilot)
        assert opened_urls == ["https://docs.example/guide"]
        assert "Opened in your browser" in [n.title for n in app._notifications]
        await pilot.press("o", "y")
        await settle(pilot)
        assert copied == ["https://news.example/story"]

        # A comment: the links in its text, then its author's website.
        await pilot.press("tab")
        assert app.focused is view
        await pilot.press("o")
        assert [link.url for link in app.screen.links] == [
            "https://a.example/one",
            "https://a.example/two",
            "https://ada.example",
        ]
        text = screen_text(app)
        assert "https://a.example/two" in text and "author's website" in text
        browser["found"] = False  # a machine with no browser: say so, nothing silent
        await pilot.press("down", "enter")
        await settle(pilot)
        assert opened_urls[-1] == "https://a.example/two"
        assert "No web browser was found to open https://a.example/two" in notifications(app)
        await pilot.press("j", "o")  # Bob has none: nothing opens
        assert not isinstance(app.screen, LinkPicker)
        assert "no links in this comment" in notifications(app)
        # A disguised link shows its full target, literally.
        await pilot.press("j", "o")
        assert app.screen.links[0].url == "https://evil.example/[b]x[/b]"
        assert "https://evil.example/[b]x[/b]" in screen_text(app)
        await pilot.press("escape")
        assert isinstance(app.screen, ArticleScreen)
        assert len(opened_urls) == 2
