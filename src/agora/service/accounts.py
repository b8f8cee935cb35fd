"""Signed-in work on sites: signing in and out, and changing or deleting own comments there.

Secrets go to :class:`~agora.service.secrets.Secrets` and nowhere else; the store only learns
who is signed in where. The engine checks the credentials (:meth:`account_name`) and does the
work; this module picks the account and the remote ids.
"""

from __future__ import annotations

from agora.core.errors import InvalidInput, NotFound
from agora.core.model import GUEST, Identity
from agora.core.text import sanitize_line
from agora.engines.base import CommentRights, Credentials, EngineError
from agora.service.engine_loop import EngineLoop
from agora.service.outbox import is_queued
from agora.service.secrets import NoSecureKeyring, Secrets
from agora.service.site_sync import add_site
from agora.service.sites import Site, article_site, find_site, resolve_site
from agora.store import Store


def accounts(store: Store, site: Site) -> list[Identity]:
    """The accounts remembered for a site."""
    return [i for i in store.identities.all() if i.kind == site.kind and i.site == site.home]


def signed_in(
    store: Store, secrets: Secrets, site: Site, prefer: Identity | None = None
) -> tuple[Identity, Credentials]:
    """An account for the site whose secret is at hand (``prefer`` first, then the current
    identity, then any other), with its credentials."""
    current = store.identities.current()
    for identity in [prefer, current, *accounts(store, site)]:
        if identity is None or identity.kind != site.kind or identity.site != site.home:
            continue
        secret = secrets.get(site.home, identity.username)
        if secret is not None:
            return identity, Credentials(identity.username, secret)
    raise InvalidInput(f"sign in to {site.name} first (agora login {site.home} --user NAME)")


def login(
    store: Store,
    secrets: Secrets,
    engines: EngineLoop,
    ref: str | int,
    username: str,
    password: str,
    session_only: bool = False,
) -> Identity:
    """Check the credentials with the site ``ref`` names (added first when it is new), keep
    the secret in the keyring (or for this session only) and make the account the current
    identity."""
    username = sanitize_line(username)
    if not username or not password.strip():
        raise InvalidInput("give a user name and an application password")
    site = find_site(store, ref) or add_site(store, engines, str(ref))
    credentials = Credentials(username, password)

    async def check() -> str:
        session = await engines.session(site.address, credentials)
        try:
            return await session.account_name()
        except BaseException:
            await engines.drop(site.address, credentials)
            raise

    name = engines.run(check)
    try:
        secrets.store(site.home, username, password, session_only=session_only)
    except NoSecureKeyring as exc:
        raise NoSecureKeyring(
            f"{exc} (agora login --session-only, or session_only=True); it is never written to disk"
        ) from None
    identity = store.identities.add(site.kind, name or username, site=site.home, username=username)
    store.identities.set_current(identity)
    return identity


def sign_out(store: Store, secrets: Secrets, engines: EngineLoop, ref: str | int) -> list[Identity]:
    """Forget every account of the site: its keyring entry, its identity, its sessions."""
    site = resolve_site(store, ref)
    gone = accounts(store, site)
    for identity in gone:
        secrets.forget(site.home, identity.username)
        store.identities.forget(identity.id)
    engines.forget(site.address)
    return gone


def remote_of(store: Store, comment_id: int) -> tuple[Site, str] | None:
    """The site and remote id of a comment that is on a site (not queued), else None."""
    comment = store.comments.get(comment_id)
    where = article_site(store, comment.article_id)
    origin = store.remote.origin(comment_id)
    if where is None or origin is None or is_queued(store, comment_id):
        return None
    return where[0], str(origin)


def _author(store: Store, comment_id: int) -> Identity | None:
    """The account a comment was written under; a clear error for guest comments."""
    row = store.comments.authored(comment_id)
    identity = None
    if row is not None and row.identity_id:
        try:
            identity = store.identities.get(row.identity_id)
        except NotFound:
            identity = None
    if (identity is not None and identity.kind == GUEST) or (
        identity is None and row is not None and row.author_email
    ):
        raise InvalidInput(
            "this comment was posted as a guest: the site lets only signed-in users change or "
            "delete their comments (ask the site's moderators)"
        )
    return identity


def change_remote(
    store: Store,
    secrets: Secrets,
    engines: EngineLoop,
    comment_id: int,
    body: str | None,
) -> None:
    """Change (``body``) or delete (None) an own comment on its site, signed in; a comment
    that is on no site is left to the caller."""
    remote = remote_of(store, comment_id)
    if remote is None:
        return
    site, remote_id = remote
    _, credentials = signed_in(store, secrets, site, _author(store, comment_id))

    async def change() -> None:
        session = await engines.session(site.address, credentials)
        if body is None:
            await session.delete(remote_id)
        else:
            await session.edit(remote_id, body)

    engines.run(change)


def check_change(
    store: Store, secrets: Secrets, engines: EngineLoop, comment_id: int, *, delete: bool = False
) -> None:
    """Raise :class:`InvalidInput` saying why the comment's site will not let its account edit
    (or ``delete``) it, asked before the user writes anything; a comment on no site passes."""
    remote = remote_of(store, comment_id)
    if remote is None:
        return
    site, remote_id = remote
    _, credentials = signed_in(store, secrets, site, _author(store, comment_id))

    async def ask() -> CommentRights:
        session = await engines.session(site.address, credentials)
        return await session.rights(remote_id)

    try:
        rights = engines.run(ask)
    except EngineError as exc:
        if exc.transient:  # cannot ask now: trying will tell
            return
        raise
    if not (rights.delete if delete else rights.edit):
        verb = "delete" if delete else "edit"
        raise InvalidInput(f"{site.name} does not let you {verb} this comment: {rights.reason}")
