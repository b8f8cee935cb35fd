"""WordPress sites the user follows, stored as sources of kind ``wordpress``.

A site's ``locator`` is its home URL (``https://example.org``, no trailing slash); that is also
the key its accounts and their secrets are filed under. The REST API root found by discovery is
kept in ``sources.api_root`` and the end of the last complete sync in ``sources.synced``.
Nothing here imports Textual.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import html
from collections.abc import Coroutine
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import urlsplit

from agora.core.errors import InvalidInput, NotFound
from agora.core.model import SourceKind
from agora.core.text import sanitize_line, url_host, without_credentials
from agora.engines.wordpress import SiteInfo
from agora.engines.wordpress.client import WordPressClient
from agora.engines.wordpress.discovery import discover
from agora.store import Store
from agora.store.source_rows import SiteRow

KIND = SourceKind.WORDPRESS
_SITE_URL_KEY = "wordpress.site_url.{}"
_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class Site:
    """A WordPress site: ``id`` is its source id, ``home`` its front page."""

    id: int
    name: str
    home: str
    api_root: str
    synced: datetime | None = None
    site_url: str = ""  #: where WordPress itself lives, when not at ``home``

    @property
    def host(self) -> str:
        return host_of(self.home)


def run_async(coro: Coroutine[Any, Any, _T]) -> _T:
    """Run a coroutine to completion from synchronous code (also inside a running loop)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


def to_wordpress(body: str) -> str:
    """A comment's plain text as WordPress content: what was typed is what readers see."""
    return html.escape(body, quote=False)


def web_address(url: str) -> str:
    """``url`` as an http(s) address (``https://`` added when it has no scheme), or a clear
    error."""
    text = sanitize_line(url)
    if not text:
        raise InvalidInput("give the site's address, like https://example.org")
    if "://" not in text:
        text = "https://" + text
    try:
        parts = urlsplit(text)
        valid = parts.scheme in ("http", "https") and bool(parts.hostname)
        valid = valid and (parts.port is None or parts.port > 0)
    except ValueError:
        valid = False
    if not valid or " " in text:
        raise InvalidInput(f"not a web address: {without_credentials(text)}")
    if "@" in parts.netloc:
        raise InvalidInput("the site's address must not contain a user name or password")
    return text


def host_of(url: str) -> str:
    """``host[:port]`` of a web address (``https://`` assumed), never its user name or
    password."""
    return url_host(url if "://" in url else "https://" + url.strip())


# -- the store side -----------------------------------------------------------------------------


def _site(store: Store, row: SiteRow) -> Site:
    return Site(
        id=row.id,
        name=row.name,
        home=row.home,
        api_root=row.api_root,
        synced=row.synced,
        site_url=store.settings.get(_SITE_URL_KEY.format(row.id)) or "",
    )


def sites(store: Store) -> list[Site]:
    """Every WordPress site, in the order they were added."""
    return [_site(store, r) for r in store.sources.sites(KIND)]


def site(store: Store, source_id: int) -> Site:
    """The site with this source id."""
    for found in sites(store):
        if found.id == source_id:
            return found
    raise NotFound(f"there is no WordPress site {source_id} (see agora site list)")


def _key(url: str) -> str:
    """A web address reduced for comparison: no scheme, ``www.``, query or trailing slash."""
    text = url.strip()
    if "://" not in text:
        text = "https://" + text
    try:
        parts = urlsplit(text)
    except ValueError:
        return text.lower()
    host = (parts.netloc or "").lower().removeprefix("www.")
    return host + parts.path.rstrip("/")


def find_site(store: Store, ref: str | int) -> Site | None:
    """The site ``ref`` names: a source id, the site's name, its address or any address on it."""
    known = sites(store)
    text = str(ref).strip()
    if text.isdigit():
        return next((s for s in known if s.id == int(text)), None)
    by_name = [s for s in known if s.name.casefold() == text.casefold()]
    if len(by_name) == 1:
        return by_name[0]
    wanted = _key(text)
    best: Site | None = None
    for candidate in known:
        home = _key(candidate.home)
        if (wanted == home or wanted.startswith(home + "/")) and (
            best is None or len(home) > len(_key(best.home))
        ):
            best = candidate
    return best


def resolve_site(store: Store, ref: str | int) -> Site:
    """Like :func:`find_site`, but a clear error when no site matches."""
    found = find_site(store, ref)
    if found is None:
        raise NotFound(
            f"no WordPress site matches {sanitize_line(str(ref))!r}; add it with agora site add URL"
        )
    return found


def save_site(store: Store, info: SiteInfo) -> Site:
    """Remember a discovered site (again: its name and API root are refreshed)."""
    home = (info.home or info.site_url).rstrip("/")
    source_id = store.sources.save_site(KIND, home, info.name or host_of(home), info.api_root)
    site_url = info.site_url.rstrip("/")
    store.settings.set(_SITE_URL_KEY.format(source_id), site_url if site_url != home else None)
    return site(store, source_id)


async def add_site(store: Store, url: str) -> Site:
    """Find the WordPress REST API of ``url``'s site and remember the site."""
    return save_site(store, await discover(web_address(url)))


def set_synced(store: Store, source_id: int, when: datetime) -> None:
    store.sources.set_synced(source_id, when)


def article_site(store: Store, article_id: int) -> tuple[Site, int] | None:
    """The site an article comes from and its post id there, or None for other articles."""
    found = store.articles.origin(article_id, KIND)
    if found is None or not str(found[1]).isdigit():
        return None
    return site(store, found[0]), int(found[1])


def client_for(
    found: Site, username: str | None = None, password: str | None = None, **kwargs: Any
) -> WordPressClient:
    """A client for the site, anonymous or signed in."""
    return WordPressClient(
        found.api_root,
        site_url=found.site_url or None,
        username=username,
        password=password,
        **kwargs,
    )
