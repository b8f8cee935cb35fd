"""SVG snapshots of the main screens (regenerate with `pytest --snapshot-update`)."""

from __future__ import annotations

from datetime import datetime

from agora.service.library import Library
from agora.service.welcome import welcome_batch
from agora.ui.app import AgoraApp
from tests.conftest import sample_batch


async def _wait_loaded(pilot) -> None:
    from agora.ui.screens.article import ArticleScreen

    for _ in range(60):
        screen = pilot.app.screen
        if not isinstance(screen, ArticleScreen) or screen.article is not None:
            break
        await pilot.pause(0.05)
    await pilot.pause()


def test_article_list(snap_compare, library: Library, frozen_clock: datetime) -> None:
    library.store.imports.add(welcome_batch(frozen_clock))
    library.store.imports.add(sample_batch())

    async def run_before(pilot) -> None:
        await pilot.pause(0.3)

    assert snap_compare(AgoraApp(library), terminal_size=(100, 20), run_before=run_before)


def test_welcome_article_wide(snap_compare, library: Library, frozen_clock: datetime) -> None:
    aid = library.store.imports.add(welcome_batch(frozen_clock)).article_ids[0]

    async def run_before(pilot) -> None:
        await _wait_loaded(pilot)
        await pilot.press("tab", "j", "j")

    assert snap_compare(
        AgoraApp(library, open_article=aid), terminal_size=(130, 40), run_before=run_before
    )


def test_thread_collapsed_narrow(snap_compare, library: Library, frozen_clock: datetime) -> None:
    aid = library.store.imports.add(sample_batch()).article_ids[0]

    async def run_before(pilot) -> None:
        await _wait_loaded(pilot)
        await pilot.press("tab", "h", "j")

    assert snap_compare(
        AgoraApp(library, open_article=aid), terminal_size=(80, 36), run_before=run_before
    )


def test_help_screen(snap_compare, library: Library, frozen_clock: datetime) -> None:
    aid = library.store.imports.add(sample_batch()).article_ids[0]

    async def run_before(pilot) -> None:
        await _wait_loaded(pilot)
        await pilot.press("tab", "question_mark")

    assert snap_compare(
        AgoraApp(library, open_article=aid), terminal_size=(110, 40), run_before=run_before
    )
