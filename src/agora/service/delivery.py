"""Posting queued comments to their sites through their engines: the sending half of
:mod:`agora.service.outbox`.

A guest comment is posted with the name, email and website it was written under; one written
while signed in, as that account with the secret from :class:`~agora.service.secrets.Secrets`.
Before a comment whose earlier attempt may have arrived is sent again, the site is searched
for it, and a "duplicate" answer to such a resend counts as "already posted": nothing appears
twice.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from agora.core.errors import AgoraError, NotFound
from agora.core.model import GUEST, DeliveryState, Identity
from agora.engines import registry
from agora.engines.base import (
    Credentials,
    EngineError,
    EngineSession,
    Guest,
    Outgoing,
    Posted,
    SignIn,
)
from agora.service.accounts import edit_window
from agora.service.engine_loop import EngineLoop
from agora.service.oauth_tokens import credentials as oauth_credentials
from agora.service.oauth_tokens import signed_in_as, tokens_of
from agora.service.outbox import PARENT_WAIT, Delivery, Outbox, is_queued
from agora.service.sites import Site, article_site
from agora.signin.signin_error import SignInError
from agora.store import Store
from agora.store.comment_rows import Authored
from agora.store.outbox_queue import Claim

_PARENT_PENDING = "waiting for the parent comment to be posted"


@dataclass(frozen=True, slots=True)
class _Job:
    """One comment, ready to send."""

    claim: Claim
    site: Site
    comment: Outgoing
    account: Identity | None


async def send_due(outbox: Outbox, engines: EngineLoop, *, force: bool = False) -> list[Delivery]:
    """Claim and send due comments one by one, oldest first (a parent before its replies)."""
    deliveries: list[Delivery] = []
    seen: set[int] = set()
    while (claim := outbox.claim(force=force, skip=seen)) is not None:
        seen.add(claim.comment_id)
        try:
            deliveries.append(await _deliver(outbox, engines, claim))
        except AgoraError as exc:
            deliveries.append(outbox.retry_later(claim, str(exc), uncertain=claim.uncertain))
        except Exception:
            outbox.retry_later(claim, "could not be sent (internal error)", uncertain=True)
            raise
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
        return Delivery(claim.comment_id, DeliveryState.DROPPED, "deleted before it was sent")
    where = article_site(store, row.article_id)
    if where is None:  # not a site's article: nothing to send it to
        return outbox.posted(claim.comment_id, None, held=False)
    site, article = where
    parent = None
    if row.parent_id:
        origin = store.remote.origin(row.parent_id)
        if origin is None and is_queued(store, row.parent_id):
            wait = PARENT_WAIT.total_seconds()
            return outbox.retry_later(
                claim, _PARENT_PENDING, uncertain=claim.uncertain, count=False, wait=wait
            )
        if origin is None:
            return outbox.returned(claim.comment_id, "the comment it replies to is not on the site")
        parent = origin
    account = _account_for(store, site, row)
    if isinstance(account, str):
        return outbox.retry_later(claim, account, uncertain=claim.uncertain)
    guest = None
    if account is None:
        guest = Guest(row.author_name, row.author_email, row.author_url)
    title = store.articles.get(row.article_id).title
    return _Job(claim, site, Outgoing(article, parent, row.body, guest, title), account)


async def _session(
    outbox: Outbox, engines: EngineLoop, job: _Job, *, refused: Credentials | None = None
) -> EngineSession | str:
    """A session on the job's site (signed in for an account), or why there is none. An OAuth
    account's token is refreshed when it has expired, or when the site ``refused`` it."""
    credentials = None
    if job.account is not None:
        username = job.account.username
        secret = outbox.secrets.get(job.site.home, username)
        if secret is not None:
            credentials = Credentials(username, secret)
        elif (how := signed_in_as(outbox.store, job.account)) is not None:
            server = registry.engine(job.site.kind).auth_server(job.site.address)
            if server is None:
                return f"{job.site.name} no longer offers {how.label} sign-in"
            if refused is not None:
                await engines.drop(job.site.address, refused)
            try:
                credentials = await oauth_credentials(
                    outbox.store, outbox.secrets, server, how, refused=refused is not None
                )
            except SignInError as exc:
                if not exc.again:
                    raise
                return f"sign in to {job.site.name} again ({how.label} account {username}): {exc}"
        else:
            return f"sign in to {job.site.name} as {username} to send this comment"
    return await engines.session(job.site.address, credentials)


def _link(outbox: Outbox, job: _Job, found: Posted, reason: str = "") -> Delivery:
    """Link the comment to what the site made of it; an edit key goes to the keyring first
    (killed in between, the next attempt finds the comment and the key is there)."""
    window = ""
    if found.edit_key is not None and found.remote_id:
        outbox.secrets.store_edit_key(job.site.home, found.remote_id, found.edit_key)
        window = edit_window(found.edit_key.expires)
    delivery = outbox.posted(
        job.claim.comment_id,
        found.remote_id,
        held=found.held,
        url=found.url,
        remote_parent=found.remote_parent,
        created=found.created,
        reason=reason,
    )
    return replace(delivery, message=" ".join(m for m in (delivery.message, window) if m))


async def _find(session: EngineSession, job: _Job) -> Posted | None:
    """The comment on the site, if an earlier attempt created it."""
    since = job.claim.first_attempt
    return None if since is None else await session.find(job.comment, since)


async def _deliver(outbox: Outbox, engines: EngineLoop, claim: Claim) -> Delivery:
    job = _job(outbox, claim)
    if isinstance(job, Delivery):
        return job
    session = await _session(outbox, engines, job)
    if isinstance(session, str):
        return outbox.retry_later(claim, session, uncertain=claim.uncertain)
    try:
        return await _send(outbox, session, job)
    except EngineError as exc:
        how = signed_in_as(outbox.store, job.account)
        if how is None:  # a refused password: only the user can mend it (no attempt counted)
            reason = f"sign in to {job.site.name} again: {exc.message}"
            return outbox.retry_later(claim, reason, uncertain=claim.uncertain, count=False)
        # The site refused the account's token: refresh it once, else the comment waits.
        tokens = tokens_of(outbox.secrets, how.where, how.user)
        refused = Credentials(how.user, tokens.access_token if tokens else "", SignIn.OAUTH)
        session = await _session(outbox, engines, job, refused=refused)
        if isinstance(session, str):
            return outbox.retry_later(claim, session, uncertain=claim.uncertain)
    try:
        return await _send(outbox, session, job)
    except EngineError as exc:
        if exc.sign_in_again:
            reason = f"sign in to {job.site.name} again: {exc.message}"
            return outbox.retry_later(claim, reason, uncertain=claim.uncertain, count=False)
        raise


async def _send(outbox: Outbox, session: EngineSession, job: _Job) -> Delivery:
    """Post the job's comment (looking for an earlier attempt first when one may have
    arrived); the engine's refusals become the outcome, its sign-in refusals are raised."""
    claim, cid = job.claim, job.claim.comment_id
    try:
        if claim.uncertain:
            found = await _find(session, job)
            if found is not None:
                return _link(outbox, job, found)
        outbox.started(claim)
        return _link(outbox, job, await session.post(job.comment))
    except EngineError as exc:
        if exc.sign_in_again:
            raise
        if exc.duplicate and claim.uncertain:
            return await _already_there(outbox, session, job)
        if exc.transient:
            maybe = exc.outcome_unknown
            return outbox.retry_later(claim, exc.message, uncertain=claim.uncertain or maybe)
        return outbox.returned(cid, exc.message)


async def _already_there(outbox: Outbox, session: EngineSession, job: _Job) -> Delivery:
    """A resend was refused as a duplicate: the earlier attempt did arrive."""
    try:
        found = await _find(session, job)
    except EngineError:
        found = None
    if found is not None:
        return _link(outbox, job, found)
    # Held comments are invisible to guests: it is there, awaiting moderation; a later sync
    # links it to its remote id once it is approved.
    return _link(
        outbox,
        job,
        Posted(None, held=True, remote_parent=job.comment.parent),
        "Posted earlier; it is awaiting moderation.",
    )
