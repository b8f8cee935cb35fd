"""Reading a WordPress site: its newest posts, a post's comments (page by page as they arrive,
or all at once), how many there are, and finding a comment an unanswered attempt may have
created."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncGenerator
from typing import Any

from agora.core.html_text import html_to_text
from agora.core.text import sanitize_line
from agora.engines.wordpress.models import (
    CommentCount,
    WordPressError,
    WPComment,
    WPPost,
    as_int,
    as_str,
    comment_from_json,
    fingerprint,
    iso_z,
    post_from_json,
    unique_sorted,
)
from agora.engines.wordpress.pagination import MAX_PER_PAGE, collect, pages
from agora.engines.wordpress.rest import RestClient
from agora.engines.wordpress.transport import gather_first_error

COMMENT_FIELDS = "id,post,parent,author,author_name,author_url,date_gmt,content,link,status,type"
_POST_FIELDS = (
    "id,date_gmt,modified_gmt,link,title,content,excerpt,author,comment_status,status,type"
)


class Reader(RestClient):
    """What a site shows: its posts, their comments, its users' names."""

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
        items = await collect(
            self,
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
            collect(self, "/wp/v2/posts", {**params, "include": ",".join(map(str, c))})
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
    ) -> AsyncGenerator[list[WPComment], None]:
        """The comments of a post (approved ones unless ``status`` says otherwise), a page at
        a time as pages arrive (several in flight; not in order). A comment may come twice
        when comments are added while the pages are read.

        ``after``: only comments whose ``date_gmt`` is later than that moment.
        """
        params: dict[str, Any] = {
            "post": int(post_id),
            "orderby": "date_gmt",
            "order": "asc",
            "_fields": COMMENT_FIELDS,
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
        async for _, items in pages(self, "/wp/v2/comments", params):
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
        arriving = self.comment_pages(post_id, after=after, status=status, context=context)
        return unique_sorted([c async for page in arriving for c in page])

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
        items = await collect(self, "/wp/v2/comments", params)
        return {as_int(i.get("id")) for i in items if isinstance(i, dict)} - {0}

    async def comments_by_id(self, ids: list[int]) -> list[WPComment]:
        """The approved comments with these ids (100 per request), oldest first."""
        chunks = [ids[i : i + MAX_PER_PAGE] for i in range(0, len(ids), MAX_PER_PAGE)]
        params = {"orderby": "id", "_fields": COMMENT_FIELDS}
        pages = await gather_first_error(
            collect(self, "/wp/v2/comments", {**params, "include": ",".join(map(str, c))})
            for c in chunks
        )
        return unique_sorted(comment_from_json(item) for page in pages for item in page)

    async def comment(self, comment_id: int, *, context: str | None = None) -> WPComment:
        """One comment (held ones only for users allowed to moderate it)."""
        params: dict[str, Any] = {"_fields": COMMENT_FIELDS}
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
