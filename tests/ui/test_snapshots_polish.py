"""SVG snapshots of the empty thread and of the grouped help, at 80×24 and 120×40, in a dark
and a light theme (regenerate with `pytest --snapshot-update`)."""

from __future__ import annotations

from datetime import datetime

import pytest

from agora.core.model import ImportBatch, ImportedArticle
from agora.service.library import Library
from agora.ui.app import AgoraApp
from tests.conftest import sample_batch
from tests.ui.test_snapshots import _wait_loaded

SIZES = [(80, 24), (120, 40)]
THEMES = ["textual-dark", "textual-light"]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("theme", THEMES)
def test_empty_thread(
    snap_compare, library: Library, frozen_clock: datetime, size: tuple[int, int], theme: str
) -> None:
    batch = ImportBatch(
        "markdown", "/quiet.md", "quiet.md", [ImportedArticle("1", "A quiet article", "Body.")]
    )
    aid = library.store.imports.add(batch).article_ids[0]

    async def run_before(pilot) -> None:
        pilot.app.theme = theme
        await _wait_loaded(pilot)
        await pilot.press("tab")
        await pilot.pause()

    assert snap_compare(
        AgoraApp(library, open_article=aid), terminal_size=size, run_before=run_before
    )


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("theme", THEMES)
def test_grouped_help(
    snap_compare, library: Library, frozen_clock: datetime, size: tuple[int, int], theme: str
) -> None:
    aid = library.store.imports.add(sample_batch()).article_ids[0]

    async def run_before(pilot) -> None:
        pilot.app.theme = theme
        await _wait_loaded(pilot)
        await pilot.press("tab", "question_mark")
        await pilot.pause()

    assert snap_compare(
        AgoraApp(library, open_article=aid), terminal_size=size, run_before=run_before
    )
