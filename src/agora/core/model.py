"""Domain objects shared by every floor. Frozen, plain, and free of I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import NamedTuple

from agora.core.article_sort import ArticleView

#: WordPress's own limit on the length of a comment, in characters.
COMMENT_MAX_CHARS = 65_525


class SourceKind(StrEnum):
    """Where a source's articles come from. Stored as its value; engines add their own
    names (a site's kind is its engine's name, such as ``wordpress``)."""

    BUILTIN = "builtin"
    FILE = "file"
    WXR = "wxr"
    FEED = "feed"
    WORDPRESS = "wordpress"


class CommentStatus(StrEnum):
    """Where a comment stands: shown, held for moderation, waiting in the outbox, refused,
    or deleted (kept as a placeholder for its replies)."""

    APPROVED = "approved"
    HOLD = "hold"
    PENDING = "pending"
    FAILED = "failed"
    DELETED = "deleted"


class CommentKind(StrEnum):
    COMMENT = "comment"
    PINGBACK = "pingback"
    TRACKBACK = "trackback"


class BodyFormat(StrEnum):
    TEXT = "text"
    MARKDOWN = "markdown"


class DiscussionStatus(StrEnum):
    """Whether an article takes comments: ``readonly`` discussions came from a feed."""

    OPEN = "open"
    CLOSED = "closed"
    READONLY = "readonly"


class DeliveryState(StrEnum):
    """What became of a queued comment after one attempt."""

    POSTED = "posted"
    HELD = "held"  #: posted, awaiting moderation
    PENDING = "pending"  #: will be retried
    RETURNED = "returned"  #: refused for good: the text is a draft again
    DROPPED = "dropped"  #: deleted before it was sent


#: An identity's kind for guest details; accounts carry their engine's name instead.
GUEST = "guest"


@dataclass(frozen=True, slots=True)
class ArticleEntry:
    """An article as a list shows it: no body, so that a list of thousands reads fast."""

    id: int
    source_name: str
    title: str
    published: datetime | None
    comment_count: int
    source_id: int = 0
    last_activity: datetime | None = None  #: the newest comment's time
    visited: bool = True  #: opened at least once (or marked read)


class ArticleList(NamedTuple):
    """What the article list shows: its entries, and each article's count of new comments."""

    entries: list[ArticleEntry]
    unread: dict[int, int]
    view: ArticleView = ArticleView()  #: the sort and filters it was read with


@dataclass(frozen=True, slots=True)
class Source:
    """Where articles come from: a file, a WordPress export, a site."""

    id: int
    kind: str  #: a :class:`SourceKind` value, or an engine's name
    locator: str
    name: str


@dataclass(frozen=True, slots=True)
class Article:
    """An article as stored: text is already sanitized."""

    id: int
    source_id: int
    source_name: str
    title: str
    author: str
    published: datetime | None
    url: str
    body: str
    body_format: BodyFormat = BodyFormat.TEXT
    comment_status: DiscussionStatus = DiscussionStatus.OPEN
    comment_count: int = 0


@dataclass(frozen=True, slots=True)
class Comment:
    """One comment of a thread. ``parent_id`` is a store id, or None for top level."""

    id: int
    article_id: int
    parent_id: int | None
    author_name: str
    author_url: str
    body: str
    created: datetime | None
    status: CommentStatus = CommentStatus.APPROVED
    kind: CommentKind = CommentKind.COMMENT
    is_own: bool = False
    is_article_author: bool = False
    status_reason: str = ""
    url: str = ""
    body_format: BodyFormat = BodyFormat.TEXT  #: MARKDOWN: formatted (light Markdown)
    likes: int | None = None  #: votes, on sites whose engine has them (None: no votes)
    dislikes: int | None = None


@dataclass(frozen=True, slots=True)
class Identity:
    """Who the user comments as. Guests carry their details; accounts name a site and user."""

    id: int
    kind: str  #: :data:`GUEST`, or the engine of an account (``wordpress``)
    name: str
    email: str = ""
    website: str = ""
    site: str = ""
    username: str = ""

    @property
    def is_account(self) -> bool:
        return self.kind != GUEST


@dataclass(frozen=True, slots=True)
class Draft:
    """Unsent text for a target: the article itself (parent_id None) or a comment."""

    article_id: int
    parent_id: int | None
    body: str
    updated: datetime | None = None
    comment_id: int | None = None  # set when the draft edits an existing comment
    note: str = ""  # why the text came back, e.g. a site's refusal of the comment


# --- what importers produce, before the store gives ids -------------------------------


@dataclass(slots=True)
class ImportedComment:
    """A comment as parsed; ``parent_origin`` names the parent's ``origin_id``."""

    origin_id: str
    parent_origin: str | None
    author_name: str
    body: str
    created: datetime | None = None
    author_url: str = ""
    author_email: str = ""
    kind: CommentKind = CommentKind.COMMENT
    status: CommentStatus = CommentStatus.APPROVED
    is_article_author: bool = False
    url: str = ""
    body_format: BodyFormat = BodyFormat.TEXT
    likes: int | None = None  #: votes, when the site's engine has them
    dislikes: int | None = None


@dataclass(slots=True)
class ImportedArticle:
    """An article as parsed, with its comments."""

    origin_id: str
    title: str
    body: str
    body_format: BodyFormat = BodyFormat.TEXT
    author: str = ""
    published: datetime | None = None
    url: str = ""
    comment_status: DiscussionStatus = DiscussionStatus.OPEN
    comments: list[ImportedComment] = field(default_factory=list)


@dataclass(slots=True)
class ImportBatch:
    """Everything one importer read from one input: the source and its articles."""

    source_kind: str
    source_locator: str
    source_name: str
    articles: list[ImportedArticle] = field(default_factory=list)
