"""Reading ahead: start a read in a thread now, and take its result later if it is there.

``agora`` starts reading the article list before it imports Textual (most of its start-up):
SQLite does the reading while Python imports, so the list is ready for the first frame.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Prefetch(Generic[T]):
    """``read()`` running in a daemon thread, its result taken at most once."""

    def __init__(self, read: Callable[[], T]) -> None:
        self._result: T | None = None
        self._failed = False
        self._taken = False
        self._done = threading.Event()
        self._lock = threading.Lock()
        threading.Thread(target=self._run, args=(read,), name="agora-prefetch", daemon=True).start()

    def _run(self, read: Callable[[], T]) -> None:
        try:
            self._result = read()
        except Exception:
            self._failed = True
        finally:
            self._done.set()

    def take(self, wait: bool = False) -> T | None:
        """The result, once: None when taken before, failed, or (unless ``wait``) not ready."""
        if wait:
            self._done.wait()
        with self._lock:
            if self._taken or self._failed or not self._done.is_set():
                return None
            self._taken = True
            result, self._result = self._result, None
            return result
