"""A low-level WordPress client: the REST API and the classic comment form, over httpx.

Everything here is asynchronous (``httpx.AsyncClient``); use one :class:`WordPressClient` per
event loop. Strings in the returned objects are WordPress's own, **untrusted** (HTML in
``*_html`` fields, names and URLs as sent): the caller passes them through
:func:`agora.text.html_to_text` / :func:`agora.text.sanitize` before storing or showing them.
Error messages are already sanitized text.

Failures are :class:`WordPressError`, with ``transient`` telling whether trying again later may
help and ``outcome_unknown`` telling that a request which creates something may or may not
have reached the server (see :meth:`WordPressClient.find_comment`).
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import ipaddress
import json
import logging
import random
import re
import time
from collections.abc import Awaitable, Callable, Coroutine, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import parse_qs, parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import httpx

from agora import __version__
from agora.errors import AgoraError
from agora.text import html_to_text, sanitize_line

log = logging.getLogger("agora.wordpress")

USER_AGENT = f"agora/{__version__} (+terminal discussion reader)"
#: REST API pages hold at most this many items.
MAX_PER_PAGE = 100
DEFAULT_TIMEOUT = 10.0
DEFAULT_CONCURRENCY = 4
#: Largest response body read into memory, in bytes.
MAX_BODY = 64 * 1024 * 1024

_COMMENT_FIELDS = "id,post,parent,author,author_name,author_url,date_gmt,content,link,status,type"
_POST_FIELDS = (
    "id,date_gmt,modified_gmt,link,title,content,excerpt,author,comment_status,status,type"
)
_INDEX_FIELDS = "name,description,url,home,namespaces,authentication"
_API_REL = "https://api.w.org/"
_T = TypeVar("_T")


class WordPressError(AgoraError):
    """A WordPress request failed; ``str(error)`` is a message fit to show as it is.

    ``code`` is WordPress's error code when it gave one (``comment_duplicate``,
    ``rest_comment_closed``...), ``status`` the HTTP status (None when no answer came),
    ``transient`` whether the same request may succeed later (network trouble, flood control,
    5xx), ``outcome_unknown`` whether a request that creates or changes something may have
    taken effect although no answer arrived.
    """

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        status: int | None = None,
        transient: bool = False,
        outcome_unknown: bool = False,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status
        self.transient = transient
        self.outcome_unknown = outcome_unknown

    def __repr__(self) -> str:
        return (
            f"WordPressError({self.message!r}, code={self.code!r}, status={self.status!r}, "
            f"transient={self.transient!r}, outcome_unknown={self.outcome_unknown!r})"
        )


# -- results ------------------------------------------------------------------------------------


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
class RetryPolicy:
    """Exponential backoff with jitter for idempotent requests.

    Attempt ``n`` (0-based) waits ``min(cap, base * 2**n)``, less up to ``jitter`` of it at
    random; a ``Retry-After`` header can lengthen that up to ``max_retry_after``.
    """

    retries: int = 3
    base: float = 0.25
    cap: float = 2.0
    jitter: float = 0.5
    max_retry_after: float = 10.0

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        wait = min(self.cap, self.base * (2**attempt))
        wait -= wait * self.jitter * random.random()
        if retry_after is not None:
            wait = max(wait, min(retry_after, self.max_retry_after))
        return max(0.0, wait)


class _Secret:
    """A string that never shows itself in repr(), str() or pickles."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "'********'"

    __str__ = __repr__

    def __reduce__(self) -> Any:
        raise TypeError("secrets cannot be pickled")


# -- helpers ------------------------------------------------------------------------------------


def is_loopback_host(host: str | None) -> bool:
    """True for ``localhost`` (and ``*.localhost``), 127.0.0.0/8 and ::1."""
    if not host:
        return False
    host = host.strip("[]").rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


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


def _iso_z(value: dt.datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _int(value: object, default: int = 0) -> int:
    if isinstance(value, bool):
        return default
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return default


def _str(value: object) -> str:
    return value if isinstance(value, str) else ""


def _rendered(value: object) -> str:
    if isinstance(value, dict):
        return _str(value.get("rendered"))
    return _str(value)


def _host_of(url: str) -> str:
    try:
        return urlsplit(url).netloc or url
    except ValueError:
        return url


def _fingerprint(text: str) -> str:
    """Letters and digits only, case-folded: survives wpautop, wptexturize and entities."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _error_text(message: object, limit: int = 300) -> str:
    text = sanitize_line(html_to_text(_str(message)))
    return text if len(text) <= limit else text[: limit - 1] + "…"


_WP_DIE = re.compile(
    r"<div[^>]*class=[\"'][^\"']*\bwp-die-message\b[^\"']*[\"'][^>]*>(.*?)</div>",
    re.S | re.I,
)
_BACK_LINK = re.compile(
    r"<p>\s*<a[^>]+href=[\"']javascript:history\.back\(\)[\"'].*?</p>", re.S | re.I
)
_BODY = re.compile(r"<body[^>]*>(.*?)(?:</body>|$)", re.S | re.I)
_COMMENT_ANCHOR = re.compile(r"^comment-(\d+)$")
_LINK_TAG = re.compile(r"<link\b[^>]*>", re.I)
_ATTR = re.compile(r"""([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_POST_ROUTE = re.compile(r"/wp/v2/posts/(\d+)(?:[/?&#]|$)")


def wp_die_message(html: str) -> str:
    """The message of a ``wp_die()`` page, as text, without the "« Back" link."""
    match = _WP_DIE.search(html)
    if match:
        fragment = match.group(1)
    else:
        body = _BODY.search(html)
        fragment = body.group(1) if body else html
    fragment = _BACK_LINK.sub("", fragment)
    return _error_text(fragment)


def _parse_json(text: str) -> Any:
    """JSON, tolerating the PHP notices some sites print before it."""
    try:
        return json.loads(text)
    except ValueError:
        pass
    decoder = json.JSONDecoder()
    for match in re.finditer(r"[\[{]", text[:65536]):
        try:
            value, _ = decoder.raw_decode(text, match.start())
        except ValueError:
            continue
        if isinstance(value, (dict, list)):
            return value
    raise ValueError("not JSON")


_HEADER_LINK = re.compile(r"<([^>]*)>((?:\s*;\s*[^;,]*)*)")
_LINK_PARAM = re.compile(r"""([a-zA-Z*-]+)\s*=\s*(?:"([^"]*)"|([^;,\s]*))""")


def _links_from_headers(response: httpx.Response, base: str) -> list[dict[str, str]]:
    """Every ``Link`` header entry: dicts with ``url`` (absolute), ``rel`` and ``type``."""
    links = []
    for value in response.headers.get_list("link"):
        for match in _HEADER_LINK.finditer(value):
            entry = {
                m.group(1).lower(): m.group(2) if m.group(2) is not None else m.group(3)
                for m in _LINK_PARAM.finditer(match.group(2))
            }
            entry["url"] = urljoin(base, match.group(1).strip())
            links.append(entry)
    return links


def _links_from_html(text: str, base: str) -> list[dict[str, str]]:
    links = []
    head = text[:262144]
    end = head.lower().find("</head>")
    if end >= 0:
        head = head[:end]
    for tag in _LINK_TAG.findall(head):
        attrs = {m.group(1).lower(): m.group(2) or m.group(3) or "" for m in _ATTR.finditer(tag)}
        if attrs.get("href"):
            links.append(
                {
                    "url": urljoin(base, attrs["href"]),
                    "rel": attrs.get("rel", ""),
                    "type": attrs.get("type", ""),
                }
            )
    return links


def _with_rest_route(url: str) -> str:
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "rest_route"]
    query.append(("rest_route", "/"))
    return urlunsplit(
        (parts.scheme, parts.netloc, parts.path or "/", urlencode(query, safe="/"), "")
    )


def _without_param(url: str, name: str) -> str:
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != name]
    return urlunsplit(
        (parts.scheme, parts.netloc, parts.path, urlencode(query, safe="/"), parts.fragment)
    )


def _with_params(url: str, params: dict[str, Any]) -> str:
    """``url`` with ``params`` added to its query (httpx would replace the query instead, and
    ``?rest_route=`` API roots keep the route there)."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    query += [(k, str(v)) for k, v in params.items() if v is not None]
    return urlunsplit(
        (parts.scheme, parts.netloc, parts.path, urlencode(query, safe="/,:"), parts.fragment)
    )


def _site_url_from_api_root(api_root: str) -> str:
    parts = urlsplit(api_root)
    if "rest_route=" in parts.query:
        return urlunsplit((parts.scheme, parts.netloc, parts.path, "", "")).rstrip("/")
    path = parts.path.rstrip("/")
    if path.endswith("/wp-json"):
        path = path[: -len("/wp-json")]
    return urlunsplit((parts.scheme, parts.netloc, path, "", "")).rstrip("/")


async def _gather(coros: Iterable[Coroutine[Any, Any, _T]]) -> list[_T]:
    """Run coroutines together; on the first failure cancel the rest and raise it."""
    tasks: list[asyncio.Task[_T]] = []
    try:
        async with asyncio.TaskGroup() as group:
            for coro in coros:
                tasks.append(group.create_task(coro))
    except BaseExceptionGroup as eg:
        errors = list(eg.exceptions)
        first = next((e for e in errors if isinstance(e, WordPressError)), errors[0])
        raise first from None
    return [task.result() for task in tasks]


# -- the client ---------------------------------------------------------------------------------


Sleep = Callable[[float], Awaitable[None]]


class WordPressClient:
    """One WordPress site, read anonymously or as a user with an Application Password.

    ``api_root`` comes from :func:`discover` (or use :meth:`for_site`). With ``username`` and
    ``password`` every REST request carries HTTP Basic credentials; they are refused (before
    any request) for plain ``http://`` to anything but a loopback host. Idempotent GETs are
    retried on network errors, 429 and 5xx with ``retry`` (waits go through ``sleep``, so tests
    can make them instant); nothing that creates or changes comments is retried.
    """

    def __init__(
        self,
        api_root: str,
        *,
        site_url: str | None = None,
        username: str | None = None,
        password: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        concurrency: int = DEFAULT_CONCURRENCY,
        sleep: Sleep | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        parts = urlsplit(api_root)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise WordPressError(f"not a web address: {sanitize_line(api_root)}")
        if parts.username or parts.password:
            raise WordPressError("the API address must not contain a user name or password")
        if "rest_route=" not in parts.query and not parts.path.endswith("/"):
            api_root += "/"
        self.api_root = api_root
        self.site_url = (site_url or _site_url_from_api_root(api_root)).rstrip("/")
        if (username is None) != (password is None):
            raise WordPressError("give both a user name and an application password, or neither")
        self._username = username
        self._password = _Secret(password) if password is not None else None
        if password is not None:
            for url in (self.api_root, self.site_url):
                _refuse_insecure(url)
        self.timeout = timeout
        self.retry = retry or RetryPolicy()
        self.concurrency = max(1, concurrency)
        self._sleep: Sleep = sleep or asyncio.sleep
        self._limit: asyncio.Semaphore | None = None
        self._http = httpx.AsyncClient(
            timeout=httpx.Timeout(timeout, connect=min(timeout, DEFAULT_TIMEOUT)),
            headers={"User-Agent": USER_AGENT, "Accept": "application/json, */*;q=0.5"},
            follow_redirects=False,
            transport=transport,
            limits=httpx.Limits(max_connections=self.concurrency + 2),
        )

    @classmethod
    def for_site(cls, site: SiteInfo, **kwargs: Any) -> WordPressClient:
        """A client for a discovered site."""
        return cls(site.api_root, site_url=site.site_url, **kwargs)

    def __repr__(self) -> str:
        user = f", username={self._username!r}, password='********'" if self._username else ""
        return f"WordPressClient(api_root={self.api_root!r}{user})"

    @property
    def username(self) -> str | None:
        return self._username

    @property
    def authenticated(self) -> bool:
        return self._password is not None

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> WordPressClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    # -- plumbing -----------------------------------------------------------------------------

    def route_url(self, route: str) -> str:
        """The URL of a REST route (``/wp/v2/comments``) under this API root."""
        parts = urlsplit(self.api_root)
        if "rest_route=" in parts.query:
            query = [(k, v) for k, v in parse_qsl(parts.query) if k != "rest_route"]
            query.append(("rest_route", route))
            return urlunsplit(
                (parts.scheme, parts.netloc, parts.path, urlencode(query, safe="/"), "")
            )
        return self.api_root.rstrip("/") + route

    def _auth(self) -> httpx.Auth | None:
        if self._password is None or self._username is None:
            return None
        return httpx.BasicAuth(self._username, self._password.reveal())

    def _semaphore(self) -> asyncio.Semaphore:
        if self._limit is None:
            self._limit = asyncio.Semaphore(self.concurrency)
        return self._limit

    async def _send(
        self,
        method: str,
        url: str,
        *,
        params: dict[str, Any] | None = None,
        json_body: Any = None,
        form: dict[str, str] | None = None,
        idempotent: bool,
        auth: bool = True,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        """Send one request, retrying idempotent ones; raise WordPressError on no answer."""
        if params:
            url = _with_params(url, params)
        credentials = self._auth() if auth else None
        if credentials is not None:
            _refuse_insecure(url)
        attempt = 0
        while True:
            began = time.monotonic()
            try:
                async with self._semaphore():
                    response = await self._http.request(
                        method,
                        url,
                        json=json_body,
                        data=form,
                        headers=headers,
                        auth=credentials if credentials is not None else httpx.USE_CLIENT_DEFAULT,
                    )
            except httpx.TransportError as exc:
                error = _network_error(exc, url, self.timeout, idempotent)
                log.debug("%s %s failed: %s", method, _safe_url(url), error.message)
                if idempotent and attempt < self.retry.retries:
                    await self._sleep(self.retry.delay(attempt))
                    attempt += 1
                    continue
                raise error from None
            log.debug(
                "%s %s -> %s (%.0f ms)",
                method,
                _safe_url(str(response.url)),
                response.status_code,
                (time.monotonic() - began) * 1000,
            )
            status = response.status_code
            if idempotent and (status == 429 or status >= 500) and attempt < self.retry.retries:
                await self._sleep(self.retry.delay(attempt, _retry_after(response)))
                attempt += 1
                continue
            if len(response.content) > MAX_BODY:  # pragma: no cover - defensive
                raise WordPressError(f"{_host_of(url)} sent an answer too large to read")
            return response

    async def _api(
        self,
        method: str,
        route: str,
        *,
        params: dict[str, Any] | None = None,
        json_body: Any = None,
        idempotent: bool | None = None,
    ) -> tuple[Any, httpx.Response]:
        """Call a REST route and return (decoded JSON, response); raise on error answers."""
        if idempotent is None:
            idempotent = method == "GET"
        url = self.route_url(route)
        response = await self._send(
            method, url, params=params, json_body=json_body, idempotent=idempotent
        )
        if response.status_code >= 300:
            raise self._api_error(response, url)
        try:
            data = _parse_json(response.text)
        except ValueError:
            raise WordPressError(
                f"{_host_of(url)} answered {route} with something that is not JSON",
                status=response.status_code,
            ) from None
        return data, response

    def _api_error(self, response: httpx.Response, url: str) -> WordPressError:
        status = response.status_code
        code = None
        message = ""
        try:
            data = _parse_json(response.text)
        except ValueError:
            data = None
        if isinstance(data, dict):
            code = _str(data.get("code")) or None
            message = _error_text(data.get("message"))
        if 300 <= status < 400:
            message = (
                f"{_host_of(url)} redirected the request to "
                f"{sanitize_line(response.headers.get('location', '?'))}; "
                "discover the site again"
            )
        elif status == 401 and self.authenticated:
            message = "wrong username or application password" + (
                f" (WordPress says: {message})" if message else ""
            )
        elif not message:
            message = f"{_host_of(url)} answered HTTP {status}"
            if status == 404:
                message += " (not found)"
        transient = status == 429 or status >= 500 or code == "comment_flood"
        return WordPressError(message, code=code, status=status, transient=transient)

    async def _collect(
        self,
        route: str,
        params: dict[str, Any],
        *,
        per_page: int = MAX_PER_PAGE,
        max_items: int | None = None,
    ) -> list[Any]:
        """Every item of a paginated collection: page 1, then the rest concurrently."""
        params = {**params, "per_page": per_page}
        first, response = await self._page(route, params, 1)
        total_pages = _int(response.headers.get("x-wp-totalpages"), 1) if response else 1
        wanted = total_pages
        if max_items is not None:
            wanted = min(wanted, -(-max_items // per_page))
        pages = [first]
        if wanted > 1:
            rest = await _gather(self._page(route, params, p) for p in range(2, wanted + 1))
            pages.extend(items for items, _ in rest)
        # Items added while we read can push the collection past the last page we knew.
        next_page = wanted + 1
        while (max_items is None or sum(map(len, pages)) < max_items) and len(
            pages[-1]
        ) >= per_page:
            items, _ = await self._page(route, params, next_page)
            if not items:
                break
            pages.append(items)
            next_page += 1
        items = [item for page in pages for item in page]
        return items if max_items is None else items[:max_items]

    async def _page(
        self, route: str, params: dict[str, Any], page: int
    ) -> tuple[list[Any], httpx.Response | None]:
        try:
            data, response = await self._api("GET", route, params={**params, "page": page})
        except WordPressError as exc:
            if exc.status == 400 and exc.code in (
                "rest_post_invalid_page_number",
                "rest_comment_invalid_page_number",
                "rest_invalid_page_number",
            ):
                return [], None
            raise
        if not isinstance(data, list):
            raise WordPressError(
                f"{_host_of(self.api_root)} answered {route} with something that is not a list"
            )
        return data, response

    # -- reading ------------------------------------------------------------------------------

    async def posts(
        self,
        limit: int = 20,
        *,
        modified_after: dt.datetime | None = None,
        page_size: int = MAX_PER_PAGE,
    ) -> list[WPPost]:
        """The newest published posts (at most ``limit``), newest first; pages after the first
        are fetched concurrently.

        ``modified_after``: only posts changed after that moment (WordPress 5.7 and later).
        """
        if limit <= 0:
            return []
        params: dict[str, Any] = {"_fields": _POST_FIELDS, "orderby": "date", "order": "desc"}
        if modified_after is not None:
            params["modified_after"] = _iso_z(modified_after)
        items = await self._collect(
            "/wp/v2/posts",
            params,
            per_page=max(1, min(limit, page_size, MAX_PER_PAGE)),
            max_items=limit,
        )
        return [_post(item) for item in items if isinstance(item, dict)]

    async def post(self, post_id: int) -> WPPost:
        """One post."""
        data, _ = await self._api(
            "GET", f"/wp/v2/posts/{int(post_id)}", params={"_fields": _POST_FIELDS}
        )
        if not isinstance(data, dict):
            raise WordPressError("WordPress answered with something that is not a post")
        return _post(data)

    async def comments(
        self,
        post_id: int,
        *,
        after: dt.datetime | None = None,
        status: str | None = None,
        context: str | None = None,
    ) -> list[WPComment]:
        """Every comment of a post (approved ones unless ``status`` says otherwise), oldest
        first by ``date_gmt`` then id; pages are fetched concurrently.

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
        if after is not None:
            # WordPress compares with the site's local time; ask for a little more (a DST
            # fold) and filter on date_gmt here.
            params["after"] = _iso_z(after - dt.timedelta(hours=1))
        comments = _unique_sorted(
            _comment(item) for item in await self._collect("/wp/v2/comments", params)
        )
        if after is not None:
            limit = after if after.tzinfo else after.replace(tzinfo=dt.UTC)
            comments = [c for c in comments if c.date_gmt is not None and c.date_gmt > limit]
        return comments

    async def comment(self, comment_id: int, *, context: str | None = None) -> WPComment:
        """One comment (held ones only for users allowed to moderate it)."""
        params: dict[str, Any] = {"_fields": _COMMENT_FIELDS}
        if context:
            params["context"] = context
        data, _ = await self._api("GET", f"/wp/v2/comments/{int(comment_id)}", params=params)
        return _comment(data)

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
            fp[:80] for fp in (_fingerprint(content), _fingerprint(html_to_text(content))) if fp
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
            fingerprints = [_fingerprint(t) for t in texts]
            if any(n in fp for n in needles for fp in fingerprints):
                return comment
        return None

    # -- posting as a guest -------------------------------------------------------------------

    async def post_guest_comment(
        self,
        post_id: int,
        parent: int,
        name: str,
        email: str,
        url: str,
        body: str,
    ) -> GuestPostResult:
        """Post through the classic comment form, as a guest (never with credentials).

        Success is only a redirect to ``...#comment-N``; ``held`` when WordPress added
        ``unapproved=N`` (moderation). Anything else raises WordPressError with WordPress's
        own message: ``transient`` for flood control (429) and server or network trouble,
        permanent for duplicates (409), closed comments (403) and rejected fields (200).
        """
        target = self.site_url + "/wp-comments-post.php"
        form = {
            "comment_post_ID": str(int(post_id)),
            "comment_parent": str(int(parent or 0)),
            "author": name,
            "email": email,
            "url": url or "",
            "comment": body,
        }
        try:
            # An Accept naming JSON would make wp_die() answer in (mangled) JSON.
            response = await self._send(
                "POST",
                target,
                form=form,
                idempotent=False,
                auth=False,
                headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"},
            )
        except WordPressError as exc:
            if exc.outcome_unknown:
                exc.message = f"{exc.message}; the comment may or may not have been posted"
                exc.args = (exc.message,)
            raise
        return _guest_result(response, target)

    # -- signed in ----------------------------------------------------------------------------

    def _require_auth(self) -> None:
        if not self.authenticated:
            raise WordPressError("this needs a user name and an application password")

    async def me(self) -> WPUser:
        """The signed-in user; the way to check credentials, since WordPress treats a wrong
        application password as no password at all on most other requests."""
        self._require_auth()
        data, _ = await self._api(
            "GET", "/wp/v2/users/me", params={"context": "edit", "_fields": "id,name,slug,roles"}
        )
        if not isinstance(data, dict) or not _int(data.get("id")):
            raise WordPressError("WordPress did not say who is signed in")
        roles = data.get("roles")
        return WPUser(
            id=_int(data.get("id")),
            name=_str(data.get("name")),
            slug=_str(data.get("slug")),
            roles=tuple(r for r in roles if isinstance(r, str)) if isinstance(roles, list) else (),
        )

    async def create_comment(self, post_id: int, content: str, parent: int = 0) -> WPComment:
        """Post a comment as the signed-in user (``status`` may come back ``hold``).

        Not retried; after an error with ``outcome_unknown`` use :meth:`find_comment`.
        """
        self._require_auth()
        data, _ = await self._api(
            "POST",
            "/wp/v2/comments",
            json_body={"post": int(post_id), "parent": int(parent or 0), "content": content},
        )
        return _comment(data)

    async def edit_comment(self, comment_id: int, content: str) -> WPComment:
        """Replace the text of a comment (own comments need the right to edit the post)."""
        self._require_auth()
        data, _ = await self._api(
            "POST", f"/wp/v2/comments/{int(comment_id)}", json_body={"content": content}
        )
        return _comment(data)

    async def delete_comment(self, comment_id: int, force: bool = False) -> WPComment:
        """Move a comment to the trash, or delete it for good with ``force``; returns it as it
        was."""
        self._require_auth()
        params = {"force": "true"} if force else None
        data, _ = await self._api("DELETE", f"/wp/v2/comments/{int(comment_id)}", params=params)
        if force and isinstance(data, dict) and isinstance(data.get("previous"), dict):
            data = data["previous"]
        return _comment(data)

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
        return _unique_sorted(
            _comment(item) for item in await self._collect("/wp/v2/comments", params)
        )

    async def set_comment_status(self, comment_id: int, status: str) -> WPComment:
        """Moderate: ``approved``, ``hold``, ``spam`` or ``trash``."""
        self._require_auth()
        status = {"approve": "approved", "unapproved": "hold"}.get(status, status)
        if status not in ("approved", "hold", "spam", "trash"):
            raise WordPressError(f"not a comment status: {sanitize_line(status)}")
        data, _ = await self._api(
            "POST",
            f"/wp/v2/comments/{int(comment_id)}",
            json_body={"status": status},
            idempotent=True,
        )
        return _comment(data)


# -- discovery ----------------------------------------------------------------------------------


async def discover(
    url: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    retry: RetryPolicy | None = None,
    sleep: Sleep | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> SiteInfo:
    """Find the WordPress REST API of the site ``url`` belongs to.

    Reads the ``Link: <...>; rel="https://api.w.org/"`` header (or ``<link>`` tag) of ``url``,
    else tries ``?rest_route=/``. Raises WordPressError: transient when the site cannot be
    reached or does not answer in time, permanent when it is not WordPress.
    """
    url = url.strip()
    if "://" not in url:
        url = "https://" + url
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise WordPressError(f"not a web address: {sanitize_line(url)}")
    client = WordPressClient(
        urlunsplit((parts.scheme, parts.netloc, "/wp-json/", "", "")),
        timeout=timeout,
        retry=retry,
        sleep=sleep,
        transport=transport,
    )
    async with client:
        return await _discover(client, url)


async def _discover(client: WordPressClient, url: str) -> SiteInfo:
    host = _host_of(url)
    response = await _get_following(client, url, page=True)
    final_url = str(response.url)
    links = _links_from_headers(response, final_url)
    if "html" in response.headers.get("content-type", ""):
        links += _links_from_html(response.text, final_url)
    post_id = None
    for link in links:
        rel = link.get("rel", "").split()
        if "alternate" in rel and "json" in link.get("type", ""):
            match = _POST_ROUTE.search(link["url"])
            if match:
                post_id = int(match.group(1))
                break
    announced = [link["url"] for link in links if _API_REL in link.get("rel", "").split()]
    candidates: list[tuple[str, bool]] = [(u, True) for u in announced[:1]]
    if not candidates:
        origin = urlunsplit((urlsplit(final_url).scheme, urlsplit(final_url).netloc, "/", "", ""))
        for candidate in (_with_rest_route(final_url), _with_rest_route(origin)):
            if candidate not in (c for c, _ in candidates):
                candidates.append((candidate, False))
    problem: WordPressError | None = None
    for api_root, was_announced in candidates:
        try:
            return await _read_index(client, api_root, final_url, post_id, was_announced)
        except WordPressError as exc:
            if exc.transient or was_announced:
                raise
            problem = problem or exc
    status = f" (HTTP {response.status_code})" if response.status_code >= 400 else ""
    raise WordPressError(
        f"{host} does not look like a WordPress site: no WordPress REST API found{status}",
        status=response.status_code,
    ) from problem


async def _get_following(
    client: WordPressClient, url: str, *, page: bool = False, hops: int = 8
) -> httpx.Response:
    headers = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"} if page else None
    for _ in range(hops):
        response = await client._send("GET", url, idempotent=True, auth=False, headers=headers)
        if response.status_code in (301, 302, 303, 307, 308) and "location" in response.headers:
            url = urljoin(str(response.url), response.headers["location"])
            if urlsplit(url).scheme not in ("http", "https"):
                break
            continue
        return response
    raise WordPressError(f"{_host_of(url)} redirects too many times")


async def _read_index(
    client: WordPressClient, api_root: str, page_url: str, post_id: int | None, announced: bool
) -> SiteInfo:
    host = _host_of(api_root)
    sep = "&" if "?" in api_root else "?"
    response = await _get_following(client, f"{api_root}{sep}_fields={_INDEX_FIELDS}")
    if response.status_code in (401, 403):
        raise WordPressError(
            f"the WordPress REST API of {host} refuses anonymous readers "
            f"(HTTP {response.status_code})",
            status=response.status_code,
        )
    if response.status_code >= 400:
        raise WordPressError(
            f"{host} announces a WordPress REST API at {sanitize_line(api_root)} "
            f"but it answers HTTP {response.status_code}",
            status=response.status_code,
            transient=response.status_code == 429 or response.status_code >= 500,
        )
    try:
        index = _parse_json(response.text)
    except ValueError:
        raise WordPressError(
            f"{host} answered the WordPress REST API address {sanitize_line(api_root)} "
            "with something that is not JSON",
            status=response.status_code,
        ) from None
    namespaces = index.get("namespaces") if isinstance(index, dict) else None
    if not isinstance(namespaces, list):
        raise WordPressError(
            f"{host} answered {sanitize_line(api_root)} with JSON that is not a "
            "WordPress REST API index"
        )
    if "wp/v2" not in namespaces:
        raise WordPressError(
            f"the WordPress REST API of {host} has no wp/v2 routes (a plugin may disable them)"
        )
    auth = index.get("authentication")
    api_root = _without_param(str(response.url), "_fields")
    site_url = _str(index.get("url")) or _site_url_from_api_root(api_root)
    return SiteInfo(
        url=page_url,
        api_root=api_root,
        site_url=site_url.rstrip("/"),
        home=_str(index.get("home")) or site_url,
        name=sanitize_line(html_to_text(_str(index.get("name")))),
        description=sanitize_line(html_to_text(_str(index.get("description")))),
        app_passwords_supported=isinstance(auth, dict) and "application-passwords" in auth,
        post_id=post_id,
    )


# -- parsing ------------------------------------------------------------------------------------


def _post(data: dict[str, Any]) -> WPPost:
    post_id = _int(data.get("id"))
    if not post_id:
        raise WordPressError("WordPress sent a post without an id")
    return WPPost(
        id=post_id,
        date_gmt=parse_gmt(data.get("date_gmt")),
        modified_gmt=parse_gmt(data.get("modified_gmt")),
        link=_str(data.get("link")),
        title_html=_rendered(data.get("title")),
        content_html=_rendered(data.get("content")),
        excerpt_html=_rendered(data.get("excerpt")),
        author=_int(data.get("author")),
        comment_status=_str(data.get("comment_status")),
        status=_str(data.get("status")),
        type=_str(data.get("type")),
    )


def _comment(data: Any) -> WPComment:
    if not isinstance(data, dict) or not _int(data.get("id")):
        raise WordPressError("WordPress sent a comment without an id")
    content = data.get("content")
    raw = content.get("raw") if isinstance(content, dict) else None
    return WPComment(
        id=_int(data.get("id")),
        post=_int(data.get("post")),
        parent=_int(data.get("parent")),
        author=_int(data.get("author")),
        author_name=_str(data.get("author_name")),
        author_url=_str(data.get("author_url")),
        date_gmt=parse_gmt(data.get("date_gmt")),
        content_html=_rendered(content),
        link=_str(data.get("link")),
        status=_str(data.get("status")),
        type=_str(data.get("type")) or "comment",
        content_raw=raw if isinstance(raw, str) else None,
    )


_EPOCH = dt.datetime.min.replace(tzinfo=dt.UTC)


def _unique_sorted(comments: Iterable[WPComment]) -> list[WPComment]:
    by_id = {c.id: c for c in comments}
    return sorted(by_id.values(), key=lambda c: (c.date_gmt or _EPOCH, c.id))


def _guest_result(response: httpx.Response, url: str) -> GuestPostResult:
    status = response.status_code
    location = response.headers.get("location", "")
    if status in (301, 302, 303, 307) and location:
        parts = urlsplit(location)
        match = _COMMENT_ANCHOR.match(parts.fragment)
        if match:
            comment_id = int(match.group(1))
            held = str(comment_id) in parse_qs(parts.query).get("unapproved", [])
            return GuestPostResult(comment_id=comment_id, held=held, location=location)
        raise WordPressError(
            f"WordPress did not accept the comment (it redirected to "
            f"{sanitize_line(location)[:200]})",
            status=status,
        )
    message = ""
    if "json" in response.headers.get("content-type", ""):
        try:
            data = _parse_json(response.text)
        except ValueError:
            data = None
        if isinstance(data, dict):
            message = _error_text(data.get("message"))
    elif response.text.strip():
        message = wp_die_message(response.text)
    transient = status == 429 or status >= 500
    if not message:
        message = (
            f"WordPress refused the comment without saying why (HTTP {status}); "
            "the post may not exist or may not accept comments"
        )
    code = {409: "comment_duplicate", 429: "comment_flood", 403: "comment_closed"}.get(status)
    raise WordPressError(message, code=code, status=status, transient=transient)


def _refuse_insecure(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme == "https":
        return
    if parts.scheme == "http" and is_loopback_host(parts.hostname):
        return
    raise WordPressError(
        f"refusing to send the application password to {sanitize_line(parts.netloc)} over "
        "plain http; use the site's https:// address"
    )


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "").strip()
    if value.isdigit():
        return float(value)
    return None


def _network_error(
    exc: httpx.TransportError, url: str, timeout: float, idempotent: bool
) -> WordPressError:
    host = _host_of(url)
    if isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout):
        return WordPressError(
            f"{host} did not accept a connection within {timeout:g} s", transient=True
        )
    if isinstance(exc, httpx.ConnectError):
        reason = _reason(exc)
        return WordPressError(f"cannot connect to {host} ({reason})", transient=True)
    if isinstance(exc, httpx.TimeoutException):
        return WordPressError(
            f"{host} did not answer within {timeout:g} s",
            transient=True,
            outcome_unknown=not idempotent,
        )
    if isinstance(exc, httpx.UnsupportedProtocol):
        return WordPressError(f"not a web address: {sanitize_line(url)}")
    return WordPressError(
        f"the connection to {host} failed ({_reason(exc)})",
        transient=True,
        outcome_unknown=not idempotent,
    )


def _reason(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    text = re.sub(r"^\[Errno -?\d+\]\s*", "", text)
    return sanitize_line(text)[:200].lower() or "network error"


def _safe_url(url: str) -> str:
    """A URL for logs: without any user info."""
    parts = urlsplit(url)
    if parts.username or parts.password:
        netloc = parts.hostname or ""
        if parts.port:
            netloc += f":{parts.port}"
        return urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
    return url


def basic_auth_token(username: str, password: str) -> str:
    """The base64 part of an HTTP Basic header (for tests that look for leaks)."""
    return base64.b64encode(f"{username}:{password}".encode()).decode()
