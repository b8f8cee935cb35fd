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


@dataclass(frozen=True, slots=True)
class SourceSummary:
    """What the sources screen shows of one source: its articles and how its last sync went."""

    id: int
    kind: str
    name: str
    locator: str
    synced: datetime | None  #: the start of its last complete sync or refresh
    articles: int
    last_error: str  #: the last sync's failure, '' once one succeeds


@dataclass(frozen=True, slots=True)
class Removal:
    """What removing a source takes away, and what it keeps."""

    articles: int  #: articles removed with their comments
    comments: int
    kept: int  #: articles kept because a draft of yours is on them
    queued: int = 0  #: comments of yours still waiting in the outbox


class Sources:
    """Source rows; a site is a source whose kind names its engine."""

    def __init__(self, access: Access) -> None:
        self._access = access

    def all(self) -> list[Source]:
        rows = self._access.query("SELECT id, kind, locator, name FROM sources ORDER BY id")
        return [Source(**r) for r in rows]

    def with_articles(self) -> list[tuple[int, str]]:
        """(id, name) of every source holding articles, by name."""
        return [
            (i, n)
            for i, n in self._access.rows(
                "SELECT id, name FROM sources s WHERE EXISTS "
                "(SELECT 1 FROM articles a WHERE a.source_id = s.id) "
                "ORDER BY name COLLATE NOCASE, id"
            )
        ]

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
        """A complete sync started at ``when``; it clears the last error."""
        with self._access.write() as db:
            db.execute(
                "UPDATE sources SET synced = ?, last_error = '' WHERE id = ?",
                [to_iso(when), source_id],
            )

    def set_error(self, source_id: int, message: str) -> None:
        """The last sync of the source failed with ``message`` ('' clears it)."""
        with self._access.write() as db:
            db.execute("UPDATE sources SET last_error = ? WHERE id = ?", [message, source_id])

    def summaries(self, kinds: Collection[str]) -> list[SourceSummary]:
        """The sources of these kinds with their article counts, in the order they were
        added."""
        marks = ",".join("?" * len(kinds))
        rows = self._access.rows(
            "SELECT s.id, s.kind, s.name, s.locator, s.synced, "
            "(SELECT count(*) FROM articles a WHERE a.source_id = s.id), s.last_error "
            f"FROM sources s WHERE s.kind IN ({marks}) ORDER BY s.id",
            list(kinds),
        )
        return [
            SourceSummary(i, k, n, loc, from_iso(syn), count, err)
            for i, k, n, loc, syn, count, err in rows
        ]

    def removal(self, source_id: int) -> Removal:
        """What :meth:`remove` would take away (for the question asked first)."""
        row = self._access.one(
            "SELECT count(*), "
            "(SELECT count(*) FROM comments c JOIN articles b ON b.id = c.article_id "
            " WHERE b.source_id = ?1 AND b.id NOT IN (SELECT article_id FROM drafts)), "
            "count(*) FILTER (WHERE a.id IN (SELECT article_id FROM drafts)) "
            "FROM articles a WHERE a.source_id = ?1",
            [source_id],
        )
        total, comments, kept = row if row is not None else (0, 0, 0)
        queued = self._access.scalar(
            "SELECT count(*) FROM outbox o JOIN comments c ON c.id = o.comment_id "
            "JOIN articles a ON a.id = c.article_id WHERE a.source_id = ?",
            [source_id],
        )
        return Removal(total - kept, comments, kept, int(queued or 0))

    def remove(self, source_id: int, keep_name: str) -> Removal:
        """Remove a source with its articles and their comments, read marks and queued
        comments; articles holding a draft move to a local source called ``keep_name``, so no
        text of the user's is lost."""
        with self._access.write() as db:
            found = self.removal(source_id)
            if found.kept:
                row = db.execute(
                    "SELECT kind, locator FROM sources WHERE id = ?", [source_id]
                ).fetchone()
                locator = f"removed:{row[0]}:{row[1]}"
                db.execute(
                    "INSERT INTO sources (kind, locator, name, created) VALUES ('file', ?, ?, ?) "
                    "ON CONFLICT (kind, locator) DO NOTHING",
                    [locator, keep_name, now_iso()],
                )
                keep = db.execute(
                    "SELECT id FROM sources WHERE kind = 'file' AND locator = ?", [locator]
                ).fetchone()[0]
                # An article kept before under the same origin id gives way to the newer one.
                db.execute(
                    "DELETE FROM articles WHERE source_id = ?1 AND origin_id IN (SELECT "
                    "origin_id FROM articles WHERE source_id = ?2 AND id IN "
                    "(SELECT article_id FROM drafts))",
                    [keep, source_id],
                )
                db.execute(
                    "UPDATE articles SET source_id = ? WHERE source_id = ? AND id IN "
                    "(SELECT article_id FROM drafts)",
                    [keep, source_id],
                )
            db.execute("DELETE FROM sources WHERE id = ?", [source_id])
            return found


def _options(text: str | None) -> dict[str, str]:
    """A site's options as stored (a JSON object); anything else reads as none."""
    try:
        data = json.loads(text or "{}")
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
