"""SVG snapshots of finding and following discussions (regenerate: `pytest --snapshot-update`)."""

from __future__ import annotations

from datetime import datetime

from agora.service.library import Library
from agora.service.welcome import welcome_batch
from agora.ui.app import AgoraApp
from tests.conftest import sample_batch


async def _settle(pilot) -> None:
    """Let the screen load and searches finish (they wait a moment after the last key)."""
    await pilot.pause(0.3)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_search_results(snap_compare, library: Library, frozen_clock: datetime) -> None:
    library.store.imports.add(welcome_batch(frozen_clock))
    library.store.imports.add(sample_batch())

    async def run_before(pilot) -> None:
        await pilot.pause()
        await pilot.press("ctrl+f")
        await pilot.press(*"reply")
        await _settle(pilot)
        await pilot.press("down")
        await pilot.pause()

    assert snap_compare(AgoraApp(library), terminal_size=(100, 30), run_before=run_before)


def test_new_comments_marked(snap_compare, library: Library, frozen_clock: datetime) -> None:
    aid = library.store.imports.add(sample_batch()).article_ids[0]
    ids = [cid for cid, _ in library.store.comments.thread_pairs(aid)]
    library.mark_seen(aid, ids[2])  # Ada, Bob and Cy were read; Dee, Eve, Fay, Gus are new

    async def run_before(pilot) -> None:
        await _settle(pilot)
        await pilot.press("tab", "u")
        await pilot.pause()

    app = AgoraApp(library, open_article=aid)
    assert snap_compare(app, terminal_size=(110, 32), run_before=run_before)


def test_article_list_with_unread_counts(
    snap_compare, library: Library, frozen_clock: datetime
) -> None:
    library.store.imports.add(welcome_batch(frozen_clock))
    aid = library.store.imports.add(sample_batch()).article_ids[0]
    ids = [cid for cid, _ in library.store.comments.thread_pairs(aid)]
    library.mark_seen(aid, ids[4])

    async def run_before(pilot) -> None:
        from agora.ui.widgets.article_table import ArticleTable

        for _ in range(200):  # a loaded CI machine can take a while to fill the list
            if (
                pilot.app.screen.query(ArticleTable)
                and pilot.app.screen.query_one(ArticleTable).row_count == 2
            ):
                break
            await pilot.pause(0.05)
        await _settle(pilot)

    assert snap_compare(AgoraApp(library), terminal_size=(100, 12), run_before=run_before)


def test_find_in_thread_and_link_picker(
    snap_compare, library: Library, frozen_clock: datetime
) -> None:
    aid = library.store.imports.add(welcome_batch(frozen_clock)).article_ids[0]

    async def run_before(pilot) -> None:
        await _settle(pilot)
        await pilot.press("slash", *"agora", "enter")
        await _settle(pilot)
        await pilot.press("full_stop")
        await pilot.pause()

    app = AgoraApp(library, open_article=aid)
    assert snap_compare(app, terminal_size=(120, 36), run_before=run_before)


def test_link_picker(snap_compare, library: Library, frozen_clock: datetime) -> None:
    from tests.ui.test_ui_find import linked_batch

    aid = library.store.imports.add(linked_batch()).article_ids[0]

    async def run_before(pilot) -> None:
        await _settle(pilot)
        await pilot.press("tab", "o")
        await pilot.pause()

    app = AgoraApp(library, open_article=aid)
    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)
