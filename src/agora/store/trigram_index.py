"""Schema step 9 (see :mod:`agora.store.migrations`): substring search for scripts written
without spaces between words. Frozen like every released step: change it with a new one."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils

#: Text in any of the scripts written without spaces between words, as a GLOB pattern: Thai and
#: Lao, Tibetan, Myanmar, Hangul jamo, Khmer, Tai Le, New Tai Lue and Khmer symbols, Tai Tham,
#: Balinese, CJK radicals, the iteration and closing marks (々〆〇), kana and Bopomofo,
#: Hangul compatibility jamo, Bopomofo and kana extensions, Han (extension A, the unified
#: block, compatibility ideographs and the supplementary planes), Yi, Hangul syllables and
#: their extensions, Javanese and Myanmar extension B, Myanmar extension A and Tai Viet, and
#: halfwidth kana and Hangul. ``store.unsegmented.SCRIPTS`` holds the same ranges (a test
#: checks it).
UNSEGMENTED_GLOB = (
    "*[\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f\u1100-\u11ff\u1780-\u17ff"
    "\u1950-\u19ff\u1a20-\u1aaf\u1b00-\u1b7f\u2e80-\u2fdf\u3005-\u3007\u3040-\u312f"
    "\u3130-\u318f\u31a0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
    "\ua960-\ua97f\ua980-\ua9ff\uaa60-\uaadf\uac00-\ud7ff\uf900-\ufaff"
    "\uff65-\uffdc\U00020000-\U0003134f]*"
)


def holds_unsegmented(row: str, columns: list[str]) -> str:
    """An SQL condition: ``row`` has text in such a script in one of ``columns``."""
    # Text whose length in bytes is its length in characters is ASCII: the GLOB, which reads
    # its class again at each character, is skipped (it would add half to the cost of storing
    # an English comment).
    return " OR ".join(
        f"(length(CAST({row}.{c} AS BLOB)) > length({row}.{c}) "
        f"AND {row}.{c} GLOB '{UNSEGMENTED_GLOB}')"
        for c in columns
    )


def substring_search(db: sqlite_utils.Database) -> None:
    """``日本`` found inside ``日本語``, ``สวัสดี`` inside ``สวัสดีครับ``.

    Beside each word index, a trigram index (``articles_tri``, ``comments_tri``) over the same
    columns, holding only the rows with text in such a script, so that a store without any
    pays next to nothing for it; triggers keep it current. A partial index over those rows
    (``articles_unsegmented``, ``comments_unsegmented``) lets a term too short for trigrams (one
    or two characters) be looked for in them alone.
    """
    for table, key, columns in (
        ("articles", "id", ["title", "body"]),
        ("comments", "article_id", ["author_name", "body"]),
    ):
        cols = ", ".join(columns)
        tri = f"{table}_tri"
        db.execute(
            f"CREATE VIRTUAL TABLE {tri} USING FTS5 ({cols}, content=[{table}], tokenize='trigram')"
        )
        db.execute(
            f"INSERT INTO {tri} (rowid, {cols}) SELECT rowid, {cols} FROM {table} "
            f"WHERE {holds_unsegmented(table, columns)}"
        )
        db.execute(
            f"CREATE INDEX {table}_unsegmented ON {table} ({key}) "
            f"WHERE {holds_unsegmented(table, columns)}"
        )
        # INSERT ... SELECT ... WHERE rather than a trigger's WHEN: on an update the old text
        # must leave the index before the new text enters it, in this order.
        new = ", ".join(f"new.{c}" for c in columns)
        old = ", ".join(f"old.{c}" for c in columns)
        add = (
            f"INSERT INTO {tri} (rowid, {cols}) SELECT new.rowid, {new} "
            f"WHERE {holds_unsegmented('new', columns)}; "
        )
        remove = (
            f"INSERT INTO {tri} ({tri}, rowid, {cols}) SELECT 'delete', old.rowid, {old} "
            f"WHERE {holds_unsegmented('old', columns)}; "
        )
        db.execute(f"CREATE TRIGGER {tri}_ai AFTER INSERT ON {table} BEGIN {add}END")
        db.execute(f"CREATE TRIGGER {tri}_ad AFTER DELETE ON {table} BEGIN {remove}END")
        db.execute(
            f"CREATE TRIGGER {tri}_au AFTER UPDATE OF {cols} ON {table} BEGIN {remove}{add}END"
        )
