"""WordPress's JSON as agora's model, and the user's Markdown as WordPress content.

Every string coming in passes the text gate here (:func:`~agora.core.html_text.html_to_text`,
:func:`~agora.core.text.sanitize_line`); nothing else in agora sees WordPress's shapes. Text
going out is the user's Markdown, made the HTML a commenter may post by
:mod:`~agora.engines.wordpress.markup`.
"""

from __future__ import annotations

import functools

from agora.core.html_text import comment_body, html_to_text
from agora.core.model import (
    BodyFormat,
    CommentKind,
    CommentStatus,
    DiscussionStatus,
    ImportedArticle,
    ImportedComment,
)
from agora.core.text import is_web_url, sanitize_line
from agora.engines.wordpress.markup import markdown_to_wordpress
from agora.engines.wordpress.models import WPComment, WPPost


def to_wordpress(body: str) -> str:
    """A comment's Markdown as WordPress content: what the preview showed is what readers see
    (text without Markdown is only HTML-escaped)."""
    return markdown_to_wordpress(body)


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
    closed = post.comment_status == "closed"
    return ImportedArticle(
        origin_id=str(post.id),
        title=article_title(post),
        body=html_to_text(post.content_html, markdown=True),
        body_format=BodyFormat.MARKDOWN,
        author=sanitize_line(author),
        published=post.date_gmt,
        url=web_url(post.link),
        comment_status=DiscussionStatus.CLOSED if closed else DiscussionStatus.OPEN,
    )


def comment_from_wp(comment: WPComment, post_author: int = 0) -> ImportedComment:
    """A WordPress comment as agora stores it (every string sanitized)."""
    kind = comment.type if comment.type in ("pingback", "trackback") else "comment"
    held = comment.status == "hold"
    body, body_format = comment_body(comment.content_html)
    return ImportedComment(
        origin_id=str(comment.id),
        parent_origin=str(comment.parent) if comment.parent else None,
        author_name=sanitize_line(comment.author_name) or "Anonymous",
        body=body,
        body_format=body_format,
        created=comment.date_gmt,
        author_url=web_url(comment.author_url),
        kind=CommentKind(kind),
        status=CommentStatus.HOLD if held else CommentStatus.APPROVED,
        is_article_author=bool(comment.author and comment.author == post_author),
        url=web_url(comment.link),
    )
