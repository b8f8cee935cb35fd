"""The article list's keys: s cycles the sort (kept for the next start), f the source, u
unread only, m marks read or unread, S opens the sources; and the palette's entries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from agora.core.model import ImportBatch, ImportedArticle, ImportedComment
from agora.service.library import Library
from agora.ui.app import AgoraApp
from agora.ui.screens.articles import ArticlesScreen
from agora.ui.widgets.article_table import ArticleTable
from tests.pilot import screen_text, wait_for
from tests.ui.test_ui_compose import type_text


def _article(origin: str, day: int, comment_days: list[int]) -> ImportedArticle:
    comments = [
        ImportedComment(
            f"{origin}{i}", None, "Reader", "hi", created=datetime(2024, 3, d, tzinfo=UTC)
        )
        for i, d in enumerate(comment_days)
    ]
    return ImportedArticle(
        origin,
        f"Title {origin}",
        "body",
        published=datetime(2024, 3, day, tzinfo=UTC),
        comments=comments,
    )


def fill(library: Library) -> dict[str, int]:
    one = library.store.imports.add(
        ImportBatch("file", "/a", "Alpha", [_article("A", 1, [2, 20, 21]), _article("B", 10, [11])])
    )
    two = library.store.imports.add(ImportBatch("file", "/z", "Zulu", [_article("C", 15, [])]))
    return dict(zip("ABC", one.article_ids + two.article_ids, strict=True))


def titles(app) -> list[str]:
    table = app.screen.query_one(ArticleTable)
    return [table.cells(a.id)["title"].strip() for a in table._articles]


async def ready(pilot) -> None:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ArticlesScreen))
    await wait_for(pilot, lambda: pilot.app.screen.query_one(ArticleTable).row_count > 0)


async def test_s_cycles_the_sorts_and_keeps_the_last(library: Library) -> None:
    fill(library)
    app = AgoraApp(library)
    async with app.run_test(size=(120, 20)) as pilot:
        await ready(pilot)
        assert titles(app) == ["Title C", "Title B", "Title A"]
        assert "sorted by newest" in screen_text(app)
        steps = [
            ("last activity", ["Title A", "Title C", "Title B"]),
            ("most comments", ["Title A", "Title B", "Title C"]),
            ("unread first", ["Title A", "Title B", "Title C"]),
            ("newest", ["Title C", "Title B", "Title A"]),
            ("last activity", ["Title A", "Title C", "Title B"]),
        ]
        for label, order in steps:
            await pilot.press("s")
            await wait_for(pilot, lambda o=order: titles(app) == o)
            await wait_for(pilot, lambda lab=label: f"sorted by {lab}" in screen_text(app))
    await wait_for_setting(library, "activity")
    # The next start shows the list in that sort.
    app = AgoraApp(library)
    async with app.run_test(size=(120, 20)) as pilot:
        await ready(pilot)
        assert titles(app) == ["Title A", "Title C", "Title B"]
        assert "sorted by last activity" in screen_text(app)


async def wait_for_setting(library: Library, value: str) -> None:
    import asyncio

    for _ in range(100):
        if library.store.settings.get("articles.sort") == value:
            return
        await asyncio.sleep(0.02)
    raise AssertionError(library.store.settings.get("articles.sort"))


async def test_f_cycles_the_sources_and_u_shows_unread_only(library: Library) -> None:
    ids = fill(library)
    library.store.read_state.mark_read(ids["B"])
    app = AgoraApp(library)
    async with app.run_test(size=(120, 20)) as pilot:
        await ready(pilot)
        await pilot.press("f")
        await wait_for(pilot, lambda: titles(app) == ["Title B", "Title A"])
        assert "from Alpha" in screen_text(app)
        await pilot.press("f")
        await wait_for(pilot, lambda: titles(app) == ["Title C"])
        assert "from Zulu" in screen_text(app)
        await pilot.press("f")
        await wait_for(pilot, lambda: len(titles(app)) == 3)
        assert "from " not in screen_text(app).split("Title")[0]
        await pilot.press("u")
        await wait_for(pilot, lambda: titles(app) == ["Title C", "Title A"])
        assert "unread only" in screen_text(app)
        await pilot.press("u")
        await wait_for(pilot, lambda: len(titles(app)) == 3)


async def test_m_marks_read_then_unread(library: Library) -> None:
    ids = fill(library)
    app = AgoraApp(library)
    async with app.run_test(size=(120, 20)) as pilot:
        await ready(pilot)
        table = app.screen.query_one(ArticleTable)
        await pilot.press("j", "j")  # Title A: 3 new comments
        await wait_for(pilot, lambda: table.article_id == ids["A"])
        assert table.cells(ids["A"])["new"].strip() == "3"
        await pilot.press("m")
        await wait_for(pilot, lambda: table.cells(ids["A"])["new"].strip() == "")
        assert library.unread_counts().get(ids["A"]) is None
        await pilot.press("m")
        await wait_for(pilot, lambda: table.cells(ids["A"])["new"].strip() == "3")
        # An article never opened, with no comments, is marked • until it is read.
        await pilot.press("g")
        await wait_for(pilot, lambda: table.article_id == ids["C"])
        assert table.cells(ids["C"])["new"].strip() == "•"
        await pilot.press("m")
        await wait_for(pilot, lambda: table.cells(ids["C"])["new"].strip() == "")


async def test_the_activity_column_shows_the_newest_comment(library: Library) -> None:
    now = datetime.now(UTC)
    comments = [
        ImportedComment(str(i), None, "R", "hi", created=now - timedelta(hours=h))
        for i, h in enumerate([30, 3, 50])
    ]
    batch = ImportBatch(
        "file",
        "/n",
        "N",
        [
            ImportedArticle(
                "busy", "Busy", "", published=now - timedelta(days=9), comments=comments
            ),
            ImportedArticle("quiet", "Quiet", "", published=now - timedelta(days=2)),
        ],
    )
    busy, quiet = library.store.imports.add(batch).article_ids
    app = AgoraApp(library)
    async with app.run_test(size=(120, 20)) as pilot:
        await ready(pilot)
        table = app.screen.query_one(ArticleTable)
        assert table.cells(busy)["activity"].strip() == "3h ago"
        assert table.cells(quiet)["activity"].strip() == ""
        assert "Activity" in screen_text(app) and "3h ago" in screen_text(app)


async def test_the_palette_sorts_and_filters(library: Library) -> None:
    fill(library)
    app = AgoraApp(library)
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(pilot)
        for query, check in [
            ("most comments", lambda: titles(app) == ["Title A", "Title B", "Title C"]),
            ("Articles from Zulu", lambda: titles(app) == ["Title C"]),
            ("Articles from every source", lambda: len(titles(app)) == 3),
            ("unread only", lambda: "unread only" in screen_text(app)),
        ]:
            await pilot.press("ctrl+p")
            await type_text(pilot, query)
            await pilot.pause(0.3)
            await pilot.press("enter")
            await wait_for(pilot, check)
