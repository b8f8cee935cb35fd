"""Replies to you, for the inbox screen, the article list's count and ``agora replies``.

The store recomputes the inbox on each call (:class:`agora.store.inbox_rows.Inbox`), so what a
sync or another agora process brought is in it at once. Call these from worker threads.
"""

from __future__ import annotations

from typing import Any

from agora.core.mentions import InboxEntry
from agora.core.times import to_iso
from agora.service.library import Library


def replies(library: Library) -> list[InboxEntry]:
    """Replies to the user's comments and comments mentioning their names, newest first."""
    return library.store.inbox.entries()


def unread_replies(library: Library) -> int:
    """How many of them are unread."""
    return library.store.inbox.unread_count()


def mark_reply_read(library: Library, entry: InboxEntry) -> None:
    """Count ``entry`` as read (as opening the thread on it does)."""
    library.store.inbox.mark_read(entry.article_id, entry.comment_id)


def as_json(entry: InboxEntry) -> dict[str, Any]:
    """One entry as ``agora replies --json`` prints it (fields documented in the README)."""
    return {
        "comment": entry.comment_id,
        "article": entry.article_id,
        "title": entry.article_title,
        "source": entry.source_name,
        "author": entry.author_name,
        "created": to_iso(entry.created),
        "reason": entry.reason.value,
        "parent": entry.parent_id,
        "unread": entry.unread,
        "text": entry.text,
        "url": entry.url,
    }
