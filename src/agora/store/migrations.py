"""Numbered schema migrations, tracked in ``PRAGMA user_version``.

Each step runs in its own transaction; a database is never left between two versions. Never
edit a released step: add a new one. Steps get a :class:`sqlite_utils.Database`, imported only
when a step is due.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from agora.core.errors import StoreError
from agora.store.db import Database, immediate

if TYPE_CHECKING:
    import sqlite_utils


def _run(db: sqlite_utils.Database, script: str) -> None:
    """Run statements one by one (``executescript`` would commit the open transaction)."""
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


def _v1_core(db: sqlite_utils.Database) -> None:
    _run(
        db,
        """
        CREATE TABLE sources (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            locator TEXT NOT NULL,
            name TEXT NOT NULL,
            created TEXT NOT NULL,
            UNIQUE (kind, locator)
        );
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
            origin_id TEXT NOT NULL,
            title TEXT NOT NULL,
            author TEXT NOT NULL DEFAULT '',
            published TEXT,
            url TEXT NOT NULL DEFAULT '',
            body TEXT NOT NULL DEFAULT '',
            body_format TEXT NOT NULL DEFAULT 'text',
            comment_status TEXT NOT NULL DEFAULT 'open',
            imported TEXT NOT NULL,
            UNIQUE (source_id, origin_id)
        );
        CREATE TABLE identities (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            name TEXT NOT NULL,
            email TEXT NOT NULL DEFAULT '',
            website TEXT NOT NULL DEFAULT '',
            site TEXT NOT NULL DEFAULT '',
            username TEXT NOT NULL DEFAULT '',
            created TEXT NOT NULL,
            last_used TEXT
        );
        CREATE TABLE comments (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            parent_id INTEGER,
            origin_id TEXT,
            origin_parent TEXT,
            author_name TEXT NOT NULL DEFAULT '',
            author_url TEXT NOT NULL DEFAULT '',
            author_email TEXT NOT NULL DEFAULT '',
            body TEXT NOT NULL DEFAULT '',
            created TEXT,
            status TEXT NOT NULL DEFAULT 'approved',
            status_reason TEXT NOT NULL DEFAULT '',
            kind TEXT NOT NULL DEFAULT 'comment',
            is_article_author INTEGER NOT NULL DEFAULT 0,
            identity_id INTEGER REFERENCES identities(id) ON DELETE SET NULL,
            is_own INTEGER NOT NULL DEFAULT 0,
            url TEXT NOT NULL DEFAULT '',
            UNIQUE (article_id, origin_id)
        );
        CREATE INDEX comments_article ON comments (article_id, created, id);
        CREATE TABLE drafts (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            parent_id INTEGER NOT NULL DEFAULT 0,
            comment_id INTEGER NOT NULL DEFAULT 0,
            body TEXT NOT NULL,
            updated TEXT NOT NULL,
            PRIMARY KEY (article_id, parent_id, comment_id)
        );
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """,
    )


def _fts(db: sqlite_utils.Database, table: str, columns: list[str]) -> None:
    """An external-content FTS5 index over ``columns`` of ``table``, kept current by triggers.

    Written out rather than through ``enable_fts``, which commits mid-migration.
    """
    cols = ", ".join(columns)
    old = ", ".join(f"old.{c}" for c in columns)
    new = ", ".join(f"new.{c}" for c in columns)
    fts = f"{table}_fts"
    db.execute(f"CREATE VIRTUAL TABLE {fts} USING FTS5 ({cols}, content=[{table}])")
    db.execute(f"INSERT INTO {fts} (rowid, {cols}) SELECT rowid, {cols} FROM {table}")
    db.execute(
        f"CREATE TRIGGER {table}_ai AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts} (rowid, {cols}) VALUES (new.rowid, {new}); END"
    )
    db.execute(
        f"CREATE TRIGGER {table}_ad AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts} ({fts}, rowid, {cols}) VALUES ('delete', old.rowid, {old}); END"
    )
    db.execute(
        f"CREATE TRIGGER {table}_au AFTER UPDATE ON {table} BEGIN "
        f"INSERT INTO {fts} ({fts}, rowid, {cols}) VALUES ('delete', old.rowid, {old}); "
        f"INSERT INTO {fts} (rowid, {cols}) VALUES (new.rowid, {new}); END"
    )


def _v2_search_and_reading(db: sqlite_utils.Database) -> None:
    _fts(db, "articles", ["title", "body"])
    _fts(db, "comments", ["author_name", "body"])
    _run(
        db,
        """
        CREATE TABLE read_state (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            seen_until INTEGER NOT NULL DEFAULT 0,
            opened TEXT
        )
        """,
    )


def _v3_sites_and_outbox(db: sqlite_utils.Database) -> None:
    _run(
        db,
        """
        ALTER TABLE sources ADD COLUMN api_root TEXT NOT NULL DEFAULT '';
        ALTER TABLE sources ADD COLUMN synced TEXT;
        ALTER TABLE drafts ADD COLUMN note TEXT NOT NULL DEFAULT '';
        CREATE TABLE outbox (
            comment_id INTEGER PRIMARY KEY REFERENCES comments(id) ON DELETE CASCADE,
            action TEXT NOT NULL DEFAULT 'post',
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt TEXT,
            first_attempt TEXT,
            uncertain INTEGER NOT NULL DEFAULT 0,
            last_error TEXT NOT NULL DEFAULT ''
        )
        """,
    )


def _v4_index_only_text_changes(db: sqlite_utils.Database) -> None:
    """Re-index a comment only when its text changes, not when its parent or status does."""
    db.execute("DROP TRIGGER comments_au")
    db.execute(
        "CREATE TRIGGER comments_au AFTER UPDATE OF author_name, body ON comments BEGIN "
        "INSERT INTO comments_fts (comments_fts, rowid, author_name, body) "
        "VALUES ('delete', old.rowid, old.author_name, old.body); "
        "INSERT INTO comments_fts (rowid, author_name, body) "
        "VALUES (new.rowid, new.author_name, new.body); END"
    )


def _v5_covering_indexes(db: sqlite_utils.Database) -> None:
    """Opening a thread, counting comments and finding unread ones read an index alone.

    ``comments_thread`` gives ``thread_pairs`` (ids and parents in conversation order) and
    the comment counts of the article list (by status) without a look-up of every comment's
    row: for 100,000 comments, 36 ms instead of 55, and 5 ms instead of 21. It starts with
    the columns of ``comments_article``, so it serves every query that one did.
    ``comments_unread`` (its entries are in id order within an article) serves the unread
    counts of the article list, 75 ms instead of 1 s for a million comments, and the ids
    unseen in an article, in order, with no sort.
    """
    db.execute(
        "CREATE INDEX comments_thread ON comments (article_id, created, id, parent_id, status)"
    )
    db.execute("DROP INDEX comments_article")
    db.execute("CREATE INDEX comments_unread ON comments (article_id, is_own)")


def _v6_outbox_lease_owner(db: sqlite_utils.Database) -> None:
    """The process holding a ``sending`` lease (see :mod:`agora.service.processes`), so another one
    can take the row over at once when that process has died."""
    db.execute("ALTER TABLE outbox ADD COLUMN owner TEXT NOT NULL DEFAULT ''")


def _v7_comments_seen_out_of_order(db: sqlite_utils.Database) -> None:
    """Comments shown above an article's read mark (``read_state.seen_until``, every id up
    to it seen): read in another order than their ids (newest first, a jump to the end),
    they count as seen too. Rows at or below the mark go as the mark moves past them."""
    _run(
        db,
        """
        CREATE TABLE seen_comments (
            comment_id INTEGER PRIMARY KEY REFERENCES comments(id) ON DELETE CASCADE,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE
        );
        CREATE INDEX seen_comments_article ON seen_comments (article_id, comment_id)
        """,
    )


def _v8_source_options(db: sqlite_utils.Database) -> None:
    """Each site's engine options (a JSON object) live with the site, not in settings named
    after one engine: WordPress's ``site_url`` moves there from ``wordpress.site_url.N``."""
    _run(
        db,
        """
        ALTER TABLE sources ADD COLUMN options TEXT NOT NULL DEFAULT '{}';
        UPDATE sources SET options = json_object('site_url', (
            SELECT value FROM settings WHERE key = 'wordpress.site_url.' || sources.id))
        WHERE EXISTS (SELECT 1 FROM settings WHERE key = 'wordpress.site_url.' || sources.id);
        DELETE FROM settings WHERE key LIKE 'wordpress.site\\_url.%' ESCAPE '\\'
        """,
    )


def _v9_substring_search(db: sqlite_utils.Database) -> None:
    """Trigram indexes for scripts written without spaces (see :mod:`agora.store.trigram_index`)."""
    from agora.store.trigram_index import substring_search

    substring_search(db)


def _v10_formatted_comments(db: sqlite_utils.Database) -> None:
    """Comments keep their formatting (``body_format`` ``markdown``: light Markdown). The
    comments stored before stay plain text; each WordPress site's next sync reads every
    thread again (a full sync), and writes each formatted comment's body anew."""
    _run(
        db,
        """
        ALTER TABLE comments ADD COLUMN body_format TEXT NOT NULL DEFAULT 'text';
        UPDATE sources SET synced = NULL WHERE kind = 'wordpress'
        """,
    )


def _v11_source_errors(db: sqlite_utils.Database) -> None:
    """Each source keeps the message of its last failed sync or refresh (empty once one
    succeeds), for the sources screen."""
    db.execute("ALTER TABLE sources ADD COLUMN last_error TEXT NOT NULL DEFAULT ''")


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    _v1_core,
    _v2_search_and_reading,
    _v3_sites_and_outbox,
    _v4_index_only_text_changes,
    _v5_covering_indexes,
    _v6_outbox_lease_owner,
    _v7_comments_seen_out_of_order,
    _v8_source_options,
    _v9_substring_search,
    _v10_formatted_comments,
    _v11_source_errors,
]
LATEST = len(MIGRATIONS)


def version(db: Database | sqlite_utils.Database) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: Database, target: int = LATEST) -> int:
    """Bring ``db`` up to ``target``; returns the version it was at."""
    start = version(db)
    if start > LATEST:
        raise StoreError(
            f"this database was written by a newer agora (schema {start}, this one knows "
            f"{LATEST}); it was left untouched. Upgrade agora, or use another --home."
        )
    if start >= target:
        return start
    import sqlite_utils

    # No sqlite-utils plugins: nothing else gets to change agora's connection (and finding
    # them would scan every installed package's entry points).
    schema = sqlite_utils.Database(db.conn, execute_plugins=False)
    for number in range(start + 1, target + 1):
        with immediate(db):
            if version(db) >= number:
                continue  # another process migrated while this one waited for the lock
            MIGRATIONS[number - 1](schema)
            db.execute(f"PRAGMA user_version = {number}")
    return start
