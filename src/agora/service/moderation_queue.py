"""A site's moderation queue, for an account the site lets moderate: what is held, and the
moderator's decisions, which reach the local thread at once (an approved comment joins it, a
spammed or trashed one leaves it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from agora.core.model import CommentStatus, ImportBatch, ImportedArticle
from agora.engines.base import HeldComment as RemoteHeld
from agora.engines.base import ModerationAction
from agora.service.accounts import signed_in
from agora.service.engine_loop import EngineLoop
from agora.service.secrets import Secrets
from agora.service.sites import Site, resolve_site
from agora.store import Store


@dataclass(frozen=True, slots=True)
class HeldComment:
    """A comment in a site's moderation queue (text sanitized)."""

    remote_id: str
    post_id: str  #: its article's remote id
    article_id: int | None  #: the local article, when it has been synced
    author_name: str
    author_url: str
    body: str
    created: dt.datetime | None
    status: str
    url: str


def _local_article(store: Store, site: Site, remote_article: str) -> int | None:
    return store.articles.find(site.kind, site.home, remote_article)


def _held(store: Store, site: Site, c: RemoteHeld) -> HeldComment:
    return HeldComment(
        remote_id=c.remote_id,
        post_id=c.article,
        article_id=_local_article(store, site, c.article),
        author_name=c.author_name,
        author_url=c.author_url,
        body=c.body,
        created=c.created,
        status=c.status,
        url=c.url,
    )


def queue(store: Store, secrets: Secrets, engines: EngineLoop, ref: str | int) -> list[HeldComment]:
    """Comments held for moderation on the site, oldest first (needs moderator rights)."""
    site = resolve_site(store, ref)
    _, credentials = signed_in(store, secrets, site)

    async def read() -> list[RemoteHeld]:
        return await (await engines.session(site.address, credentials)).moderation_queue()

    return [_held(store, site, c) for c in engines.run(read)]


def moderate(
    store: Store,
    secrets: Secrets,
    engines: EngineLoop,
    ref: str | int,
    remote_id: str | int,
    status: str,
) -> HeldComment:
    """Approve, hold, spam or trash a comment; an approved one joins the local thread."""
    site = resolve_site(store, ref)
    _, credentials = signed_in(store, secrets, site)
    action = ModerationAction(status)

    async def change() -> RemoteHeld:
        session = await engines.session(site.address, credentials)
        return await session.moderate(str(remote_id), action)

    changed = engines.run(change)
    held = _held(store, site, changed)
    if held.article_id is not None:
        _apply_locally(store, site, held.article_id, changed)
    return held


def _apply_locally(store: Store, site: Site, article_id: int, c: RemoteHeld) -> None:
    local = store.remote.local_id(article_id, c.remote_id)
    if c.status == CommentStatus.APPROVED:
        a = store.articles.get(article_id)
        post = ImportedArticle(
            c.article,
            a.title,
            a.body,
            a.body_format,
            a.author,
            a.published,
            a.url,
            a.comment_status,
            [c.comment],
        )
        store.remote.adopt_own(article_id, post.comments)
        store.imports.add(ImportBatch(site.kind, site.home, site.name, [post]))
        store.remote.settle_reasons(article_id)
    elif local is not None and c.status in (ModerationAction.SPAM, ModerationAction.TRASH):
        store.comments.delete(local)
    elif local is not None:
        store.comments.set_status(local, CommentStatus.HOLD)
