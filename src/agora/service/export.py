"""Export an article and its whole thread as JSON or Markdown.

Threads can be 100,000 levels deep, so nothing here recurses: nested JSON is written with an
explicit stack.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime

from agora.core.errors import InvalidInput
from agora.core.markdown_light import as_plain
from agora.core.model import Article, BodyFormat, Comment, CommentStatus
from agora.core.thread import Thread


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _comment_fields(c: Comment) -> dict[str, object]:
    deleted = c.status == CommentStatus.DELETED
    body = "[comment deleted]" if deleted else as_plain(c.body, c.body_format)
    return {
        "id": c.id,
        "parent": c.parent_id,
        "author": c.author_name,
        "created": _iso(c.created),
        "body": body,  # plain text, formatted or not
        "body_format": BodyFormat.TEXT if deleted else c.body_format,  # as it was written
    }


def article_fields(a: Article) -> dict[str, object]:
    return {
        "id": a.id,
        "title": a.title,
        "author": a.author,
        "published": _iso(a.published),
        "url": a.url,
        "body": a.body,
    }


def iter_json(article: Article, thread: Thread, comments: dict[int, Comment]) -> Iterator[str]:
    """Yield the pieces of one JSON object: the article and its nested comments."""
    yield '{"article": ' + json.dumps(article_fields(article), ensure_ascii=False)
    yield ', "comments": ['
    n = len(thread)
    for pos in range(n):
        c = comments[thread.ids[pos]]
        fields = json.dumps(_comment_fields(c), ensure_ascii=False)
        yield ("" if pos == 0 or thread.parent[pos] + 1 == pos else ", ") + fields[:-1]
        yield ', "replies": ['
        # Close this comment and every ancestor whose subtree ends here.
        closing = pos
        while closing >= 0 and thread.end[closing] == pos + 1:
            yield "]}"
            closing = thread.parent[closing]
    yield "]}"


def to_json(article: Article, thread: Thread, comments: dict[int, Comment]) -> str:
    return "".join(iter_json(article, thread, comments))


#: Quotes nest this deep at most; a deeper reply says its depth in its header instead, so that
#: a chain of 50,000 replies is not 50,000 quote marks on each of its lines.
MAX_QUOTE_DEPTH = 12


def iter_markdown(article: Article, thread: Thread, comments: dict[int, Comment]) -> Iterator[str]:
    """Yield Markdown lines: the article, then the thread as nested quotes."""
    yield f"# {article.title}\n"
    meta = [m for m in (article.author, _iso(article.published), article.url) if m]
    if meta:
        yield "*" + " · ".join(meta) + "*\n"
    yield article.body + "\n"
    yield f"## Comments ({len(thread)})\n"
    for pos in range(len(thread)):
        c = comments[thread.ids[pos]]
        depth = thread.depth[pos]
        prefix = "> " * min(depth, MAX_QUOTE_DEPTH)
        when = _iso(c.created) or ""
        author = c.author_name or "(deleted)"
        deeper = f" · depth {depth}" if depth > MAX_QUOTE_DEPTH else ""
        yield f"{prefix}**{author}** · {when} · #{c.id}{deeper}"
        yield prefix.rstrip()
        body = "[comment deleted]" if c.status == CommentStatus.DELETED else c.body
        for line in body.split("\n"):  # as written: white space at a line's end included
            yield prefix + line if line else prefix.rstrip()
        yield ""


def render(article: Article, thread: Thread, comments: dict[int, Comment], fmt: str) -> str:
    """The article and its thread as ``json`` or ``md`` (Markdown)."""
    if fmt == "json":
        return to_json(article, thread, comments)
    if fmt == "md":
        return "\n".join(iter_markdown(article, thread, comments))
    raise InvalidInput(f"unknown export format {fmt!r} (use json or md)")
