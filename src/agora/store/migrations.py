"""Numbered schema migrations, tracked in ``PRAGMA user_version``.

Each step runs in its own transaction; a database is never left between two versions. Never
edit a released step: add a new one. Steps get a :class:`sqlite_utils.Database`, imported only
when a step is due.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from agora.core.errors import StoreError
from agora.store import schema_steps
from agora.store.db import Database, foreign_keys_off, immediate

if TYPE_CHECKING:
    import sqlite_utils


def _v10_formatted_comments(db: sqlite_utils.Database) -> None:
    """Comments keep their formatting (``body_format`` ``markdown``: light Markdown). The
    comments stored before stay plain text; each WordPress site's next sync reads every
    thread again (a full sync), and writes each formatted comment's body anew."""
    schema_steps.run_script(
        db,
        """
        ALTER TABLE comments ADD COLUMN body_format TEXT NOT NULL DEFAULT 'text';
        UPDATE sources SET synced = NULL WHERE kind = 'wordpress'
        """,
    )


def _v11_replies_to_you(db: sqlite_utils.Database) -> None:
    """The inbox (:mod:`agora.store.inbox_rows`) finds the user's comments (and their names)
    and the replies to them by index: for 100,000 comments, 1.4 ms instead of 42."""
    db.execute("CREATE INDEX comments_own ON comments (author_name) WHERE is_own = 1")
    db.execute("CREATE INDEX comments_parent ON comments (parent_id) WHERE parent_id IS NOT NULL")


def _v12_votes(db: sqlite_utils.Database) -> None:
    """Votes on comments (``likes``, ``dislikes``; NULL where the site's engine has none)."""
    schema_steps.run_script(
        db,
        "ALTER TABLE comments ADD COLUMN likes INTEGER; "
        "ALTER TABLE comments ADD COLUMN dislikes INTEGER",
    )


def _v13_ids_never_reused(db: sqlite_utils.Database) -> None:
    """Comment, article and site ids are never given out again (:mod:`.id_sequences`)."""
    from agora.store.id_sequences import never_reuse_ids

    never_reuse_ids(db)


def _v14_source_errors(db: sqlite_utils.Database) -> None:
    """Each source keeps the message of its last failed sync or refresh (empty once one
    succeeds), for the sources screen."""
    db.execute("ALTER TABLE sources ADD COLUMN last_error TEXT NOT NULL DEFAULT ''")


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    schema_steps.v1_core,
    schema_steps.v2_search_and_reading,
    schema_steps.v3_sites_and_outbox,
    schema_steps.v4_index_only_text_changes,
    schema_steps.v5_covering_indexes,
    schema_steps.v6_outbox_lease_owner,
    schema_steps.v7_comments_seen_out_of_order,
    schema_steps.v8_source_options,
    schema_steps.v9_substring_search,
    _v10_formatted_comments,
    _v11_replies_to_you,
    _v12_votes,
    _v13_ids_never_reused,
    _v14_source_errors,
]
LATEST = len(MIGRATIONS)


def version(db: Database | sqlite_utils.Database) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: Database, target: int = LATEST) -> int:
    """Bring ``db`` up to ``target``; returns the version it was at."""
    start = version(db)
    if start > LATEST:
        raise StoreError(
            f"this database was written by a newer agora (schema {start}, this one knows "
            f"{LATEST}); it was left untouched. Upgrade agora, or use another --home."
        )
    if start >= target:
        return start
    import sqlite_utils

    # No sqlite-utils plugins: nothing else gets to change agora's connection (and finding
    # them would scan every installed package's entry points).
    schema = sqlite_utils.Database(db.conn, execute_plugins=False)
    with foreign_keys_off(db):  # a table built anew (step 11) must not cascade
        for number in range(start + 1, target + 1):
            with immediate(db):
                if version(db) >= number:
                    continue  # another process migrated while this one waited for the lock
                MIGRATIONS[number - 1](schema)
                db.execute(f"PRAGMA user_version = {number}")
    return start
