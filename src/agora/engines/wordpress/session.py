"""One WordPress site through the engine boundary: :class:`WordPressSession` turns the
:class:`~agora.engines.base.EngineSession` calls into REST and comment-form requests.

A guest comment goes through the site's classic comment form with the name, email and website
it was written under; a signed-in one goes through the REST API with the application password.
A ``comment_duplicate`` refusal is reported as ``duplicate``, and a server error after a
request that creates something as ``outcome_unknown`` (a plugin may fail after WordPress stored
the comment), so the outbox looks before it sends again.
"""

from __future__ import annotations

import datetime as dt
from typing import Self
from urllib.parse import urlsplit, urlunsplit

from agora.core.html_text import html_to_text
from agora.core.text import sanitize_line
from agora.engines.base import (
    CommentRights,
    EditKey,
    EngineError,
    HeldComment,
    ModerationAction,
    Outgoing,
    Posted,
)
from agora.engines.sync_contract import SyncState, ThreadSink
from agora.engines.wordpress.client import WordPressClient
from agora.engines.wordpress.convert import comment_from_wp, to_wordpress, web_url
from agora.engines.wordpress.models import WordPressError, WPComment
from agora.engines.wordpress.thread_sync import sync_posts

#: Why WordPress refuses a signed-in commenter's change (WordPress core's ``edit_comment``).
_NOT_ALLOWED = (
    "this site lets only those who may edit the post (its editors, the post's author) "
    "change or delete comments on it, even their own"
)


def number(remote_id: str | None, what: str) -> int:
    """A WordPress id from its text; a final error when it is not one."""
    text = remote_id or ""
    if not text.isdigit():
        raise EngineError(f"{what} is not on the site")
    return int(text)


def posted(found: WPComment) -> Posted:
    return Posted(
        str(found.id),
        held=found.status != "approved",
        url=found.link,
        remote_parent=str(found.parent) if found.parent else None,
        created=found.date_gmt,
    )


def _held(c: WPComment) -> HeldComment:
    return HeldComment(
        remote_id=str(c.id),
        article=str(c.post),
        author_name=sanitize_line(c.author_name) or "Anonymous",
        author_url=web_url(c.author_url),
        body=html_to_text(c.content_html),
        created=c.date_gmt,
        status=c.status,
        url=web_url(c.link),
        comment=comment_from_wp(c),
    )


class WordPressSession:
    """A WordPress site, anonymous or signed in with an application password."""

    def __init__(self, client: WordPressClient) -> None:
        self.client = client

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self.client.aclose()

    async def account_name(self) -> str:
        me = await self.client.me()
        return sanitize_line(me.name)

    async def sync(self, state: SyncState, sink: ThreadSink, *, newest: int) -> None:
        await sync_posts(self.client, state, sink, newest=newest)

    async def post(self, comment: Outgoing) -> Posted:
        post_id = number(comment.article, "the article")
        parent = number(comment.parent, "the comment it replies to") if comment.parent else 0
        content = to_wordpress(comment.body)
        try:
            if comment.guest is None:
                made = await self.client.create_comment(post_id, content, parent=parent)
                return posted(made)
            guest = comment.guest
            result = await self.client.post_guest_comment(
                post_id, parent, guest.name, guest.email, guest.website, content
            )
        except WordPressError as exc:
            exc.duplicate = exc.code == "comment_duplicate"
            exc.outcome_unknown = exc.outcome_unknown or (exc.status or 0) >= 500
            raise
        parts = urlsplit(result.location)
        url = urlunsplit((parts.scheme, parts.netloc, parts.path, "", parts.fragment))
        return Posted(
            str(result.comment_id) if result.comment_id else None,
            held=result.held,
            url=url,
            remote_parent=comment.parent,
        )

    async def find(self, comment: Outgoing, since: dt.datetime) -> Posted | None:
        post_id = number(comment.article, "the article")
        name = comment.guest.name if comment.guest else None
        found = await self.client.find_comment(
            post_id, to_wordpress(comment.body), since, author_name=name
        )
        return None if found is None else posted(found)

    async def edit(self, remote_id: str, body: str, key: EditKey | None = None) -> EditKey | None:
        await self.client.edit_comment(number(remote_id, "the comment"), to_wordpress(body))
        return None

    async def delete(self, remote_id: str, key: EditKey | None = None) -> None:
        try:
            await self.client.delete_comment(number(remote_id, "the comment"))
        except WordPressError as exc:
            if exc.status not in (404, 410):
                raise

    async def vote(self, remote_id: str, up: bool) -> tuple[int, int]:
        raise EngineError("WordPress has no votes on comments")

    async def rights(self, remote_id: str) -> CommentRights:
        allowed = await self.client.comment_methods(number(remote_id, "the comment"))
        if allowed is None:  # the site does not say: trying will tell
            return CommentRights(True, True)
        edit, delete = "POST" in allowed, "DELETE" in allowed
        reason = "" if edit and delete else _NOT_ALLOWED
        return CommentRights(edit, delete, reason)

    async def moderation_queue(self) -> list[HeldComment]:
        return [_held(c) for c in await self.client.moderation_queue()]

    async def moderate(self, remote_id: str, action: ModerationAction) -> HeldComment:
        comment_id = number(remote_id, "the comment")
        changed = await self.client.set_comment_status(comment_id, action.value)
        if not changed.content_html:
            changed = await self.client.comment(comment_id, context="edit")
        return _held(changed)
