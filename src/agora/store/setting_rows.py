"""Settings: small named values (the thread order, the current identity, a site's address)."""

from __future__ import annotations

from agora.store.access import Access


class Settings:
    """Key/value settings; a missing key reads as the given default."""

    def __init__(self, access: Access) -> None:
        self._access = access

    def get(self, key: str, default: str | None = None) -> str | None:
        value = self._access.scalar("SELECT value FROM settings WHERE key = ?", [key])
        return default if value is None else value

    def set(self, key: str, value: str | None) -> None:
        """Set ``key`` to ``value``; None removes it."""
        with self._access.write() as db:
            if value is None:
                db.execute("DELETE FROM settings WHERE key = ?", [key])
            else:
                db.execute(
                    "INSERT INTO settings (key, value) VALUES (?, ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    [key, value],
                )
