"""Identities: who the user comments as. Never holds a secret."""

from __future__ import annotations

from typing import TYPE_CHECKING

from agora.core.errors import NotFound
from agora.core.model import Identity
from agora.core.times import now_iso

if TYPE_CHECKING:
    from agora.store.store import Store

_CURRENT = "current_identity"
_COLS = "id, kind, name, email, website, site, username"


class IdentitiesMixin:
    """Identity methods of :class:`~agora.store.Store`."""

    def add_identity(
        self: Store,
        kind: str,
        name: str,
        email: str = "",
        website: str = "",
        site: str = "",
        username: str = "",
    ) -> Identity:
        """Remember an identity (reusing an identical one) and return it."""
        with self.write() as db:
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
        return self.identity(identity_id)

    def identity(self: Store, identity_id: int) -> Identity:
        rows = self.query(f"SELECT {_COLS} FROM identities WHERE id = ?", [identity_id])
        if not rows:
            raise NotFound(f"there is no identity {identity_id}")
        return Identity(**rows[0])

    def identities(self: Store) -> list[Identity]:
        """Remembered identities, most recently used first."""
        rows = self.query(
            f"SELECT {_COLS} FROM identities ORDER BY coalesce(last_used, created) DESC, id DESC"
        )
        return [Identity(**r) for r in rows]

    def current_identity(self: Store) -> Identity | None:
        value = self.get_setting(_CURRENT)
        if not value:
            return None
        try:
            return self.identity(int(value))
        except (NotFound, ValueError):
            return None

    def set_current_identity(self: Store, identity: Identity | None) -> None:
        """Make ``identity`` the one comments are posted as (None: log out)."""
        if identity is None:
            self.set_setting(_CURRENT, None)
            return
        with self.write() as db:
            db.execute("UPDATE identities SET last_used = ? WHERE id = ?", [now_iso(), identity.id])
        self.set_setting(_CURRENT, str(identity.id))

    def forget_identity(self: Store, identity_id: int) -> None:
        """Remove a remembered identity; if it was current, nobody is logged in."""
        current = self.current_identity()
        with self.write() as db:
            db.execute("DELETE FROM identities WHERE id = ?", [identity_id])
        if current and current.id == identity_id:
            self.set_current_identity(None)
