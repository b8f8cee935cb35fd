"""Identities: who the user comments as. Never holds a secret."""

from __future__ import annotations

from agora.core.errors import NotFound
from agora.core.model import Identity
from agora.core.times import now_iso
from agora.store.access import Access
from agora.store.setting_rows import Settings

_CURRENT = "current_identity"
_COLS = "id, kind, name, email, website, site, username"


class Identities:
    """Remembered identities, and which one is current (kept as a setting)."""

    def __init__(self, access: Access, settings: Settings) -> None:
        self._access = access
        self._settings = settings

    def add(
        self,
        kind: str,
        name: str,
        email: str = "",
        website: str = "",
        site: str = "",
        username: str = "",
    ) -> Identity:
        """Remember an identity (reusing an identical one) and return it."""
        with self._access.write() as db:
            row = db.execute(
                "SELECT id FROM identities WHERE kind = ? AND name = ? AND email = ? AND "
                "website = ? AND site = ? AND username = ?",
                [kind, name, email, website, site, username],
            ).fetchone()
            if row:
                identity_id = row[0]
            else:
                cur = db.execute(
                    "INSERT INTO identities (kind, name, email, website, site, username, created) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [kind, name, email, website, site, username, now_iso()],
                )
                identity_id = int(cur.lastrowid or 0)
        return self.get(identity_id)

    def get(self, identity_id: int) -> Identity:
        rows = self._access.query(f"SELECT {_COLS} FROM identities WHERE id = ?", [identity_id])
        if not rows:
            raise NotFound(f"there is no identity {identity_id}")
        return Identity(**rows[0])

    def all(self) -> list[Identity]:
        """Remembered identities, most recently used first."""
        rows = self._access.query(
            f"SELECT {_COLS} FROM identities ORDER BY coalesce(last_used, created) DESC, id DESC"
        )
        return [Identity(**r) for r in rows]

    def current(self) -> Identity | None:
        value = self._settings.get(_CURRENT)
        if not value:
            return None
        try:
            return self.get(int(value))
        except (NotFound, ValueError):
            return None

    def set_current(self, identity: Identity | None) -> None:
        """Make ``identity`` the one comments are posted as (None: log out)."""
        if identity is None:
            self._settings.set(_CURRENT, None)
            return
        with self._access.write() as db:
            db.execute("UPDATE identities SET last_used = ? WHERE id = ?", [now_iso(), identity.id])
        self._settings.set(_CURRENT, str(identity.id))

    def forget(self, identity_id: int) -> None:
        """Remove a remembered identity; if it was current, nobody is logged in."""
        current = self.current()
        with self._access.write() as db:
            db.execute("DELETE FROM identities WHERE id = ?", [identity_id])
        if current and current.id == identity_id:
            self.set_current(None)
