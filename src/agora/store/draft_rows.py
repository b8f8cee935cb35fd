"""Drafts: unsent text, saved as it is typed, one per target."""

from __future__ import annotations

from agora.core.model import Draft
from agora.core.times import from_iso, now_iso
from agora.store.access import Access
from agora.store.db import Database


class Drafts:
    """Unsent text, one per target.

    A target is an article (``parent_id`` None), a comment to reply to, or, with
    ``comment_id``, one of the user's own comments being edited. A draft may carry a ``note``:
    why its text came back (a site refused the comment); saving the text again keeps the note
    unless a new one is given.
    """

    def __init__(self, access: Access) -> None:
        self._access = access

    def save(
        self,
        article_id: int,
        parent_id: int | None,
        body: str,
        comment_id: int | None = None,
        note: str | None = None,
    ) -> None:
        with self._access.write() as db:
            db.execute(
                "INSERT INTO drafts (article_id, parent_id, comment_id, body, updated, note) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (article_id, parent_id, comment_id) "
                "DO UPDATE SET body = excluded.body, updated = excluded.updated, "
                "note = CASE WHEN ? THEN excluded.note ELSE drafts.note END",
                [
                    article_id,
                    parent_id or 0,
                    comment_id or 0,
                    body,
                    now_iso(),
                    note or "",
                    int(note is not None),
                ],
            )

    def get(
        self, article_id: int, parent_id: int | None, comment_id: int | None = None
    ) -> Draft | None:
        rows = self._access.query(
            "SELECT body, updated, note FROM drafts WHERE article_id = ? AND parent_id = ? "
            "AND comment_id = ?",
            [article_id, parent_id or 0, comment_id or 0],
        )
        if not rows:
            return None
        return Draft(
            article_id,
            parent_id,
            rows[0]["body"],
            from_iso(rows[0]["updated"]),
            comment_id,
            rows[0]["note"],
        )

    def all(self) -> list[Draft]:
        """Every open draft, most recently touched first."""
        rows = self._access.query(
            "SELECT article_id, parent_id, comment_id, body, updated, note FROM drafts "
            "ORDER BY updated DESC"
        )
        return [
            Draft(
                r["article_id"],
                r["parent_id"] or None,
                r["body"],
                from_iso(r["updated"]),
                r["comment_id"] or None,
                r["note"],
            )
            for r in rows
        ]

    def delete(self, article_id: int, parent_id: int | None, comment_id: int | None = None) -> None:
        with self._access.write() as db:
            drop_draft(db, article_id, parent_id, comment_id)


def drop_draft(
    db: Database, article_id: int, parent_id: int | None, comment_id: int | None
) -> None:
    """Delete a target's draft inside the caller's transaction (for the repositories that
    store a comment or take it back)."""
    if comment_id:
        db.execute("DELETE FROM drafts WHERE comment_id = ?", [comment_id])
    else:
        db.execute(
            "DELETE FROM drafts WHERE article_id = ? AND parent_id = ? AND comment_id = 0",
            [article_id, parent_id or 0],
        )


def return_draft(
    db: Database, article_id: int, parent_id: int | None, body: str, note: str
) -> None:
    """Put unsent text back as the draft of its target, inside the caller's transaction.

    Text already drafted for that target is kept: the returned text goes after it.
    """
    row = db.execute(
        "SELECT body FROM drafts WHERE article_id = ? AND parent_id = ? AND comment_id = 0",
        [article_id, parent_id or 0],
    ).fetchone()
    if row and row[0].strip() and row[0].strip() != body.strip():
        body = f"{row[0].rstrip()}\n\n{body}"
    db.execute(
        "INSERT INTO drafts (article_id, parent_id, comment_id, body, updated, note) "
        "VALUES (?, ?, 0, ?, ?, ?) ON CONFLICT (article_id, parent_id, comment_id) "
        "DO UPDATE SET body = excluded.body, updated = excluded.updated, note = excluded.note",
        [article_id, parent_id or 0, body, now_iso(), note],
    )
