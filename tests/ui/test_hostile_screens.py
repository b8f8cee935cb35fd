"""The extreme corpus through the importers, the store and every screen."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from agora.core.errors import ImportFailed
from agora.importers import parse_file
from agora.service.library import Library
from agora.ui.app import AgoraApp
from agora.ui.widgets.comment_view import CommentView
from tests.hostile import FORBIDDEN_OUTPUT, INVALID_UTF8, LONG_NAME, extreme_batch


async def test_extreme_thread_opens_and_every_key_works(library: Library) -> None:
    aid = library.store.imports.add(extreme_batch()).article_ids[0]
    app = AgoraApp(library, open_article=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        view = app.screen.query_one(CommentView)
        for _ in range(200):
            if len(view.thread):
                break
            await pilot.pause(0.05)
        assert len(view.thread) > 50_000
        view.focus()
        start = time.perf_counter()
        await pilot.press("j", "j", "G", "p", "h", "l", "g", "n", "N", "space", "space")
        await pilot.press("question_mark", "escape")
        assert time.perf_counter() - start < 30  # generous: this is about not hanging
        lines = [view.render_line(y).text for y in range(view.size.height)]
        for bad in FORBIDDEN_OUTPUT:
            assert not any(bad in line for line in lines)
        # the 10,000-character name is cut to the pane, not wrapped forever
        view.action_first()
        await pilot.press("j")
        assert view.selected_comment.author_name == LONG_NAME
        await pilot.pause()
        assert all(
            len(view.render_line(y).text) <= view.size.width for y in range(view.size.height)
        )


def test_export_of_the_extreme_thread(library: Library) -> None:
    import json

    aid = library.store.imports.add(extreme_batch(deep=300)).article_ids[0]
    data = json.loads(library.export(aid, "json"))
    assert len(data["comments"][0]["body"]) == 10 * 1024 * 1024


def test_invalid_utf8_and_nul_bytes_in_files(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_bytes(INVALID_UTF8)
    try:
        batch = parse_file(path)
    except ImportFailed as exc:
        assert "\n" not in str(exc)
        return
    for text in (batch.articles[0].title, batch.articles[0].body):
        assert "\x00" not in text and not any(bad in text for bad in FORBIDDEN_OUTPUT)


@pytest.mark.parametrize("size", [(60, 20), (200, 60)])
def test_extreme_snapshot(snap_compare, library: Library, frozen_clock, size) -> None:
    aid = library.store.imports.add(extreme_batch(deep=300)).article_ids[0]

    async def run_before(pilot) -> None:
        view = pilot.app.screen.query_one(CommentView)
        for _ in range(100):
            if len(view.thread):
                break
            await pilot.pause(0.05)
        view.focus()
        await pilot.press("j", "j", "j")
        await pilot.pause()

    assert snap_compare(
        AgoraApp(library, open_article=aid), terminal_size=size, run_before=run_before
    )
