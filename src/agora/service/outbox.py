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

from agora.core.errors import InvalidInput
from agora.core.model import CommentStatus, DeliveryState, Identity
from agora.service.processes import is_gone, this_process
from agora.service.secrets import Secrets
from agora.store import Store
from agora.store.outbox_queue import Claim

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
    state: DeliveryState
    message: str = ""
    remote_id: str | None = None


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
    return store.outbox.enqueue(
        article_id,
        parent_id,
        author_name=identity.name,
        author_url=website,
        author_email=email,
        body=body,
        identity_id=identity.id,
        reason=WAITING,
        from_draft=from_draft,
    )


def is_queued(store: Store, comment_id: int) -> bool:
    return store.outbox.is_queued(comment_id)


def cancel(store: Store, comment_id: int) -> None:
    """Take a comment out of the queue (it stays in the store)."""
    store.outbox.cancel(comment_id)


class Outbox:
    """The queue's claims and outcomes; safe to use from several processes at once. The
    sending itself is :func:`agora.service.delivery.send_due`."""

    def __init__(self, store: Store, secrets: Secrets) -> None:
        self.store = store
        self.secrets = secrets

    def pending(self) -> int:
        """How many comments wait in the queue."""
        return self.store.outbox.count()

    def claim(self, *, force: bool = False, skip: Iterable[int] = ()) -> Claim | None:
        """Take the oldest due row (every waiting row with ``force``) for this process; a row
        another process was sending is taken over when its lease ran out, or at once when
        that process has died."""
        return self.store.outbox.claim(
            _now(), LEASE, owner=this_process(), is_gone=is_gone, force=force, skip=skip
        )

    def started(self, claim: Claim) -> dt.datetime:
        """Note the moment of the first attempt (before it is made); returns it."""
        when = claim.first_attempt or _now()
        self.store.outbox.started(claim.comment_id, when)
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
        self.store.outbox.retry_later(
            claim.comment_id, attempts=attempts, due=due, uncertain=uncertain, reason=reason
        )
        return Delivery(claim.comment_id, DeliveryState.PENDING, reason)

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
        status = CommentStatus.HOLD if held else CommentStatus.APPROVED
        reason = reason or (HELD if held else "")
        self.store.outbox.posted(
            comment_id,
            remote_id,
            status=status,
            reason=reason,
            url=url,
            remote_parent=remote_parent or None,
            created=created,
        )
        state = DeliveryState.HELD if held else DeliveryState.POSTED
        return Delivery(comment_id, state, reason, remote_id)

    def returned(self, comment_id: int, message: str) -> Delivery:
        """Refused for good: the comment (and any pending replies to it) become drafts again,
        each with the site's message as its note."""
        self.store.outbox.returned(comment_id, message)
        return Delivery(comment_id, DeliveryState.RETURNED, message)
