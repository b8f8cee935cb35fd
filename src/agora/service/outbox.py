"""A comment leaving: the queue of comments waiting to be posted to their sites.

:func:`enqueue` stores a comment as *pending* together with its ``outbox`` row (and drops the
draft) in one transaction. :meth:`Outbox.claim` takes due rows one at a time, in a short
``BEGIN IMMEDIATE`` transaction that marks the row ``sending`` with a lease and the name of
the process (:mod:`agora.service.processes`), so two agora processes never send the same comment,
and a row whose process was killed mid-send is taken over at once rather than when the lease
runs out; then it posts it (see :mod:`agora.service.delivery`) and records the outcome: posted
(approved or held), still pending with the reason and an exponential backoff, or refused for
good, which turns the text back into a draft carrying the site's message. A row whose earlier
attempt may have reached the site (``uncertain``, or a lease taken over mid-send) is looked
for on the site before it is sent again.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from agora.core.errors import InvalidInput
from agora.core.model import Identity
from agora.core.times import from_iso, now_iso, to_iso
from agora.service.processes import is_gone, this_process
from agora.service.secrets import Secrets
from agora.store import Store

#: The first retry waits this long (WordPress's flood window is 15 s), then twice as long...
BACKOFF_BASE = 15.0
BACKOFF_CAP = 3600.0
#: How long a claimed row belongs to the process sending it (unless that process dies).
LEASE = dt.timedelta(minutes=5)
#: A reply whose parent is still on its way waits this long before it is looked at again.
PARENT_WAIT = dt.timedelta(seconds=5)
WAITING = "waiting to be sent"
HELD = "Your comment is awaiting moderation."


@dataclass(frozen=True, slots=True)
class Delivery:
    """What happened to one queued comment.

    ``state``: ``posted``, ``held`` (awaiting moderation), ``pending`` (will be retried;
    ``message`` says why), ``returned`` (refused for good: the text is a draft again and
    ``message`` is the site's reason) or ``dropped`` (deleted before it was sent).
    """

    comment_id: int
    state: str
    message: str = ""
    remote_id: str | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    """A claimed outbox row."""

    comment_id: int
    attempts: int
    first_attempt: dt.datetime | None
    uncertain: bool  #: an earlier attempt may have reached the site


def backoff(attempts: int) -> float:
    """Seconds to wait after the ``attempts``-th failed attempt (with 10 % jitter)."""
    wait = min(BACKOFF_CAP, BACKOFF_BASE * 2 ** max(0, attempts - 1))
    return wait * (0.9 + 0.2 * random.random())


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def enqueue(
    store: Store,
    site_home: str,
    article_id: int,
    parent_id: int | None,
    body: str,
    identity: Identity,
    from_draft: bool = False,
) -> int:
    """Store a comment on a site's article as pending with its outbox row (and, when it was
    the target's draft, drop that draft): one transaction. Returns the comment's id."""
    if identity.is_account and identity.site != site_home:
        raise InvalidInput(
            f"you are signed in to {identity.site}, not {site_home}: sign in there "
            "(agora login) or comment as a guest"
        )
    email, website = ("", "") if identity.is_account else (identity.email, identity.website)
    stamp = now_iso()
    with store.write() as db:
        cur = db.execute(
            "INSERT INTO comments (article_id, parent_id, author_name, author_url, author_email, "
            "body, created, status, status_reason, identity_id, is_own) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, 1)",
            [
                article_id,
                parent_id,
                identity.name,
                website,
                email,
                body,
                stamp,
                WAITING,
                identity.id,
            ],
        )
        comment_id = int(cur.lastrowid or 0)
        db.execute(
            "INSERT INTO outbox (comment_id, action, next_attempt) VALUES (?, 'post', ?)",
            [comment_id, stamp],
        )
        if from_draft:
            store._delete_draft(db, article_id, parent_id, None)
    return comment_id


def is_queued(store: Store, comment_id: int) -> bool:
    return bool(store.scalar("SELECT 1 FROM outbox WHERE comment_id = ?", [comment_id]))


def cancel(store: Store, comment_id: int) -> None:
    """Take a comment out of the queue (it stays in the store)."""
    with store.write() as db:
        db.execute("DELETE FROM outbox WHERE comment_id = ?", [comment_id])


class Outbox:
    """The queue's claims and outcomes; safe to use from several processes at once. The
    sending itself is :func:`agora.service.delivery.send_due`."""

    def __init__(self, store: Store, secrets: Secrets) -> None:
        self.store = store
        self.secrets = secrets

    def pending(self) -> int:
        """How many comments wait in the queue."""
        return int(self.store.scalar("SELECT count(*) FROM outbox"))

    def claim(self, *, force: bool = False, skip: Iterable[int] = ()) -> Claim | None:
        """Take the oldest due row (every waiting row with ``force``) for this process; a row
        another process was sending is taken over when its lease ran out, or at once when
        that process has died."""
        now = _now()
        skipped = sorted(set(skip))
        marks = ",".join("?" * len(skipped))  # SQLite accepts an empty list
        with self.store.write() as conn:  # BEGIN IMMEDIATE: claims never interleave
            rows = conn.execute(
                "SELECT comment_id, action, attempts, first_attempt, uncertain, next_attempt, "
                "owner FROM outbox WHERE ((action = 'post' AND (? OR next_attempt IS NULL OR "
                "next_attempt <= ?)) OR action = 'sending') "
                f"AND comment_id NOT IN ({marks}) ORDER BY comment_id",
                [int(force), to_iso(now), *skipped],
            ).fetchall()
            row = next((r for r in rows if r[1] == "post" or _lapsed(r[5], r[6], now)), None)
            if row is None:
                return None
            conn.execute(
                "UPDATE outbox SET action = 'sending', next_attempt = ?, owner = ? "
                "WHERE comment_id = ?",
                [to_iso(now + LEASE), this_process(), row[0]],
            )
        stale = row[1] == "sending"  # a process died or hung while sending it
        return Claim(row[0], row[2], from_iso(row[3]), bool(row[4]) or stale)

    def started(self, claim: Claim) -> dt.datetime:
        """Note the moment of the first attempt (before it is made); returns it."""
        when = claim.first_attempt or _now()
        with self.store.write() as db:
            db.execute(
                "UPDATE outbox SET first_attempt = coalesce(first_attempt, ?) WHERE comment_id = ?",
                [to_iso(when), claim.comment_id],
            )
        return when

    def retry_later(
        self,
        claim: Claim,
        reason: str,
        *,
        uncertain: bool,
        count: bool = True,
        wait: float | None = None,
    ) -> Delivery:
        """Keep the comment pending with ``reason``; it is due again after a backoff."""
        attempts = claim.attempts + (1 if count else 0)
        delay = backoff(attempts) if wait is None else wait
        due = _now() + dt.timedelta(seconds=delay)
        with self.store.write() as db:
            db.execute(
                "UPDATE outbox SET action = 'post', attempts = ?, next_attempt = ?, "
                "uncertain = ?, last_error = ?, owner = '' WHERE comment_id = ?",
                [attempts, to_iso(due), int(uncertain), reason, claim.comment_id],
            )
            db.execute(
                "UPDATE comments SET status = 'pending', status_reason = ? WHERE id = ?",
                [reason, claim.comment_id],
            )
        return Delivery(claim.comment_id, "pending", reason)

    def posted(
        self,
        comment_id: int,
        remote_id: str | None,
        *,
        held: bool,
        url: str = "",
        remote_parent: str | None = None,
        created: dt.datetime | None = None,
        reason: str = "",
    ) -> Delivery:
        """The site has the comment: link it to its remote id and take it off the queue."""
        status = "hold" if held else "approved"
        reason = reason or (HELD if held else "")
        with self.store.write() as db:
            article_id = db.execute(
                "SELECT article_id FROM comments WHERE id = ?", [comment_id]
            ).fetchone()[0]
            if remote_id is not None:
                _merge_twin(db, article_id, remote_id, comment_id)
            db.execute(
                "UPDATE comments SET origin_id = coalesce(?, origin_id), origin_parent = ?, "
                "status = ?, status_reason = ?, url = ?, created = coalesce(?, created) "
                "WHERE id = ?",
                [
                    remote_id,
                    remote_parent or None,
                    status,
                    reason,
                    url,
                    to_iso(created),
                    comment_id,
                ],
            )
            db.execute("DELETE FROM outbox WHERE comment_id = ?", [comment_id])
        return Delivery(comment_id, "held" if held else "posted", reason, remote_id)

    def returned(self, comment_id: int, message: str) -> Delivery:
        """Refused for good: the comment (and any pending replies to it) become drafts again,
        each with the site's message as its note."""
        with self.store.write() as db:
            self._return(db, comment_id, message, as_reply=True)
        return Delivery(comment_id, "returned", message)

    def _return(self, db: Any, comment_id: int, message: str, *, as_reply: bool) -> None:
        row = db.execute(
            "SELECT article_id, parent_id, body FROM comments WHERE id = ?", [comment_id]
        ).fetchone()
        if row is None:
            return
        children = db.execute(
            "SELECT c.id FROM comments c JOIN outbox o ON o.comment_id = c.id "
            "WHERE c.parent_id = ?",
            [comment_id],
        ).fetchall()
        for (child,) in children:
            note = f"The comment it replied to could not be posted: {message}"
            self._return(db, child, note, as_reply=False)
        parent = row[1] if as_reply else None
        self.store._return_draft(db, row[0], parent, row[2], message)
        db.execute("DELETE FROM comments WHERE id = ?", [comment_id])



def _lapsed(lease_end: str | None, owner: str, now: dt.datetime) -> bool:
    """Whether a ``sending`` lease may be taken over: it ran out, or its process is gone."""
    end = from_iso(lease_end)
    return end is None or end <= now or (bool(owner) and is_gone(owner))


def _merge_twin(db: Any, article_id: int, origin_id: str, comment_id: int) -> None:
    """A sync may already have brought the comment in as someone else's: keep ours."""
    twin = db.execute(
        "SELECT id FROM comments WHERE article_id = ? AND origin_id = ? AND id != ?",
        [article_id, origin_id, comment_id],
    ).fetchone()
    if twin is not None:
        db.execute("UPDATE comments SET parent_id = ? WHERE parent_id = ?", [comment_id, twin[0]])
        db.execute("DELETE FROM comments WHERE id = ?", [twin[0]])
