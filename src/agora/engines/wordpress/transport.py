"""HTTP for the WordPress client: addresses, retries with backoff, errors from the network,
and keeping credentials where they belong (never over plain ``http://`` except to loopback,
never in a repr, a log line or a pickle)."""

from __future__ import annotations

import asyncio
import base64
import functools
import ipaddress
import json
import random
import re
import ssl
from collections.abc import Coroutine, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx

from agora import __version__
from agora.core.text import sanitize_line, url_host, without_credentials
from agora.engines.wordpress.models import WordPressError

USER_AGENT = f"agora/{__version__} (+terminal discussion reader)"
DEFAULT_TIMEOUT = 10.0
#: Requests in flight at once per client: a small site's PHP workers (PHP-FPM starts 5).
DEFAULT_CONCURRENCY = 4
#: Largest response body read into memory, in bytes.
MAX_BODY = 64 * 1024 * 1024
_T = TypeVar("_T")


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


class Secret:
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


@functools.cache
def tls_context() -> ssl.SSLContext:
    """The certificate store, loaded once per process (it takes ~20 ms) for every client."""
    return httpx.create_ssl_context()


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


def refuse_insecure(url: str) -> None:
    """Raise unless credentials may be sent to ``url`` (https, or http to loopback)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        raise not_a_web_address(url) from None
    if parts.scheme == "https":
        return
    if parts.scheme == "http" and is_loopback_host(parts.hostname):
        return
    raise WordPressError(
        f"refusing to send the application password to {url_host(url)} over "
        "plain http; use the site's https:// address"
    )


def with_params(url: str, params: dict[str, Any]) -> str:
    """``url`` with ``params`` added to its query (httpx would replace the query instead, and
    ``?rest_route=`` API roots keep the route there)."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    query += [(k, str(v)) for k, v in params.items() if v is not None]
    return urlunsplit(
        (parts.scheme, parts.netloc, parts.path, urlencode(query, safe="/,:"), parts.fragment)
    )


def without_param(url: str, name: str) -> str:
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != name]
    return urlunsplit(
        (parts.scheme, parts.netloc, parts.path, urlencode(query, safe="/"), parts.fragment)
    )


def site_url_from_api_root(api_root: str) -> str:
    parts = urlsplit(api_root)
    if "rest_route=" in parts.query:
        return urlunsplit((parts.scheme, parts.netloc, parts.path, "", "")).rstrip("/")
    path = parts.path.rstrip("/")
    if path.endswith("/wp-json"):
        path = path[: -len("/wp-json")]
    return urlunsplit((parts.scheme, parts.netloc, path, "", "")).rstrip("/")


def parse_json(text: str) -> Any:
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


def retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "").strip()
    if value.isdigit():
        return float(value)
    return None


def network_error(
    exc: httpx.TransportError, url: str, timeout: float, idempotent: bool
) -> WordPressError:
    """What went wrong, for a request that got no answer."""
    host = url_host(url)
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
        return not_a_web_address(url)
    return WordPressError(
        f"the connection to {host} failed ({_reason(exc)})",
        transient=True,
        outcome_unknown=not idempotent,
    )


def _reason(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    text = re.sub(r"^\[Errno -?\d+\]\s*", "", text)
    return sanitize_line(text)[:200].lower() or "network error"


def not_a_web_address(url: str) -> WordPressError:
    """The error for an address httpx refuses to send to (``256.256.256.256``, ``xn--``)."""
    return WordPressError(f"not a web address: {sanitize_line(without_credentials(url))}")


async def read_body(response: httpx.Response, url: str) -> None:
    """Read a streamed answer's body into ``response``, stopping once it (decoded) is larger
    than :data:`MAX_BODY`."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > MAX_BODY:
            raise WordPressError(
                f"{url_host(url)} answered with more than {MAX_BODY // 1_048_576} MB"
            )
        chunks.append(chunk)
    response._content = b"".join(chunks)  # as Response.aread() does, within the limit


def basic_auth_token(username: str, password: str) -> str:
    """The base64 part of an HTTP Basic header (for tests that look for leaks)."""
    return base64.b64encode(f"{username}:{password}".encode()).decode()


async def gather_first_error(coros: Iterable[Coroutine[Any, Any, _T]]) -> list[_T]:
    """Run requests together; on the first failure cancel the others and raise it (a
    WordPressError rather than the cancellations it caused)."""
    tasks: list[asyncio.Task[_T]] = []
    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(c) for c in coros]
    except BaseExceptionGroup as eg:
        errors = list(eg.exceptions)
        raise next((e for e in errors if isinstance(e, WordPressError)), errors[0]) from None
    return [t.result() for t in tasks]
