"""Finding a site's WordPress REST API: the ``Link: <...>; rel="https://api.w.org/"`` header
(or ``<link>`` tag) of the page, else ``?rest_route=/``."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import httpx

from agora.core.html_text import html_to_text
from agora.core.text import sanitize_line, url_host
from agora.engines.wordpress.models import SiteInfo, WordPressError, as_str
from agora.engines.wordpress.rest import RestClient, Sleep
from agora.engines.wordpress.transport import (
    DEFAULT_TIMEOUT,
    RetryPolicy,
    not_a_web_address,
    parse_json,
    site_url_from_api_root,
    without_param,
)

_INDEX_FIELDS = "name,description,url,home,namespaces,authentication"
_API_REL = "https://api.w.org/"
_LINK_TAG = re.compile(r"<link\b[^>]*>", re.I)
_ATTR = re.compile(r"""([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_POST_ROUTE = re.compile(r"/wp/v2/(?:sites/[^/?#]+/)?posts/(\d+)(?:[/?&#]|$)")
_HEADER_LINK = re.compile(r"<([^>]*)>((?:\s*;\s*[^;,]*)*)")
_LINK_PARAM = re.compile(r"""([a-zA-Z*-]+)\s*=\s*(?:"([^"]*)"|([^;,\s]*))""")


async def discover(
    url: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    retry: RetryPolicy | None = None,
    sleep: Sleep | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> SiteInfo:
    """Find the WordPress REST API of the site ``url`` belongs to.

    Raises WordPressError: transient when the site cannot be reached or does not answer in
    time, permanent when it is not WordPress.
    """
    url = url.strip()
    if "://" not in url:
        url = "https://" + url
    try:
        parts = urlsplit(url)
    except ValueError:
        raise not_a_web_address(url) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise not_a_web_address(url)
    client = RestClient(
        urlunsplit((parts.scheme, parts.netloc, "/wp-json/", "", "")),
        timeout=timeout,
        retry=retry,
        sleep=sleep,
        transport=transport,
    )
    async with client:
        return await _discover(client, url)


async def _discover(client: RestClient, url: str) -> SiteInfo:
    host = url_host(url)
    response = await get_following(client, url, page=True)
    final_url = str(response.url)
    links = page_links(response)
    post_id = post_shown(links)
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


async def get_following(
    client: RestClient, url: str, *, page: bool = False, hops: int = 8
) -> httpx.Response:
    headers = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"} if page else None
    for _ in range(hops):
        response = await client.send("GET", url, idempotent=True, auth=False, headers=headers)
        if response.status_code in (301, 302, 303, 307, 308) and "location" in response.headers:
            joined = _join(str(response.url), response.headers["location"])
            if joined is None:
                raise not_a_web_address(response.headers["location"])
            url = joined
            if urlsplit(url).scheme not in ("http", "https"):
                break
            continue
        return response
    raise WordPressError(f"{url_host(url)} redirects too many times")


async def _read_index(
    client: RestClient, api_root: str, page_url: str, post_id: int | None, announced: bool
) -> SiteInfo:
    host = url_host(api_root)
    sep = "&" if "?" in api_root else "?"
    response = await get_following(client, f"{api_root}{sep}_fields={_INDEX_FIELDS}")
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
        index = parse_json(response.text)
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
    api_root = without_param(str(response.url), "_fields")
    site_url = as_str(index.get("url")) or site_url_from_api_root(api_root)
    return SiteInfo(
        url=page_url,
        api_root=api_root,
        site_url=site_url.rstrip("/"),
        home=as_str(index.get("home")) or site_url,
        name=sanitize_line(html_to_text(as_str(index.get("name")))),
        description=sanitize_line(html_to_text(as_str(index.get("description")))),
        app_passwords_supported=isinstance(auth, dict) and "application-passwords" in auth,
        post_id=post_id,
        jetpack="jetpack/v4" in namespaces,
    )


def page_links(response: httpx.Response) -> list[dict[str, str]]:
    """The links a page names in its headers and (HTML) head."""
    final_url = str(response.url)
    links = links_from_headers(response, final_url)
    if "html" in response.headers.get("content-type", ""):
        links += links_from_html(response.text, final_url)
    return links


def post_shown(links: list[dict[str, str]]) -> int | None:
    """The post a page shows, from its ``rel="alternate"`` JSON link."""
    for link in links:
        rel = link.get("rel", "").split()
        if "alternate" in rel and "json" in link.get("type", ""):
            match = _POST_ROUTE.search(link["url"])
            if match:
                return int(match.group(1))
    return None


def links_from_headers(response: httpx.Response, base: str) -> list[dict[str, str]]:
    """Every ``Link`` header entry: dicts with ``url`` (absolute), ``rel`` and ``type``."""
    links = []
    for value in response.headers.get_list("link"):
        for match in _HEADER_LINK.finditer(value):
            entry = {
                m.group(1).lower(): m.group(2) if m.group(2) is not None else m.group(3)
                for m in _LINK_PARAM.finditer(match.group(2))
            }
            url = _join(base, match.group(1).strip())
            if url is not None:
                links.append({**entry, "url": url})
    return links


def links_from_html(text: str, base: str) -> list[dict[str, str]]:
    links = []
    head = text[:262144]
    end = head.lower().find("</head>")
    if end >= 0:
        head = head[:end]
    for tag in _LINK_TAG.findall(head):
        attrs = {m.group(1).lower(): m.group(2) or m.group(3) or "" for m in _ATTR.finditer(tag)}
        url = _join(base, attrs["href"]) if attrs.get("href") else None
        if url is not None:
            links.append({"url": url, "rel": attrs.get("rel", ""), "type": attrs.get("type", "")})
    return links


def _join(base: str, ref: str) -> str | None:
    """``ref`` resolved against ``base``; None when it is not a URL at all."""
    try:
        return urljoin(base, ref)
    except ValueError:  # "http://[::1/" and the like
        return None


def _with_rest_route(url: str) -> str:
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "rest_route"]
    query.append(("rest_route", "/"))
    return urlunsplit(
        (parts.scheme, parts.netloc, parts.path or "/", urlencode(query, safe="/"), "")
    )
