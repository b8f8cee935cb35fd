"""The outbox table: comments waiting to be posted, claimed under a lease by one process.

What is sent, when, and what a failure means is the service's business
(:mod:`agora.service.outbox`); here each step is one short transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from agora.core.model import CommentStatus
from agora.core.times import from_iso, now_iso, to_iso
from agora.store.access import Access
from agora.store.db import Database
from agora.store.draft_rows import drop_draft, return_draft

_POST, _SENDING = "post", "sending"


@dataclass(frozen=True, slots=True)
class Claim:
    """A claimed outbox row."""

    comment_id: int
    attempts: int
    first_attempt: dt.datetime | None
    uncertain: bool  #: an earlier attempt may have reached the site


def _lapsed(
    lease_end: str | None, owner: str, now: dt.datetime, is_gone: Callable[[str], bool]
) -> bool:
    """Whether a ``sending`` lease may be taken over: it ran out, or its process is gone."""
    end = from_iso(lease_end)
    return end is None or end <= now or (bool(owner) and is_gone(owner))


class OutboxQueue:
    """Queued comments: stored *pending* with an outbox row until their site has them."""

    def __init__(self, access: Access) -> None:
        self._access = access

    def enqueue(
        self,
        article_id: int,
        parent_id: int | None,
        *,
        author_name: str,
        author_url: str,
        author_email: str,
        body: str,
        identity_id: int,
        reason: str,
        from_draft: bool = False,
    ) -> int:
        """Store an own comment as pending with ``reason`` and its outbox row (and, when it
        was the target's draft, drop that draft): one transaction. Returns its id."""
        stamp = now_iso()
        with self._access.write() as db:
            cur = db.execute(
                "INSERT INTO comments (article_id, parent_id, author_name, author_url, "
                "author_email, body, created, status, status_reason, identity_id, is_own) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
                [
                    article_id,
                    parent_id,
                    author_name,
                    author_url,
                    author_email,
                    body,
                    stamp,
                    CommentStatus.PENDING,
                    reason,
                    identity_id,
                ],
            )
            comment_id = int(cur.lastrowid or 0)
            db.execute(
                "INSERT INTO outbox (comment_id, action, next_attempt) VALUES (?, ?, ?)",
                [comment_id, _POST, stamp],
            )
            if from_draft:
                drop_draft(db, article_id, parent_id, None)
        return comment_id

    def is_queued(self, comment_id: int) -> bool:
        return bool(self._access.scalar("SELECT 1 FROM outbox WHERE comment_id = ?", [comment_id]))

    def any(self) -> bool:
        """Whether any comment waits (cheaper than counting)."""
        return bool(self._access.column("SELECT 1 FROM outbox LIMIT 1"))

    def count(self) -> int:
        return int(self._access.scalar("SELECT count(*) FROM outbox"))

    def cancel(self, comment_id: int) -> None:
        """Take a comment out of the queue (it stays in the store)."""
        with self._access.write() as db:
            db.execute("DELETE FROM outbox WHERE comment_id = ?", [comment_id])

    def claim(
        self,
        now: dt.datetime,
        lease: dt.timedelta,
        *,
        owner: str,
        is_gone: Callable[[str], bool],
        force: bool = False,
        skip: Iterable[int] = (),
    ) -> Claim | None:
        """Take the oldest due row (every waiting row with ``force``) for ``owner`` until
        ``now + lease``; a row another process was sending is taken over when its lease ran
        out, or at once when ``is_gone`` says that process has died."""
        skipped = sorted(set(skip))
        marks = ",".join("?" * len(skipped))  # SQLite accepts an empty list
        with self._access.write() as conn:  # BEGIN IMMEDIATE: claims never interleave
            rows = conn.execute(
                "SELECT comment_id, action, attempts, first_attempt, uncertain, next_attempt, "
                "owner FROM outbox WHERE ((action = 'post' AND (? OR next_attempt IS NULL OR "
                "next_attempt <= ?)) OR action = 'sending') "
                f"AND comment_id NOT IN ({marks}) ORDER BY comment_id",
                [int(force), to_iso(now), *skipped],
            ).fetchall()
            row = next(
                (r for r in rows if r[1] == _POST or _lapsed(r[5], r[6], now, is_gone)), None
            )
            if row is None:
                return None
            conn.execute(
                "UPDATE outbox SET action = ?, next_attempt = ?, owner = ? WHERE comment_id = ?",
                [_SENDING, to_iso(now + lease), owner, row[0]],
            )
        stale = row[1] == _SENDING  # a process died or hung while sending it
        return Claim(row[0], row[2], from_iso(row[3]), bool(row[4]) or stale)

    def started(self, comment_id: int, when: dt.datetime) -> None:
        """Note the moment of the first attempt (an earlier one is kept)."""
        with self._access.write() as db:
            db.execute(
                "UPDATE outbox SET first_attempt = coalesce(first_attempt, ?) WHERE comment_id = ?",
                [to_iso(when), comment_id],
            )

    def retry_later(
        self, comment_id: int, *, attempts: int, due: dt.datetime, uncertain: bool, reason: str
    ) -> None:
        """Keep the comment pending with ``reason``, due again at ``due``."""
        with self._access.write() as db:
            db.execute(
                "UPDATE outbox SET action = ?, attempts = ?, next_attempt = ?, "
                "uncertain = ?, last_error = ?, owner = '' WHERE comment_id = ?",
                [_POST, attempts, to_iso(due), int(uncertain), reason, comment_id],
            )
            db.execute(
                "UPDATE comments SET status = ?, status_reason = ? WHERE id = ?",
                [CommentStatus.PENDING, reason, comment_id],
            )

    def posted(
        self,
        comment_id: int,
        remote_id: str | None,
        *,
        status: CommentStatus,
        reason: str,
        url: str = "",
        remote_parent: str | None = None,
        created: dt.datetime | None = None,
    ) -> None:
        """The site has the comment: link it to its remote id and take it off the queue."""
        with self._access.write() as db:
            article_id = db.execute(
                "SELECT article_id FROM comments WHERE id = ?", [comment_id]
            ).fetchone()[0]
            if remote_id is not None:
                _merge_twin(db, article_id, remote_id, comment_id)
            db.execute(
                "UPDATE comments SET origin_id = coalesce(?, origin_id), origin_parent = ?, "
                "status = ?, status_reason = ?, url = ?, created = coalesce(?, created) "
                "WHERE id = ?",
                [remote_id, remote_parent, status, reason, url, to_iso(created), comment_id],
            )
            db.execute("DELETE FROM outbox WHERE comment_id = ?", [comment_id])

    def returned(self, comment_id: int, message: str) -> None:
        """Refused for good: the comment (and any queued replies to it) become drafts again,
        each with the site's message as its note, in one transaction."""
        with self._access.write() as db:
            _return(db, comment_id, message, as_reply=True)


def _return(db: Database, comment_id: int, message: str, *, as_reply: bool) -> None:
    row = db.execute(
        "SELECT article_id, parent_id, body FROM comments WHERE id = ?", [comment_id]
    ).fetchone()
    if row is None:
        return
    children = db.execute(
        "SELECT c.id FROM comments c JOIN outbox o ON o.comment_id = c.id WHERE c.parent_id = ?",
        [comment_id],
    ).fetchall()
    for (child,) in children:
        note = f"The comment it replied to could not be posted: {message}"
        _return(db, child, note, as_reply=False)
    parent = row[1] if as_reply else None
    return_draft(db, row[0], parent, row[2], message)
    db.execute("DELETE FROM comments WHERE id = ?", [comment_id])


def _merge_twin(db: Database, article_id: int, origin_id: str, comment_id: int) -> None:
    """A sync may already have brought the comment in as someone else's: keep ours."""
    twin = db.execute(
        "SELECT id FROM comments WHERE article_id = ? AND origin_id = ? AND id != ?",
        [article_id, origin_id, comment_id],
    ).fetchone()
    if twin is not None:
        db.execute("UPDATE comments SET parent_id = ? WHERE parent_id = ?", [comment_id, twin[0]])
        db.execute("DELETE FROM comments WHERE id = ?", [twin[0]])
