"""Schema step 11 (see :mod:`agora.store.migrations`): ids that are never given out twice.

A table whose key is ``INTEGER PRIMARY KEY`` alone hands the next row ``max(id) + 1``: delete
the newest comment and the next one posted takes its id, so a script's ``--parent 12`` then
answers another comment. ``AUTOINCREMENT`` keeps the largest id ever used in
``sqlite_sequence`` instead. SQLite cannot add it to a table, so each table is built anew
with every row, id and column as it was, then its indexes and triggers are created again from
their own SQL; the word and trigram indexes (external content, by rowid) stay valid since no
rowid changes. Frozen like every released step: change it with a new one.

The migration runs with foreign keys off (:func:`agora.store.migrations.migrate` turns them
off around the steps), so dropping the old table deletes no child row; it checks them before
it commits.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from agora.core.errors import StoreError

if TYPE_CHECKING:
    import sqlite_utils

#: The tables whose ids people and scripts see (``agora open ID``, ``post --parent ID``,
#: ``sync SITE``), with the other columns that hold one of their ids without a foreign key:
#: an id found there was used once, even when its row is gone.
TABLES: dict[str, list[tuple[str, str]]] = {
    "comments": [
        ("comments", "parent_id"),
        ("read_state", "seen_until"),
        ("drafts", "parent_id"),
        ("drafts", "comment_id"),
    ],
    "articles": [],
    "sources": [],
}

_KEY = re.compile(r"\bid\s+INTEGER\s+PRIMARY\s+KEY\b(?!\s+AUTOINCREMENT)", re.IGNORECASE)


def never_reuse_ids(db: sqlite_utils.Database) -> None:
    """Rebuild each of :data:`TABLES` with ``AUTOINCREMENT``, its sequence at the largest id
    it ever used (as far as the store still shows it)."""
    if db.execute("PRAGMA foreign_keys").fetchone()[0]:  # dropping would cascade: never
        raise StoreError("schema step 11 needs foreign keys off; the store was left as it was")
    for table, also in TABLES.items():
        _rebuild(db, table)
        used = [f"SELECT max({column}) FROM [{child}]" for child, column in also]
        used += [
            f"SELECT max([{fk[3]}]) FROM [{child}]"
            for child in _tables(db)
            for fk in db.execute(f"PRAGMA foreign_key_list([{child}])").fetchall()
            if fk[2] == table
        ]
        top = max(
            int(db.execute(query).fetchone()[0] or 0)
            for query in [f"SELECT max(id) FROM [{table}]", *used]
        )
        db.execute("DELETE FROM sqlite_sequence WHERE name = ?", [table])
        db.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", [table, top])
    if db.execute("PRAGMA foreign_key_check").fetchall():
        raise StoreError("a row points at one that is missing; the store was left as it was")


def _tables(db: sqlite_utils.Database) -> list[str]:
    rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND sql IS NOT NULL")
    return [name for (name,) in rows.fetchall() if not name.startswith("sqlite_")]


def _rebuild(db: sqlite_utils.Database, table: str) -> None:
    (sql,) = db.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", [table]
    ).fetchone()
    if not _KEY.search(sql):
        raise StoreError(f"the {table} table has no plain integer id to make increasing")
    # Indexes and triggers on the table (the automatic ones, of UNIQUE, have no SQL).
    others = [
        row[0]
        for row in db.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger') "
            "AND sql IS NOT NULL ORDER BY type, name",
            [table],
        ).fetchall()
    ]
    new = f"{table}_increasing"
    head = re.compile(rf"^CREATE TABLE\s+(\[{table}\]|\"{table}\"|{table})\b", re.IGNORECASE)
    db.execute(
        head.sub(f"CREATE TABLE {new}", _KEY.sub("id INTEGER PRIMARY KEY AUTOINCREMENT", sql))
    )
    db.execute(f"INSERT INTO {new} SELECT * FROM [{table}]")
    db.execute(f"DROP TABLE [{table}]")
    db.execute(f"ALTER TABLE {new} RENAME TO [{table}]")
    for statement in others:
        db.execute(statement)
