"""Writing a parsed input (an :class:`~agora.core.model.ImportBatch`) into the store: one
transaction, idempotent, with the search index filled in bulk."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from agora.core.bulk import no_cycle_collection
from agora.core.errors import StoreError
from agora.core.model import ImportBatch, ImportedComment
from agora.core.times import now_iso, to_iso
from agora.store.access import Access
from agora.store.db import Database


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What one import changed."""

    source_id: int
    article_ids: list[int]
    articles_new: int
    articles_updated: int
    comments_new: int
    comments_updated: int


#: A new comment, with its parent when that is in the store already (most replies come after
#: what they answer), so that few rows need their parent set afterwards.
_INSERT_COMMENT = (
    "INSERT INTO comments (article_id, origin_id, origin_parent, author_name, author_url, "
    "author_email, body, created, status, kind, is_article_author, url, body_format, "
    "likes, dislikes, parent_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
    "?13, ?14, ?15, (SELECT p.id FROM comments p WHERE p.article_id = ?1 AND p.origin_id = ?3))"
)
#: Every comment of an article that names a parent gets that parent's id (NULL when it is not
#: there); only the rows where that changes are written.
_PARENT = (
    "(SELECT p.id FROM comments p "
    "WHERE p.article_id = comments.article_id AND p.origin_id = comments.origin_parent)"
)
_RESOLVE_PARENTS = (
    f"UPDATE comments SET parent_id = {_PARENT} WHERE article_id = ? "
    f"AND origin_parent IS NOT NULL AND parent_id IS NOT {_PARENT}"
)
#: Fewer new comments than this are indexed row by row, by the trigger.
_BULK_INDEX_MIN = 64
#: Past this id SQLite may pick new ids at random, so "above the old maximum" stops holding.
_BULK_INDEX_MAX_ID = 2**62


class Imports:
    """Parsed inputs into the store: sources, articles and comments, matched by origin id."""

    def __init__(self, access: Access) -> None:
        self._access = access

    def add(self, batch: ImportBatch) -> ImportResult:
        """Store a parsed input in one transaction; importing it again changes nothing."""
        stamp = now_iso()
        counts = {"an": 0, "au": 0, "cn": 0, "cu": 0}
        article_ids: list[int] = []
        with no_cycle_collection(), self._access.write() as db:
            db.execute(
                "INSERT INTO sources (kind, locator, name, created) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (kind, locator) DO UPDATE SET name = excluded.name",
                [batch.source_kind, batch.source_locator, batch.source_name, stamp],
            )
            source_id = db.execute(
                "SELECT id FROM sources WHERE kind = ? AND locator = ?",
                [batch.source_kind, batch.source_locator],
            ).fetchone()[0]
            for art in batch.articles:
                values = {
                    "title": art.title,
                    "author": art.author,
                    "published": to_iso(art.published),
                    "url": art.url,
                    "body": art.body,
                    "body_format": art.body_format,
                    "comment_status": art.comment_status,
                }
                existing = db.execute(
                    "SELECT id, title, author, published, url, body, body_format, comment_status "
                    "FROM articles WHERE source_id = ? AND origin_id = ?",
                    [source_id, art.origin_id],
                ).fetchone()
                if existing is None:
                    cur = db.execute(
                        "INSERT INTO articles (source_id, origin_id, imported, title, author, "
                        "published, url, body, body_format, comment_status) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [source_id, art.origin_id, stamp, *values.values()],
                    )
                    article_id = int(cur.lastrowid or 0)
                    counts["an"] += 1
                else:
                    article_id = existing[0]
                    if tuple(existing[1:]) != tuple(values.values()):
                        db.execute(
                            "UPDATE articles SET title = ?, author = ?, published = ?, url = ?, "
                            "body = ?, body_format = ?, comment_status = ? WHERE id = ?",
                            [*values.values(), article_id],
                        )
                        counts["au"] += 1
                article_ids.append(article_id)
                new, updated = self._import_comments(db, article_id, art.comments)
                counts["cn"] += new
                counts["cu"] += updated
        return ImportResult(
            source_id, article_ids, counts["an"], counts["au"], counts["cn"], counts["cu"]
        )

    def _import_comments(
        self, db: Database, article_id: int, comments: list[ImportedComment]
    ) -> tuple[int, int]:
        if not comments:
            return 0, 0
        known = {
            origin: (cid, rest)
            for cid, origin, *rest in db.execute(
                "SELECT id, origin_id, origin_parent, author_name, author_url, author_email, body, "
                "created, status, kind, is_article_author, url, body_format, likes, dislikes "
                "FROM comments "
                "WHERE article_id = ? AND origin_id IS NOT NULL",
                [article_id],
            )
        }
        new = updated = 0
        inserts = []
        for c in comments:
            values = [
                c.parent_origin,
                c.author_name,
                c.author_url,
                c.author_email,
                c.body,
                to_iso(c.created),
                c.status,
                c.kind,
                int(c.is_article_author),
                c.url,
                c.body_format,
                c.likes,
                c.dislikes,
            ]
            if c.origin_id in known:
                cid, old = known[c.origin_id]
                if list(old) != values:
                    db.execute(
                        "UPDATE comments SET origin_parent = ?, author_name = ?, author_url = ?, "
                        "author_email = ?, body = ?, created = ?, status = ?, kind = ?, "
                        "is_article_author = ?, url = ?, body_format = ?, likes = ?, dislikes = ? "
                        "WHERE id = ?",
                        [*values, cid],
                    )
                    updated += 1
            else:
                inserts.append([article_id, c.origin_id, *values])
                known[c.origin_id] = (0, values)
                new += 1
        if inserts:
            self._insert_comments(db, inserts)
        if new or updated:
            # Resolve parents by origin id within the article; unknown parents stay NULL.
            db.execute(_RESOLVE_PARENTS, [article_id])
        return new, updated

    @staticmethod
    def _insert_comments(db: Database, rows: list[list[Any]]) -> None:
        """Insert new comments and add them to the search index, in the open transaction.

        Through the per-row trigger, indexing was three quarters of an import: FTS5 writes
        its pending index data out at every statement, so each row became a segment of its
        own, merged again and again. For a batch, the trigger is set aside, the rows are
        inserted, the index takes all of them with one ``INSERT ... SELECT`` over the new ids,
        and the trigger is put back exactly as it was. It all happens inside the write
        transaction (``BEGIN IMMEDIATE``, so no other writer can add rows in between), and
        DDL is transactional: other connections only ever see the trigger in place, and a
        failure anywhere rolls every step back.
        """
        conn = db.conn
        trigger = conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'comments_ai'"
        ).fetchone()
        last = conn.execute("SELECT max(id) FROM comments").fetchone()[0] or 0
        if (
            trigger is None
            or not conn.in_transaction  # the DDL below must not commit on its own
            or len(rows) < _BULK_INDEX_MIN
            or last > _BULK_INDEX_MAX_ID
        ):
            conn.executemany(_INSERT_COMMENT, rows)
            return
        conn.execute("DROP TRIGGER comments_ai")
        conn.executemany(_INSERT_COMMENT, rows)
        # A rowid alias without AUTOINCREMENT takes max(id) + 1 while there is room, so the
        # new rows are exactly those above the old maximum.
        added = conn.execute("SELECT count(*) FROM comments WHERE id > ?", [last]).fetchone()[0]
        if added != len(rows):  # pragma: no cover - would mean another writer got in
            raise StoreError("the comments being imported changed under the import")
        conn.execute(
            "INSERT INTO comments_fts (rowid, author_name, body) "
            "SELECT id, author_name, body FROM comments WHERE id > ?",
            [last],
        )
        conn.execute(trigger[0])
