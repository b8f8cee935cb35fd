"""The discussion sites the user follows: sources whose kind names their engine.

A site's ``locator`` is its home URL (``https://example.org``, no trailing slash); that is also
the key its accounts and their secrets are filed under. The API root found by discovery is kept
in ``sources.api_root``, the engine's own options in ``sources.options`` and the start of the
last complete sync in ``sources.synced``. Nothing here knows one engine from another.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from agora.core.errors import InvalidInput, NotFound
from agora.core.text import sanitize_line, url_host, without_credentials
from agora.engines.base import SiteAddress
from agora.engines.registry import names
from agora.store import Store
from agora.store.source_rows import SiteRow


@dataclass(frozen=True, slots=True)
class Site:
    """A site: ``id`` is its source id, ``kind`` its engine, ``home`` its front page."""

    id: int
    kind: str
    name: str
    home: str
    api_root: str
    synced: datetime | None = None
    options: Mapping[str, str] = field(default_factory=dict)

    @property
    def host(self) -> str:
        return host_of(self.home)

    @property
    def address(self) -> SiteAddress:
        """What the site's engine needs to reach it."""
        return SiteAddress(self.kind, self.home, self.api_root, self.name, dict(self.options))


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


def _site(row: SiteRow) -> Site:
    return Site(row.id, row.kind, row.name, row.home, row.api_root, row.synced, row.options)


def sites(store: Store) -> list[Site]:
    """Every site, in the order they were added."""
    return [_site(r) for r in store.sources.sites(names())]


def site(store: Store, source_id: int) -> Site:
    """The site with this source id."""
    for found in sites(store):
        if found.id == source_id:
            return found
    raise NotFound(f"there is no site {source_id} (see agora site list)")


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


def shown_site(ref: str) -> str:
    """A site as the user typed it, fit to show: sanitized, without a user name or password
    (with or without a scheme)."""
    text = ref if "://" in ref else f"x://{ref}"
    return sanitize_line(without_credentials(text).removeprefix("x://"))


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
            f"no site matches {sanitize_line(str(ref))!r}; add it with agora site add URL"
        )
    return found


def save_site(store: Store, address: SiteAddress) -> Site:
    """Remember a discovered site (again: its name, API root and options are refreshed)."""
    name = address.name or host_of(address.home)
    source_id = store.sources.save_site(
        address.kind, address.home, name, address.api_root, address.options
    )
    return site(store, source_id)


def set_synced(store: Store, source_id: int, when: datetime) -> None:
    store.sources.set_synced(source_id, when)


def article_site(store: Store, article_id: int) -> tuple[Site, str] | None:
    """The site an article comes from and its remote id there, or None for other articles."""
    found = store.articles.origin(article_id, names())
    return None if found is None else (site(store, found[0]), str(found[1]))


def password_sites(sites: list[Site]) -> list[Site]:
    """The sites whose engine takes a user name and a password: an application password on
    WordPress, the admin password on Isso (WordPress.com signs in over OAuth instead)."""
    from agora.engines import registry
    from agora.engines.base import SignIn

    def takes_password(site: Site) -> bool:
        engine = registry.engine(site.kind)
        return SignIn.APP_PASSWORD in engine.capabilities(site.address).sign_in

    return [site for site in sites if registry.is_engine(site.kind) and takes_password(site)]
