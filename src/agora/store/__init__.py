"""The SQLite store: one :class:`Store` over versioned migrations."""

from agora.store.imports import ImportResult
from agora.store.store import Store
from agora.store.times import from_iso, now_iso, to_iso

__all__ = ["ImportResult", "Store", "from_iso", "now_iso", "to_iso"]
