"""Formatted comments in the store: the body_format column, its migration on a database with
data, and imports that change a comment's body and format together."""

from __future__ import annotations

from pathlib import Path

from agora.core.model import (
    BodyFormat,
    ImportBatch,
    ImportedArticle,
    ImportedComment,
)
from agora.store import Store, migrations
from agora.store.db import connect


def test_v9_keeps_old_comments_plain_and_makes_wordpress_sites_sync_in_full(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.db"
    db = connect(path)
    migrations.migrate(db, target=8)
    db.execute(
        "INSERT INTO sources (kind, locator, name, created, synced) VALUES "
        "('wordpress', 'https://a.example', 'A', 'x', '2024-01-01T00:00:00+00:00'), "
        "('wxr', '/b.xml', 'B', 'x', '2024-01-01T00:00:00+00:00')"
    )
    db.execute(
        "INSERT INTO articles (source_id, origin_id, title, body, imported) "
        "VALUES (1, '7', 'Post', 'body', 'x')"
    )
    db.execute(
        "INSERT INTO comments (article_id, origin_id, author_name, body) "
        "VALUES (1, '70', 'Ann', '> quoted\n\nreply')"
    )
    db.execute(
        "INSERT INTO comments (article_id, author_name, body, is_own, status) "
        "VALUES (1, 'Me', 'my *own* words', 1, 'pending')"
    )
    db.close()

    store = Store(path)
    assert migrations.version(store.db) == migrations.LATEST
    old, own = store.comments.many([1, 2]).values()
    assert (old.body, old.body_format) == ("> quoted\n\nreply", BodyFormat.TEXT)
    assert (own.body, own.body_format, own.is_own) == ("my *own* words", BodyFormat.TEXT, True)
    synced = {s.kind: s.synced for s in store.sources.sites(["wordpress", "wxr"])}
    assert synced["wordpress"] is None  # the next sync reads every thread again
    assert synced["wxr"] is not None
    # That sync's upsert re-derives the body and its format in place.
    result = store.imports.add(
        ImportBatch(
            "wordpress",
            "https://a.example",
            "A",
            [
                ImportedArticle(
                    "7",
                    "Post",
                    "body",
                    comments=[
                        ImportedComment(
                            "70",
                            None,
                            "Ann",
                            "> *quoted*\n\nreply",
                            body_format=BodyFormat.MARKDOWN,
                        )
                    ],
                )
            ],
        )
    )
    assert (result.comments_new, result.comments_updated) == (0, 1)
    old, own = store.comments.many([1, 2]).values()
    assert (old.body, old.body_format) == ("> *quoted*\n\nreply", BodyFormat.MARKDOWN)
    assert (own.body, own.body_format) == ("my *own* words", BodyFormat.TEXT)
    # What the user types over a formatted comment is plain text again.
    edited = store.comments.edit(1, "new *text*")
    assert (edited.body, edited.body_format) == ("new *text*", BodyFormat.TEXT)
    store.close()


def test_formatted_comments_are_stored_as_markdown_and_plain_ones_as_text() -> None:
    from agora.core.html_text import comment_body
    from agora.importers.wxr_content import comment_body as wxr_comment_body

    assert comment_body("<p>Plain words.</p>\n<p>Two paragraphs.</p>") == (
        "Plain words.\n\nTwo paragraphs.",
        BodyFormat.TEXT,
    )
    assert comment_body("<blockquote><p>You said</p></blockquote><p><em>No</em>.</p>") == (
        "> You said\n\n*No*.",
        BodyFormat.MARKDOWN,
    )
    assert wxr_comment_body("Plain\n\ntext") == ("Plain\n\ntext", BodyFormat.TEXT)
    assert wxr_comment_body("<blockquote>Quoted</blockquote>\n\n<code>x*y</code>") == (
        "> Quoted\n\n`x*y`",
        BodyFormat.MARKDOWN,
    )
