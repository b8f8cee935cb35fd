"""Votes in the store: migration 12 on a database with data, imports that write and change the
counts, and comments without votes (local, or from engines that have none) keeping NULL."""

from __future__ import annotations

from pathlib import Path

from agora.core.model import ImportBatch, ImportedArticle, ImportedComment
from agora.store import Store, migrations
from agora.store.db import connect


def _batch(likes: int | None, dislikes: int | None) -> ImportBatch:
    comment = ImportedComment("70", None, "Ann", "hello", likes=likes, dislikes=dislikes)
    article = ImportedArticle("/p/", "Post", "body", comments=[comment])
    return ImportBatch("isso", "https://blog.example", "Blog", [article])


def test_v12_adds_empty_vote_columns_and_keeps_the_comments(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = connect(path)
    migrations.migrate(db, target=11)
    db.execute(
        "INSERT INTO sources (kind, locator, name, created) "
        "VALUES ('wordpress', 'https://a.example', 'A', 'x')"
    )
    db.execute(
        "INSERT INTO articles (source_id, origin_id, title, body, imported) "
        "VALUES (1, '7', 'Post', 'body', 'x')"
    )
    db.execute(
        "INSERT INTO comments (article_id, origin_id, author_name, body, body_format) "
        "VALUES (1, '70', 'Ann', 'kept *as* it was', 'markdown')"
    )
    db.close()

    store = Store(path)
    assert migrations.version(store.db) == migrations.LATEST
    [old] = store.comments.many([1]).values()
    assert (old.author_name, old.body, old.likes, old.dislikes) == (
        "Ann",
        "kept *as* it was",
        None,
        None,
    )
    store.close()


def test_imports_write_and_update_votes_and_set_votes_changes_them(store: Store) -> None:
    result = store.imports.add(_batch(3, 1))
    [cid] = store.comments.thread_columns(result.article_ids[0])[0]
    assert (store.comments.get(cid).likes, store.comments.get(cid).dislikes) == (3, 1)
    again = store.imports.add(_batch(4, 1))
    assert again.comments_updated == 1
    assert store.comments.get(cid).likes == 4
    assert store.imports.add(_batch(4, 1)).comments_updated == 0  # unchanged: not written
    store.comments.set_votes(cid, 5, 2)
    assert (store.comments.get(cid).likes, store.comments.get(cid).dislikes) == (5, 2)


def test_comments_without_votes_keep_none(store: Store) -> None:
    result = store.imports.add(_batch(None, None))
    [cid] = store.comments.thread_columns(result.article_ids[0])[0]
    assert store.comments.get(cid).likes is None
