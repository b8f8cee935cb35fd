"""SVG snapshots of the sources screen at 80×24 and 120×40, in a dark and a light theme, and
of the add dialog (regenerate with `pytest --snapshot-update`, then look at them)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from agora.core.model import ImportBatch, ImportedArticle
from agora.service.library import Library
from agora.ui.app import AgoraApp
from agora.ui.screens.sources import SourcesScreen
from tests.pilot import wait_for
from tests.ui.test_ui_sources import add_site


def _sources(library: Library, now: datetime) -> None:
    blog = add_site(library, "https://blog.example.org", "A Blog About Gardens And Long Names")
    library.store.sources.set_synced(blog.id, now - timedelta(hours=3))
    library.store.identities.add("wordpress", "Zoe Writer", site=blog.home, username="zoe")
    down = add_site(library, "https://down.example", "Down Example")
    library.store.sources.set_synced(down.id, now - timedelta(days=4))
    library.store.sources.set_error(
        down.id, "cannot connect to down.example (all connection attempts failed)"
    )
    library.store.imports.add(
        ImportBatch(
            "feed",
            "https://news.example/feed.xml",
            "Example News",
            [ImportedArticle(str(i), f"News {i}", "") for i in range(12)],
        )
    )


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_sources_screen(
    snap_compare, library: Library, frozen_clock: datetime, size: tuple[int, int], theme: str
) -> None:
    _sources(library, frozen_clock)

    async def run_before(pilot) -> None:
        pilot.app.theme = theme
        await wait_for(pilot, lambda: pilot.app.screen.__class__.__name__ == "ArticlesScreen")
        await pilot.press("S")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, SourcesScreen))
        await wait_for(pilot, lambda: len(pilot.app.screen.sources) == 3)
        await pilot.press("j")  # the site whose last sync failed
        await pilot.pause(0.2)

    assert snap_compare(AgoraApp(library), terminal_size=size, run_before=run_before)


def test_add_dialog(snap_compare, library: Library, frozen_clock: datetime) -> None:
    async def run_before(pilot) -> None:
        await wait_for(pilot, lambda: pilot.app.screen.__class__.__name__ == "ArticlesScreen")
        await pilot.press("S", "a")
        await pilot.pause(0.2)
        await pilot.press("enter")  # nothing typed: it says what to type
        await pilot.pause(0.2)

    assert snap_compare(AgoraApp(library), terminal_size=(80, 24), run_before=run_before)
