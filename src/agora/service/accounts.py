"""Signed-in work on sites: signing in and out, and changing or deleting own comments there.

Secrets go to :class:`~agora.service.secrets.Secrets` and nowhere else; the store only learns
who is signed in where. The engine checks the credentials (:meth:`account_name`) and does the
work; this module picks the account and the remote ids.
"""

from __future__ import annotations

import datetime as dt

from agora.core.errors import InvalidInput, NotFound
from agora.core.model import GUEST, Identity
from agora.core.text import sanitize_line
from agora.engines import registry
from agora.engines.base import CommentRights, Credentials, EditKey, EngineError, SignIn
from agora.service.engine_loop import EngineLoop
from agora.service.oauth_tokens import credentials as oauth_credentials
from agora.service.oauth_tokens import signed_in_as, tokens_of
from agora.service.outbox import is_queued
from agora.service.secrets import NoSecureKeyring, Secrets
from agora.service.signin_options import oauth_server
from agora.service.site_sync import add_site
from agora.service.sites import Site, article_site, find_site
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
        method = SignIn.APP_PASSWORD
        if secret is None and (how := signed_in_as(store, identity)) is not None:
            tokens = tokens_of(secrets, how.where, how.user)
            secret = tokens.access_token if tokens is not None else None
            method = SignIn.OAUTH
        if secret is not None:
            return identity, Credentials(identity.username, secret, method)
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
            f"{exc} (sign in inside the app to keep it until you quit); it is never written to disk"
        ) from None
    identity = store.identities.add(site.kind, name or username, site=site.home, username=username)
    store.identities.set_current(identity)
    return identity


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


def _posted_as_guest(store: Store, comment_id: int) -> bool:
    try:
        _author(store, comment_id)
    except InvalidInput:
        return True
    return False


def window_error(key: EditKey | None) -> str:
    """Why an edit key no longer lets its comment change, said plainly ("" while it does)."""
    if key is None:
        return (
            "this comment can no longer be changed here: agora holds no edit key for it (the "
            "site lets only whoever posted it change it, for a short while after posting)"
        )
    if key.expires <= dt.datetime.now(dt.UTC):
        when = key.expires.astimezone().strftime("%H:%M")
        return f"the time to change or delete this comment ran out at {when}"
    return ""


def edit_window(expires: dt.datetime) -> str:
    """How long a comment can still be changed, said plainly."""
    left = expires - dt.datetime.now(dt.UTC)
    if left.total_seconds() <= 0:
        return "The time to change or delete it has run out."
    minutes = max(1, round(left.total_seconds() / 60))
    until = expires.astimezone().strftime("%H:%M")
    return f"You can change or delete it for {minutes} min (until {until})."


def window_of(store: Store, secrets: Secrets, comment_id: int) -> tuple[str, str]:
    """(how long the own comment can still be changed, why it no longer can): both "" when
    its site has no edit windows (it is changed signed in, or it is on no site)."""
    remote = remote_of(store, comment_id)
    if remote is None:
        return "", ""
    site, remote_id = remote
    if not registry.engine(site.kind).capabilities(site.address).guest_edit:
        return "", ""
    key = secrets.edit_key(site.home, remote_id)
    if key is None and not _posted_as_guest(store, comment_id):
        return "", ""
    error = window_error(key)
    return ("" if error else edit_window(key.expires) if key else ""), error


def change_remote(
    store: Store,
    secrets: Secrets,
    engines: EngineLoop,
    comment_id: int,
    body: str | None,
) -> None:
    """Change (``body``) or delete (None) an own comment on its site: signed in, or with the
    edit key its post gave (when the engine has them); a comment on no site is left to the
    caller. A closed edit window is said before trying."""
    remote = remote_of(store, comment_id)
    if remote is None:
        return
    site, remote_id = remote
    guest_edit = registry.engine(site.kind).capabilities(site.address).guest_edit
    key = secrets.edit_key(site.home, remote_id) if guest_edit else None
    credentials = None
    how = server = None
    if guest_edit and (key is not None or _posted_as_guest(store, comment_id)):
        if error := window_error(key):
            raise InvalidInput(error)
    else:
        identity, credentials = signed_in(store, secrets, site, _author(store, comment_id))
        if secrets.get(site.home, identity.username) is None:
            how = signed_in_as(store, identity)
            server = oauth_server(site) if how is not None else None

    async def change() -> EditKey | None:
        signed = credentials
        if how is not None and server is not None:  # an OAuth token: refreshed if it expired
            signed = await oauth_credentials(store, secrets, server, how)
        session = await engines.session(site.address, signed)
        if body is None:
            await session.delete(remote_id, key)
            return None
        return await session.edit(remote_id, body, key)

    renewed = engines.run(change)
    if body is None and key is not None:
        secrets.forget_edit_key(site.home, remote_id)
    elif renewed is not None:
        secrets.store_edit_key(site.home, remote_id, renewed)


def vote(store: Store, engines: EngineLoop, comment_id: int, up: bool) -> tuple[int, int]:
    """Like (``up``) or dislike a comment on its site; the counts are stored and returned."""
    remote = remote_of(store, comment_id)
    if remote is None:
        raise InvalidInput("only comments on a site that has votes can be voted on")
    site, remote_id = remote
    if not registry.engine(site.kind).capabilities(site.address).votes:
        raise InvalidInput(f"{site.name} has no votes on comments")

    async def send() -> tuple[int, int]:
        return await (await engines.session(site.address)).vote(remote_id, up)

    likes, dislikes = engines.run(send)
    store.comments.set_votes(comment_id, likes, dislikes)
    return likes, dislikes


def check_change(
    store: Store, secrets: Secrets, engines: EngineLoop, comment_id: int, *, delete: bool = False
) -> None:
    """Raise :class:`InvalidInput` saying why the comment's site will not let its account edit
    (or ``delete``) it, asked before the user writes anything; a comment on no site passes, and
    so does one whose engine lets guests change theirs (its edit window is checked apart)."""
    remote = remote_of(store, comment_id)
    if remote is None:
        return
    site, remote_id = remote
    if registry.engine(site.kind).capabilities(site.address).guest_edit:
        return
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
