"""Leaving a reply with the keyboard: identity, composer, drafts, posting, editing, deleting."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager, nullcontext
from pathlib import Path

import pytest
from textual import events
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Input, Static, TextArea

from agora.core.model import COMMENT_MAX_CHARS, ImportBatch, ImportedArticle
from agora.service.library import Library
from agora.ui.app import AgoraApp
from agora.ui.draft_keeper import DraftKeeper, Target
from agora.ui.modals.confirm import ConfirmScreen
from agora.ui.modals.identity import IdentityScreen
from agora.ui.screens.article import ArticleScreen
from agora.ui.screens.articles import ArticlesScreen
from agora.ui.screens.composer import ComposerScreen
from agora.ui.widgets.comment_view import CommentView
from agora.ui.widgets.identity_bar import IdentityBar
from tests.conftest import sample_batch
from tests.hostile import CONTROLS, FORBIDDEN_OUTPUT, MARKUP
from tests.pilot import notifications, screen_text, wait_for

JANE = ("Jane Doe", "jane@example.org")


# -- helpers ---------------------------------------------------------------------------------


async def type_text(pilot: Pilot, text: str) -> None:
    """Press one key per character, as a person would."""
    await pilot.press(*["enter" if ch == "\n" else ch for ch in text])


async def paste(pilot: Pilot, text: str) -> None:
    """Paste like a terminal does (how control characters can reach the app)."""
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


async def open_article(pilot: Pilot) -> CommentView:
    app = pilot.app
    await wait_for(
        pilot, lambda: isinstance(app.screen, ArticleScreen) and app.screen.article is not None
    )
    await pilot.pause()
    view = app.screen.query_one(CommentView)
    view.focus()
    await pilot.pause()
    return view


async def composer(pilot: Pilot) -> ComposerScreen:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ComposerScreen))
    await pilot.pause()
    assert isinstance(pilot.app.screen, ComposerScreen)
    return pilot.app.screen


async def fill_identity(pilot: Pilot, name: str, email: str, website: str = "") -> None:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, IdentityScreen))
    await pilot.pause()
    await type_text(pilot, name)
    await pilot.press("tab")
    await type_text(pilot, email)
    if website:
        await pilot.press("tab")
        await type_text(pilot, website)
    await pilot.press("enter")


async def post(pilot: Pilot, text: str) -> None:
    """Type ``text`` in the open composer and post it; wait until the view shows it."""
    await composer(pilot)
    await type_text(pilot, text)
    await pilot.press("ctrl+s")
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, ArticleScreen))
    view = app.screen.query_one(CommentView)
    await wait_for(pilot, lambda: view.selected_comment and view.selected_comment.body == text)


def select(view: CommentView, author: str) -> None:
    for row, pos in enumerate(view.rows.rows):
        comment = view.cache.load([view.thread.ids[pos]])[view.thread.ids[pos]]
        if comment.author_name == author:
            view._select_row(row)
            return
    raise AssertionError(f"no comment by {author}")


Opened = tuple[AgoraApp, Pilot, CommentView]
OpenThread = Callable[[int], AbstractAsyncContextManager[Opened]]


@pytest.fixture
def open_thread(library: Library) -> OpenThread:
    """Run the app (120x40) on an article's discussion, the comments focused:
    ``async with open_thread(aid) as (app, pilot, view)``."""

    @asynccontextmanager
    async def opened(article_id: int) -> AsyncIterator[Opened]:
        app = AgoraApp(library, open_article=article_id)
        async with app.run_test(size=(120, 40)) as pilot:
            yield app, pilot, await open_article(pilot)

    return opened


@pytest.fixture
def aid(library: Library) -> int:
    return library.store.imports.add(sample_batch()).article_ids[0]


@pytest.fixture
def jane(library: Library) -> None:
    library.use_guest(*JANE)


def own_comments(library: Library, aid: int) -> list:
    ids = [cid for cid, _ in library.store.comments.thread_pairs(aid)]
    return [c for c in library.comments(ids).values() if c.is_own]


# -- the first comment -----------------------------------------------------------------------
async def test_first_comment_asks_who_you_are_then_posts(
    library: Library, aid: int, open_thread: OpenThread
) -> None:
    async with open_thread(aid) as (app, pilot, view):
        await pilot.press("c")
        await fill_identity(pilot, *JANE)
        screen = await composer(pilot)
        assert "Commenting as Jane Doe · Change" in screen_text(app)
        assert "Leave a comment on Sample article" in screen_text(app)
        text = "First paragraph with *Markdown*.\n\nSecond paragraph."
        await type_text(pilot, text)
        assert "51 / 65,525" in str(screen.query_one("#composer-count", Static).content)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: own_comments(library, aid))
        await wait_for(pilot, lambda: view.selected_comment and view.selected_comment.is_own)

        [mine] = own_comments(library, aid)
        assert mine.body == text and mine.parent_id is None
        assert mine.author_name == "Jane Doe"
        assert view.selected_id == mine.id
        assert view.thread.ids[-1] == mine.id  # the newest thread comes last
        assert library.drafts() == []
        assert app.identity is not None and app.identity.name == "Jane Doe"
        shown = screen_text(app)
        assert "8 comments" in shown
        assert "You are commenting as Jane Doe" in shown
        assert "you" in shown


async def test_second_comment_goes_straight_to_the_composer(
    library: Library, aid: int, jane: None, open_thread: OpenThread
) -> None:
    async with open_thread(aid) as (_app, pilot, _view):
        await pilot.press("c")
        await composer(pilot)
        await post(pilot, "Hello again")
        assert [c.body for c in own_comments(library, aid)] == ["Hello again"]


async def test_nested_reply_lands_under_its_parent_and_keeps_collapsed_threads(
    library: Library, aid: int, jane: None, open_thread: OpenThread
) -> None:
    async with open_thread(aid) as (app, pilot, view):
        select(view, "Eve")
        eve = view.selected_id
        await pilot.press("h")  # collapse Eve's thread
        assert len(view.rows) == 6
        select(view, "Bob")
        await pilot.press("r")
        screen = await composer(pilot)
        assert "Replying to Bob: “A reply to Ada.”" in screen_text(app)
        assert screen.target.parent_id == view.thread.ids[1]
        await post(pilot, "Answering Bob")

        [mine] = own_comments(library, aid)
        bob = view.thread.ids[1]
        assert mine.parent_id == bob
        pos = view.thread.position(mine.id)
        assert pos == 3  # after Bob (1) and Cy (2), before Dee
        assert view.thread.depth[pos] == 2
        assert view.selected_id == mine.id
        assert view.thread.position(eve) in view.rows.collapsed  # Eve's thread stays folded
        assert "8 comments" in screen_text(app)


async def test_reply_to_a_reply_of_my_own(
    library: Library, aid: int, jane: None, open_thread: OpenThread
) -> None:
    async with open_thread(aid) as (_app, pilot, view):
        await pilot.press("c")
        await post(pilot, "Top")
        await pilot.press("r")
        await post(pilot, "Under top")
        await pilot.press("r")
        await post(pilot, "Under under")
        by_body = {c.body: c for c in own_comments(library, aid)}
        assert by_body["Under top"].parent_id == by_body["Top"].id
        assert by_body["Under under"].parent_id == by_body["Under top"].id
        assert view.thread.depth[view.thread.position(by_body["Under under"].id)] == 2


# -- refusals --------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["", "   ", "\n\n  \n"])
async def test_empty_comments_are_refused(
    library: Library, aid: int, jane: None, text: str, open_thread: OpenThread
) -> None:
    async with open_thread(aid) as (app, pilot, _view):
        await pilot.press("c")
        screen = await composer(pilot)
        await type_text(pilot, text)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert "A comment cannot be empty." in screen_text(app)
        assert own_comments(library, aid) == []


async def test_too_long_comments_are_refused(
    library: Library, aid: int, jane: None, open_thread: OpenThread
) -> None:
    async with open_thread(aid) as (app, pilot, _view):
        await pilot.press("c")
        screen = await composer(pilot)
        await paste(pilot, "x" * COMMENT_MAX_CHARS)
        count = screen.query_one("#composer-count", Static)
        assert not count.has_class("-over")
        await type_text(pilot, "y")
        assert count.has_class("-over")
        assert "65,526 / 65,525" in str(count.content)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert "the limit is 65,525" in screen_text(app)
        assert own_comments(library, aid) == []


async def test_comments_closed(library: Library, jane: None, open_thread: OpenThread) -> None:
    batch = ImportBatch(
        "file", "/c.txt", "c.txt", [ImportedArticle("c", "Closed", "Body", comment_status="closed")]
    )
    aid = library.store.imports.add(batch).article_ids[0]
    async with open_thread(aid) as (app, pilot, _view):
        await pilot.press("c")
        await pilot.pause(0.2)
        assert isinstance(app.screen, ArticleScreen)
        assert "Comments are closed" in notifications(app)
        app.clear_notifications()
        await pilot.press("r")  # not "select a comment to reply to (or press c)"
        await pilot.pause(0.2)
        assert isinstance(app.screen, ArticleScreen)
        assert notifications(app) == "Comments are closed on this article."


# -- drafts ----------------------------------------------------------------------------------
async def test_draft_is_saved_while_typing(
    library: Library, aid: int, jane: None, open_thread: OpenThread
) -> None:
    async with open_thread(aid) as (_app, pilot, _view):
        await pilot.press("c")
        await composer(pilot)
        await type_text(pilot, "Half a thought")
        await wait_for(
            pilot,
            lambda: (d := library.draft(aid, None)) and d.body == "Half a thought",
            timeout=1.0,
        )
        await type_text(pilot, ", and more")
        await wait_for(pilot, lambda: library.draft(aid, None).body.endswith("more"), timeout=1.0)


async def test_escape_keeps_the_draft_and_reopening_restores_it(
    library: Library, aid: int, jane: None, open_thread: OpenThread
) -> None:
    async with open_thread(aid) as (app, pilot, view):
        await pilot.press("c")
        await composer(pilot)
        await type_text(pilot, "Kept\nfor later")
        await pilot.press("escape")
        assert isinstance(app.screen, ArticleScreen)
        await wait_for(pilot, lambda: library.draft(aid, None))
        assert library.draft(aid, None).body == "Kept\nfor later"
        # a reply has its own draft
        select(view, "Bob")
        await pilot.press("r")
        screen = await composer(pilot)
        assert screen.query_one(TextArea).text == ""
        await pilot.press("escape")
        await pilot.press("c")
        screen = await composer(pilot)
        assert screen.query_one(TextArea).text == "Kept\nfor later"


async def test_draft_survives_the_app_going_away_mid_typing(
    library: Library, aid: int, jane: None, open_thread: OpenThread
) -> None:
    async with open_thread(aid) as (_app, pilot, view):
        select(view, "Dee")
        await pilot.press("r")
        await composer(pilot)
        await type_text(pilot, "typed just before quitting")
        # no pause: the debounce timer has not fired yet
    dee = view.selected_id
    draft = library.draft(aid, dee)
    assert draft is not None and draft.body == "typed just before quitting"

    async with open_thread(aid) as (_app, pilot, view):
        select(view, "Dee")
        await pilot.press("r")
        screen = await composer(pilot)
        assert screen.query_one(TextArea).text == "typed just before quitting"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: own_comments(library, aid))
        assert library.drafts() == []


def test_a_late_save_never_brings_back_a_posted_draft(library: Library, aid: int) -> None:
    identity = library.use_guest(*JANE)
    keeper = DraftKeeper(library, Target(aid))
    stale = keeper.remember("old text")
    keeper.commit("final", lambda: library.post(aid, None, "final", identity))
    keeper.save("old text", stale)  # a worker that was still queued
    assert library.drafts() == []
    assert keeper.load() is None


async def test_drafts_in_the_command_palette(library: Library, aid: int, jane: None) -> None:
    bob = library.store.comments.thread_pairs(aid)[1][0]
    library.save_draft(aid, bob, "A reply to Bob I never sent")
    app = AgoraApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.2)
        await pilot.press("ctrl+p")
        await pilot.pause(0.2)
        await type_text(pilot, "draft bob")
        await pilot.pause(0.5)
        assert "Draft: reply to Bob on “Sample article”" in screen_text(app)
        await pilot.press("enter")
        screen = await composer(pilot)
        assert screen.target == Target(aid, bob)
        assert screen.query_one(TextArea).text == "A reply to Bob I never sent"


# -- identity --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "email", "website", "field", "message"),
    [
        ("", "jane@example.org", "", "name", "Name is required."),
        ("   ", "jane@example.org", "", "name", "Name is required."),
        ("Jane", "", "", "email", "Email is required."),
        ("Jane", "jane@", "", "email", "Enter a valid email address"),
        ("Jane", "jane example.org", "", "email", "Enter a valid email address"),
        ("Jane", "jane@example.org", "ftp://x.org", "website", "Website must be a web address"),
        ("Jane", "jane@example.org", "javascript:alert(1)", "website", "Website must be"),
        ("Jane", "jane@example.org", "example", "website", "Website must be"),
    ],
)
async def test_identity_fields_are_checked(
    library: Library,
    aid: int,
    name: str,
    email: str,
    website: str,
    field: str,
    message: str,
    open_thread: OpenThread,
) -> None:
    async with open_thread(aid) as (app, pilot, _view):
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, IdentityScreen))
        modal = app.screen
        await type_text(pilot, name)
        await pilot.press("tab")
        await type_text(pilot, email)
        await pilot.press("tab")
        await type_text(pilot, website)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is modal
        error = modal.query_one(f"#identity-{field}-error", Static)
        assert message in str(error.content)
        assert error.display
        assert app.focused is modal.query_one(f"#identity-{field}", Input)
        assert message in screen_text(app)
        assert library.current_identity() is None
        # fixing the field clears its message and submitting works
        focused = app.focused
        assert isinstance(focused, Input)
        focused.value = {"name": "Jane", "email": "jane@example.org", "website": ""}[field]
        await pilot.pause()
        assert not error.display
        await pilot.press("enter")
        await composer(pilot)
        assert library.current_identity() is not None


async def test_identity_with_website_and_escape(
    library: Library, aid: int, open_thread: OpenThread
) -> None:
    async with open_thread(aid) as (app, pilot, _view):
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, IdentityScreen))
        await pilot.press("escape")
        assert isinstance(app.screen, ArticleScreen)
        await pilot.press("L")
        await fill_identity(pilot, "Jane", "jane@example.org", "https://jane.example")
        await wait_for(pilot, lambda: app.identity is not None)
        assert isinstance(app.screen, ArticleScreen)  # L only sets who you are
        current = library.current_identity()
        assert current is not None and current.website == "https://jane.example"
        assert "You are commenting as Jane" in screen_text(app)


async def test_pick_forget_and_log_out(library: Library, aid: int, open_thread: OpenThread) -> None:
    library.use_guest("Old Me", "old@example.org")
    library.use_guest("Jane Doe", "jane@example.org")
    library.use_no_identity()
    async with open_thread(aid) as (app, pilot, _view):
        assert "press c to comment" in screen_text(app)
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, IdentityScreen))
        await pilot.pause()
        assert "Jane Doe <jane@example.org>" in screen_text(app)
        assert app.focused is app.screen.query_one("#identity-remembered")
        await pilot.press("down", "delete")  # forget "Old Me"
        await wait_for(pilot, lambda: len(library.identities()) == 1)
        await pilot.press("home", "enter")
        await composer(pilot)
        assert app.identity is not None and app.identity.name == "Jane Doe"
        assert library.current_identity() == app.identity
        await pilot.press("escape")

        await app.run_action("screen.log_out")
        await wait_for(pilot, lambda: app.identity is None)
        assert library.current_identity() is None
        assert "press c to comment" in screen_text(app)


async def test_change_from_the_composer(
    library: Library, aid: int, jane: None, open_thread: OpenThread
) -> None:
    async with open_thread(aid) as (app, pilot, _view):
        await pilot.press("c")
        screen = await composer(pilot)
        await type_text(pilot, "draft")
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, IdentityScreen))
        name = app.screen.query_one("#identity-name", Input)
        assert name.value == "Jane Doe"  # the current guest is filled in
        name.value = "Janet"
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is screen)
        await wait_for(pilot, lambda: app.identity and app.identity.name == "Janet")
        await pilot.pause()
        assert "Commenting as Janet · Change" in screen_text(app)
        assert screen.query_one(TextArea).text == "draft"


# -- editing and deleting --------------------------------------------------------------------
async def test_edit_my_comment(
    library: Library, aid: int, jane: None, open_thread: OpenThread
) -> None:
    async with open_thread(aid) as (app, pilot, view):
        await pilot.press("c")
        await post(pilot, "Frist")
        await pilot.press("e")
        screen = await composer(pilot)
        assert "Editing your comment" in screen_text(app)
        assert screen.query_one(TextArea).text == "Frist"
        await pilot.press("backspace", "backspace", "backspace", "backspace")
        await type_text(pilot, "irst (edited)")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: own_comments(library, aid)[0].body == "First (edited)")
        await wait_for(pilot, lambda: view.selected_comment.body == "First (edited)")
        assert len(own_comments(library, aid)) == 1
        assert library.drafts() == []
        assert "First (edited)" in screen_text(app)


async def test_edit_and_delete_refuse_other_peoples_comments(
    library: Library, aid: int, jane: None, open_thread: OpenThread
) -> None:
    async with open_thread(aid) as (app, pilot, _view):
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen)
        assert "You can only edit your own comments." in notifications(app)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen)
        assert "You can only delete your own comments." in notifications(app)


async def test_delete_my_comment(
    library: Library, aid: int, jane: None, open_thread: OpenThread
) -> None:
    async with open_thread(aid) as (app, pilot, view):
        await pilot.press("c")
        await post(pilot, "Regrettable")
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "Delete your comment?" in screen_text(app)
        await pilot.press("n")  # changed my mind
        assert isinstance(app.screen, ArticleScreen)
        assert len(own_comments(library, aid)) == 1
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: not own_comments(library, aid))
        await wait_for(pilot, lambda: len(view.thread) == 7)
        assert "Regrettable" not in screen_text(app)
        assert "7 comments" in screen_text(app)


async def test_deleting_a_comment_with_replies_leaves_a_placeholder(
    library: Library, aid: int, jane: None, open_thread: OpenThread
) -> None:
    async with open_thread(aid) as (app, pilot, view):
        await pilot.press("c")
        await post(pilot, "Parent of mine")
        mine = view.selected_id
        library.store.comments.add(aid, mine, author_name="Zed", body="A reply", is_own=False)
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("tab", "enter")  # the Delete button
        await wait_for(pilot, lambda: library.comment(mine).status == "deleted")
        await wait_for(pilot, lambda: view.selected_comment.status == "deleted")
        assert "[comment deleted]" in screen_text(app)
        assert "Parent of mine" not in screen_text(app)
        # Zed's reply, stored meanwhile, is shown too once the dialog is gone (a live thread).
        await wait_for(pilot, lambda: len(view.thread) == 9)
        await wait_for(pilot, lambda: "8 comments" in screen_text(app))  # 9, one a placeholder


# -- preview and editor ----------------------------------------------------------------------
async def test_markdown_preview_toggles(
    library: Library, aid: int, jane: None, open_thread: OpenThread
) -> None:
    async with open_thread(aid) as (app, pilot, _view):
        await pilot.press("c")
        screen = await composer(pilot)
        await type_text(pilot, "Some **strong** words [@click=app.quit]quit[/]")
        await pilot.press("ctrl+t")
        await pilot.pause(0.2)
        assert screen.query_one("#composer-preview").display
        shown = screen_text(app)
        assert "Some strong words" in shown and "**" not in shown
        assert "[@click=app.quit]quit[/]" in shown
        assert "Preview" in shown  # the key is in the footer
        await pilot.press("ctrl+t")
        assert app.focused is screen.query_one(TextArea)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: own_comments(library, aid))
        assert app.is_running


@pytest.fixture
def editor_script(tmp_path: Path) -> Callable[[str], str]:
    def make(body: str) -> str:
        script = tmp_path / "editor.py"
        script.write_text(body)
        return f"{sys.executable} {script}"

    return make


async def test_external_editor(
    library: Library,
    aid: int,
    jane: None,
    monkeypatch: pytest.MonkeyPatch,
    editor_script: Callable[[str], str],
    open_thread: OpenThread,
) -> None:
    command = editor_script(
        "import sys\np = sys.argv[1]\ntext = open(p).read()\n"
        "open(p, 'w').write(text + ' and more from my editor\\n')\n"
    )
    monkeypatch.setenv("VISUAL", command)
    monkeypatch.setattr(AgoraApp, "suspend", nullcontext)
    async with open_thread(aid) as (_app, pilot, _view):
        await pilot.press("c")
        screen = await composer(pilot)
        await type_text(pilot, "Started here")
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert screen.query_one(TextArea).text == "Started here and more from my editor"


async def test_external_editor_errors(
    library: Library,
    aid: int,
    jane: None,
    monkeypatch: pytest.MonkeyPatch,
    editor_script: Callable[[str], str],
    open_thread: OpenThread,
) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.setattr(AgoraApp, "suspend", nullcontext)
    async with open_thread(aid) as (app, pilot, _view):
        await pilot.press("c")
        screen = await composer(pilot)
        await type_text(pilot, "Mine")
        await pilot.press("ctrl+e")
        assert "Set $VISUAL or $EDITOR" in notifications(app)
        monkeypatch.setenv("EDITOR", editor_script("import sys\nsys.exit(3)\n"))
        await pilot.press("ctrl+e")
        assert "exited with status 3" in notifications(app)
        monkeypatch.setenv("EDITOR", "/nonexistent/editor")
        await pilot.press("ctrl+e")
        assert "Could not start /nonexistent/editor" in notifications(app)
        assert screen.query_one(TextArea).text == "Mine"
        assert app.screen is screen


async def test_editor_without_a_terminal_to_hand_over(
    library: Library, aid: int, jane: None, monkeypatch: pytest.MonkeyPatch, open_thread: OpenThread
) -> None:
    monkeypatch.setenv("EDITOR", "vi")
    async with open_thread(aid) as (app, pilot, _view):
        await pilot.press("c")
        await composer(pilot)
        await pilot.press("ctrl+e")
        assert "cannot hand over to an editor" in notifications(app)


# -- hostile text ----------------------------------------------------------------------------
def assert_inert(text: str) -> None:
    for bad in FORBIDDEN_OUTPUT:
        assert bad not in text


@pytest.mark.parametrize("hostile", MARKUP)
async def test_hostile_markup_typed_everywhere_shows_literally(
    library: Library, aid: int, hostile: str, open_thread: OpenThread
) -> None:
    async with open_thread(aid) as (app, pilot, view):
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, IdentityScreen))
        await type_text(pilot, hostile)
        await pilot.press("tab")
        await type_text(pilot, "jane@example.org")
        await pilot.press("tab")
        await type_text(pilot, hostile)  # not a web address: refused, shown literally
        await pilot.press("enter")
        await pilot.pause()
        assert "Website must be" in screen_text(app)
        app.screen.query_one("#identity-website", Input).value = ""
        await pilot.press("enter")
        await composer(pilot)
        assert hostile in screen_text(app)  # "Commenting as <hostile>"
        await type_text(pilot, hostile)
        await pilot.press("ctrl+t")
        await pilot.pause(0.1)
        assert_inert(screen_text(app))
        await pilot.press("ctrl+t", "ctrl+s")
        await wait_for(pilot, lambda: own_comments(library, aid))
        [mine] = own_comments(library, aid)
        assert mine.author_name == " ".join(hostile.split())
        assert mine.body == hostile
        await wait_for(pilot, lambda: view.selected_id == mine.id)
        shown = screen_text(app)
        assert hostile in shown
        assert app.is_running
        # replying to it puts the hostile author and text in the composer heading
        await pilot.press("r")
        await composer(pilot)
        assert hostile in screen_text(app)
        await pilot.press("escape")
        assert app.is_running


@pytest.mark.parametrize(("hostile", "clean"), CONTROLS)
async def test_pasted_control_characters_never_reach_the_screen_or_the_store(
    library: Library, aid: int, hostile: str, clean: str, open_thread: OpenThread
) -> None:
    async with open_thread(aid) as (app, pilot, _view):
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, IdentityScreen))
        await paste(pilot, hostile)
        await pilot.press("tab")
        await type_text(pilot, "jane@example.org")
        await pilot.press("enter")
        await composer(pilot)
        await paste(pilot, hostile)
        await pilot.press("ctrl+t")
        await pilot.pause(0.1)
        assert_inert(screen_text(app))
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: own_comments(library, aid))
        [mine] = own_comments(library, aid)
        assert mine.body == clean
        assert mine.author_name == " ".join(clean.split())
        assert_inert(mine.body + mine.author_name)
        assert_inert(screen_text(app))


async def test_hostile_draft_in_the_palette(library: Library, aid: int) -> None:
    library.save_draft(aid, None, MARKUP[0])
    library.store.comments.add(aid, None, author_name="[/", body="[@click=app.quit]x[/]")
    cid = library.store.comments.thread_pairs(aid)[-1][0]
    library.save_draft(aid, cid, "[bold]draft[/bold] $x [/")
    app = AgoraApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.2)
        await pilot.press("ctrl+p")
        await pilot.pause(0.5)
        shown = screen_text(app)
        assert "Draft: reply to [/ on “Sample article”" in shown
        assert "[bold]draft[/bold] $x [/" in shown
        await type_text(pilot, "[/")
        await pilot.pause(0.5)
        assert app.is_running


async def test_a_draft_picked_while_writing_another(
    library: Library, aid: int, jane: None, open_thread: OpenThread
) -> None:
    bob = library.store.comments.thread_pairs(aid)[1][0]
    library.save_draft(aid, bob, "Older reply to Bob")
    async with open_thread(aid) as (app, pilot, _view):
        await pilot.press("c")
        first = await composer(pilot)
        await type_text(pilot, "New words")
        await pilot.press("ctrl+p")
        await pilot.pause(0.2)
        await type_text(pilot, "reply to bob")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_for(
            pilot, lambda: app.screen is not first and isinstance(app.screen, ComposerScreen)
        )
        assert app.screen.query_one(TextArea).text == "Older reply to Bob"
        assert [type(s) for s in app.screen_stack[-3:]] == [
            ArticlesScreen,
            ArticleScreen,
            ComposerScreen,
        ]
        await wait_for(pilot, lambda: library.draft(aid, None))
        assert library.draft(aid, None).body == "New words"


async def test_identity_bar_links(
    library: Library, aid: int, jane: None, open_thread: OpenThread
) -> None:
    async with open_thread(aid) as (app, pilot, _view):
        bar = app.screen.query_one(IdentityBar)
        line = str(bar.render())
        await pilot.click(IdentityBar, offset=(1 + line.index("Change") + 2, 0))
        await wait_for(pilot, lambda: isinstance(app.screen, IdentityScreen))
        await pilot.press("escape")
        await pilot.click(IdentityBar, offset=(1 + line.index("Log out") + 2, 0))
        await wait_for(pilot, lambda: app.identity is None)
        assert library.current_identity() is None


async def test_a_refused_post_keeps_the_text(
    library: Library, aid: int, jane: None, open_thread: OpenThread
) -> None:
    async with open_thread(aid) as (app, pilot, _view):
        await pilot.press("c")
        await composer(pilot)
        await type_text(pilot, "Too late")
        with library.store.write() as db:  # the site closed comments meanwhile
            db.execute("UPDATE articles SET comment_status = 'closed' WHERE id = ?", [aid])
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "comments are closed" in notifications(app))
        screen = await composer(pilot)
        assert screen.query_one(TextArea).text == "Too late"
        assert library.draft(aid, None).body == "Too late"
        assert own_comments(library, aid) == []


async def test_preview_shows_what_the_thread_will(
    library: Library, aid: int, jane: None, open_thread: OpenThread
) -> None:
    """The preview draws the document each engine is given: a heading is a strong line, a
    list is "• " lines, a quote has a bar, and raw HTML is text."""
    async with open_thread(aid) as (app, pilot, _view):
        await pilot.press("c")
        screen = await composer(pilot)
        screen.query_one(
            TextArea
        ).text = "# Title\n\n- one\n- two\n\n> quoted *words*\n\n<b>not bold</b> ~~gone~~"
        await pilot.pause()
        await pilot.press("ctrl+t")
        await pilot.pause(0.2)
        shown = screen_text(app)
        assert "Title" in shown and "# Title" not in shown
        assert "• one" in shown and "• two" in shown
        assert "quoted words" in shown and "*" not in shown
        assert "<b>not bold</b> gone" in shown
        preview = screen.query_one("#composer-markdown")
        quotes = preview.query(".preview-quote")
        assert len(quotes) == 1
        paragraphs = [str(w.render()) for w in preview.query(".preview-paragraph")]
        assert paragraphs == ["Title", "• one\n• two", "quoted words", "<b>not bold</b> gone"]
        title = preview.query(".preview-paragraph").first().render()
        assert isinstance(title, Content)
        assert [(s.start, s.end, s.style) for s in title.spans] == [(0, 5, "bold")]
