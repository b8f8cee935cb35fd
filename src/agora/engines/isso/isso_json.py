"""Isso's JSON as agora's model. Every string passes the text gate here
(:func:`~agora.core.html_text.comment_body`, :func:`~agora.core.text.sanitize_line`).

Isso keeps one level of replies: a reply to a reply is stored under the top-level comment, and
its ``parent`` says so; agora stores the thread exactly as the server keeps it. Comments
deleted while replies still refer to them (``mode`` 4) stay as placeholders. Text going out is
the user's Markdown as typed: Isso renders Markdown itself (HTML in it is escaped).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from agora.core.html_text import comment_body
from agora.core.model import BodyFormat, CommentStatus, ImportedComment
from agora.core.text import is_web_url, sanitize_line

ACCEPTED, PENDING, DELETED = 1, 2, 4


def number(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def timestamp(value: Any) -> dt.datetime | None:
    """A UNIX time from Isso as an aware UTC datetime."""
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
        try:
            return dt.datetime.fromtimestamp(value, dt.UTC)
        except (OverflowError, OSError, ValueError):
            return None
    return None


def web_url(value: Any) -> str:
    url = sanitize_line(value if isinstance(value, str) else "")
    return url if is_web_url(url) else ""


def comment_from_isso(item: dict[str, Any], page_url: str = "") -> ImportedComment:
    """One comment of a thread as agora stores it."""
    cid = number(item.get("id")) or 0
    parent = number(item.get("parent"))
    mode = number(item.get("mode")) or ACCEPTED
    text = item.get("text") if isinstance(item.get("text"), str) else ""
    if mode == DELETED:
        body, body_format, status = "", BodyFormat.TEXT, CommentStatus.DELETED
    else:
        body, body_format = comment_body(text)
        status = CommentStatus.HOLD if mode == PENDING else CommentStatus.APPROVED
    author = item.get("author")
    return ImportedComment(
        origin_id=str(cid),
        parent_origin=str(parent) if parent else None,
        author_name=sanitize_line(author if isinstance(author, str) else "") or "Anonymous",
        body=body,
        body_format=body_format,
        created=timestamp(item.get("created")),
        author_url=web_url(item.get("website")),
        status=status,
        url=f"{page_url}#isso-{cid}" if page_url else "",
        likes=number(item.get("likes")) or 0,
        dislikes=number(item.get("dislikes")) or 0,
    )


def guest_fields(name: str, email: str, website: str) -> dict[str, str | None]:
    """A guest's details as Isso takes them (empty ones as null)."""
    return {"author": name or None, "email": email or None, "website": website or None}
