"""What the user has read: a mark per article, and the comments above it shown out of order."""

from __future__ import annotations

import json
from collections.abc import Iterable

from agora.core.times import now_iso
from agora.store.access import Access

#: ``(aid, n)``: each article's count of comments by others not yet shown, where it is not 0.
UNREAD_BY_ARTICLE = (
    "SELECT aid, sum(n) AS n FROM ("
    "SELECT c.article_id AS aid, count(*) AS n FROM comments c "
    "LEFT JOIN read_state r ON r.article_id = c.article_id "
    "WHERE c.id > coalesce(r.seen_until, 0) AND c.is_own = 0 GROUP BY c.article_id "
    "UNION ALL SELECT article_id, -count(*) FROM seen_comments GROUP BY article_id"
    ") GROUP BY aid HAVING sum(n) > 0"
)


class ReadState:
    """Per article: the highest comment id up to which everything was shown, and the
    comments above it shown out of order (``seen_comments``)."""

    def __init__(self, access: Access) -> None:
        self._access = access

    def seen_until(self, article_id: int) -> int:
        """The highest comment id the user has been shown in this article (0: none)."""
        return int(
            self._access.scalar(
                "SELECT seen_until FROM read_state WHERE article_id = ?", [article_id]
            )
            or 0
        )

    def visited(self, article_id: int) -> bool:
        """Whether the article was ever opened (a visit is recorded even with no comments)."""
        return bool(
            self._access.scalar("SELECT 1 FROM read_state WHERE article_id = ?", [article_id])
        )

    def mark_seen(self, article_id: int, comment_id: int, also: Iterable[int] = ()) -> None:
        """Remember that comments up to ``comment_id`` have been shown, and ``also`` these
        ones above it (read out of order)."""
        with self._access.write() as db:
            [(until,)] = db.execute(
                "INSERT INTO read_state (article_id, seen_until, opened) VALUES (?, ?, ?) "
                "ON CONFLICT (article_id) DO UPDATE SET "
                "seen_until = max(seen_until, excluded.seen_until), opened = excluded.opened "
                "RETURNING seen_until",
                [article_id, comment_id, now_iso()],
            ).fetchall()
            db.execute(
                "DELETE FROM seen_comments WHERE article_id = ? AND comment_id <= ?",
                [article_id, until],
            )
            db.conn.executemany(
                "INSERT OR IGNORE INTO seen_comments (comment_id, article_id) SELECT id, "
                "article_id FROM comments WHERE id = ? AND article_id = ? AND is_own = 0",
                [(cid, article_id) for cid in also if cid > until],
            )

    def mark_read(self, article_id: int) -> None:
        """Every comment of the article counts as shown."""
        with self._access.write() as db:
            db.execute(
                "INSERT INTO read_state (article_id, seen_until, opened) VALUES (?1, "
                "(SELECT coalesce(max(id), 0) FROM comments WHERE article_id = ?1), ?2) "
                "ON CONFLICT (article_id) DO UPDATE SET "
                "seen_until = max(seen_until, excluded.seen_until), opened = excluded.opened",
                [article_id, now_iso()],
            )
            db.execute("DELETE FROM seen_comments WHERE article_id = ?", [article_id])

    def mark_unread(self, article_id: int) -> None:
        """As if the article was never opened: every comment by others counts as new."""
        with self._access.write() as db:
            db.execute("DELETE FROM read_state WHERE article_id = ?", [article_id])
            db.execute("DELETE FROM seen_comments WHERE article_id = ?", [article_id])

    def seen_above_mark(self, article_id: int) -> list[int]:
        """Comments shown above the article's read mark, in id order."""
        return self._access.column(
            "SELECT comment_id FROM seen_comments WHERE article_id = ? ORDER BY comment_id",
            [article_id],
        )

    def unseen_ids(self, article_id: int, seen_until: int) -> list[int]:
        """Ids (ascending) of the article's comments above ``seen_until`` written by others
        and not shown out of order since.

        One row of JSON rather than a row per comment (see
        :meth:`~agora.store.comment_rows.Comments.thread_columns`): on a first visit, that is
        every comment of the thread.
        """
        found = self._access.scalar(
            "SELECT json_group_array(id) FROM (SELECT id FROM comments "
            "WHERE article_id = ? AND id > ? AND is_own = 0 AND id NOT IN "
            "(SELECT comment_id FROM seen_comments WHERE article_id = ?) ORDER BY id)",
            [article_id, seen_until, article_id],
        )
        return json.loads(found)

    def unread_counts(self) -> dict[int, int]:
        """Article id -> comments by others not yet shown there.

        Those above the read mark, less the ones shown out of order (every row of
        ``seen_comments`` is above the mark and by someone else): two grouped counts, each
        read from an index, instead of a look-up per comment.
        """
        (counts,) = self._access.one(f"SELECT json_group_object(aid, n) FROM ({UNREAD_BY_ARTICLE})")
        # One row of JSON rather than a row per article: see ``Comments.thread_columns``.
        return {int(aid): n for aid, n in json.loads(counts).items()}
