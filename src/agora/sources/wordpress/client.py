"""A WordPress site as agora uses it: posts and comments read anonymously, comments posted as
a guest or as a signed-in user, moderation; everything asynchronous (one client per event
loop) over the REST plumbing of :mod:`agora.sources.wordpress.rest`.

Failures are :class:`~agora.sources.wordpress.models.WordPressError`, with ``transient``
telling whether trying again later may help and ``outcome_unknown`` telling that a request
which creates something may or may not have reached the server (see
:meth:`WordPressClient.find_comment`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

from agora.sources.wordpress import guest
from agora.sources.wordpress.models import (
    CommentCount,
    GuestPostResult,
    SiteInfo,
    WordPressError,
    WPComment,
    WPPost,
    WPUser,
    as_int,
    as_str,
    comment_from_json,
    fingerprint,
    iso_z,
    post_from_json,
    unique_sorted,
)
from agora.sources.wordpress.rest import MAX_PER_PAGE, RestClient
from agora.sources.wordpress.transport import gather_first_error
from agora.text import html_to_text, sanitize_line

_COMMENT_FIELDS = "id,post,parent,author,author_name,author_url,date_gmt,content,link,status,type"
_POST_FIELDS = (
    "id,date_gmt,modified_gmt,link,title,content,excerpt,author,comment_status,status,type"
)


class WordPressClient(RestClient):
    """One WordPress site, read anonymously or as a user with an Application Password.

    ``api_root`` comes from :func:`~agora.sources.wordpress.discovery.discover` (or use
    :meth:`for_site`).
    """

    @classmethod
    def for_site(cls, site: SiteInfo, **kwargs: Any) -> WordPressClient:
        """A client for a discovered site."""
        return cls(site.api_root, site_url=site.site_url, **kwargs)

    # -- posts --------------------------------------------------------------------------------

    async def posts(
        self,
        limit: int = 20,
        *,
        modified_after: dt.datetime | None = None,
        page_size: int = MAX_PER_PAGE,
    ) -> list[WPPost]:
        """The newest published posts (at most ``limit``), newest first.

        ``modified_after``: only posts changed after that moment (WordPress 5.7 and later).
        """
        if limit <= 0:
            return []
        params: dict[str, Any] = {"_fields": _POST_FIELDS, "orderby": "date", "order": "desc"}
        if modified_after is not None:
            params["modified_after"] = iso_z(modified_after)
        items = await self.collect(
            "/wp/v2/posts",
            params,
            per_page=max(1, min(limit, page_size, MAX_PER_PAGE)),
            max_items=limit,
        )
        return [post_from_json(item) for item in items if isinstance(item, dict)]

    async def post(self, post_id: int) -> WPPost:
        """One post."""
        data, _ = await self.call(
            "GET", f"/wp/v2/posts/{int(post_id)}", params={"_fields": _POST_FIELDS}
        )
        if not isinstance(data, dict):
            raise WordPressError("WordPress answered with something that is not a post")
        return post_from_json(data)

    async def posts_by_id(self, ids: list[int]) -> list[WPPost]:
        """The published posts with these ids, 100 per request (others are left out)."""
        chunks = [ids[i : i + MAX_PER_PAGE] for i in range(0, len(ids), MAX_PER_PAGE)]
        params = {"_fields": _POST_FIELDS}
        pages = await gather_first_error(
            self.collect("/wp/v2/posts", {**params, "include": ",".join(map(str, c))})
            for c in chunks
        )
        return [post_from_json(item) for page in pages for item in page if isinstance(item, dict)]

    async def user_names(self, ids: set[int]) -> dict[int, str]:
        """Display names (sanitized) of these users; empty when the site does not list them."""
        ids = ids - {0}
        if not ids:
            return {}
        params = {"include": ",".join(map(str, sorted(ids))), "per_page": 100, "_fields": "id,name"}
        try:
            data, _ = await self.call("GET", "/wp/v2/users", params=params)
        except WordPressError:
            return {}
        if not isinstance(data, list):
            return {}
        return {
            as_int(u.get("id")): sanitize_line(as_str(u.get("name")))
            for u in data
            if isinstance(u, dict) and as_int(u.get("id"))
        }

    # -- comments -----------------------------------------------------------------------------

    async def comment_pages(
        self,
        post_id: int,
        *,
        after: dt.datetime | None = None,
        status: str | None = None,
        context: str | None = None,
    ) -> AsyncIterator[list[WPComment]]:
        """The comments of a post (approved ones unless ``status`` says otherwise), a page at
        a time as pages arrive (several in flight; not in order). A comment may come twice
        when comments are added while the pages are read.

        ``after``: only comments whose ``date_gmt`` is later than that moment.
        """
        params: dict[str, Any] = {
            "post": int(post_id),
            "orderby": "date_gmt",
            "order": "asc",
            "_fields": _COMMENT_FIELDS,
        }
        if status is not None:
            params["status"] = status
        if context is not None:
            params["context"] = context
        limit = None
        if after is not None:
            # WordPress compares with the site's local time; ask for a little more (a DST
            # fold) and filter on date_gmt here.
            params["after"] = iso_z(after - dt.timedelta(hours=1))
            limit = after if after.tzinfo else after.replace(tzinfo=dt.UTC)
        async for _, items in self.pages("/wp/v2/comments", params):
            page = [comment_from_json(item) for item in items]
            if limit is not None:
                page = [c for c in page if c.date_gmt is not None and c.date_gmt > limit]
            yield page

    async def comments(
        self,
        post_id: int,
        *,
        after: dt.datetime | None = None,
        status: str | None = None,
        context: str | None = None,
    ) -> list[WPComment]:
        """Every comment of a post (see :meth:`comment_pages`), each once, oldest first by
        ``date_gmt`` then id."""
        pages = self.comment_pages(post_id, after=after, status=status, context=context)
        return unique_sorted([c async for page in pages for c in page])

    async def comment_count(self, post_id: int) -> CommentCount:
        """How many approved comments the post has, and the highest id among them: one small
        request, to tell whether anything changed since the ids known locally."""
        params: dict[str, Any] = {"post": int(post_id), "per_page": 1, "orderby": "id"}
        params["order"] = "desc"
        params["_fields"] = "id"
        data, response = await self.call("GET", "/wp/v2/comments", params=params)
        if not isinstance(data, list) or (data and not isinstance(data[0], dict)):
            raise WordPressError("WordPress answered with something that is not a comment list")
        newest = as_int(data[0].get("id")) if data else 0
        return CommentCount(as_int(response.headers.get("x-wp-total"), len(data)), newest)

    async def comment_ids(self, post_id: int) -> set[int]:
        """The ids of every approved comment of the post (small pages: ids only)."""
        params = {"post": int(post_id), "orderby": "id", "order": "asc", "_fields": "id"}
        items = await self.collect("/wp/v2/comments", params)
        return {as_int(i.get("id")) for i in items if isinstance(i, dict)} - {0}

    async def comments_by_id(self, ids: list[int]) -> list[WPComment]:
        """The approved comments with these ids (100 per request), oldest first."""
        chunks = [ids[i : i + MAX_PER_PAGE] for i in range(0, len(ids), MAX_PER_PAGE)]
        params = {"orderby": "id", "_fields": _COMMENT_FIELDS}
        pages = await gather_first_error(
            self.collect("/wp/v2/comments", {**params, "include": ",".join(map(str, c))})
            for c in chunks
        )
        return unique_sorted(comment_from_json(item) for page in pages for item in page)

    async def comment(self, comment_id: int, *, context: str | None = None) -> WPComment:
        """One comment (held ones only for users allowed to moderate it)."""
        params: dict[str, Any] = {"_fields": _COMMENT_FIELDS}
        if context:
            params["context"] = context
        data, _ = await self.call("GET", f"/wp/v2/comments/{int(comment_id)}", params=params)
        return comment_from_json(data)

    async def find_comment(
        self,
        post_id: int,
        content: str,
        since: dt.datetime,
        *,
        author_name: str | None = None,
        author_email: str | None = None,
        slack: dt.timedelta = dt.timedelta(minutes=10),
    ) -> WPComment | None:
        """Look for a comment that an unanswered attempt may have created.

        Matches on the post, ``author_name`` (when given), a date no earlier than ``since``
        less ``slack`` (clock skew) and the text (letters and digits of ``content``, so
        WordPress's typographic changes do not matter). Held comments are only visible to
        users who may moderate; when this returns None, resending is still safe: WordPress
        refuses an exact duplicate with ``code == "comment_duplicate"`` (HTTP 409), which
        means the earlier attempt did arrive.
        """
        needles = {
            fp[:80] for fp in (fingerprint(content), fingerprint(html_to_text(content))) if fp
        }
        if not needles:
            return None
        params: dict[str, Any] = {}
        if self.authenticated:
            params = {"status": "all", "context": "edit"}
            if author_email:
                params["author_email"] = author_email
        start = since - slack
        try:
            candidates = await self.comments(post_id, after=start, **params)
        except WordPressError as exc:
            if not params or exc.status not in (400, 401, 403):
                raise
            candidates = await self.comments(post_id, after=start)
        wanted_name = sanitize_line(author_name).casefold() if author_name else None
        for comment in reversed(candidates):
            if wanted_name and sanitize_line(comment.author_name).casefold() != wanted_name:
                continue
            texts = [html_to_text(comment.content_html)]
            if comment.content_raw:
                texts.append(comment.content_raw)
            fingerprints = [fingerprint(t) for t in texts]
            if any(n in fp for n in needles for fp in fingerprints):
                return comment
        return None

    async def post_guest_comment(
        self, post_id: int, parent: int, name: str, email: str, url: str, body: str
    ) -> GuestPostResult:
        """Post through the classic comment form, as a guest (never with credentials); see
        :func:`agora.sources.wordpress.guest.post_guest_comment`."""
        return await guest.post_guest_comment(self, post_id, parent, name, email, url, body)

    # -- signed in ----------------------------------------------------------------------------

    def _require_auth(self) -> None:
        if not self.authenticated:
            raise WordPressError("this needs a user name and an application password")

    async def me(self) -> WPUser:
        """The signed-in user; the way to check credentials, since WordPress treats a wrong
        application password as no password at all on most other requests."""
        self._require_auth()
        data, _ = await self.call(
            "GET", "/wp/v2/users/me", params={"context": "edit", "_fields": "id,name,slug,roles"}
        )
        if not isinstance(data, dict) or not as_int(data.get("id")):
            raise WordPressError("WordPress did not say who is signed in")
        roles = data.get("roles")
        return WPUser(
            id=as_int(data.get("id")),
            name=as_str(data.get("name")),
            slug=as_str(data.get("slug")),
            roles=tuple(r for r in roles if isinstance(r, str)) if isinstance(roles, list) else (),
        )

    async def create_comment(self, post_id: int, content: str, parent: int = 0) -> WPComment:
        """Post a comment as the signed-in user (``status`` may come back ``hold``).

        Not retried; after an error with ``outcome_unknown`` use :meth:`find_comment`.
        """
        self._require_auth()
        data, _ = await self.call(
            "POST",
            "/wp/v2/comments",
            json_body={"post": int(post_id), "parent": int(parent or 0), "content": content},
        )
        return comment_from_json(data)

    async def edit_comment(self, comment_id: int, content: str) -> WPComment:
        """Replace the text of a comment (own comments need the right to edit the post)."""
        self._require_auth()
        data, _ = await self.call(
            "POST", f"/wp/v2/comments/{int(comment_id)}", json_body={"content": content}
        )
        return comment_from_json(data)

    async def delete_comment(self, comment_id: int, force: bool = False) -> WPComment:
        """Move a comment to the trash, or delete it for good with ``force``; returns it as it
        was."""
        self._require_auth()
        params = {"force": "true"} if force else None
        data, _ = await self.call("DELETE", f"/wp/v2/comments/{int(comment_id)}", params=params)
        if force and isinstance(data, dict) and isinstance(data.get("previous"), dict):
            data = data["previous"]
        return comment_from_json(data)

    async def moderation_queue(self, post_id: int | None = None) -> list[WPComment]:
        """Comments held for moderation (of one post, or the whole site), oldest first."""
        self._require_auth()
        params: dict[str, Any] = {
            "status": "hold",
            "context": "edit",
            "orderby": "date_gmt",
            "order": "asc",
            "_fields": _COMMENT_FIELDS,
        }
        if post_id is not None:
            params["post"] = int(post_id)
        return unique_sorted(
            comment_from_json(item) for item in await self.collect("/wp/v2/comments", params)
        )

    async def set_comment_status(self, comment_id: int, status: str) -> WPComment:
        """Moderate: ``approved``, ``hold``, ``spam`` or ``trash``."""
        self._require_auth()
        status = {"approve": "approved", "unapproved": "hold"}.get(status, status)
        if status not in ("approved", "hold", "spam", "trash"):
            raise WordPressError(f"not a comment status: {sanitize_line(status)}")
        data, _ = await self.call(
            "POST",
            f"/wp/v2/comments/{int(comment_id)}",
            json_body={"status": status},
            idempotent=True,
        )
        return comment_from_json(data)
