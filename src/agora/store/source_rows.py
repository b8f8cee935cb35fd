"""Sources: where articles come from (a file, an export, a feed, a discussion site)."""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime

from agora.core.model import Source
from agora.core.times import from_iso, now_iso, to_iso
from agora.store.access import Access


@dataclass(frozen=True, slots=True)
class SiteRow:
    """A site's source row: ``home`` is its locator, ``api_root`` what discovery found and
    ``synced`` the end of its last complete sync."""

    id: int
    kind: str
    name: str
    home: str
    api_root: str
    synced: datetime | None
    options: dict[str, str] = field(default_factory=dict)  #: the engine's own settings


class Sources:
    """Source rows; a site is a source whose kind names its engine."""

    def __init__(self, access: Access) -> None:
        self._access = access

    def all(self) -> list[Source]:
        rows = self._access.query("SELECT id, kind, locator, name FROM sources ORDER BY id")
        return [Source(**r) for r in rows]

    def sites(self, kinds: Collection[str]) -> list[SiteRow]:
        """The sources of these kinds (engines), in the order they were added."""
        marks = ",".join("?" * len(kinds))
        rows = self._access.rows(
            "SELECT id, kind, name, locator, api_root, synced, options FROM sources "
            f"WHERE kind IN ({marks}) ORDER BY id",
            list(kinds),
        )
        return [
            SiteRow(i, k, n, home, api, from_iso(s), _options(o))
            for i, k, n, home, api, s, o in rows
        ]

    def save_site(
        self, kind: str, home: str, name: str, api_root: str, options: dict[str, str]
    ) -> int:
        """Remember a site (again: its name, API root and options are refreshed); returns its
        id."""
        with self._access.write() as db:
            db.execute(
                "INSERT INTO sources (kind, locator, name, created, api_root, options) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (kind, locator) DO UPDATE SET "
                "name = excluded.name, api_root = excluded.api_root, options = excluded.options",
                [kind, home, name, now_iso(), api_root, json.dumps(options, sort_keys=True)],
            )
            return int(
                db.execute(
                    "SELECT id FROM sources WHERE kind = ? AND locator = ?", [kind, home]
                ).fetchone()[0]
            )

    def set_synced(self, source_id: int, when: datetime) -> None:
        with self._access.write() as db:
            db.execute("UPDATE sources SET synced = ? WHERE id = ?", [to_iso(when), source_id])


def _options(text: str | None) -> dict[str, str]:
    """A site's options as stored (a JSON object); anything else reads as none."""
    try:
        data = json.loads(text or "{}")
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
