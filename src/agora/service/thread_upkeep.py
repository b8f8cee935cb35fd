"""Keeping a synced thread right: own comments sent without learning their remote id are
linked to the comments a sync brings in (:func:`adopt_own`), comments the site no longer shows
are removed (:func:`remove_vanished`), and notes of comments now approved are dropped.
"""

from __future__ import annotations

import json

from agora.core.model import ImportedComment
from agora.store import Store


def _fingerprint(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def adopt_own(store: Store, article_id: int, comments: list[ImportedComment]) -> None:
    """Give own comments that were posted without learning their remote id (a held guest
    comment whose sending was interrupted) that id, when the site now shows them."""
    own = store.query(
        "SELECT id, author_name, body FROM comments WHERE article_id = ? AND is_own = 1 "
        "AND origin_id IS NULL AND status IN ('hold', 'approved') "
        "AND id NOT IN (SELECT comment_id FROM outbox)",
        [article_id],
    )
    if not own:
        return
    taken = {
        r["origin_id"]
        for r in store.query(
            "SELECT origin_id FROM comments WHERE article_id = ? AND origin_id IS NOT NULL",
            [article_id],
        )
    }
    for row in own:
        needle = _fingerprint(row["body"])
        for c in comments:
            if c.origin_id in taken or not needle:
                continue
            same_author = c.author_name.casefold() == row["author_name"].casefold()
            if same_author and _fingerprint(c.body) == needle:
                with store.write() as db:
                    db.execute(
                        "UPDATE comments SET origin_id = ?, url = ? WHERE id = ?",
                        [c.origin_id, c.url, row["id"]],
                    )
                taken.add(c.origin_id)
                break


def remove_vanished(store: Store, article_id: int, gone: set[str]) -> int:
    """Delete the article's comments with these origin ids: ones the site no longer shows
    (deleted, trashed, spam or held again). Own comments always stay, and so do comments
    that a queued reply or a draft answers (or edits), until those are gone. Returns how many
    were deleted."""
    with store.write() as db:
        doomed = [
            row[0]
            for row in db.execute(
                "SELECT id FROM comments WHERE article_id = ? AND is_own = 0 "
                "AND origin_id IN (SELECT value FROM json_each(?)) "
                "AND id NOT IN (SELECT c.parent_id FROM comments c "
                "JOIN outbox o ON o.comment_id = c.id WHERE c.parent_id IS NOT NULL) "
                "AND id NOT IN (SELECT parent_id FROM drafts WHERE article_id = ?) "
                "AND id NOT IN (SELECT comment_id FROM drafts WHERE article_id = ?)",
                [article_id, json.dumps(sorted(gone)), article_id, article_id],
            )
        ]
        if doomed:
            ids = json.dumps(doomed)
            # Their replies keep origin_parent, so they find them again if they come back.
            db.execute(
                "UPDATE comments SET parent_id = NULL "
                "WHERE parent_id IN (SELECT value FROM json_each(?))",
                [ids],
            )
            db.execute("DELETE FROM comments WHERE id IN (SELECT value FROM json_each(?))", [ids])
    return len(doomed)


def settle_reasons(store: Store, article_id: int) -> None:
    """Drop "awaiting moderation" and similar notes from comments now shown approved."""
    with store.write() as db:
        db.execute(
            "UPDATE comments SET status_reason = '' WHERE article_id = ? AND status = 'approved' "
            "AND status_reason != '' AND id NOT IN (SELECT comment_id FROM outbox)",
            [article_id],
        )
