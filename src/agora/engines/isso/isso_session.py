"""One Isso server through the engine boundary.

Guests post by the server's own rules (``GET /config``: ``require-email``,
``require-author``), checked before sending and in Isso's words when it refuses. Each post is
answered with a signed cookie that lets its author edit (``PUT /id/N``) or delete it for the
server's ``max-age``: that is the post's :class:`~agora.engines.base.EditKey`, which the service
keeps in the keyring. An edit renews it. Credentials, when given, are the admin's password:
they sign in to the moderation pages (:mod:`.isso_admin`); Isso has no other accounts.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Self

from agora.core.text import sanitize_line
from agora.engines.base import (
    CommentRights,
    Credentials,
    EditKey,
    EngineError,
    HeldComment,
    ModerationAction,
    Outgoing,
    Posted,
    SiteAddress,
)
from agora.engines.isso import isso_admin as admin
from agora.engines.isso.finding import page_url
from agora.engines.isso.isso_http import IssoClient, edit_key
from agora.engines.isso.isso_json import PENDING, comment_from_isso, guest_fields, number
from agora.engines.isso.isso_json import timestamp as from_unix
from agora.engines.isso.threads import sync_threads
from agora.engines.sync_contract import SyncState, ThreadSink

#: How far before an unknown outcome's first attempt a found comment may be dated.
_SLACK = dt.timedelta(minutes=2)


def _number(remote_id: str | None, what: str) -> int:
    if not (remote_id or "").isdigit():
        raise EngineError(f"{what} is not on the Isso server")
    return int(remote_id or "0")


def window_closed(key: EditKey | None) -> EngineError | None:
    """Why a comment can no longer be changed, or None while its edit key is valid."""
    if key is None:
        return EngineError(
            "this comment can no longer be changed: Isso lets only its author change it, for a "
            "short while after posting, and agora holds no edit key for it"
        )
    if key.expires <= dt.datetime.now(dt.UTC):
        when = key.expires.astimezone().strftime("%H:%M")
        return EngineError(f"the time to change this comment ran out at {when}")
    return None


class IssoSession:
    """An Isso server; signed in as its admin when credentials (the admin password) are given."""

    def __init__(self, site: SiteAddress, credentials: Credentials | None, timeout: float) -> None:
        self.site = site
        self.client = IssoClient(site.api_root, timeout=timeout)
        self._credentials = credentials
        self._admin: str | None = None
        self._rules: dict[str, Any] | None = None

    def __repr__(self) -> str:
        return f"IssoSession({self.site.api_root!r})"

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self.client.aclose()

    def page_url(self, uri: str) -> str:
        return page_url(self.site, uri)

    async def account_name(self) -> str:
        await self._admin_session()
        return sanitize_line(self._credentials.username if self._credentials else "") or "admin"

    async def sync(self, state: SyncState, sink: ThreadSink, *, newest: int) -> None:
        await sync_threads(self.client, self.site, state, sink, newest=newest)

    async def rules(self) -> dict[str, Any]:
        if self._rules is None:
            self._rules = await self.client.config()
        return self._rules

    async def post(self, comment: Outgoing) -> Posted:
        payload = await self._payload(comment)
        found, response = await self.client.new(comment.article, payload)
        cid = number(found.get("id"))
        if cid is None:
            said = "Isso did not say which comment it made"
            raise EngineError(said, transient=True, outcome_unknown=True)
        return self._posted(comment.article, found, edit_key(response, cid))

    async def _payload(self, comment: Outgoing) -> dict[str, Any]:
        rules = await self.rules()
        if comment.guest is not None:
            who = guest_fields(comment.guest.name, comment.guest.email, comment.guest.website)
        else:
            name = self._credentials.username if self._credentials else ""
            who = guest_fields(name, "", "")
        if rules.get("require-author") and not who["author"]:
            raise EngineError("this Isso server asks for a name with every comment")
        if rules.get("require-email") and not who["email"]:
            raise EngineError("this Isso server asks for an email address with every comment")
        parent = _number(comment.parent, "the comment it replies to") if comment.parent else None
        return {"text": comment.body, "parent": parent, "title": comment.title or None, **who}

    def _posted(self, uri: str, found: dict[str, Any], key: EditKey | None) -> Posted:
        cid = number(found.get("id")) or 0
        parent = number(found.get("parent"))
        page = self.page_url(uri)
        return Posted(
            str(cid),
            held=found.get("mode") == PENDING,
            url=f"{page}#isso-{cid}" if page else "",
            remote_parent=str(parent) if parent else None,
            created=from_unix(found.get("created")),
            edit_key=key,
        )

    async def find(self, comment: Outgoing, since: dt.datetime) -> Posted | None:
        """The comment, when an earlier attempt made it and the server shows it: the same text
        and name, made since the attempt (its parent may differ: Isso moves a reply to a
        reply under the top-level comment). A held one is visible to the admin only: it is
        looked for in the queue when signed in."""
        name = (comment.guest.name if comment.guest else "") or None
        candidates = await self.client.thread(comment.article, plain=True)
        if self._credentials is not None:
            for held in await admin.pending(self.client, await self._admin_session()):
                if held.uri == comment.article:
                    candidates.append(
                        {
                            "id": held.id,
                            "text": held.text,
                            "mode": PENDING,
                            "author": held.author or None,
                            "created": None,
                        }
                    )
        for item in candidates:
            created = from_unix(item.get("created"))
            if created is not None and created < since - _SLACK:
                continue
            if item.get("text") != comment.body or _unescaped(item.get("author")) != name:
                continue
            return self._posted(comment.article, item, None)
        return None

    async def edit(self, remote_id: str, body: str, key: EditKey | None = None) -> EditKey | None:
        cid = _number(remote_id, "the comment")
        if (closed := window_closed(key)) is not None:
            raise closed
        assert key is not None
        try:
            response = await self.client.change("PUT", cid, key, {"text": body})
        except EngineError as exc:
            raise _refused(exc) from None
        return edit_key(response, cid)

    async def delete(self, remote_id: str, key: EditKey | None = None) -> None:
        cid = _number(remote_id, "the comment")
        if (closed := window_closed(key)) is not None:
            raise closed
        assert key is not None
        try:
            await self.client.change("DELETE", cid, key)
        except EngineError as exc:
            if exc.status not in (404, 410):
                raise _refused(exc) from None

    async def rights(self, remote_id: str) -> CommentRights:
        # Isso asks for no account: the edit key and its window decide (see edit_window).
        return CommentRights(True, True)

    async def vote(self, remote_id: str, up: bool) -> tuple[int, int]:
        return await self.client.vote(_number(remote_id, "the comment"), up)

    async def _admin_session(self) -> str:
        if self._credentials is None:
            raise EngineError("sign in with the Isso server's admin password to moderate")
        if self._admin is None:
            self._admin = await admin.sign_in(self.client, self._credentials.secret)
        return self._admin

    async def moderation_queue(self) -> list[HeldComment]:
        held = await admin.pending(self.client, await self._admin_session())
        return [self._held(c) for c in held]

    def _held(self, c: admin.AdminComment, status: str = "hold") -> HeldComment:
        item = {"id": c.id, "text": "", "author": c.author, "website": c.website, "mode": 1}
        comment = comment_from_isso(item, self.page_url(c.uri))
        comment.body = c.text
        return HeldComment(
            remote_id=str(c.id),
            article=c.uri,
            author_name=comment.author_name,
            author_url=comment.author_url,
            body=c.text,
            created=None,
            status=status,
            url=comment.url,
            comment=comment,
        )

    async def _moderate(self, cid: int, action: str) -> admin.AdminComment:
        held = {c.id: c for c in await admin.pending(self.client, await self._admin_session())}
        found = held.get(cid)
        if found is None or not found.key:
            raise EngineError(f"comment {cid} is not in the Isso server's moderation queue")
        await admin.act(self.client, cid, action, found.key)
        return found

    async def moderate(self, remote_id: str, action: ModerationAction) -> HeldComment:
        cid = _number(remote_id, "the comment")
        if action not in (ModerationAction.APPROVE, ModerationAction.TRASH):
            raise EngineError("Isso can only approve or delete a held comment")
        verb = "activate" if action == ModerationAction.APPROVE else "delete"
        found = await self._moderate(cid, verb)
        held = self._held(found, action.value)
        if action == ModerationAction.APPROVE and found.uri:
            for item in await self.client.thread(found.uri):
                if number(item.get("id")) == cid:
                    comment = comment_from_isso(item, self.page_url(found.uri))
                    return HeldComment(**{**_fields(held), "comment": comment})
        return held


def _refused(exc: EngineError) -> EngineError:
    """A refused edit or delete: a 403 is how Isso says the edit window has closed."""
    if exc.status != 403:
        return exc
    return EngineError(
        f"the Isso server no longer lets this comment change (its edit window has closed). "
        f"{exc.message}",
        status=403,
    )


def _fields(held: HeldComment) -> dict[str, Any]:
    return {name: getattr(held, name) for name in HeldComment.__dataclass_fields__}


def _unescaped(value: Any) -> str | None:
    """An author name as Isso stored it (it escapes ``&<>``) back as it was typed."""
    import html

    return html.unescape(value) if isinstance(value, str) and value else None
