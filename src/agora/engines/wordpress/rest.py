"""The WordPress REST API over httpx: one site, its requests bounded in number and retried,
its error answers turned into WordPressError (paginated collections are in
:mod:`.pagination`)."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any, Self
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx

from agora.core.text import sanitize_line, url_host, without_credentials
from agora.engines.wordpress.models import WordPressError, as_str, error_text
from agora.engines.wordpress.transport import (
    DEFAULT_CONCURRENCY,
    DEFAULT_TIMEOUT,
    USER_AGENT,
    RetryPolicy,
    Secret,
    network_error,
    not_a_web_address,
    parse_json,
    read_body,
    refuse_insecure,
    retry_after,
    site_url_from_api_root,
    tls_context,
    with_params,
)

log = logging.getLogger("agora.wordpress")

Sleep = Callable[[float], Awaitable[None]]


class RestClient:
    """Requests to one site's REST API, anonymous or with an Application Password.

    With ``username`` and ``password`` every REST request carries HTTP Basic credentials; they
    are refused (before any request) for plain ``http://`` to anything but a loopback host.
    At most ``concurrency`` requests are in flight. Idempotent requests are retried on network
    errors, 429 and 5xx with ``retry`` (waits go through ``sleep``, so tests can make them
    instant); nothing that creates or changes comments is retried.
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
        try:
            parts = urlsplit(api_root)
        except ValueError:
            raise not_a_web_address(api_root) from None
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise not_a_web_address(api_root)
        if parts.username or parts.password:
            raise WordPressError("the API address must not contain a user name or password")
        if "rest_route=" not in parts.query and not parts.path.endswith("/"):
            api_root += "/"
        self.api_root = api_root
        self.site_url = (site_url or site_url_from_api_root(api_root)).rstrip("/")
        if (username is None) != (password is None):
            raise WordPressError("give both a user name and an application password, or neither")
        self._username = username
        self._password = Secret(password) if password is not None else None
        if password is not None:
            for url in (self.api_root, self.site_url):
                refuse_insecure(url)
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
            verify=tls_context(),
            limits=httpx.Limits(max_connections=self.concurrency + 2),
        )

    def __repr__(self) -> str:
        user = f", username={self._username!r}, password='********'" if self._username else ""
        return f"{type(self).__name__}(api_root={self.api_root!r}{user})"

    @property
    def username(self) -> str | None:
        return self._username

    @property
    def authenticated(self) -> bool:
        return self._password is not None

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

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

    async def send(
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
        """Send one request, retrying idempotent ones; raise WordPressError on no answer, on
        an address httpx cannot send to and on a body larger than MAX_BODY."""
        credentials = self._auth() if auth else None
        try:
            if params:
                url = with_params(url, params)
            if credentials is not None:
                refuse_insecure(url)
            request = self._http.build_request(
                method, url, json=json_body, data=form, headers=headers
            )
        except (httpx.InvalidURL, ValueError):  # idna's errors are ValueErrors too
            raise not_a_web_address(url) from None
        attempt = 0
        while True:
            began = time.monotonic()
            try:
                async with self._semaphore():
                    response = await self._http.send(
                        request,
                        auth=credentials if credentials is not None else httpx.USE_CLIENT_DEFAULT,
                        stream=True,
                    )
                    try:
                        await read_body(response, url)
                    finally:
                        await response.aclose()
            except httpx.TransportError as exc:
                error = network_error(exc, url, self.timeout, idempotent)
                log.debug("%s %s failed: %s", method, without_credentials(url), error.message)
                if idempotent and attempt < self.retry.retries:
                    await self._sleep(self.retry.delay(attempt))
                    attempt += 1
                    continue
                raise error from None
            except (httpx.InvalidURL, ValueError):  # httpx reads Location even unfollowed
                raise WordPressError(
                    f"{url_host(url)} redirected to something that is not a web address"
                ) from None
            log.debug(
                "%s %s -> %s (%.0f ms)",
                method,
                without_credentials(str(response.url)),
                response.status_code,
                (time.monotonic() - began) * 1000,
            )
            status = response.status_code
            if idempotent and (status == 429 or status >= 500) and attempt < self.retry.retries:
                await self._sleep(self.retry.delay(attempt, retry_after(response)))
                attempt += 1
                continue
            return response

    async def call(
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
        response = await self.send(
            method, url, params=params, json_body=json_body, idempotent=idempotent
        )
        if response.status_code >= 300:
            raise self._api_error(response, url)
        try:
            data = parse_json(response.text)
        except ValueError:
            raise WordPressError(
                f"{url_host(url)} answered {route} with something that is not JSON",
                status=response.status_code,
            ) from None
        return data, response

    def _api_error(self, response: httpx.Response, url: str) -> WordPressError:
        status = response.status_code
        code = None
        message = ""
        try:
            data = parse_json(response.text)
        except ValueError:
            data = None
        if isinstance(data, dict):
            code = as_str(data.get("code")) or None
            message = error_text(data.get("message"))
        if 300 <= status < 400:
            message = (
                f"{url_host(url)} redirected the request to "
                f"{sanitize_line(response.headers.get('location', '?'))}; "
                "discover the site again"
            )
        elif status == 401 and self.authenticated:
            message = "wrong username or application password" + (
                f" (WordPress says: {message})" if message else ""
            )
        elif not message:
            message = f"{url_host(url)} answered HTTP {status}"
            if status == 404:
                message += " (not found)"
        transient = status == 429 or status >= 500 or code == "comment_flood"
        return WordPressError(message, code=code, status=status, transient=transient)
