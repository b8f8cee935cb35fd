"""The one gateway to agora's SQLite database: a :class:`Store` made of repositories."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from agora.core.errors import StoreError
from agora.store import migrations
from agora.store.access import Access, Params
from agora.store.article_rows import Articles
from agora.store.comment_rows import Comments
from agora.store.db import Database, cannot_write, connect, unwritable
from agora.store.draft_rows import Drafts
from agora.store.fulltext import Search
from agora.store.identity_rows import Identities
from agora.store.imports import Imports
from agora.store.inbox_rows import Inbox
from agora.store.outbox_queue import OutboxQueue
from agora.store.read_marks import ReadState
from agora.store.remote_rows import RemoteComments
from agora.store.setting_rows import Settings
from agora.store.source_rows import Sources


class Store:
    """Articles, comments, drafts, identities, the outbox and settings in one SQLite file.

    Each kind of row has its repository (``store.articles``, ``store.comments``...), all over
    one connection (:class:`~agora.store.access.Access`). Every method is safe to call from
    worker threads: calls are serialized by a lock and every write is one short transaction.
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        #: The connection itself: for migrations and tests, never for the application.
        self.db: Database = connect(self.path)
        db = self.db
        self._access = access = Access(self.path, db)
        try:
            with access.lock:
                migrations.migrate(db)
        except sqlite3.DatabaseError as exc:
            db.close()
            if reason := unwritable(self.path):
                raise cannot_write(self.path, reason) from None
            raise StoreError(
                f"{self.path} could not be read ({exc}); it was left untouched. Move it aside "
                f"(for example to {self.path}.bak) and agora will start a new one."
            ) from None
        except StoreError:
            db.close()
            raise
        self.settings = Settings(access)
        self.sources = Sources(access)
        self.articles = Articles(access)
        self.comments = Comments(access)
        self.remote = RemoteComments(access)
        self.drafts = Drafts(access)
        self.identities = Identities(access, self.settings)
        self.read_state = ReadState(access)
        self.search = Search(access)
        self.outbox = OutboxQueue(access)
        self.imports = Imports(access)
        self.inbox = Inbox(access)

    def data_version(self) -> int:
        """A number that changes whenever another connection (another agora process, a second
        window) commits to the database; this connection's own writes leave it alone."""
        return int(self._access.scalar("PRAGMA data_version") or 0)

    def close(self) -> None:
        with self._access.lock:
            self._access.db.close()

    # -- for tests and diagnostics: the application itself goes through the repositories ----
    @contextmanager
    def write(self) -> Iterator[Database]:
        """One raw write transaction (tests set up odd states with it)."""
        with self._access.write() as db:
            yield db

    def query(self, sql: str, params: Params = ()) -> list[dict[str, Any]]:
        """Rows of a raw query, as dicts (tests check what was stored with it)."""
        return self._access.query(sql, params)

    def scalar(self, sql: str, params: Params = ()) -> Any:
        """The first value of a raw query, or None."""
        return self._access.scalar(sql, params)
