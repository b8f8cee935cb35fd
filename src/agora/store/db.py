"""Opening the SQLite database: WAL, foreign keys, busy timeout, clear errors.

Queries go straight to :mod:`sqlite3` through :class:`Database`, a connection with explicit
transactions; :mod:`sqlite_utils` runs the schema migrations (:mod:`agora.store.migrations`)
and is loaded only when one is due, so that an ordinary start does not pay for importing it.
"""

from __future__ import annotations

import itertools
import os
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from agora.core.errors import StoreError

BUSY_TIMEOUT_MS = 10_000

_savepoints = itertools.count(1)


class Database:
    """One SQLite connection in autocommit mode: every write is an explicit transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """A nested transaction inside the open one: undone alone when its block fails."""
        name = f"agora_{next(_savepoints)}"
        self.conn.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            # An error can end the whole transaction, savepoints included: then there is
            # nothing left to roll back, and the original exception is the one to see.
            if self.conn.in_transaction:
                self.conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                self.conn.execute(f"RELEASE SAVEPOINT {name}")
            raise
        self.conn.execute(f"RELEASE SAVEPOINT {name}")


@contextmanager
def foreign_keys_off(db: Database) -> Iterator[None]:
    """No foreign key checks nor cascades inside (outside any transaction: SQLite ignores the
    pragma in one), for a migration that builds a table anew; on again after."""
    db.execute("PRAGMA foreign_keys = OFF")
    try:
        yield
    finally:
        db.execute("PRAGMA foreign_keys = ON")


@contextmanager
def immediate(db: Database) -> Iterator[None]:
    """A write transaction that takes the write lock up front (``BEGIN IMMEDIATE``).

    A deferred transaction that reads first and writes later cannot wait for another writer
    (SQLite answers "database is locked" at once); an immediate one waits up to the busy
    timeout. Nested use becomes a savepoint.
    """
    conn = db.conn
    if conn.in_transaction:
        with db.savepoint():
            yield
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


#: Less free space than this counts as a full disk when the database cannot be opened.
_MIN_FREE = 256 * 1024


def unwritable(path: Path) -> str | None:
    """Why agora cannot write its database at ``path`` (a read-only file system, no
    permission, a full disk), or None when nothing says so."""
    folder = path.parent
    try:
        stat = os.statvfs(folder)
    except OSError:
        return None
    if stat.f_flag & os.ST_RDONLY:
        return f"{folder} is on a read-only file system"
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        return f"{folder} is not writable (permission denied)"
    if stat.f_bavail * stat.f_frsize < _MIN_FREE:
        return f"the disk holding {folder} is full"
    return None


def cannot_write(path: Path, reason: str) -> StoreError:
    return StoreError(
        f"cannot open the database {path}: {reason}. Free some space or make it writable, "
        "or keep agora's state elsewhere (agora --home DIR, or AGORA_HOME)."
    )


def connect(path: Path | str) -> Database:
    """Open (creating when missing) the database at ``path``.

    The connection is in autocommit mode: every write goes through :func:`immediate`, so each
    transaction is explicit and short.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise StoreError(
            f"cannot open the database {path}: {path.parent} is not a directory"
        ) from None
    except OSError as exc:
        raise StoreError(f"cannot open the database {path}: {exc.strerror or exc}") from None
    try:
        conn = sqlite3.connect(
            str(path), isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000
        )
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(f"cannot open the database {path}: {exc}") from None
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA recursive_triggers = ON")  # as sqlite-utils sets it
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal" and str(path) != ":memory:":
            conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.DatabaseError as exc:
        conn.close()
        if reason := unwritable(path):
            raise cannot_write(path, reason) from None
        raise StoreError(
            f"{path} is not a usable agora database ({exc}). It was left untouched; move it "
            f"aside (for example to {path}.bak) and agora will start a new one."
        ) from None
    return Database(conn)
