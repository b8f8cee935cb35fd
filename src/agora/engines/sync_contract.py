"""What a sync hands across the engine boundary: the store's side of an incremental read
(:class:`SyncState`) and where the threads read go (:class:`ThreadSink`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Protocol

from agora.core.model import ImportedArticle


@dataclass(frozen=True, slots=True)
class KnownThread:
    """What the store holds of one article's thread, for an incremental read."""

    stored: dict[str, str]  #: remote comment id -> status
    newest: dt.datetime | None  #: the newest synced comment's date (the server's clock)


@dataclass(slots=True)
class FetchedThread:
    """One article and the comments read for it; ``gone`` names stored comments the server no
    longer shows (only ever ones stored before the read began)."""

    article: ImportedArticle
    gone: set[str] = field(default_factory=set)


class SyncState(Protocol):
    """The store's side of an incremental read, as the service gives it to an engine."""

    @property
    def synced(self) -> dt.datetime | None:
        """The start of the last complete sync; None reads everything (a first or full sync)."""

    def known(self) -> list[str]:
        """The remote ids of the site's articles already stored."""

    def thread(self, article: str) -> KnownThread:
        """What is stored of one known article's thread (read when it is needed)."""


class ThreadSink(Protocol):
    """Where a sync hands what it reads, thread by thread, as each one is complete."""

    def total(self, count: int) -> None:
        """How many threads this sync will deliver."""

    async def thread(self, fetched: FetchedThread, title: str) -> None:
        """Store one thread (the sink may take its time: other reads go on meanwhile)."""
