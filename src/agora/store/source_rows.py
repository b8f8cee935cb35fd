"""Sources: where articles come from (a file, an export, a feed, a discussion site)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from agora.core.model import Source
from agora.core.times import from_iso, now_iso, to_iso
from agora.store.access import Access


@dataclass(frozen=True, slots=True)
class SiteRow:
    """A site's source row: ``home`` is its locator, ``api_root`` what discovery found and
    ``synced`` the end of its last complete sync."""

    id: int
    name: str
    home: str
    api_root: str
    synced: datetime | None


class Sources:
    """Source rows; a site is a source whose kind names its engine."""

    def __init__(self, access: Access) -> None:
        self._access = access

    def all(self) -> list[Source]:
        rows = self._access.query("SELECT id, kind, locator, name FROM sources ORDER BY id")
        return [Source(**r) for r in rows]

    def sites(self, kind: str) -> list[SiteRow]:
        """The sources of this kind, in the order they were added."""
        rows = self._access.rows(
            "SELECT id, name, locator, api_root, synced FROM sources WHERE kind = ? ORDER BY id",
            [kind],
        )
        return [SiteRow(i, n, home, api, from_iso(s)) for i, n, home, api, s in rows]

    def save_site(self, kind: str, home: str, name: str, api_root: str) -> int:
        """Remember a site (again: its name and API root are refreshed); returns its id."""
        with self._access.write() as db:
            db.execute(
                "INSERT INTO sources (kind, locator, name, created, api_root) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (kind, locator) DO UPDATE SET "
                "name = excluded.name, api_root = excluded.api_root",
                [kind, home, name, now_iso(), api_root],
            )
            return int(
                db.execute(
                    "SELECT id FROM sources WHERE kind = ? AND locator = ?", [kind, home]
                ).fetchone()[0]
            )

    def set_synced(self, source_id: int, when: datetime) -> None:
        with self._access.write() as db:
            db.execute("UPDATE sources SET synced = ? WHERE id = ?", [to_iso(when), source_id])
