"""Replies to you: comments by others that answer a comment of yours or mention your name.

"Yours" is the store's own mark, ``comments.is_own`` (what the thread marks "you": comments
written here, with the identities and accounts the user posts as, and kept when the outbox
delivers them). Unread is the article's read state (its read mark and the comments seen above
it), so reading the thread reads the inbox too. Replies come from the indexes of migration 11
(own comments, and comments by parent); mentions from the word index (the trigram index for
names in a script written without spaces), checked word by word by
:func:`agora.core.mentions.mention_pattern`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING

from agora.core.times import from_iso
from agora.store.access import Access
from agora.store.trigram_index import holds_unsegmented
from agora.store.unsegmented import TRIGRAM, is_unsegmented, quote

if TYPE_CHECKING:  # imported when first asked for: not at every start of the app
    from agora.core.mentions import InboxEntry

#: The rows of the partial index ``comments_unsegmented`` (migration 9).
_UNSEGMENTED = holds_unsegmented("c", ["author_name", "body"])
#: Replies: comments by others whose parent is one of yours (deleted ones are placeholders).
_REPLIES = (
    "SELECT c.id FROM comments p INDEXED BY comments_own "
    "CROSS JOIN comments c ON c.parent_id = p.id "
    "WHERE p.is_own = 1 AND c.is_own = 0 AND c.status != 'deleted'"
)
_ENTRIES = (
    "SELECT c.id, c.article_id, a.title, s.name, c.author_name, c.created, c.body, "
    "c.parent_id, coalesce(p.is_own, 0), c.url, c.body_format, "
    "c.id > coalesce(r.seen_until, 0) AND NOT EXISTS "
    "(SELECT 1 FROM seen_comments sc WHERE sc.comment_id = c.id) "
    "FROM comments c JOIN articles a ON a.id = c.article_id "
    "JOIN sources s ON s.id = a.source_id "
    "LEFT JOIN comments p ON p.id = c.parent_id "
    "LEFT JOIN read_state r ON r.article_id = c.article_id "
    "WHERE c.id IN (SELECT value FROM json_each(?)) "
    "ORDER BY coalesce(c.created, '') DESC, c.id DESC"
)


class Inbox:
    """The inbox, recomputed from the store on each call (a sync needs no extra step)."""

    def __init__(self, access: Access) -> None:
        self._access = access

    def own_names(self) -> list[str]:
        """The names the user comments under: every remembered identity's and the author
        names of the comments marked as theirs."""
        from agora.core.mentions import clean_names

        return clean_names(
            self._access.column(
                "SELECT name FROM identities UNION "
                "SELECT DISTINCT author_name FROM comments WHERE is_own = 1"
            )
        )

    def entries(self, names: Iterable[str] | None = None) -> list[InboxEntry]:
        """Replies to the user's comments and comments mentioning ``names`` (default:
        :meth:`own_names`), newest first."""
        from agora.core.markdown_light import as_plain
        from agora.core.mentions import InboxEntry, InboxReason, clean_names

        names = self.own_names() if names is None else clean_names(names)
        ids = set(self._access.column(_REPLIES))
        ids.update(self._mentions(names))
        if not ids:
            return []
        entries = []
        for row in self._access.rows(_ENTRIES, [json.dumps(sorted(ids))]):
            cid, aid, title, source, author, created, body, parent, is_reply, url, fmt, unread = row
            reason = InboxReason.REPLY if is_reply else InboxReason.MENTION
            entries.append(
                InboxEntry(
                    comment_id=cid,
                    article_id=aid,
                    article_title=title,
                    source_name=source,
                    author_name=author,
                    created=from_iso(created),
                    text=as_plain(body, fmt),
                    reason=reason,
                    parent_id=parent if is_reply else None,
                    unread=bool(unread),
                    url=url,
                )
            )
        return entries

    def unread_count(self, names: Iterable[str] | None = None) -> int:
        """How many inbox entries are unread."""
        return sum(entry.unread for entry in self.entries(names))

    def mark_read(self, article_id: int, comment_id: int) -> None:
        """Count one comment as read, as shown out of order: the article's read mark does not
        move, and an article never opened stays so (its first visit marks nothing new)."""
        with self._access.write() as db:
            db.execute(
                "INSERT OR IGNORE INTO seen_comments (comment_id, article_id) SELECT id, "
                "article_id FROM comments WHERE id = ? AND article_id = ? AND is_own = 0 "
                "AND id > coalesce((SELECT seen_until FROM read_state WHERE article_id = ?), 0)",
                [comment_id, article_id, article_id],
            )

    def _mentions(self, names: list[str]) -> set[int]:
        """Comments by others whose text mentions one of ``names`` as a whole word."""
        from agora.core.mentions import mention_pattern

        pattern = mention_pattern(names)
        if pattern is None:
            return set()
        found: set[int] = set()
        for name in names:
            for cid, body in self._candidates(name):
                if pattern.search(body):
                    found.add(cid)
        return found

    def _candidates(self, name: str) -> list[tuple[int, str]]:
        """Comments by others that may mention ``name``: its words in the word index, or
        (a name in a script written without spaces) its characters in the trigram index or,
        when shorter than a trigram, in the comments holding such a script."""
        own = "AND c.is_own = 0 AND c.status != 'deleted'"
        if not any(ch.isalnum() for ch in name):
            return []
        if not is_unsegmented(name):
            return self._access.rows(
                "SELECT c.id, c.body FROM comments_fts f JOIN comments c ON c.id = f.rowid "
                f"WHERE comments_fts MATCH ? {own}",
                ["body : " + quote(name)],
            )
        if len(name) >= TRIGRAM:
            return self._access.rows(
                "SELECT c.id, c.body FROM comments_tri t JOIN comments c ON c.id = t.rowid "
                f"WHERE comments_tri MATCH ? {own}",
                ["body : " + quote(name)],
            )
        return self._access.rows(
            f"SELECT c.id, c.body FROM comments c WHERE ({_UNSEGMENTED}) "
            f"AND instr(c.body, ?) {own}",
            [name],
        )
