"""Telling a site hosted at WordPress.com from any other, without asking WordPress.com about
every site: only an address under ``wordpress.com``, or a page that names WordPress.com (its
``generator`` meta, its ``Host-Header``, links to its routes in WordPress.com's API), is looked
up there (``GET /rest/v1.1/sites/$host``), and only a site WordPress.com hosts itself (not a
Jetpack-connected one, which the WordPress engine serves) is taken.

Anything else is an :data:`~agora.engines.base.UNRECOGNISED` error, after a single request for
the page, so the next engine can try.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import httpx

from agora.core.text import url_host
from agora.engines.base import UNRECOGNISED
from agora.engines.wordpress.discovery import get_following, page_links, post_shown
from agora.engines.wordpress.models import WordPressError
from agora.engines.wordpress.rest import RestClient
from agora.engines.wordpress.transport import not_a_web_address
from agora.engines.wordpress.wpcom_api import WPComAPI, WPComSite

_HOSTED = ".wordpress.com"
#: wordpress.com's own addresses that are not blogs.
_NOT_BLOGS = {"wordpress.com", "www.wordpress.com", "public-api.wordpress.com", "wp.com"}
_META = re.compile(r"<meta\b[^>]*>", re.I)
_ATTR = re.compile(r"""([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


@dataclass(frozen=True, slots=True)
class Found:
    """A WordPress.com site and the post the address shows, if any."""

    site: WPComSite
    home: str
    post_id: int | None


def _unrecognised(url: str) -> WordPressError:
    return WordPressError(f"{url_host(url)} is not hosted at WordPress.com", code=UNRECOGNISED)


def _names_wpcom(response: httpx.Response, api_host: str) -> bool:
    if response.headers.get("host-header", "").strip().lower() == "wordpress.com":
        return True
    for link in page_links(response):  # a link into WordPress.com's API for this site
        parts = urlsplit(link["url"])
        if parts.hostname == api_host and "/sites/" in parts.path:
            return True
    if "html" not in response.headers.get("content-type", ""):
        return False
    for tag in _META.findall(response.text[:262144]):  # <meta name="generator" ...>
        attrs = {m[1].lower(): (m[2] or m[3]).strip() for m in _ATTR.finditer(tag)}
        if attrs.get("name", "").lower() == "generator" and attrs.get("content") == "WordPress.com":
            return True
    return False


async def discover(
    url: str,
    api: str,
    *,
    timeout: float,
    transport: httpx.AsyncBaseTransport | None = None,
) -> Found:
    """The WordPress.com site at ``url``; :data:`UNRECOGNISED` when it is not one."""
    url = url.strip()
    if "://" not in url:
        url = "https://" + url
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        raise not_a_web_address(url) from None
    if parts.scheme not in ("http", "https") or not host:
        raise not_a_web_address(url)
    if host in _NOT_BLOGS:
        raise _unrecognised(url)
    api_host = urlsplit(api).hostname or ""
    origin = urlunsplit((parts.scheme, parts.netloc, "/", "", ""))
    async with RestClient(origin, timeout=timeout, transport=transport) as client:
        page = await get_following(client, url, page=True)
    if not host.endswith(_HOSTED) and not _names_wpcom(page, api_host):
        raise _unrecognised(url)
    final = urlsplit(str(page.url))
    lookup = (final.hostname or host).lower()
    async with WPComAPI(api, lookup, timeout=timeout, transport=transport) as wpcom:
        try:
            site = await wpcom.site_info()
        except WordPressError as exc:
            if exc.status in (403, 404):
                raise WordPressError(
                    f"WordPress.com does not know {lookup} ({exc.message})", code=UNRECOGNISED
                ) from None
            raise
    if site.jetpack:
        raise WordPressError(
            f"{lookup} is a self-hosted site connected to WordPress.com", code=UNRECOGNISED
        )
    home = (site.url or urlunsplit((final.scheme, final.netloc, "", "", ""))).rstrip("/")
    return Found(site, home, post_shown(page_links(page)))
