"""The SQLite store: one :class:`Store` of repositories over versioned migrations."""

from agora.core.times import from_iso, now_iso, to_iso
from agora.store.imports import ImportResult
from agora.store.store import Store

__all__ = ["ImportResult", "Store", "from_iso", "now_iso", "to_iso"]
