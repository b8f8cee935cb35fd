"""Articles: what the article list shows, one article with its text, and where a site's
articles come from."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection
from typing import Any

from agora.core.article_sort import ArticleView, valid_sort
from agora.core.errors import NotFound, StoreError
from agora.core.model import Article, ArticleEntry, BodyFormat, DiscussionStatus
from agora.core.times import from_iso
from agora.store.access import Access

_ARTICLE_SELECT = """
SELECT a.*, s.name AS source_name,
       (SELECT count(*) FROM comments c WHERE c.article_id = a.id AND c.status != 'deleted')
           AS comment_count
FROM articles a JOIN sources s ON s.id = a.source_id
"""

#: The same without the body (read on its own, as UTF-8: see :meth:`Articles.body_utf8`).
_HEAD_SELECT = _ARTICLE_SELECT.replace(
    "SELECT a.*,",
    """SELECT a.id, a.source_id, a.origin_id,
       a.title, a.author, a.published, a.url, '' AS body, a.body_format, a.comment_status,
       a.imported,""",
)

#: One row: a JSON array of ``[id, source, title, published, comment count, source id, newest
#: comment's time, visited]`` (see :meth:`~agora.store.comment_rows.Comments.thread_columns`
#: for why one row). Per article, each count or time is a look-up in an index: faster than
#: joining grouped counts (measured up to 10,000 articles and 200,000 comments).
_ENTRY_SELECT = """
SELECT json_group_array(json_array(id, source, title, published, comments, source_id, last,
                                   visited)) FROM (
    SELECT a.id, s.name AS source, a.title, a.published, a.source_id,
           (SELECT count(*) FROM comments c WHERE c.article_id = a.id AND c.status != 'deleted')
               AS comments,
           (SELECT max(created) FROM comments c
            WHERE c.article_id = a.id AND c.status != 'deleted') AS last,
           r.article_id IS NOT NULL AS visited{unread}
    FROM articles a JOIN sources s ON s.id = a.source_id
    LEFT JOIN read_state r ON r.article_id = a.id
    WHERE {where}
    ORDER BY {order}
)
"""
#: Comments by others not yet shown: above the read mark, less those shown out of order.
_UNREAD = """,
           (SELECT count(*) FROM comments c WHERE c.article_id = a.id AND c.is_own = 0
            AND c.id > coalesce(r.seen_until, 0))
           - (SELECT count(*) FROM seen_comments v WHERE v.article_id = a.id) AS unread"""
_NEWEST = "coalesce(a.published, a.imported) DESC, a.id DESC"
#: Each sort of :mod:`agora.core.article_sort` as SQL; ties go newest first.
_ORDERS = {
    "newest": _NEWEST,
    "activity": f"coalesce(last, a.published, a.imported) DESC, {_NEWEST}",
    "comments": f"comments DESC, {_NEWEST}",
    "unread": f"unread DESC, visited, {_NEWEST}",
}


def _entry_query(view: ArticleView) -> tuple[str, list[object]]:
    sort = valid_sort(view.sort)
    wheres, params = ["1"], list[object]()
    if view.source_id is not None:
        wheres.append("a.source_id = ?")
        params.append(view.source_id)
    if view.unread_only:
        wheres.append("(r.article_id IS NULL OR unread > 0)")
    unread = _UNREAD if view.unread_only or sort == "unread" else ""
    query = _ENTRY_SELECT.format(unread=unread, where=" AND ".join(wheres), order=_ORDERS[sort])
    return query, params


def _article(row: dict[str, Any]) -> Article:
    return Article(
        id=row["id"],
        source_id=row["source_id"],
        source_name=row["source_name"],
        title=row["title"],
        author=row["author"],
        published=from_iso(row["published"]),
        url=row["url"],
        body=row["body"],
        body_format=BodyFormat(row["body_format"]),
        comment_status=DiscussionStatus(row["comment_status"]),
        comment_count=row["comment_count"],
    )


class Articles:
    """Articles with their source's name and their count of comments shown."""

    def __init__(self, access: Access) -> None:
        self._access = access

    def all(self) -> list[Article]:
        """Every article, newest first."""
        rows = self._access.query(
            _ARTICLE_SELECT + " ORDER BY coalesce(a.published, a.imported) DESC, a.id DESC"
        )
        return [_article(r) for r in rows]

    def entries(self, view: ArticleView | None = None) -> list[ArticleEntry]:
        """The articles ``view`` picks (default: all, newest first), in its order, as a list
        shows them (no bodies)."""
        (entries,) = self._access.one(*_entry_query(view or ArticleView()))
        return [
            ArticleEntry(i, s, t, from_iso(p), n, sid, from_iso(last), bool(seen))
            for i, s, t, p, n, sid, last, seen in json.loads(entries)
        ]

    def get(self, article_id: int, body: bool = True) -> Article:
        """One article (``body`` False: with an empty body, read it with :meth:`body_utf8`)."""
        select = _ARTICLE_SELECT if body else _HEAD_SELECT
        rows = self._access.query(select + " WHERE a.id = ?", [article_id])
        if not rows:
            raise NotFound(f"there is no article {article_id}")
        return _article(rows[0])

    def body_reader(self, article_id: int) -> BodyReader:
        """An article's body to read a piece at a time, as the UTF-8 it is stored in."""
        return BodyReader(self._access, article_id)

    def body_utf8(self, article_id: int) -> bytes:
        """An article's body as the UTF-8 it is stored in: a long body is never held as a
        Python string, which may take four bytes a character."""
        return bytes(
            self._access.scalar(
                "SELECT CAST(body AS BLOB) FROM articles WHERE id = ?", [article_id]
            )
            or b""
        )

    def count(self) -> int:
        return int(self._access.scalar("SELECT count(*) FROM articles"))

    def of_source(self, kind: str, locator: str) -> dict[str, int]:
        """The articles of one source: origin id -> article id."""
        return dict(
            self._access.rows(
                "SELECT a.origin_id, a.id FROM articles a JOIN sources s ON s.id = a.source_id "
                "WHERE s.kind = ? AND s.locator = ?",
                [kind, locator],
            )
        )

    def find(self, kind: str, locator: str, origin_id: str) -> int | None:
        """The id of the source's article with this origin id, if it is stored."""
        return self._access.scalar(
            "SELECT a.id FROM articles a JOIN sources s ON s.id = a.source_id "
            "WHERE s.kind = ? AND s.locator = ? AND a.origin_id = ?",
            [kind, locator, origin_id],
        )

    def origin(self, article_id: int, kinds: Collection[str]) -> tuple[int, str] | None:
        """The source id and origin id of an article from a source of these kinds, else
        None."""
        marks = ",".join("?" * len(kinds))
        row = self._access.one(
            "SELECT a.source_id, a.origin_id FROM articles a JOIN sources s ON s.id = a.source_id "
            f"WHERE a.id = ? AND s.kind IN ({marks}) AND a.origin_id IS NOT NULL",
            [article_id, *kinds],
        )
        return None if row is None else (row[0], row[1])


class BodyReader:
    """An article's stored body, read a piece at a time (SQLite's incremental I/O), so that
    the first screen of a long article is read without the rest. Each read takes the store's
    lock; :meth:`close` as soon as it is read. If the article changes meanwhile, a read raises
    :class:`~agora.core.errors.StoreError`."""

    def __init__(self, access: Access, article_id: int) -> None:
        self._access = access
        with access.lock:
            try:
                self._blob: sqlite3.Blob | None = access.db.conn.blobopen(
                    "articles", "body", article_id, readonly=True
                )
            except sqlite3.OperationalError as exc:
                raise NotFound(f"there is no article {article_id}") from exc
            self.size = len(self._blob)

    def read(self, offset: int, length: int) -> bytes:
        with self._access.lock:
            if self._blob is None:
                raise StoreError("the article's text was closed")
            try:
                self._blob.seek(offset)
                return self._blob.read(length)
            except sqlite3.Error as exc:
                raise StoreError(f"the article changed while it was read: {exc}") from exc

    def close(self) -> None:
        with self._access.lock:
            if self._blob is not None:
                self._blob.close()
                self._blob = None
