"""Posting queued comments to their WordPress sites: the sending half of
:mod:`agora.service.outbox`.

A guest comment goes through the site's classic comment form with the name, email and website
it was written under; a comment written while signed in goes through the REST API with the
application password from :class:`~agora.service.secrets.Secrets`. Before a comment whose earlier
attempt may have arrived is sent again, the site is searched for it, and a "duplicate comment"
answer to such a resend counts as "already posted": nothing appears twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from agora.core.errors import AgoraError, NotFound
from agora.core.model import GUEST, CommentStatus, Identity
from agora.engines.wordpress import WordPressError, WPComment
from agora.engines.wordpress.client import WordPressClient
from agora.service.outbox import PARENT_WAIT, Claim, Delivery, Outbox, is_queued
from agora.service.sites import Site, article_site, client_for, to_wordpress
from agora.store import Store
from agora.store.comment_rows import Authored

_PARENT_PENDING = "waiting for the parent comment to be posted"


@dataclass(frozen=True, slots=True)
class _Job:
    """One comment, ready to send."""

    claim: Claim
    site: Site
    post_id: int
    parent: int  #: the parent's remote id, 0 for a top-level comment
    content: str  #: the text as WordPress content
    name: str
    email: str
    website: str
    account: Identity | None


async def send_due(outbox: Outbox, *, force: bool = False) -> list[Delivery]:
    """Claim and send due comments one by one, oldest first (a parent before its replies)."""
    deliveries: list[Delivery] = []
    seen: set[int] = set()
    clients: dict[tuple[int, str], WordPressClient] = {}
    try:
        while (claim := outbox.claim(force=force, skip=seen)) is not None:
            seen.add(claim.comment_id)
            try:
                deliveries.append(await _deliver(outbox, claim, clients))
            except AgoraError as exc:
                deliveries.append(outbox.retry_later(claim, str(exc), uncertain=claim.uncertain))
            except Exception:
                outbox.retry_later(claim, "could not be sent (internal error)", uncertain=True)
                raise
    finally:
        for client in clients.values():
            await client.aclose()
    return deliveries


def _account_for(store: Store, site: Site, row: Authored) -> Identity | str | None:
    """The account to post as, None for a guest, or why the comment must wait."""
    identity = None
    if row.identity_id:
        try:
            identity = store.identities.get(row.identity_id)
        except NotFound:
            identity = None
    if identity is not None and identity.kind == GUEST:
        return None
    if identity is None and row.author_email:
        return None  # a guest comment whose identity was forgotten: its details are in the row
    if identity is None or identity.site != site.home:
        current = store.identities.current()
        accounts = [i for i in store.identities.all() if i.kind != GUEST and i.site == site.home]
        if current in accounts:
            return current
        if not accounts:
            return f"sign in to {site.name} to send this comment"
        return accounts[0]
    return identity


def _job(outbox: Outbox, claim: Claim) -> _Job | Delivery:
    """Everything needed to send the claimed comment, or the outcome when it cannot be sent."""
    store = outbox.store
    row = store.comments.authored(claim.comment_id)
    if row is None:  # deleted while it was being claimed
        return Delivery(claim.comment_id, "dropped", "deleted before it was sent")
    where = article_site(store, row.article_id)
    if where is None:  # not a site's article: nothing to send it to
        return outbox.posted(claim.comment_id, None, held=False)
    site, post_id = where
    parent = 0
    if row.parent_id:
        origin = store.remote.origin(row.parent_id)
        if origin is None and is_queued(store, row.parent_id):
            wait = PARENT_WAIT.total_seconds()
            return outbox.retry_later(
                claim, _PARENT_PENDING, uncertain=claim.uncertain, count=False, wait=wait
            )
        if origin is None or not str(origin).isdigit():
            return outbox.returned(claim.comment_id, "the comment it replies to is not on the site")
        parent = int(origin)
    account = _account_for(store, site, row)
    if isinstance(account, str):
        return outbox.retry_later(claim, account, uncertain=claim.uncertain)
    return _Job(
        claim,
        site,
        post_id,
        parent,
        to_wordpress(row.body),
        row.author_name,
        row.author_email,
        row.author_url,
        account,
    )


def _client(outbox: Outbox, job: _Job, clients: dict[tuple[int, str], WordPressClient]) -> Any:
    """A client for the job's site (signed in for an account), or why there is none."""
    username = job.account.username if job.account else ""
    key = (job.site.id, username)
    if key not in clients:
        password = None
        if job.account is not None:
            password = outbox.secrets.get(job.site.home, username)
            if password is None:
                return f"sign in to {job.site.name} as {username} to send this comment"
        clients[key] = client_for(job.site, username or None, password, timeout=outbox.timeout)
    return clients[key]


def _link(outbox: Outbox, comment_id: int, found: WPComment) -> Delivery:
    return outbox.posted(
        comment_id,
        found.id,
        held=found.status != CommentStatus.APPROVED,
        url=found.link,
        remote_parent=found.parent,
        created=found.date_gmt,
    )


async def _find(client: WordPressClient, job: _Job) -> WPComment | None:
    """The comment on the site, if an earlier attempt created it."""
    since = job.claim.first_attempt
    if since is None:
        return None
    name = None if job.account else job.name
    return await client.find_comment(job.post_id, job.content, since, author_name=name)


async def _deliver(
    outbox: Outbox, claim: Claim, clients: dict[tuple[int, str], WordPressClient]
) -> Delivery:
    job = _job(outbox, claim)
    if isinstance(job, Delivery):
        return job
    client = _client(outbox, job, clients)
    if isinstance(client, str):
        return outbox.retry_later(claim, client, uncertain=claim.uncertain)
    cid = claim.comment_id
    try:
        if claim.uncertain:
            found = await _find(client, job)
            if found is not None:
                return _link(outbox, cid, found)
        outbox.started(claim)
        if job.account is not None:
            made = await client.create_comment(job.post_id, job.content, parent=job.parent)
            return _link(outbox, cid, made)
        result = await client.post_guest_comment(
            job.post_id, job.parent, job.name, job.email, job.website, job.content
        )
        parts = urlsplit(result.location)
        url = urlunsplit((parts.scheme, parts.netloc, parts.path, "", parts.fragment))
        return outbox.posted(
            cid, result.comment_id, held=result.held, url=url, remote_parent=job.parent
        )
    except WordPressError as exc:
        if exc.code == "comment_duplicate" and claim.uncertain:
            return await _already_there(outbox, client, job)
        if exc.transient:
            # A server error may come after WordPress stored the comment (a plugin failing
            # later on): look for it before sending again, as after no answer at all.
            maybe = exc.outcome_unknown or (exc.status or 0) >= 500
            return outbox.retry_later(claim, exc.message, uncertain=claim.uncertain or maybe)
        return outbox.returned(cid, exc.message)


async def _already_there(outbox: Outbox, client: WordPressClient, job: _Job) -> Delivery:
    """A resend was refused as a duplicate: the earlier attempt did arrive."""
    cid = job.claim.comment_id
    try:
        found = await _find(client, job)
    except WordPressError:
        found = None
    if found is not None:
        return _link(outbox, cid, found)
    # Held comments are invisible to guests: it is there, awaiting moderation; a later sync
    # links it to its remote id once it is approved.
    return outbox.posted(
        cid,
        None,
        held=True,
        remote_parent=job.parent,
        reason="Posted earlier; it is awaiting moderation.",
    )
