"""Schema step 11: comment, article and site ids are never given out twice, and a store of
the version before keeps every id, row, index, trigger and search entry."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils

from agora.core.errors import StoreError
from agora.core.model import ImportBatch, ImportedArticle, ImportedComment
from agora.store import Store, migrations
from agora.store.db import connect
from agora.store.id_sequences import never_reuse_ids


def _schema(db: object, table: str) -> list[tuple[str, str]]:
    rows = db.execute(  # type: ignore[attr-defined]
        "SELECT type, name FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL "
        "AND type != 'table' ORDER BY name",
        [table],
    )
    return [tuple(row) for row in rows.fetchall()]


def _old_store(path: Path) -> None:
    db = connect(path)
    migrations.migrate(db, target=12)
    db.execute(
        "INSERT INTO sources (kind, locator, name, created) VALUES "
        "('wordpress', 'https://a.example', 'A', 'x'), ('wxr', '/b.xml', 'B', 'x')"
    )
    db.execute("DELETE FROM sources WHERE id = 1")  # 2 stays: the next site must be 3
    db.execute(
        "INSERT INTO articles (id, source_id, origin_id, title, body, imported) VALUES "
        "(5, 2, '7', 'Post', 'body', 'x'), (9, 2, '8', 'Gone', 'body', 'x')"
    )
    db.execute("DELETE FROM articles WHERE id = 9")
    db.execute(
        "INSERT INTO comments (id, article_id, origin_id, author_name, body, parent_id) VALUES "
        "(3, 5, '70', 'Ann', 'zebra crossing', NULL), "
        "(4, 5, '71', 'Bob', '日本語のコメント', 3), "
        "(6, 5, NULL, 'Me', 'my own words', 40)"  # its parent, 40, was deleted long ago
    )
    db.execute("INSERT INTO outbox (comment_id) VALUES (6)")
    db.execute("INSERT INTO read_state (article_id, seen_until) VALUES (5, 4)")
    db.execute("INSERT INTO seen_comments (comment_id, article_id) VALUES (6, 5)")
    db.execute(
        "INSERT INTO drafts (article_id, parent_id, body, updated) VALUES (5, 4, 'draft', 'x')"
    )
    db.close()


def test_v13_keeps_every_id_and_row_and_never_reuses_one(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _old_store(path)
    before = connect(path)
    indexes = {t: _schema(before, t) for t in ("comments", "articles", "sources")}
    before.close()

    store = Store(path)
    db = store.db
    assert migrations.version(db) == migrations.LATEST
    for table in ("comments", "articles", "sources"):
        (sql,) = db.execute("SELECT sql FROM sqlite_master WHERE name = ?", [table]).fetchone()
        assert "AUTOINCREMENT" in sql
        assert _schema(db, table) == indexes[table]  # every index and trigger is back
    rows = db.execute("SELECT id, parent_id, author_name FROM comments ORDER BY id").fetchall()
    assert [tuple(r) for r in rows] == [(3, None, "Ann"), (4, 3, "Bob"), (6, 40, "Me")]
    # Children of the rebuilt tables were not cascaded away.
    assert db.execute("SELECT comment_id FROM outbox").fetchall()[0][0] == 6
    assert db.execute("SELECT count(*) FROM seen_comments").fetchone()[0] == 1
    assert db.execute("SELECT count(*) FROM drafts").fetchone()[0] == 1
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    for fts in ("comments_fts", "comments_tri", "articles_fts", "articles_tri"):
        db.execute(f"INSERT INTO {fts} ({fts}) VALUES ('integrity-check')")
    # Search still finds the old rows, word and trigram alike.
    hits = db.execute("SELECT rowid FROM comments_fts WHERE comments_fts MATCH 'zebra'")
    assert [r[0] for r in hits.fetchall()] == [3]
    hits = db.execute("SELECT rowid FROM comments_tri WHERE comments_tri MATCH '日本語'")
    assert [r[0] for r in hits.fetchall()] == [4]
    # The sequences start above every id the store shows was used.
    seq = dict(db.execute("SELECT name, seq FROM sqlite_sequence").fetchall())
    assert seq == {"comments": 40, "articles": 5, "sources": 2}
    db.execute(
        "INSERT INTO comments (article_id, author_name, body) VALUES (5, 'New', 'again zebra')"
    )
    new_id = db.execute("SELECT max(id) FROM comments").fetchone()[0]
    assert new_id == 41
    hits = db.execute("SELECT rowid FROM comments_fts WHERE comments_fts MATCH 'zebra'")
    assert sorted(r[0] for r in hits.fetchall()) == [3, 41]  # the triggers index new rows


def test_deleting_the_newest_comment_does_not_free_its_id(tmp_path: Path) -> None:
    store = Store(tmp_path / "new.db")
    batch = ImportBatch(
        "markdown",
        "/a.md",
        "A",
        [ImportedArticle("1", "Post", "body", comments=[ImportedComment("c1", None, "Ann", "hi")])],
    )
    aid = store.imports.add(batch).article_ids[0]
    db = store.db
    db.execute("INSERT INTO comments (article_id, author_name, body) VALUES (?, 'Me', 'x')", [aid])
    newest = db.execute("SELECT max(id) FROM comments").fetchone()[0]
    db.execute("DELETE FROM comments WHERE id = ?", [newest])
    db.execute("INSERT INTO comments (article_id, author_name, body) VALUES (?, 'Me', 'y')", [aid])
    assert db.execute("SELECT max(id) FROM comments").fetchone()[0] == newest + 1


def test_v13_refuses_to_run_with_foreign_keys_on(tmp_path: Path) -> None:
    """Run inside a transaction, the pragma that turns them off does nothing: dropping the old
    comments table would then delete every queued comment, so the step refuses instead."""
    path = tmp_path / "old.db"
    _old_store(path)
    db = connect(path)
    with pytest.raises(StoreError, match="foreign keys off"):
        never_reuse_ids(sqlite_utils.Database(db.conn, execute_plugins=False))
    assert db.execute("SELECT count(*) FROM outbox").fetchone()[0] == 1
