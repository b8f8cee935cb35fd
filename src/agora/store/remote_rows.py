"""Comments as a discussion site knows them: their remote (origin) ids, own comments linked
to the ids a sync brings, and the removal of comments the site no longer shows."""

from __future__ import annotations

import json
from datetime import datetime

from agora.core.model import ImportedComment
from agora.core.times import from_iso
from agora.store.access import Access


def _fingerprint(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


class RemoteComments:
    """The link between stored comments and their ids on a site (``origin_id``)."""

    def __init__(self, access: Access) -> None:
        self._access = access

    def origin(self, comment_id: int) -> str | None:
        """The comment's id on its site (None: not known, or no such comment)."""
        return self._access.scalar("SELECT origin_id FROM comments WHERE id = ?", [comment_id])

    def local_id(self, article_id: int, origin_id: str) -> int | None:
        """The store id of the article's comment with this remote id, if stored."""
        return self._access.scalar(
            "SELECT id FROM comments WHERE article_id = ? AND origin_id = ?",
            [article_id, origin_id],
        )

    def newest(self, article_id: int) -> datetime | None:
        """When the newest comment that came from the site was written (the site's clock)."""
        return from_iso(
            self._access.scalar(
                "SELECT max(created) FROM comments WHERE article_id = ? AND origin_id IS NOT NULL",
                [article_id],
            )
        )

    def statuses(self, article_id: int) -> dict[str, str]:
        """The remote ids of the article's stored comments, with their status."""
        return {
            str(origin): status
            for origin, status in self._access.rows(
                "SELECT origin_id, status FROM comments WHERE article_id = ? "
                "AND origin_id IS NOT NULL",
                [article_id],
            )
        }

    def adopt_own(self, article_id: int, comments: list[ImportedComment]) -> None:
        """Give own comments that were posted without learning their remote id (a held guest
        comment whose sending was interrupted) that id, when the site now shows them: same
        author, same words."""
        own = self._access.rows(
            "SELECT id, author_name, body FROM comments WHERE article_id = ? AND is_own = 1 "
            "AND origin_id IS NULL AND status IN ('hold', 'approved') "
            "AND id NOT IN (SELECT comment_id FROM outbox)",
            [article_id],
        )
        if not own:
            return
        taken = set(
            self._access.column(
                "SELECT origin_id FROM comments WHERE article_id = ? AND origin_id IS NOT NULL",
                [article_id],
            )
        )
        for comment_id, author_name, body in own:
            needle = _fingerprint(body)
            for c in comments:
                if c.origin_id in taken or not needle:
                    continue
                same_author = c.author_name.casefold() == author_name.casefold()
                if same_author and _fingerprint(c.body) == needle:
                    with self._access.write() as db:
                        db.execute(
                            "UPDATE comments SET origin_id = ?, url = ? WHERE id = ?",
                            [c.origin_id, c.url, comment_id],
                        )
                    taken.add(c.origin_id)
                    break

    def remove_vanished(self, article_id: int, gone: set[str]) -> int:
        """Delete the article's comments with these origin ids: ones the site no longer shows
        (deleted, trashed, spam or held again). Own comments always stay, and so do comments
        that a queued reply or a draft answers (or edits), until those are gone. Returns how
        many were deleted."""
        with self._access.write() as db:
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
                db.execute(
                    "DELETE FROM comments WHERE id IN (SELECT value FROM json_each(?))", [ids]
                )
        return len(doomed)

    def settle_reasons(self, article_id: int) -> None:
        """Drop "awaiting moderation" and similar notes from comments now shown approved."""
        with self._access.write() as db:
            db.execute(
                "UPDATE comments SET status_reason = '' WHERE article_id = ? "
                "AND status = 'approved' AND status_reason != '' "
                "AND id NOT IN (SELECT comment_id FROM outbox)",
                [article_id],
            )
