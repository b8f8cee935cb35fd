"""A site signed in with a WordPress.com account: read like any WordPress site (through the
client it is given), written through WordPress.com's v1.1 API (:mod:`.wpcom_api`) with the
account's access token. Sites hosted at WordPress.com and Jetpack-connected self-hosted sites
both work this way.

WordPress.com lets only a post's editors (``can_moderate``) edit or delete comments, their
own included: :meth:`WPComSession.rights` asks the site before anything is tried.
"""

from __future__ import annotations

import datetime as dt

from agora.core.html_text import html_to_text
from agora.engines.base import (
    CommentRights,
    EditKey,
    EngineError,
    HeldComment,
    ModerationAction,
    Outgoing,
    Posted,
)
from agora.engines.wordpress.client import WordPressClient
from agora.engines.wordpress.convert import to_wordpress
from agora.engines.wordpress.models import WordPressError, fingerprint, iso_z
from agora.engines.wordpress.session import WordPressSession, number, posted
from agora.engines.wordpress.wpcom_api import WPComAPI

#: Why a plain commenter cannot change a comment on WordPress.com.
ONLY_EDITORS = (
    "WordPress.com lets only the site's editors and moderators edit or delete comments, "
    "even their own; ask the site's owner to change it"
)
_NO_MODERATION = "agora cannot moderate comments with a WordPress.com account yet"


class WPComSession(WordPressSession):
    """A site read through ``client`` (anonymous) and written through ``api`` (a WordPress.com
    account's token, or none: then only guests post, through the site's comment form)."""

    def __init__(self, client: WordPressClient, api: WPComAPI) -> None:
        super().__init__(client)
        self.api = api

    async def aclose(self) -> None:
        try:
            await self.api.aclose()
        finally:
            await super().aclose()

    async def account_name(self) -> str:
        return html_to_text(await self.api.me())

    async def post(self, comment: Outgoing) -> Posted:
        if comment.guest is not None:
            return await super().post(comment)
        post_id = number(comment.article, "the article")
        parent = number(comment.parent, "the comment it replies to") if comment.parent else 0
        try:
            made = await self.api.reply(post_id, parent, to_wordpress(comment.body))
        except WordPressError as exc:
            exc.duplicate = exc.code == "comment_duplicate"
            exc.outcome_unknown = exc.outcome_unknown or (exc.status or 0) >= 500
            raise
        return posted(made.comment)

    async def find(self, comment: Outgoing, since: dt.datetime) -> Posted | None:
        if comment.guest is not None or not self.api.authenticated:
            return await super().find(comment, since)
        post_id = number(comment.article, "the article")
        wanted = fingerprint(html_to_text(to_wordpress(comment.body)))[:80]
        if not wanted:
            return None
        after = iso_z(since - dt.timedelta(minutes=10))
        for found in reversed(await self.api.replies(post_id, after)):
            c = found.comment
            texts = [html_to_text(c.content_html), c.content_raw or ""]
            if any(wanted in fingerprint(t) for t in texts):
                return posted(c)
        return None

    async def rights(self, remote_id: str) -> CommentRights:
        if not self.api.authenticated:
            return CommentRights(False, False, "sign in with WordPress.com first")
        found = await self.api.comment(number(remote_id, "the comment"))
        if found.can_moderate is False:
            return CommentRights(False, False, ONLY_EDITORS)
        return CommentRights(True, True)  # moderators, or a site that does not say: try

    async def edit(self, remote_id: str, body: str, key: EditKey | None = None) -> EditKey | None:
        try:
            await self.api.edit(number(remote_id, "the comment"), to_wordpress(body))
        except WordPressError as exc:
            raise _refused(exc) from None
        return None

    async def delete(self, remote_id: str, key: EditKey | None = None) -> None:
        try:
            await self.api.delete(number(remote_id, "the comment"))
        except WordPressError as exc:
            if exc.status not in (404, 410) and exc.code != "unknown_comment":
                raise _refused(exc) from None

    async def vote(self, remote_id: str, up: bool) -> tuple[int, int]:
        raise EngineError("WordPress.com has no votes on comments here")

    async def moderation_queue(self) -> list[HeldComment]:
        raise EngineError(_NO_MODERATION)

    async def moderate(self, remote_id: str, action: ModerationAction) -> HeldComment:
        raise EngineError(_NO_MODERATION)


def _refused(exc: WordPressError) -> WordPressError:
    """A 403 ``unauthorized`` edit or delete, said the way the user can act on."""
    if exc.status == 403 and exc.code is not None and not exc.sign_in_again:
        exc.message = f"{ONLY_EDITORS} ({exc.message})"
        exc.args = (exc.message,)
    return exc
