"""WordPress posts and comments as agora stores them: every string sanitized on the way in."""

from __future__ import annotations

import functools

from agora.core.html_text import html_to_text
from agora.core.model import (
    BodyFormat,
    CommentKind,
    CommentStatus,
    DiscussionStatus,
    ImportedArticle,
    ImportedComment,
)
from agora.core.text import is_web_url, sanitize_line
from agora.engines.wordpress import WPComment, WPPost

#: The WordPress comment types agora keeps apart; every other type is an ordinary comment.
_KINDS = {"pingback": CommentKind.PINGBACK, "trackback": CommentKind.TRACKBACK}


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
        body_format=BodyFormat.MARKDOWN,
        author=sanitize_line(author),
        published=post.date_gmt,
        url=web_url(post.link),
        comment_status=(
            DiscussionStatus.CLOSED
            if post.comment_status == DiscussionStatus.CLOSED
            else DiscussionStatus.OPEN
        ),
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
        kind=_KINDS.get(comment.type, CommentKind.COMMENT),
        status=(
            CommentStatus.HOLD if comment.status == CommentStatus.HOLD else CommentStatus.APPROVED
        ),
        is_article_author=bool(comment.author and comment.author == post_author),
        url=web_url(comment.link),
    )
