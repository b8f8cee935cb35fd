"""The SQLite store: one :class:`Store` over versioned migrations."""

from agora.store.store import ImportResult, Store, from_iso, now_iso, to_iso

__all__ = ["ImportResult", "Store", "from_iso", "now_iso", "to_iso"]
