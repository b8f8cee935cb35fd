"""Comments: the shape of a thread, comments by id, and the user's own writing."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from agora.core.errors import NotFound
from agora.core.model import BodyFormat, Comment, CommentKind, CommentStatus
from agora.core.times import from_iso, now_iso
from agora.store.access import Access
from agora.store.draft_rows import drop_draft

#: An article's comment ids and parent ids in conversation order, as two JSON arrays. SQLite
#: aggregates the rows of an ordered subquery in its order (it never flattens such a subquery
#: into an aggregate query, for this reason); the covering index gives them in that order.
_THREAD_COLUMNS = (
    "SELECT json_group_array(id), json_group_array(parent_id) FROM "
    "(SELECT id, parent_id FROM comments WHERE article_id = ? ORDER BY created, id)"
)
_COMMENT_COLS = (
    "id, article_id, parent_id, author_name, author_url, body, created, status, kind, "
    "is_own, is_article_author, status_reason, url, body_format, likes, dislikes"
)
#: Stored values to their enum members: a dict look-up per row, cheaper than a call.
_STATUS = {s.value: s for s in CommentStatus}
_KIND = {k.value: k for k in CommentKind}
_FORMAT = {f.value: f for f in BodyFormat}


@dataclass(frozen=True, slots=True)
class Authored:
    """What the user wrote a comment as: enough to send it, or to know who may change it."""

    article_id: int
    parent_id: int | None
    author_name: str
    author_email: str
    author_url: str
    body: str
    identity_id: int | None


def _comment(row: tuple) -> Comment:
    return Comment(
        id=row[0],
        article_id=row[1],
        parent_id=row[2],
        author_name=row[3],
        author_url=row[4],
        body=row[5],
        created=from_iso(row[6]),
        status=_STATUS[row[7]],
        kind=_KIND[row[8]],
        is_own=bool(row[9]),
        is_article_author=bool(row[10]),
        status_reason=row[11],
        url=row[12],
        body_format=_FORMAT[row[13]],
        likes=row[14],
        dislikes=row[15],
    )


class Comments:
    """Comments by id and by article; writing, editing and deleting the user's own."""

    def __init__(self, access: Access) -> None:
        self._access = access

    def set_votes(self, comment_id: int, likes: int, dislikes: int) -> None:
        """A comment's votes as its site now counts them."""
        with self._access.write() as db:
            db.execute(
                "UPDATE comments SET likes = ?, dislikes = ? WHERE id = ?",
                [likes, dislikes, comment_id],
            )

    def thread_columns(self, article_id: int) -> tuple[list[int], list[int | None]]:
        """The ids and the parent ids of an article's comments, in conversation order.

        They come as one row of two JSON arrays rather than a row per comment: the sqlite3
        module lets go of the GIL for every row it steps to, and while a thread opens in a
        worker the UI thread is busy drawing the screen, so each row waited for the GIL again.
        """
        ids, parents = self._access.one(_THREAD_COLUMNS, [article_id])
        return json.loads(ids), json.loads(parents)

    def thread_pairs(self, article_id: int) -> list[tuple[int, int | None]]:
        """``(id, parent_id)`` of an article's comments in conversation order."""
        return list(zip(*self.thread_columns(article_id), strict=True))

    def many(self, ids: Iterable[int]) -> dict[int, Comment]:
        """The comments with these ids (missing ids are left out)."""
        id_list = list(ids)
        out: dict[int, Comment] = {}
        access = self._access
        with access.lock:
            for start in range(0, len(id_list), 500):
                chunk = id_list[start : start + 500]
                marks = ",".join("?" * len(chunk))
                for row in access.db.execute(
                    f"SELECT {_COMMENT_COLS} FROM comments WHERE id IN ({marks})", chunk
                ):
                    out[row[0]] = _comment(row)
        return out

    def get(self, comment_id: int) -> Comment:
        found = self.many([comment_id])
        if comment_id not in found:
            raise NotFound(f"there is no comment {comment_id}")
        return found[comment_id]

    def add(
        self,
        article_id: int,
        parent_id: int | None,
        *,
        author_name: str,
        body: str,
        author_url: str = "",
        author_email: str = "",
        identity_id: int | None = None,
        status: CommentStatus = CommentStatus.APPROVED,
        is_own: bool = True,
        drop_draft_of: tuple[int, int | None] | None = None,
    ) -> Comment:
        """Store a new comment (and, in the same transaction, delete the draft of the target
        ``drop_draft_of`` names: article id and parent id)."""
        with self._access.write() as db:
            cur = db.execute(
                "INSERT INTO comments (article_id, parent_id, author_name, author_url, "
                "author_email, body, created, status, identity_id, is_own) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    article_id,
                    parent_id,
                    author_name,
                    author_url,
                    author_email,
                    body,
                    now_iso(),
                    status,
                    identity_id,
                    int(is_own),
                ],
            )
            if drop_draft_of is not None:
                drop_draft(db, drop_draft_of[0], drop_draft_of[1], None)
            comment_id = int(cur.lastrowid or 0)
        return self.get(comment_id)

    def edit(self, comment_id: int, body: str) -> Comment:
        """Change a comment's text and drop the draft that edited it."""
        with self._access.write() as db:
            # What the user typed is plain text, whatever the comment was stored as.
            db.execute(
                "UPDATE comments SET body = ?, body_format = 'text' WHERE id = ?",
                [body, comment_id],
            )
            drop_draft(db, 0, None, comment_id)
        return self.get(comment_id)

    def delete(self, comment_id: int) -> bool:
        """Delete a comment; one with replies becomes a placeholder. True when removed."""
        with self._access.write() as db:
            has_replies = db.execute(
                "SELECT 1 FROM comments WHERE parent_id = ? LIMIT 1", [comment_id]
            ).fetchone()
            if has_replies:
                db.execute(
                    "UPDATE comments SET status = 'deleted', body = '', author_name = '', "
                    "author_url = '', author_email = '' WHERE id = ?",
                    [comment_id],
                )
                return False
            db.execute("DELETE FROM comments WHERE id = ?", [comment_id])
            return True

    def set_status(self, comment_id: int, status: CommentStatus) -> None:
        with self._access.write() as db:
            db.execute("UPDATE comments SET status = ? WHERE id = ?", [status, comment_id])

    def authored(self, comment_id: int) -> Authored | None:
        """How the comment was written (None when it is gone)."""
        row = self._access.one(
            "SELECT article_id, parent_id, author_name, author_email, author_url, body, "
            "identity_id FROM comments WHERE id = ?",
            [comment_id],
        )
        return None if row is None else Authored(*row)

    def scan(
        self, article_id: int, after: int, limit: int
    ) -> list[tuple[int, str, str, CommentStatus]]:
        """``(id, author, text, status)`` of up to ``limit`` of the article's comments with
        ids above ``after``, in id order: a long thread read a chunk at a time."""
        return [
            (cid, author or "", body or "", _STATUS[status])
            for cid, author, body, status in self._access.rows(
                "SELECT id, author_name, body, status FROM comments "
                "WHERE article_id = ? AND id > ? ORDER BY id LIMIT ?",
                [article_id, after, limit],
            )
        ]
