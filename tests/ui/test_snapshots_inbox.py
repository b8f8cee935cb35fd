"""SVG snapshots of the replies inbox (regenerate: `pytest --snapshot-update`)."""

from __future__ import annotations

from datetime import datetime

import pytest

from agora.service.library import Library
from agora.ui.app import AgoraApp
from tests.ui.test_ui_inbox import discussion


def _inbox_store(library: Library) -> None:
    ids = discussion(library)
    with library.store.write() as db:  # fixed times: the relative ones read the same every day
        db.execute(
            "UPDATE comments SET created = '2024-03-02T09:15:00+00:00' WHERE id = ?", [ids["mine"]]
        )
        db.execute(
            "UPDATE comments SET created = '2024-03-02T11:40:00+00:00' WHERE id = ?", [ids["ann"]]
        )
        db.execute(
            "UPDATE comments SET created = '2024-02-27T08:00:00+00:00' WHERE id = ?", [ids["bob"]]
        )
    library.store.inbox.mark_read(ids["article"], ids["bob"])


@pytest.mark.parametrize(
    ("size", "theme"), [((80, 24), ""), ((120, 40), ""), ((80, 24), "textual-light")]
)
def test_inbox(snap_compare, library: Library, frozen_clock: datetime, size, theme) -> None:
    _inbox_store(library)

    async def run_before(pilot) -> None:
        if theme:
            pilot.app.theme = theme
        from agora.ui.screens.inbox import InboxScreen
        from tests.pilot import wait_for

        await pilot.pause()
        await pilot.press("i")
        await wait_for(
            pilot,
            lambda: isinstance(pilot.app.screen, InboxScreen) and len(pilot.app.screen.entries),
        )
        await pilot.pause()

    assert snap_compare(AgoraApp(library), terminal_size=size, run_before=run_before)


def test_article_list_counts_unread_replies(
    snap_compare, library: Library, frozen_clock: datetime
) -> None:
    _inbox_store(library)

    async def run_before(pilot) -> None:
        from agora.ui.widgets.replies_badge import RepliesBadge
        from tests.pilot import wait_for

        await wait_for(pilot, lambda: pilot.app.screen.query_one(RepliesBadge).unread == 1)
        await pilot.pause()

    assert snap_compare(AgoraApp(library), terminal_size=(80, 24), run_before=run_before)
