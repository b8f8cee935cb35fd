"""Reading ahead at start-up: the list read while Textual loads is shown in the first frame."""

from __future__ import annotations

import threading

from agora.core.model import ArticleList
from agora.service.library import Library
from agora.service.prefetch import Prefetch
from agora.ui.app import AgoraApp
from agora.ui.widgets.article_table import ArticleTable
from tests.conftest import sample_batch
from tests.pilot import wait_for


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
    library.store.imports.add(sample_batch())
    first = Prefetch(library.article_list)
    first._done.wait()  # as at a real start: read long before Textual has loaded
    reads: list[str] = []
    monkeypatch.setattr(
        library, "article_list", lambda *view: reads.append("read") or ArticleList([], {})
    )
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


async def test_an_unexpected_failure_is_reported_and_the_list_still_reloads(
    library: Library, monkeypatch
) -> None:
    library.store.imports.add(sample_batch())
    real = library.article_list
    calls: list[str] = []

    def flaky(*view):
        calls.append("read")
        if len(calls) == 1:
            raise RuntimeError("the disk went away")
        return real(*view)

    monkeypatch.setattr(library, "article_list", flaky)
    app = AgoraApp(library)
    async with app.run_test(notifications=True) as pilot:
        await wait_for(pilot, lambda: app._notifications)
        (note,) = app._notifications
        assert note.title == "Something went wrong" and "the disk went away" in note.message
        table = app.screen.query_one(ArticleTable)
        assert table.row_count == 0
        await pilot.press("question_mark")  # the help screen, and back: the list reads again
        await pilot.press("escape")
        await wait_for(pilot, lambda: table.row_count == 1)
        assert calls == ["read", "read"]
