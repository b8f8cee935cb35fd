"""The engine boundary: the one way the service, the outbox and sync talk to a discussion system
(self-hosted WordPress, WordPress.com, Isso). An :class:`Engine` finds a site
(:meth:`Engine.discover`), says what it can do there (:class:`Capabilities`) and opens
:class:`EngineSession` objects, anonymous or signed in, that read threads incrementally, post,
edit, delete and moderate. Everything crossing the boundary is plain data: remote ids are
strings, text arriving is already through the text gate, as :mod:`agora.core.model` objects, and
text leaving (:attr:`Outgoing.body`, an edit's ``body``) is the user's Markdown exactly as
typed. Each engine converts it to the markup its server accepts, from
:func:`agora.core.markdown_subset.parse`: the small document (paragraphs, quotes, strong,
emphasis, code, strike, http(s) links, line breaks) that the composer's preview shows, so what
is previewed is what the thread shows. Engines know no store, service or UI.

Failures are :class:`EngineError`: ``transient`` (the same request may succeed later),
``outcome_unknown`` (a request that creates or changes something may have taken effect) and
``duplicate`` (the server already has this very comment), so the outbox knows whether to retry,
to look before it sends again, or to give the text back to the user; ``sign_in_again`` (the
server refused the account's credentials: an expired or revoked token) keeps the comment queued
until the account is refreshed or signed in again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol, Self

from agora.core.errors import AgoraError
from agora.core.model import ImportedArticle, ImportedComment
from agora.engines.sync_contract import SyncState, ThreadSink

RECOGNISED = "site-recognised"  #: EngineError.code: the engine's site, but it cannot be added


class EngineError(AgoraError):
    """A discussion server refused, failed or could not be reached; ``str()`` is fit to show.

    ``status`` is the HTTP status (None when no answer came) and ``code`` the server's own error
    code when it gave one. ``sign_in_again``: the credentials were refused (for an OAuth
    account, a token that expired or was revoked); nothing was done.
    """

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        status: int | None = None,
        transient: bool = False,
        outcome_unknown: bool = False,
        duplicate: bool = False,
        sign_in_again: bool = False,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status
        self.transient = transient
        self.outcome_unknown = outcome_unknown
        self.duplicate = duplicate
        self.sign_in_again = sign_in_again

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}({self.message!r}, code={self.code!r}, "
            f"status={self.status!r}, transient={self.transient!r}, "
            f"outcome_unknown={self.outcome_unknown!r}, sign_in_again={self.sign_in_again!r})"
        )


#: :attr:`EngineError.code`: no site of this engine's kind there (another engine may know it).
UNRECOGNISED = "unrecognised"


class SignIn(StrEnum):
    """Ways of signing in to a site."""

    APP_PASSWORD = "app-password"  #: a user name and a password the site checks
    #: OAuth 2.1 on the server named by :meth:`Engine.auth_server`; the session's
    #: :class:`Credentials` then carry the account name and the access token as ``secret``.
    OAUTH = "oauth"


class ModerationAction(StrEnum):
    """What a moderator can do to a comment; the values are WordPress's statuses."""

    APPROVE = "approved"
    HOLD = "hold"
    SPAM = "spam"
    TRASH = "trash"


@dataclass(frozen=True, slots=True)
class Capabilities:
    """What a site lets agora do, as its engine knows it."""

    read: bool = True
    guest_post: bool = False
    sign_in: tuple[SignIn, ...] = ()
    edit_own: bool = False  #: signed in; guests may not
    delete_own: bool = False
    moderation: bool = False  #: for accounts the site lets moderate
    votes: bool = False  #: :meth:`EngineSession.vote`, and threads carry likes and dislikes
    nesting: int | None = None  #: deepest reply level the server keeps, None for no limit
    guest_edit: bool = False  #: guests change and delete with the EditKey their post gave


@dataclass(frozen=True, slots=True)
class AuthServer:
    """The OAuth 2.1 / OpenID Connect server a site's accounts sign in with."""

    issuer: str  #: its metadata is at ``issuer + "/.well-known/openid-configuration"``
    label: str  #: how the user sees the account ("WordPress.com")
    scopes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SiteAddress:
    """Where an engine reaches a site: its front page, API root and engine-specific options."""

    kind: str  #: the engine's name
    home: str  #: front page, no trailing slash; also the key of its accounts and secrets
    api_root: str
    name: str = ""
    options: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Discovered:
    """A site found at an address, and the article that address shows when it is one."""

    site: SiteAddress
    article: ImportedArticle | None = None


@dataclass(frozen=True, slots=True)
class Credentials:
    """An account to act as: the secret comes from the accounts gate and goes nowhere else."""

    username: str
    secret: str
    method: SignIn = SignIn.APP_PASSWORD  #: a password, or an access token (a site may take both)

    def __repr__(self) -> str:
        return f"Credentials({self.username!r}, secret=…, method={self.method.value!r})"


@dataclass(frozen=True, slots=True)
class Guest:
    """The details a guest comment is posted under."""

    name: str
    email: str
    website: str


@dataclass(frozen=True, slots=True)
class Outgoing:
    """A comment to post: its Markdown as typed (the engine converts it), and where it goes
    (remote ids)."""

    article: str
    parent: str | None
    body: str
    guest: Guest | None  #: None: post as the session's account
    title: str = ""  #: the article's title (a server may need it to open a thread)


@dataclass(frozen=True, slots=True, repr=False)
class EditKey:
    """Lets whoever posted a comment change or delete it until ``expires``: a secret, kept in
    the keyring only, never shown (nor in its repr)."""

    secret: str
    expires: dt.datetime


@dataclass(frozen=True, slots=True)
class Posted:
    """What the server made of a posted (or found) comment."""

    remote_id: str | None  #: None when the server did not say (a held guest comment)
    held: bool
    url: str = ""
    remote_parent: str | None = None
    created: dt.datetime | None = None
    edit_key: EditKey | None = None  #: when the server gives one (see Capabilities.guest_edit)


@dataclass(frozen=True, slots=True)
class CommentRights:
    """What the session's account may do to one comment on the site, as the site says."""

    edit: bool
    delete: bool
    reason: str = ""  #: why not, fit to show, when either is False


@dataclass(frozen=True, slots=True)
class HeldComment:
    """A comment in a site's moderation queue (text sanitized), and the comment as a thread
    stores it once approved."""

    remote_id: str
    article: str  #: the remote id of its article
    author_name: str
    author_url: str
    body: str
    created: dt.datetime | None
    status: str
    url: str
    comment: ImportedComment


class EngineSession(Protocol):
    """One site, anonymous or signed in, for the life of one event loop; close it after use."""

    async def __aenter__(self) -> Self: ...

    async def __aexit__(self, *exc: object) -> None: ...

    async def aclose(self) -> None: ...

    async def account_name(self) -> str:
        """The signed-in account's display name: the way credentials are checked."""

    async def sync(self, state: SyncState, sink: ThreadSink, *, newest: int) -> None:
        """Read the ``newest`` articles and every known one again, with their threads: only
        what changed since ``state.synced`` (everything when it is None)."""

    async def post(self, comment: Outgoing) -> Posted:
        """Post a comment, as a guest or as the session's account."""

    async def find(self, comment: Outgoing, since: dt.datetime) -> Posted | None:
        """The comment on the server, if an earlier attempt made after ``since`` created it."""

    async def edit(self, remote_id: str, body: str, key: EditKey | None = None) -> EditKey | None:
        """Change an own comment to ``body`` (signed in, or with its post's key): a new key?"""

    async def delete(self, remote_id: str, key: EditKey | None = None) -> None:
        """Delete an own comment (signed in, or with its ``key``); one already gone is fine."""

    async def vote(self, remote_id: str, up: bool) -> tuple[int, int]:
        """Like (``up``) or dislike a comment; its likes and dislikes afterwards."""

    async def rights(self, remote_id: str) -> CommentRights:
        """What the account may do to this comment, asked before trying (some sites let only
        moderators change comments, even their own)."""

    async def moderation_queue(self) -> list[HeldComment]:
        """Comments held for moderation, oldest first (needs a moderator's account)."""

    async def moderate(self, remote_id: str, action: ModerationAction) -> HeldComment:
        """Approve, hold, spam or trash a comment; returns it as it now stands."""


class Engine(Protocol):
    """One kind of discussion server."""

    name: str  #: stored as the site's source kind and the kind of its accounts
    label: str  #: how the user sees it ("WordPress")

    async def discover(self, url: str) -> Discovered:
        """Find the site at ``url`` (a front page or any page of it); a clear error otherwise."""

    def capabilities(self, site: SiteAddress) -> Capabilities: ...

    def auth_server(self, site: SiteAddress) -> AuthServer | None:
        """Where the site's :attr:`SignIn.OAUTH` accounts sign in; None when it offers none."""

    def session(
        self, site: SiteAddress, credentials: Credentials | None = None, *, timeout: float = 15.0
    ) -> EngineSession:
        """A session on the site, signed in with ``credentials`` or anonymous."""


#: A progress callback of a sync: threads done, threads in all, and the last one's title.
ProgressFn = Callable[[int, int, str], None]
#: Something run on the engines' event loop.
AsyncFn = Callable[[], Awaitable[object]]
