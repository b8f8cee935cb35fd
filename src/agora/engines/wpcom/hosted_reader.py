"""A WordPress.com site read through WordPress.com's own API: ``$API/wp/v2/sites/$site/...``
mirrors a site's ``/wp-json/wp/v2/...``, so the WordPress reader works unchanged once its routes
are mapped there (custom-domain sites have no ``/wp-json/`` of their own)."""

from __future__ import annotations

from agora.engines.wordpress.client import WordPressClient

_CORE = "/wp/v2/"


def api_root_of(api: str, site: str) -> str:
    """The API root stored for a WordPress.com site: ``$API/wp/v2/sites/$site/``."""
    return f"{api.rstrip('/')}/wp/v2/sites/{site}/"


class WPComReader(WordPressClient):
    """The WordPress client with ``/wp/v2/X`` routes sent to ``$API/wp/v2/sites/$site/X``
    (``api_root``, from :func:`api_root_of`)."""

    def route_url(self, route: str) -> str:
        if route.startswith(_CORE):
            return self.api_root.rstrip("/") + "/" + route[len(_CORE) :]
        return super().route_url(route)
