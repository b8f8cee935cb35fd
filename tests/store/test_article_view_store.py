"""The article list's sorts and filters in SQL, read marks set by hand, and the sources'
summaries, errors and removal (with migration 11 on a database holding data)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from agora.core.article_sort import SORTS, ArticleView, next_sort, valid_sort
from agora.core.model import ImportBatch, ImportedArticle, ImportedComment
from agora.store import Store, migrations
from agora.store.db import connect


def _when(day: int, hour: int = 0) -> datetime:
    return datetime(2024, 3, day, hour, tzinfo=UTC)


def _article(origin: str, published: int, comments: list[int]) -> ImportedArticle:
    """An article published on day ``published`` with a comment on each day of ``comments``."""
    thread = [
        ImportedComment(f"{origin}-{i}", None, f"Reader {i}", "text", created=_when(day, 12))
        for i, day in enumerate(comments)
    ]
    return ImportedArticle(
        origin, f"Article {origin}", "body", published=_when(published), comments=thread
    )


@pytest.fixture
def ids(store: Store) -> dict[str, int]:
    """Four articles in two sources:

    old: published day 1, comments on days 2, 20, 21 (3 comments, newest activity)
    mid: published day 10, one comment on day 11
    new: published day 15, no comments
    far: published day 12 in another source, comments on days 13 and 14
    """
    one = store.imports.add(
        ImportBatch(
            "file",
            "/one",
            "One",
            [
                _article("old", 1, [2, 20, 21]),
                _article("mid", 10, [11]),
                _article("new", 15, []),
            ],
        )
    )
    two = store.imports.add(
        ImportBatch("feed", "https://x/feed", "Two", [_article("far", 12, [13, 14])])
    )
    return dict(zip(["old", "mid", "new", "far"], one.article_ids + two.article_ids, strict=True))


def _order(store: Store, **view: object) -> list[int]:
    return [e.id for e in store.articles.entries(ArticleView(**view))]  # type: ignore[arg-type]


def test_each_sort_orders_in_sql(store: Store, ids: dict[str, int]) -> None:
    old, mid, new, far = ids["old"], ids["mid"], ids["new"], ids["far"]
    assert _order(store) == _order(store, sort="newest") == [new, far, mid, old]
    assert _order(store, sort="activity") == [old, new, far, mid]  # new: its own date
    assert _order(store, sort="comments") == [old, far, mid, new]
    # Unread: most new comments first, then never opened, then the rest, newest first.
    store.read_state.mark_read(old)
    store.read_state.mark_read(new)
    assert _order(store, sort="unread") == [far, mid, new, old]


def test_entries_carry_last_activity_and_visits(store: Store, ids: dict[str, int]) -> None:
    store.read_state.mark_read(ids["mid"])
    entries = {e.id: e for e in store.articles.entries()}
    assert entries[ids["old"]].last_activity == _when(21, 12)
    assert entries[ids["new"]].last_activity is None
    assert entries[ids["mid"]].visited and not entries[ids["old"]].visited
    assert entries[ids["far"]].source_name == "Two"
    assert entries[ids["far"]].source_id != entries[ids["old"]].source_id


def test_deleted_comments_are_no_activity(store: Store, ids: dict[str, int]) -> None:
    with store.write() as db:
        db.execute("UPDATE comments SET status = 'deleted' WHERE origin_id = 'old-2'")
    entry = next(e for e in store.articles.entries() if e.id == ids["old"])
    assert (entry.comment_count, entry.last_activity) == (2, _when(20, 12))


def test_filters_by_source_and_unread(store: Store, ids: dict[str, int]) -> None:
    far = ids["far"]
    source = next(e.source_id for e in store.articles.entries() if e.id == far)
    assert _order(store, source_id=source) == [far]
    assert len(_order(store, unread_only=True)) == 4  # none opened yet
    store.read_state.mark_read(ids["old"])
    store.read_state.mark_read(ids["new"])
    assert _order(store, unread_only=True) == [far, ids["mid"]]
    assert _order(store, unread_only=True, source_id=source, sort="comments") == [far]
    # A new comment makes a read article unread again.
    store.comments.add(ids["old"], None, author_name="Late", body="news", is_own=False)
    assert ids["old"] in _order(store, unread_only=True)


def test_mark_read_and_unread(store: Store, ids: dict[str, int]) -> None:
    old = ids["old"]
    store.read_state.mark_seen(old, 0, also=[])
    assert store.read_state.unread_counts()[old] == 3
    store.read_state.mark_read(old)
    assert old not in store.read_state.unread_counts()
    assert store.read_state.visited(old)
    store.read_state.mark_unread(old)
    assert store.read_state.unread_counts()[old] == 3
    assert not store.read_state.visited(old)
    assert store.read_state.seen_above_mark(old) == []


def test_sort_names_cycle_and_unknown_ones_fall_back() -> None:
    assert [next_sort(s) for s in SORTS] == [*SORTS[1:], SORTS[0]]
    assert valid_sort("bogus") == valid_sort(None) == "newest"


def test_source_summaries_errors_and_sync(store: Store, ids: dict[str, int]) -> None:
    one, two = store.sources.summaries(["file", "feed"])
    assert (one.name, one.articles, one.synced, one.last_error) == ("One", 3, None, "")
    assert (two.kind, two.locator, two.articles) == ("feed", "https://x/feed", 1)
    store.sources.set_error(two.id, "the feed is gone")
    assert store.sources.summaries(["feed"])[0].last_error == "the feed is gone"
    store.sources.set_synced(two.id, _when(5))
    again = store.sources.summaries(["feed"])[0]
    assert (again.synced, again.last_error) == (_when(5), "")  # a complete sync clears it
    assert [name for _, name in store.sources.with_articles()] == ["One", "Two"]


def test_removing_a_source_keeps_the_articles_holding_drafts(
    store: Store, ids: dict[str, int]
) -> None:
    source = next(e.source_id for e in store.articles.entries() if e.id == ids["mid"])
    store.drafts.save(ids["mid"], None, "my unsent words")
    found = store.sources.removal(source)
    assert (found.articles, found.comments, found.kept, found.queued) == (2, 3, 1, 0)
    store.sources.remove(source, "One (removed)")
    left = {e.id: e for e in store.articles.entries()}
    assert set(left) == {ids["mid"], ids["far"]}
    assert left[ids["mid"]].source_name == "One (removed)"
    assert store.drafts.get(ids["mid"], None).body == "my unsent words"
    assert store.scalar("SELECT count(*) FROM comments WHERE article_id = ?", [ids["old"]]) == 0
    assert not store.search.hits("Article old")  # gone from the search index too
    assert [s.name for s in store.sources.summaries(["file", "feed"])] == ["Two", "One (removed)"]


def test_queued_comments_are_counted_before_removal(store: Store, ids: dict[str, int]) -> None:
    source = next(e.source_id for e in store.articles.entries() if e.id == ids["far"])
    comment = store.comments.add(ids["far"], None, author_name="Me", body="sent later")
    with store.write() as db:
        db.execute("INSERT INTO outbox (comment_id) VALUES (?)", [comment.id])
    assert store.sources.removal(source).queued == 1


def test_v11_adds_last_errors_to_a_database_with_sources(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = connect(path)
    migrations.migrate(db, target=10)
    db.execute(
        "INSERT INTO sources (kind, locator, name, created, synced) VALUES "
        "('wordpress', 'https://a.example', 'A', 'x', '2024-01-01T00:00:00+00:00')"
    )
    db.execute(
        "INSERT INTO articles (source_id, origin_id, title, imported) VALUES (1, '7', 'Post', 'x')"
    )
    db.close()
    store = Store(path)
    assert migrations.version(store.db) == migrations.LATEST
    [summary] = store.sources.summaries(["wordpress"])
    assert (summary.name, summary.articles, summary.last_error) == ("A", 1, "")
    assert summary.synced == datetime(2024, 1, 1, tzinfo=UTC)
