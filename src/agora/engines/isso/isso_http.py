"""HTTP to one Isso server: its JSON API, its admin pages and the blog pages around it.

Isso answers refusals with a small HTML page whose ``<p>`` is its reason ("text is too short
(minimum length: 3)", a guard's "ratelimit exceeded"); :func:`refusal` keeps those words. A
request that creates or changes something and gets no answer is ``outcome_unknown``; reads are
retried a few times. Secrets (an edit key, the admin session) travel only in a ``Cookie``
header built for the one request, never in a repr, a log line or an error.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import re
from http.cookies import CookieError, SimpleCookie
from typing import Any
from urllib.parse import urlsplit

import httpx

from agora import __version__
from agora.core.text import sanitize_line, url_host, without_credentials
from agora.engines.base import EditKey, EngineError

USER_AGENT = f"agora/{__version__} (+terminal discussion reader)"
#: Requests in flight at once: Isso's own server is a small threaded WSGI server.
CONCURRENCY = 6
#: Largest answer read, in bytes.
MAX_BODY = 64 * 1024 * 1024
_REASON = re.compile(r"<p>(.*?)</p>", re.S | re.I)
_RETRIES = 2


def refusal(response: httpx.Response) -> str:
    """Isso's own words for a refused request (its error page's ``<p>``), or the status."""
    found = _REASON.search(response.text[:4096]) if response.text else None
    words = sanitize_line(html.unescape(re.sub(r"<[^>]*>", "", found.group(1)))) if found else ""
    status = f"{response.status_code} {response.reason_phrase}".strip()
    return f"{words} ({status})" if words else status


def cookie_of(response: httpx.Response, name: str) -> tuple[str, int | None] | None:
    """The value and max-age of the cookie ``name`` that ``response`` sets, if it does."""
    for header in response.headers.get_list("set-cookie"):
        jar: SimpleCookie = SimpleCookie()
        try:
            jar.load(header)
        except CookieError:
            continue
        morsel = jar.get(name)
        if morsel is not None and morsel.value:
            age = morsel["max-age"]
            return morsel.value, int(age) if str(age).isdigit() else None
    return None


def edit_key(response: httpx.Response, comment_id: int) -> EditKey | None:
    """The signed cookie that lets the poster change comment ``comment_id``, with its expiry."""
    found = cookie_of(response, str(comment_id))
    if found is None or found[1] is None:
        return None
    return EditKey(found[0], dt.datetime.now(dt.UTC) + dt.timedelta(seconds=found[1]))


class IssoClient:
    """One Isso server at ``api_root`` (no trailing slash); use one per event loop."""

    def __init__(self, api_root: str, *, timeout: float = 15.0) -> None:
        self.api_root = api_root.rstrip("/")
        self.timeout = timeout
        self._http = httpx.AsyncClient(
            timeout=timeout,
            headers={"User-Agent": USER_AGENT},
            follow_redirects=False,
        )
        self._limit = asyncio.Semaphore(CONCURRENCY)

    def __repr__(self) -> str:
        return f"IssoClient({self.api_root!r})"

    async def aclose(self) -> None:
        await self._http.aclose()

    def url(self, path: str) -> str:
        return self.api_root + path

    async def send(
        self,
        method: str,
        url: str,
        *,
        idempotent: bool = True,
        cookie: str | None = None,
        follow: bool = False,
        **kwargs: Any,
    ) -> httpx.Response:
        """One request (reads retried on network trouble and 5xx); errors as EngineError."""
        headers = {"Cookie": cookie} if cookie else {}
        attempt = 0
        while True:
            try:
                async with self._limit:
                    request = self._http.build_request(method, url, headers=headers, **kwargs)
                    response = await self._http.send(request, follow_redirects=follow)
                    if len(response.content) > MAX_BODY:
                        raise EngineError(f"{url_host(url)} answered with too much data")
            except (httpx.InvalidURL, httpx.UnsupportedProtocol, ValueError):
                # a junk address (``256.256.256.256``, ``xn--``), given or redirected to
                shown = sanitize_line(without_credentials(url))
                raise EngineError(f"not a web address: {shown}") from None
            except httpx.TransportError as exc:
                error = self._network(exc, url, idempotent)
                if idempotent and attempt < _RETRIES:
                    attempt += 1
                    await asyncio.sleep(0.2 * attempt)
                    continue
                raise error from None
            if response.status_code >= 500 and idempotent and attempt < _RETRIES:
                attempt += 1
                await asyncio.sleep(0.2 * attempt)
                continue
            return response

    def _network(self, exc: httpx.TransportError, url: str, idempotent: bool) -> EngineError:
        host = url_host(url)
        if isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout):
            return EngineError(f"cannot connect to {host}", transient=True)
        if isinstance(exc, httpx.TimeoutException):
            said = f"{host} did not answer within {self.timeout:g} s"
        else:
            said = f"the connection to {host} failed"
        return EngineError(said, transient=True, outcome_unknown=not idempotent)

    async def call(self, method: str, path: str, **kwargs: Any) -> Any:
        """A JSON API call; Isso's refusal in its own words when it refuses."""
        response = await self.send(method, self.url(path), **kwargs)
        if response.status_code >= 400:
            raise self.error(response, idempotent=kwargs.get("idempotent", True))
        try:
            return response.json()
        except ValueError:
            raise EngineError(f"{url_host(self.api_root)} did not answer as Isso does") from None

    def error(self, response: httpx.Response, *, idempotent: bool = True) -> EngineError:
        status = response.status_code
        server = status >= 500
        words = refusal(response)
        # Isso's guard: too many comments from one address a minute, or too many direct
        # replies to a thread; both pass with time, so the outbox tries again later.
        limited = status == 403 and ("ratelimit exceeded" in words or "direct responses" in words)
        return EngineError(
            f"Isso said: {words}",
            status=status,
            transient=server or status == 429 or limited,
            outcome_unknown=server and not idempotent,
        )

    async def config(self) -> dict[str, Any]:
        """The server's public rules (``require-email``, ``require-author``...)."""
        found = await self.call("GET", "/config")
        rules = found.get("config") if isinstance(found, dict) else None
        if not isinstance(rules, dict) or "require-email" not in rules:
            raise EngineError(f"{url_host(self.api_root)} is not an Isso server")
        return rules

    async def thread(self, uri: str, *, plain: bool = False) -> list[dict[str, Any]]:
        """Every visible comment of the thread at ``uri``, replies after their parent."""
        params = {"uri": uri, "plain": "1" if plain else "0"}
        found = await self.call("GET", "/", params=params)
        out: list[dict[str, Any]] = []
        for top in found.get("replies") or [] if isinstance(found, dict) else []:
            if isinstance(top, dict):
                out.append(top)
                out.extend(r for r in top.get("replies") or [] if isinstance(r, dict))
        return out

    async def new(self, uri: str, payload: dict[str, Any]) -> tuple[dict[str, Any], httpx.Response]:
        response = await self.send(
            "POST", self.url("/new"), params={"uri": uri}, json=payload, idempotent=False
        )
        if response.status_code >= 400:
            raise self.error(response, idempotent=False)
        try:
            made = response.json()
        except ValueError:
            made = None
        if not isinstance(made, dict):  # it answered 2xx: the comment may well be there
            said = f"{url_host(self.api_root)} answered the post in a way agora cannot read"
            raise EngineError(said, transient=True, outcome_unknown=True)
        return made, response

    async def change(
        self, method: str, comment_id: int, key: EditKey, payload: dict[str, Any] | None = None
    ) -> httpx.Response:
        """Edit (``PUT``) or delete (``DELETE``) a comment with its edit key."""
        cookie = f"{comment_id}={key.secret}"
        kwargs: dict[str, Any] = {"json": payload} if payload is not None else {}
        response = await self.send(
            method, self.url(f"/id/{comment_id}"), cookie=cookie, idempotent=False, **kwargs
        )
        if response.status_code >= 400:
            raise self.error(response, idempotent=False)
        return response

    async def vote(self, comment_id: int, up: bool) -> tuple[int, int]:
        found = await self.call(
            "POST", f"/id/{comment_id}/{'like' if up else 'dislike'}", json={}, idempotent=False
        )
        if not isinstance(found, dict):
            raise EngineError("Isso did not say how the votes stand")
        return int(found.get("likes") or 0), int(found.get("dislikes") or 0)

    async def page(self, url: str) -> tuple[str, str]:
        """A web page (redirects followed): its final address and its HTML."""
        response = await self.send("GET", url, follow=True)
        if response.status_code >= 400:
            raise EngineError(f"{url_host(url)} answered {response.status_code} for {url}")
        parts = urlsplit(str(response.url))
        return parts.geturl(), response.text
