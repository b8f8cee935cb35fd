"""WordPress posts and comments as agora stores them: every string sanitized on the way in.

Also the link between own comments sent without learning their remote id and the comments a
sync brings in (:func:`adopt_own`).
"""

from __future__ import annotations

from agora.model import ImportedArticle, ImportedComment
from agora.sources.wordpress import WPComment, WPPost
from agora.store import Store
from agora.text import html_to_text, is_web_url, sanitize_line


def _fingerprint(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


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
        url=post.link if is_web_url(post.link) else "",
        comment_status="closed" if post.comment_status == "closed" else "open",
    )


def comment_from_wp(comment: WPComment, post_author: int = 0) -> ImportedComment:
    """A WordPress comment as agora stores it (every string sanitized)."""
    url = sanitize_line(comment.author_url)
    return ImportedComment(
        origin_id=str(comment.id),
        parent_origin=str(comment.parent) if comment.parent else None,
        author_name=sanitize_line(comment.author_name) or "Anonymous",
        body=html_to_text(comment.content_html),
        created=comment.date_gmt,
        author_url=url if is_web_url(url) else "",
        kind=comment.type if comment.type in ("pingback", "trackback") else "comment",
        status="hold" if comment.status == "hold" else "approved",
        is_article_author=bool(comment.author and comment.author == post_author),
        url=comment.link if is_web_url(comment.link) else "",
    )


def adopt_own(store: Store, article_id: int, comments: list[WPComment]) -> None:
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
            if str(c.id) in taken or not needle:
                continue
            same_author = sanitize_line(c.author_name).casefold() == row["author_name"].casefold()
            if same_author and _fingerprint(html_to_text(c.content_html)) == needle:
                with store.write() as db:
                    db.execute(
                        "UPDATE comments SET origin_id = ?, url = ? WHERE id = ?",
                        [str(c.id), c.link if is_web_url(c.link) else "", row["id"]],
                    )
                taken.add(str(c.id))
                break


def settle_reasons(store: Store, article_id: int) -> None:
    """Drop "awaiting moderation" and similar notes from comments now shown approved."""
    with store.write() as db:
        db.execute(
            "UPDATE comments SET status_reason = '' WHERE article_id = ? AND status = 'approved' "
            "AND status_reason != '' AND id NOT IN (SELECT comment_id FROM outbox)",
            [article_id],
        )
