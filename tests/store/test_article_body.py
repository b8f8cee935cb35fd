"""An article's body read a piece at a time, and without it."""

from __future__ import annotations

import pytest

from agora.core.errors import NotFound, StoreError
from agora.core.model import BodyFormat, ImportBatch, ImportedArticle, SourceKind
from agora.store import Store


def add(store: Store, body: str) -> int:
    article = ImportedArticle("a", "Long", body, BodyFormat.MARKDOWN)
    batch = ImportBatch(SourceKind.FILE, "/a.md", "a.md", [article])
    return store.imports.add(batch).article_ids[0]


def test_the_body_is_read_in_pieces_as_its_utf8(store: Store) -> None:
    body = "日本語 and 👨\u200d👩\u200d👧 " * 20_000
    aid = add(store, body)
    assert store.articles.get(aid, body=False).body == ""
    assert store.articles.get(aid).body == body
    assert store.articles.body_utf8(aid) == body.encode()
    reader = store.articles.body_reader(aid)
    assert reader.size == len(body.encode())
    pieces = [reader.read(offset, 4096) for offset in range(0, reader.size, 4096)]
    reader.close()
    assert b"".join(pieces).decode() == body
    with pytest.raises(StoreError):
        reader.read(0, 10)


def test_a_body_changed_while_it_is_read_says_so(store: Store) -> None:
    aid = add(store, "first text " * 10_000)
    reader = store.articles.body_reader(aid)
    assert reader.read(0, 5) == b"first"
    with store._access.write() as db:  # as a re-import or a sync would
        db.conn.execute("UPDATE articles SET body = ? WHERE id = ?", ["other", aid])
    with pytest.raises(StoreError):
        reader.read(0, 5)
    reader.close()


def test_no_article_no_reader(store: Store) -> None:
    with pytest.raises(NotFound):
        store.articles.body_reader(12345)
