"""Signed-in work on WordPress sites: login and logout, editing and deleting own comments,
moderation. Application passwords go to :class:`~agora.service.secrets.Secrets` and nowhere else;
the store only learns who is signed in where."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from agora.core.errors import InvalidInput, NotFound
from agora.core.html_text import html_to_text
from agora.core.model import GUEST, CommentStatus, Identity, ImportBatch, ImportedArticle
from agora.core.text import sanitize_line
from agora.engines.wordpress import WordPressError, WPComment
from agora.service.outbox import is_queued
from agora.service.secrets import NoSecureKeyring, Secrets
from agora.service.sites import (
    KIND,
    Site,
    add_site,
    article_site,
    client_for,
    find_site,
    resolve_site,
    to_wordpress,
)
from agora.service.wp_convert import comment_from_wp, web_url
from agora.store import Store


@dataclass(frozen=True, slots=True)
class HeldComment:
    """A comment in a site's moderation queue (text sanitized)."""

    remote_id: int
    post_id: int
    article_id: int | None  #: the local article, when that post has been synced
    author_name: str
    author_url: str
    body: str
    created: dt.datetime | None
    status: str
    url: str


def _held(store: Store, site: Site, c: WPComment) -> HeldComment:
    return HeldComment(
        remote_id=c.id,
        post_id=c.post,
        article_id=store.articles.find(KIND, site.home, str(c.post)),
        author_name=sanitize_line(c.author_name) or "Anonymous",
        author_url=web_url(c.author_url),
        body=html_to_text(c.content_html),
        created=c.date_gmt,
        status=c.status,
        url=web_url(c.link),
    )


def accounts(store: Store, site: Site) -> list[Identity]:
    """The accounts remembered for a site."""
    return [i for i in store.identities.all() if i.kind == KIND and i.site == site.home]


def signed_in(
    store: Store, secrets: Secrets, site: Site, prefer: Identity | None = None
) -> tuple[Identity, str]:
    """An account for the site whose password is at hand (``prefer`` first, then the current
    identity, then any other), with that password."""
    current = store.identities.current()
    candidates = [prefer, current, *accounts(store, site)]
    for identity in candidates:
        if identity is None or identity.kind != KIND or identity.site != site.home:
            continue
        password = secrets.get(site.home, identity.username)
        if password is not None:
            return identity, password
    raise InvalidInput(f"sign in to {site.name} first (agora login {site.home} --user NAME)")


async def login(
    store: Store,
    secrets: Secrets,
    ref: str | int,
    username: str,
    password: str,
    *,
    session_only: bool = False,
) -> Identity:
    """Check the application password with the site, keep it in the keyring (or for this
    session only) and make the account the current identity."""
    username = sanitize_line(username)
    if not username or not password.strip():
        raise InvalidInput("give a user name and an application password")
    site = find_site(store, ref) or await add_site(store, str(ref))
    async with client_for(site, username, password) as client:
        me = await client.me()
    try:
        secrets.store(site.home, username, password, session_only=session_only)
    except NoSecureKeyring as exc:
        raise NoSecureKeyring(
            f"{exc} (agora login --session-only, or session_only=True); it is never written to disk"
        ) from None
    name = sanitize_line(me.name) or username
    identity = store.identities.add(KIND, name, site=site.home, username=username)
    store.identities.set_current(identity)
    return identity


def logout(store: Store, secrets: Secrets, ref: str | int) -> list[Identity]:
    """Forget every account of the site: its keyring entry and its identity."""
    site = resolve_site(store, ref)
    gone = accounts(store, site)
    for identity in gone:
        secrets.forget(site.home, identity.username)
        store.identities.forget(identity.id)
    return gone


def remote_of(store: Store, comment_id: int) -> tuple[Site, int] | None:
    """The site and remote id of a comment that is on a site (not queued), else None."""
    comment = store.comments.get(comment_id)
    where = article_site(store, comment.article_id)
    origin = str(store.remote.origin(comment_id) or "")
    if where is None or not origin.isdigit() or is_queued(store, comment_id):
        return None
    return where[0], int(origin)


def _author(store: Store, comment_id: int) -> Identity | None:
    """The account a comment was written under; a clear error for guest comments."""
    row = store.comments.authored(comment_id)
    identity = None
    if row and row.identity_id:
        try:
            identity = store.identities.get(row.identity_id)
        except NotFound:
            identity = None
    if (identity is not None and identity.kind == GUEST) or (
        identity is None and row and row.author_email
    ):
        raise InvalidInput(
            "this comment was posted as a guest: WordPress lets only signed-in users change or "
            "delete their comments (ask the site's moderators)"
        )
    return identity


async def edit_remote(
    store: Store, secrets: Secrets, site: Site, comment_id: int, remote_id: int, body: str
) -> None:
    """Change the text of an own comment on the site (signed in)."""
    identity, password = signed_in(store, secrets, site, _author(store, comment_id))
    async with client_for(site, identity.username, password) as client:
        await client.edit_comment(remote_id, to_wordpress(body))


async def delete_remote(
    store: Store, secrets: Secrets, site: Site, comment_id: int, remote_id: int
) -> None:
    """Move an own comment to the site's trash (signed in); one already gone is fine."""
    identity, password = signed_in(store, secrets, site, _author(store, comment_id))
    async with client_for(site, identity.username, password) as client:
        try:
            await client.delete_comment(remote_id)
        except WordPressError as exc:
            if exc.status not in (404, 410):
                raise


async def moderation_queue(store: Store, secrets: Secrets, ref: str | int) -> list[HeldComment]:
    """Comments held for moderation on the site, oldest first (needs moderator rights)."""
    site = resolve_site(store, ref)
    identity, password = signed_in(store, secrets, site)
    async with client_for(site, identity.username, password) as client:
        held = await client.moderation_queue()
    return [_held(store, site, c) for c in held]


async def moderate(
    store: Store, secrets: Secrets, ref: str | int, remote_id: int, status: str
) -> HeldComment:
    """Approve, hold, spam or trash a comment; an approved one joins the local thread."""
    site = resolve_site(store, ref)
    identity, password = signed_in(store, secrets, site)
    async with client_for(site, identity.username, password) as client:
        changed = await client.set_comment_status(remote_id, status)
        if not changed.content_html:
            changed = await client.comment(remote_id, context="edit")
    held = _held(store, site, changed)
    if held.article_id is not None:
        _apply_locally(store, site, held.article_id, changed)
    return held


def _apply_locally(store: Store, site: Site, article_id: int, c: WPComment) -> None:
    local = store.remote.local_id(article_id, str(c.id))
    if c.status == CommentStatus.APPROVED:
        a = store.articles.get(article_id)
        post = ImportedArticle(
            str(c.post),
            a.title,
            a.body,
            a.body_format,
            a.author,
            a.published,
            a.url,
            a.comment_status,
            [comment_from_wp(c)],
        )
        store.remote.adopt_own(article_id, post.comments)
        store.imports.add(ImportBatch(KIND, site.home, site.name, [post]))
        store.remote.settle_reasons(article_id)
    elif local is not None and c.status in ("spam", "trash"):
        store.comments.delete(local)
    elif local is not None:
        store.comments.set_status(local, CommentStatus.HOLD)
