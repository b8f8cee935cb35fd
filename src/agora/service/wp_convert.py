"""WordPress posts and comments as agora stores them: every string sanitized on the way in.

Also the link between own comments sent without learning their remote id and the comments a
sync brings in (:func:`adopt_own`), and the removal of comments the site no longer shows
(:func:`remove_vanished`).
"""

from __future__ import annotations

import functools
import json

from agora.core.html_text import html_to_text
from agora.core.model import ImportedArticle, ImportedComment
from agora.core.text import is_web_url, sanitize_line
from agora.engines.wordpress import WPComment, WPPost
from agora.store import Store


def _fingerprint(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


@functools.lru_cache(maxsize=1024)
def _is_web_page(url: str) -> bool:
    return is_web_url(url)


def web_url(value: str) -> str:
    """``value`` as safe text when it is an absolute http(s) address, else ``""``. Comment
    permalinks share their page (``...#comment-N``), so the page's check is remembered."""
    url = sanitize_line(value)
    return url if _is_web_page(url.partition("#")[0]) else ""


def article_title(post: WPPost) -> str:
    return sanitize_line(html_to_text(post.title_html)) or f"Post {post.id}"


def article_from_post(post: WPPost, author: str = "") -> ImportedArticle:
    """A post as agora stores it: sanitized text, Markdown body."""
    return ImportedArticle(
        origin_id=str(post.id),
        title=article_title(post),
        body=html_to_text(post.content_html, markdown=True),
        body_format="markdown",
        author=sanitize_line(author),
        published=post.date_gmt,
        url=web_url(post.link),
        comment_status="closed" if post.comment_status == "closed" else "open",
    )


def comment_from_wp(comment: WPComment, post_author: int = 0) -> ImportedComment:
    """A WordPress comment as agora stores it (every string sanitized)."""
    return ImportedComment(
        origin_id=str(comment.id),
        parent_origin=str(comment.parent) if comment.parent else None,
        author_name=sanitize_line(comment.author_name) or "Anonymous",
        body=html_to_text(comment.content_html),
        created=comment.date_gmt,
        author_url=web_url(comment.author_url),
        kind=comment.type if comment.type in ("pingback", "trackback") else "comment",
        status="hold" if comment.status == "hold" else "approved",
        is_article_author=bool(comment.author and comment.author == post_author),
        url=web_url(comment.link),
    )


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
