"""WordPress.com's REST API v1.1 (``https://public-api.wordpress.com/rest/v1.1``): comments
posted, edited and deleted as a WordPress.com user with an OAuth access token, on sites hosted
at WordPress.com and on self-hosted sites connected to it by Jetpack.

Shapes as Jetpack's own endpoint code and tests give them (see ``SIGNIN.md`` §2): writes answer
with the comment, errors with ``{"error": code, "message": text}`` and the HTTP status of the
error. A comment says ``can_moderate``: whether the token's user may edit or delete it (a plain
commenter may not, not even their own).
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx

from agora.core.text import url_host
from agora.engines.wordpress.models import (
    WordPressError,
    WPComment,
    as_int,
    as_str,
    error_text,
    parse_gmt,
)
from agora.engines.wordpress.rest import RestClient
from agora.engines.wordpress.transport import Secret, refuse_insecure

#: Where WordPress.com's API lives; tests give their own server to the engines instead.
WPCOM_API = "https://public-api.wordpress.com"
#: Site options: the site's id at WordPress.com, and the API that knows it.
BLOG, API = "wpcom_blog", "wpcom_api"
#: The errors that mean the token is no good (any more) rather than that this one act is refused.
_TOKEN_REFUSED = ("invalid_token", "authorization_required", "token_expired", "invalid_request")


class _Bearer(httpx.Auth):
    def __init__(self, token: Secret) -> None:
        self._token = token

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = f"Bearer {self._token.reveal()}"
        yield request


@dataclass(frozen=True, slots=True)
class WPComSite:
    """What ``GET /sites/$site`` says of a site."""

    id: int
    name: str
    url: str
    jetpack: bool  #: a self-hosted site connected by Jetpack (not hosted at WordPress.com)


@dataclass(frozen=True, slots=True)
class V11Comment:
    """A comment as v1.1 sends it, and what the token's user may do to it."""

    comment: WPComment
    can_moderate: bool | None  #: None when the site did not say (older Jetpack)


def comment_from_v11(data: Any) -> V11Comment:
    """A v1.1 comment (``ID``, ``post.ID``, ``parent`` false or ``{ID}``, ``author.name``...)."""
    if not isinstance(data, dict) or not as_int(data.get("ID")):
        raise WordPressError("WordPress.com sent a comment without an id")
    post, parent, author = (data.get(k) for k in ("post", "parent", "author"))
    post, parent, author = (v if isinstance(v, dict) else {} for v in (post, parent, author))
    status = as_str(data.get("status"))
    moderate, raw = data.get("can_moderate"), data.get("raw_content")
    return V11Comment(
        WPComment(
            id=as_int(data.get("ID")),
            post=as_int(post.get("ID")),
            parent=as_int(parent.get("ID")),
            author=as_int(author.get("ID")),
            author_name=as_str(author.get("name")),
            author_url=as_str(author.get("URL")),
            date_gmt=parse_gmt(data.get("date")),
            content_html=as_str(data.get("content")),
            link=as_str(data.get("URL")),
            status={"unapproved": "hold"}.get(status, status),
            type=as_str(data.get("type")) or "comment",
            content_raw=raw if isinstance(raw, str) else None,
        ),
        moderate if isinstance(moderate, bool) else None,
    )


class WPComAPI(RestClient):
    """One site on WordPress.com's v1.1 API (``site``: its numeric id or domain), with a
    user's access token or none.

    ``api`` is WordPress.com's API root (:data:`WPCOM_API`); the token goes only there, as
    ``Authorization: Bearer``, never over plain http except to loopback.
    """

    def __init__(self, api: str, site: str, token: str | None = None, **kwargs: Any) -> None:
        super().__init__(api.rstrip("/") + "/rest/v1.1/", site_url=api, **kwargs)
        self.site = quote(site.strip("/").replace("/", "::"), safe=":")  # v1.1: a::b for a/b
        self._token = Secret(token) if token else None
        if token:
            refuse_insecure(self.api_root)

    @property
    def authenticated(self) -> bool:
        return self._token is not None

    def _auth(self) -> httpx.Auth | None:
        return _Bearer(self._token) if self._token is not None else None

    def _require_token(self) -> None:
        if self._token is None:
            raise WordPressError("sign in with WordPress.com first", sign_in_again=True)

    def _api_error(self, response: httpx.Response, url: str) -> WordPressError:
        error = super()._api_error(response, url)
        try:
            data = response.json()
        except ValueError:
            data = None
        if isinstance(data, dict) and isinstance(data.get("error"), str):
            error.code = data["error"]
            message = error_text(data.get("message")) or error.message
            error.message = f"WordPress.com says: {message}"
            error.args = (error.message,)
        if error.code in _TOKEN_REFUSED or (error.status == 401 and self.authenticated):
            error.sign_in_again = True
            error.message = f"WordPress.com refused the sign-in: sign in again ({error.message})"
            error.args = (error.message,)
        error.transient = error.transient or error.code == "comment_flood"
        return error

    async def site_info(self) -> WPComSite:
        """The site as WordPress.com knows it (anonymous reads work for public sites)."""
        data, _ = await self.call("GET", f"/sites/{self.site}")
        if not isinstance(data, dict) or not as_int(data.get("ID")):
            raise WordPressError(f"{url_host(self.api_root)} sent no site for {self.site}")
        return WPComSite(
            as_int(data.get("ID")),
            as_str(data.get("name")),
            as_str(data.get("URL")),
            data.get("jetpack") is True,
        )

    async def me(self) -> str:
        """The token's user's display name (``/me``)."""
        self._require_token()
        data, _ = await self.call("GET", "/me")
        if not isinstance(data, dict) or not as_int(data.get("ID")):
            raise WordPressError("WordPress.com did not say who is signed in")
        return as_str(data.get("display_name")) or as_str(data.get("username"))

    async def reply(self, post_id: int, parent: int, content: str) -> V11Comment:
        """Post ``content`` (HTML) as the token's user: on the post, or under comment
        ``parent``. Not retried."""
        self._require_token()
        where = f"comments/{int(parent)}" if parent else f"posts/{int(post_id)}"
        data, _ = await self.call(
            "POST", f"/sites/{self.site}/{where}/replies/new", json_body={"content": content}
        )
        return comment_from_v11(data)

    async def comment(self, comment_id: int) -> V11Comment:
        data, _ = await self.call("GET", f"/sites/{self.site}/comments/{int(comment_id)}")
        return comment_from_v11(data)

    async def edit(self, comment_id: int, content: str) -> V11Comment:
        self._require_token()
        route = f"/sites/{self.site}/comments/{int(comment_id)}"
        data, _ = await self.call("POST", route, json_body={"content": content}, idempotent=True)
        return comment_from_v11(data)

    async def delete(self, comment_id: int) -> V11Comment:
        """Move the comment to the trash (a second call deletes it for good)."""
        self._require_token()
        data, _ = await self.call("POST", f"/sites/{self.site}/comments/{int(comment_id)}/delete")
        return comment_from_v11(data)

    async def replies(self, post_id: int, after: str) -> list[V11Comment]:
        """A post's comments dated after ``after`` (ISO 8601), at most 100, oldest first."""
        params = {"number": 100, "order": "ASC", "after": after}
        data, _ = await self.call(
            "GET", f"/sites/{self.site}/posts/{int(post_id)}/replies", params=params
        )
        items = data.get("comments") if isinstance(data, dict) else None
        if not isinstance(items, list):
            raise WordPressError("WordPress.com answered with something that is not a reply list")
        return [comment_from_v11(item) for item in items if isinstance(item, dict)]
