"""What a WordPress site sends, as frozen dataclasses, and the error every call raises.

Strings in these objects are WordPress's own, **untrusted** (HTML in ``*_html`` fields, names
and URLs as sent): pass them through :func:`agora.core.html_text.html_to_text` /
:func:`agora.core.text.sanitize` before storing or showing them. Error messages are already
sanitized text. Nothing here needs the network (or httpx).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from agora.core.html_text import html_to_text
from agora.core.text import sanitize_line
from agora.engines.base import EngineError


class WordPressError(EngineError):
    """A WordPress request failed; ``str(error)`` is a message fit to show as it is.

    ``code`` is WordPress's error code when it gave one (``comment_duplicate``,
    ``rest_comment_closed``...), ``status`` the HTTP status (None when no answer came),
    ``transient`` whether the same request may succeed later (network trouble, flood control,
    5xx), ``outcome_unknown`` whether a request that creates or changes something may have
    taken effect although no answer arrived.
    """


@dataclass(frozen=True, slots=True)
class SiteInfo:
    """What discovery learnt about a site."""

    url: str  #: the URL discovery started from (after redirects)
    api_root: str  #: REST API root, ``https://site/wp-json/`` or ``https://site/?rest_route=/``
    site_url: str  #: where WordPress lives (``wp-comments-post.php`` is here)
    home: str  #: the site's front page
    name: str  #: plain, sanitized text (WordPress stores it HTML-escaped)
    description: str  #: plain, sanitized text
    app_passwords_supported: bool
    post_id: int | None = None  #: the post ``url`` shows, when it is a single post
    jetpack: bool = False  #: Jetpack is active (its REST routes are there)


@dataclass(frozen=True, slots=True)
class WPPost:
    id: int
    date_gmt: dt.datetime | None  #: aware, UTC
    modified_gmt: dt.datetime | None  #: aware, UTC
    link: str
    title_html: str
    content_html: str
    excerpt_html: str
    author: int  #: user id
    comment_status: str  #: ``open`` or ``closed``
    status: str
    type: str


@dataclass(frozen=True, slots=True)
class WPComment:
    id: int
    post: int
    parent: int  #: 0 for a top-level comment (WordPress does not check that it exists)
    author: int  #: user id, 0 for a guest
    author_name: str
    author_url: str
    date_gmt: dt.datetime | None  #: aware, UTC
    content_html: str
    link: str
    status: str  #: ``approved``, ``hold``, ``spam``, ``trash``
    type: str  #: ``comment`` (pingbacks and trackbacks are not fetched)
    content_raw: str | None = None  #: the source text, only with ``context=edit``


@dataclass(frozen=True, slots=True)
class WPUser:
    id: int
    name: str
    slug: str
    roles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class GuestPostResult:
    comment_id: int
    held: bool  #: True when WordPress holds the comment for moderation
    location: str  #: where WordPress redirected to (the comment's permalink)


@dataclass(frozen=True, slots=True)
class CommentCount:
    """How many approved comments a post has on the site, and the highest id among them."""

    total: int
    newest_id: int  #: 0 when there are none


# -- reading JSON fields ------------------------------------------------------------------------


def parse_gmt(value: object) -> dt.datetime | None:
    """A WordPress ``date_gmt`` (no zone suffix, UTC) as an aware datetime; None if unusable."""
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(dt.UTC)


def iso_z(value: dt.datetime) -> str:
    """A moment as WordPress's query parameters take it (``2024-01-31T12:00:00Z``)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def as_int(value: object, default: int = 0) -> int:
    if isinstance(value, bool):
        return default
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return default


def as_str(value: object) -> str:
    return value if isinstance(value, str) else ""


def _rendered(value: object) -> str:
    if isinstance(value, dict):
        return as_str(value.get("rendered"))
    return as_str(value)


def fingerprint(text: str) -> str:
    """Letters and digits only, case-folded: survives wpautop, wptexturize and entities."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def error_text(message: object, limit: int = 300) -> str:
    """A message from the site (HTML or text) as one line of safe text."""
    text = sanitize_line(html_to_text(as_str(message)))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def post_from_json(data: dict[str, Any]) -> WPPost:
    post_id = as_int(data.get("id"))
    if not post_id:
        raise WordPressError("WordPress sent a post without an id")
    return WPPost(
        id=post_id,
        date_gmt=parse_gmt(data.get("date_gmt")),
        modified_gmt=parse_gmt(data.get("modified_gmt")),
        link=as_str(data.get("link")),
        title_html=_rendered(data.get("title")),
        content_html=_rendered(data.get("content")),
        excerpt_html=_rendered(data.get("excerpt")),
        author=as_int(data.get("author")),
        comment_status=as_str(data.get("comment_status")),
        status=as_str(data.get("status")),
        type=as_str(data.get("type")),
    )


def comment_from_json(data: Any) -> WPComment:
    if not isinstance(data, dict) or not as_int(data.get("id")):
        raise WordPressError("WordPress sent a comment without an id")
    content = data.get("content")
    raw = content.get("raw") if isinstance(content, dict) else None
    return WPComment(
        id=as_int(data.get("id")),
        post=as_int(data.get("post")),
        parent=as_int(data.get("parent")),
        author=as_int(data.get("author")),
        author_name=as_str(data.get("author_name")),
        author_url=as_str(data.get("author_url")),
        date_gmt=parse_gmt(data.get("date_gmt")),
        content_html=_rendered(content),
        link=as_str(data.get("link")),
        status=as_str(data.get("status")),
        type=as_str(data.get("type")) or "comment",
        content_raw=raw if isinstance(raw, str) else None,
    )


_EPOCH = dt.datetime.min.replace(tzinfo=dt.UTC)


def unique_sorted(comments: Iterable[WPComment]) -> list[WPComment]:
    """Each comment once (the last copy read), oldest first by ``date_gmt`` then id."""
    by_id = {c.id: c for c in comments}
    return sorted(by_id.values(), key=lambda c: (c.date_gmt or _EPOCH, c.id))
