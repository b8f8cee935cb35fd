"""Reading ahead at start-up: the list read while Textual loads is shown in the first frame."""

from __future__ import annotations

import threading

from agora.prefetch import Prefetch
from agora.service import Library
from agora.ui.app import AgoraApp
from agora.ui.widgets.article_table import ArticleTable
from tests.conftest import sample_batch


def test_the_result_is_taken_once() -> None:
    ahead = Prefetch(lambda: 42)
    assert ahead.take(wait=True) == 42
    assert ahead.take(wait=True) is None


def test_not_ready_is_none_and_a_failure_is_left_to_the_next_read() -> None:
    release = threading.Event()

    def slow() -> int:
        release.wait()
        return 1

    ahead = Prefetch(slow)
    assert ahead.take() is None  # still reading: the caller reads for itself
    release.set()
    assert ahead.take(wait=True) == 1

    def broken() -> int:
        raise OSError("disk")

    assert Prefetch(broken).take(wait=True) is None


async def test_the_list_read_ahead_is_in_the_first_frame(library: Library, monkeypatch) -> None:
    library.store.import_batch(sample_batch())
    first = Prefetch(library.article_list)
    first._done.wait()  # as at a real start: read long before Textual has loaded
    reads: list[str] = []
    monkeypatch.setattr(library, "article_list", lambda: reads.append("read") or ([], {}))
    app = AgoraApp(library, first_list=first)
    async with app.run_test() as pilot:
        table = app.screen.query_one(ArticleTable)
        assert table.row_count == 1  # shown on mount, before any worker ran
        await pilot.pause()
        assert reads == []  # and not read a second time for the first frame
        await pilot.press("question_mark")  # the help screen, and back
        await pilot.press("escape")
        await pilot.pause(0.2)
        assert reads == ["read"]  # coming back reads it again
