"""A live thread: comments another agora process adds, edits or removes show in the open
thread within a second, the new ones marked new, the selection and its line kept."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from datetime import UTC, datetime

from textual.pilot import Pilot

from agora.core.model import ImportBatch, ImportedArticle, ImportedComment
from agora.service.library import Library
from agora.ui.app import AgoraApp
from agora.ui.screens.article import ArticleScreen
from agora.ui.widgets.comment_view import CommentView
from tests.pilot import screen_text, wait_for

BASE = datetime(2024, 6, 1, 10, 0, tzinfo=UTC)
#: "within a second", with room for a loaded test machine (the watch looks every 0.3 s).
WITHIN = 1.5


def thread_store(comments: int) -> tuple[Library, int]:
    library = Library.open()
    items = [
        ImportedComment(str(n), None, f"Reader {n}", f"Comment number {n}.", BASE)
        for n in range(comments)
    ]
    aid = library.store.imports.add(
        ImportBatch(
            "file",
            "/live.txt",
            "live.txt",
            [ImportedArticle("live", "A live talk", "Words.", comments=items)],
        )
    ).article_ids[0]
    return library, aid


async def other_process(*args: str) -> str:
    """Run ``python -m agora ARGS`` (or ``python -c CODE``) as another process, to its end."""
    cmd = [sys.executable, "-c", args[1]] if args[0] == "-c" else [sys.executable, "-m", "agora"]
    proc = await asyncio.create_subprocess_exec(
        *(cmd if args[0] == "-c" else [*cmd, *args]),
        env=dict(os.environ),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await proc.communicate()
    assert proc.returncode == 0, err.decode()
    return out.decode()


def header(app: AgoraApp) -> str:
    return str(app.screen.query_one("#comments-header").render())


async def opened(pilot: Pilot) -> CommentView:
    app = pilot.app
    await wait_for(
        pilot, lambda: isinstance(app.screen, ArticleScreen) and app.screen.article is not None
    )
    await pilot.pause()
    view = app.screen.query_one(CommentView)
    view.focus()
    await pilot.pause()
    return view


async def timed(pilot: Pilot, check) -> float:
    start = time.perf_counter()
    await wait_for(pilot, check, timeout=5)
    return time.perf_counter() - start


async def test_a_post_from_another_process_appears_marked_new_keeping_the_selection() -> None:
    library, aid = thread_store(40)
    ids = [cid for cid, _ in library.store.comments.thread_pairs(aid)]
    app = AgoraApp(library, open_article=aid)
    async with app.run_test(size=(100, 30)) as pilot:
        view = await opened(pilot)
        for _ in range(4):
            await pilot.press("j")
        await pilot.pause()
        selected = view.selected_id
        line = view.viewport._line_of(view.viewport.cursor)
        assert selected == ids[4] and line is not None and 0 < line < 20

        # An answer to the first comment: it lands above the selected one.
        out = await other_process(
            "post", str(aid), "--parent", str(ids[0]), "--name", "Max", "--email",
            "max@example.org", "--body", "Live from another window",
        )  # fmt: skip
        new_id = int(out)
        took = await timed(pilot, lambda: new_id in view.thread.ids)
        assert took < WITHIN, f"{took:.2f} s"
        await pilot.pause()
        assert view.selected_id == selected
        assert view.viewport._line_of(view.viewport.cursor) == line  # not pushed down
        assert new_id in view.marks.reads.new_ids
        assert "1 new" in header(app) and "41 comments" in header(app)
        await pilot.press("g")  # the new comment is drawn, marked new
        await pilot.pause()
        assert "Live from another window" in screen_text(app)
        await pilot.press("G")

        # Edited and removed by another process too.
        code = (
            "from agora.store import Store; from agora.service.config import home_dir; "
            f"s = Store(home_dir() / 'agora.db'); s.comments.edit({ids[-1]}, 'Edited elsewhere'); "
            f"s.comments.delete({ids[-2]})"
        )
        await other_process("-c", code)
        took = await timed(pilot, lambda: ids[-2] not in view.thread.ids)
        assert took < WITHIN
        await wait_for(pilot, lambda: "Edited elsewhere" in screen_text(app))
        assert "40 comments" in header(app)
        assert view.selected_id in (ids[-1], ids[-3])
    library.close()


async def test_a_10000_comment_thread_stays_live_and_responsive() -> None:
    library, aid = thread_store(10_000)
    ids = [cid for cid, _ in library.store.comments.thread_pairs(aid)]
    app = AgoraApp(library, open_article=aid)
    async with app.run_test(size=(100, 30)) as pilot:
        view = await opened(pilot)
        for _ in range(20):
            await pilot.press("pagedown")
        selected = view.selected_id
        line = view.viewport._line_of(view.viewport.cursor)
        out = await other_process(
            "post", str(aid), "--parent", str(ids[3]), "--name", "Max", "--email",
            "max@example.org", "--body", "Into a long thread",
        )  # fmt: skip
        new_id = int(out)
        took = await timed(pilot, lambda: new_id in view.thread.ids)
        assert took < WITHIN, f"{took:.2f} s"
        assert view.selected_id == selected
        assert view.viewport._line_of(view.viewport.cursor) == line
        # The UI kept answering keys meanwhile.
        await pilot.press("j")
        assert view.selected_id != selected
    library.close()
