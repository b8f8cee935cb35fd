"""A WordPress site as agora uses it: everything :class:`~.reading.Reader` reads, plus comments
posted as a guest (:mod:`.guest`) or as a signed-in user, edited, deleted and moderated.
Everything is asynchronous (one client per event loop).

Failures are :class:`~agora.engines.wordpress.models.WordPressError`, with ``transient``
telling whether trying again later may help and ``outcome_unknown`` telling that a request
which creates something may or may not have reached the server (see
:meth:`~.reading.Reader.find_comment`).
"""

from __future__ import annotations

from typing import Any

from agora.core.text import sanitize_line
from agora.engines.wordpress import guest
from agora.engines.wordpress.models import (
    GuestPostResult,
    SiteInfo,
    WordPressError,
    WPComment,
    WPUser,
    as_int,
    as_str,
    comment_from_json,
    unique_sorted,
)
from agora.engines.wordpress.pagination import collect
from agora.engines.wordpress.reader import COMMENT_FIELDS, Reader


class WordPressClient(Reader):
    """One WordPress site, read anonymously or as a user with an Application Password.

    ``api_root`` comes from :func:`~agora.engines.wordpress.discovery.discover` (or use
    :meth:`for_site`).
    """

    @classmethod
    def for_site(cls, site: SiteInfo, **kwargs: Any) -> WordPressClient:
        """A client for a discovered site."""
        return cls(site.api_root, site_url=site.site_url, **kwargs)

    async def post_guest_comment(
        self, post_id: int, parent: int, name: str, email: str, url: str, body: str
    ) -> GuestPostResult:
        """Post through the classic comment form, as a guest (never with credentials); see
        :func:`agora.engines.wordpress.guest.post_guest_comment`."""
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

    async def comment_methods(self, comment_id: int) -> set[str] | None:
        """What the signed-in user may do to a comment: the methods WordPress's ``Allow``
        header names (``POST``: edit, ``DELETE``: delete), after its permission checks; None
        when the answer has no such header (a proxy dropped it)."""
        self._require_auth()
        route = f"/wp/v2/comments/{int(comment_id)}"
        _, response = await self.call("GET", route, params={"_fields": "id"})
        if "allow" not in response.headers:
            return None
        return {m.strip().upper() for m in response.headers["allow"].split(",") if m.strip()}

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
            "_fields": COMMENT_FIELDS,
        }
        if post_id is not None:
            params["post"] = int(post_id)
        return unique_sorted(
            comment_from_json(item) for item in await collect(self, "/wp/v2/comments", params)
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
