"""The store: schema, migrations, imports, comments, drafts, identities."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from agora.core.errors import NotFound, StoreError
from agora.store import Store, migrations
from agora.store.db import connect, immediate
from tests.conftest import sample_batch


def test_new_store_is_at_latest_version_with_wal_and_foreign_keys(store: Store) -> None:
    assert migrations.version(store.db) == migrations.LATEST
    assert store.scalar("PRAGMA journal_mode") == "wal"
    assert store.scalar("PRAGMA foreign_keys") == 1
    tables = set(sqlite_utils.Database(store.db.conn).table_names())
    for name in (
        "sources",
        "articles",
        "comments",
        "identities",
        "drafts",
        "read_state",
        "settings",
        "articles_fts",
        "comments_fts",
    ):
        assert name in tables


def test_an_old_database_migrates_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = connect(path)
    migrations.migrate(db, target=1)
    db.execute("INSERT INTO sources (kind, locator, name, created) VALUES ('file','/a','a','x')")
    db.execute(
        "INSERT INTO articles (source_id, origin_id, title, body, imported) "
        "VALUES (1, 'p', 'Old title', 'old body about zeppelins', 'x')"
    )
    db.execute(
        "INSERT INTO comments (article_id, author_name, body) VALUES (1, 'Ann', 'airships!')"
    )
    db.close()

    store = Store(path)
    assert migrations.version(store.db) == migrations.LATEST
    assert store.articles.get(1).title == "Old title"
    hits = store.query("SELECT rowid FROM comments_fts WHERE comments_fts MATCH 'airships'")
    assert hits == [{"rowid": 1}]
    hits = store.query("SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'zeppelins'")
    assert hits == [{"rowid": 1}]
    store.close()


def test_a_database_from_a_newer_agora_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {migrations.LATEST + 5}")
    conn.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(StoreError, match="newer agora"):
        Store(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_a_corrupt_file_gets_a_clear_error_and_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "agora.db"
    path.write_bytes(b"this is not sqlite at all" * 100)
    before = path.read_bytes()
    with pytest.raises(StoreError, match=r"\.bak"):
        Store(path)
    assert path.read_bytes() == before


def test_import_is_idempotent(store: Store) -> None:
    first = store.imports.add(sample_batch())
    assert (first.articles_new, first.comments_new) == (1, 7)
    again = store.imports.add(sample_batch())
    assert (again.articles_new, again.articles_updated) == (0, 0)
    assert (again.comments_new, again.comments_updated) == (0, 0)
    assert store.articles.count() == 1
    assert store.scalar("SELECT count(*) FROM comments") == 7


def test_reimport_updates_changed_content(store: Store) -> None:
    store.imports.add(sample_batch())
    batch = sample_batch()
    batch.articles[0].title = "New title"
    batch.articles[0].comments[0].body = "Edited first comment"
    result = store.imports.add(batch)
    assert (result.articles_updated, result.comments_updated) == (1, 1)
    art = store.articles.all()[0]
    assert art.title == "New title"


def test_threading_resolves_parents_by_origin(store: Store) -> None:
    result = store.imports.add(sample_batch())
    pairs = store.comments.thread_pairs(result.article_ids[0])
    by_id = dict(pairs)
    comments = store.comments.many(by_id)
    names = {c.id: c.author_name for c in comments.values()}
    parents = {names[c]: (names[p] if p else None) for c, p in pairs}
    assert parents == {
        "Ada": None,
        "Bob": "Ada",
        "Cy": "Bob",
        "Dee": "Ada",
        "Eve": None,
        "Fay": "Eve",
        "Gus's blog": None,
    }


@pytest.mark.parametrize("count", [5, 200])  # row by row, and in bulk
def test_parents_resolve_in_any_order_and_across_imports(store: Store, count: int) -> None:
    from agora.core.model import ImportBatch, ImportedArticle, ImportedComment

    def parent(n: int) -> str | None:  # n answers n // 2; the last one, a comment never seen
        return None if n == 0 else "gone" if n == count - 1 else str(n // 2)

    def batch(numbers: list[int]) -> ImportBatch:
        comments = [ImportedComment(str(n), parent(n), "R", "b") for n in numbers]
        article = ImportedArticle("a", "A", "", comments=comments)
        return ImportBatch("file", "/order", "order", [article])

    def parents() -> dict[str, str | None]:
        sql = (
            "SELECT c.origin_id, p.origin_id FROM comments c "
            "LEFT JOIN comments p ON p.id = c.parent_id"
        )
        return dict(store.db.execute(sql))

    def expected(numbers: list[int]) -> dict[str, str | None]:
        present = {str(n) for n in numbers}
        return {str(n): parent(n) if parent(n) in present else None for n in numbers}

    first = [n for n in reversed(range(count)) if n % 3]  # replies before what they answer
    store.imports.add(batch(first))
    assert parents() == expected(first)
    store.imports.add(batch(list(range(count))))  # the parents arrive
    assert parents() == expected(list(range(count)))


def test_thread_columns_are_in_conversation_order(store: Store) -> None:
    import random
    from datetime import UTC, datetime, timedelta

    from agora.core.model import ImportBatch, ImportedArticle, ImportedComment

    rnd = random.Random(3)
    day = datetime(2024, 1, 1, tzinfo=UTC)
    comments = [
        ImportedComment(
            str(n),
            str(rnd.randrange(n)) if n and rnd.random() < 0.7 else None,
            "R",
            "b",
            # Few distinct times (ties broken by id), some unknown; not in id order.
            created=None if rnd.random() < 0.1 else day + timedelta(minutes=rnd.randrange(20)),
        )
        for n in range(300)
    ]
    articles = [ImportedArticle(a, a, "", comments=comments) for a in ("a", "b")]
    ids = store.imports.add(ImportBatch("file", "/cols", "cols", articles)).article_ids
    for article_id in ids:
        expected = store.db.execute(
            "SELECT id, parent_id FROM comments WHERE article_id = ? ORDER BY created, id",
            [article_id],
        ).fetchall()
        assert store.comments.thread_pairs(article_id) == expected
        assert store.comments.thread_columns(article_id) == (
            [i for i, _ in expected],
            [p for _, p in expected],
        )
    assert store.comments.thread_columns(9999) == ([], [])


def test_a_failed_import_writes_nothing(store: Store) -> None:
    batch = sample_batch()
    batch.articles[0].comments[0].body = None  # type: ignore[assignment]  # NOT NULL violation
    with pytest.raises(sqlite3.IntegrityError):
        store.imports.add(batch)
    assert store.articles.count() == 0
    assert store.sources.all() == []


def test_comments_drafts_and_placeholders(store: Store) -> None:
    aid = store.imports.add(sample_batch()).article_ids[0]
    store.drafts.save(aid, None, "half a thought")
    assert store.drafts.get(aid, None).body == "half a thought"
    store.drafts.save(aid, None, "a whole thought")
    assert [d.body for d in store.drafts.all()] == ["a whole thought"]
    c = store.comments.add(
        aid, None, author_name="Me", body="a whole thought", drop_draft_of=(aid, None)
    )
    assert c.is_own and store.drafts.get(aid, None) is None
    reply = store.comments.add(aid, c.id, author_name="Me", body="reply")
    assert store.comments.delete(c.id) is False  # has a reply: placeholder
    assert store.comments.get(c.id).status == "deleted"
    assert store.comments.delete(reply.id) is True
    with pytest.raises(NotFound):
        store.comments.get(reply.id)


def test_identities_and_current_identity(store: Store) -> None:
    jane = store.identities.add("guest", "Jane", "jane@example.org")
    assert store.identities.add("guest", "Jane", "jane@example.org").id == jane.id
    store.identities.set_current(jane)
    assert store.identities.current() == jane
    store.identities.forget(jane.id)
    assert store.identities.current() is None
    assert store.identities.all() == []


def test_concurrent_writers_wait_instead_of_failing(tmp_path: Path) -> None:
    a = Store(tmp_path / "agora.db")
    b = Store(tmp_path / "agora.db")
    aid = a.imports.add(sample_batch()).article_ids[0]
    with a.write() as db:
        db.execute("UPDATE articles SET title = 'held' WHERE id = ?", [aid])
        # b's read works during a's write transaction (WAL).
        assert b.articles.get(aid).title == "Sample article"
    b.drafts.save(aid, None, "after the lock")
    assert a.drafts.get(aid, None).body == "after the lock"
    a.close()
    b.close()


def test_search_index_follows_edits_but_not_parent_changes(store: Store) -> None:
    aid = store.imports.add(sample_batch()).article_ids[0]
    c = store.comments.add(aid, None, author_name="Me", body="zeppelin")
    assert [h.comment_id for h in store.search.hits("zeppelin")] == [c.id]
    store.comments.edit(c.id, "airship")
    assert store.search.hits("zeppelin") == []
    assert [h.comment_id for h in store.search.hits("airship")] == [c.id]
    with store.write() as db:
        db.execute("UPDATE comments SET parent_id = NULL, status = 'hold' WHERE id = ?", [c.id])
    assert [h.comment_id for h in store.search.hits("airship")] == [c.id]
    assert store.scalar("PRAGMA integrity_check") == "ok"
    store.db.execute("INSERT INTO comments_fts(comments_fts) VALUES ('integrity-check')")


def test_search_query_syntax_never_errors(store: Store) -> None:
    store.imports.add(sample_batch())
    for q in ['"unbalanced', "AND OR NOT", "(", "*", "author:", 'author:"Ada"', "a* b*", "NEAR(x"]:
        store.search.hits(q)
    assert [h.author for h in store.search.hits("author:ada")] == ["Ada"]
    assert {h.author for h in store.search.hits("repl*")} == {"Bob", "Dee", "Fay"}
    assert [h.author for h in store.search.hits('"second thread"')] == ["Eve"]


def test_search_merges_article_and_comment_hits_by_score(store: Store) -> None:
    from agora.core.model import ImportBatch, ImportedArticle, ImportedComment
    from agora.store.fulltext import MARK_END, MARK_START

    def text(kites: int, others: int) -> str:
        return " ".join(["kite"] * kites + ["other"] * others)

    articles = [
        ImportedArticle(
            f"a{n}",
            f"Article {n}",
            text(n, 20 - n),
            comments=[
                ImportedComment(f"c{n}-{i}", None, f"R{i}", text(i, 3 * n + i)) for i in (1, 2, 3)
            ]
            + [ImportedComment(f"o{n}-{i}", None, "O", text(0, i + 1)) for i in range(9)],
        )
        for n in (1, 2, 3)
    ] + [ImportedArticle(f"o{n}", f"Other {n}", text(0, n + 1)) for n in range(9)]
    store.imports.add(ImportBatch("file", "/kites", "kites", articles))

    def scored(table: str) -> list[tuple[float, int]]:
        sql = f"SELECT bm25({table}), rowid FROM {table} WHERE {table} MATCH 'kite'"
        return list(store.db.execute(sql))

    expected = sorted(
        [(s, ("comment", i)) for s, i in scored("comments_fts")]
        + [(s, ("article", i)) for s, i in scored("articles_fts")]
    )
    assert len({s for s, _ in expected}) == len(expected) == 12  # no ties: one right order
    hits = store.search.hits("kite")
    got = [
        ("article", h.article_id) if h.comment_id is None else ("comment", h.comment_id)
        for h in hits
    ]
    assert got == [key for _, key in expected]
    assert hits[:4] == store.search.hits("kite", limit=4)
    assert all(f"{MARK_START}kite{MARK_END}" in h.snippet for h in hits)
    assert {h.article_title for h in hits} == {"Article 1", "Article 2", "Article 3"}


def test_a_failed_nested_write_undoes_only_itself(tmp_path: Path) -> None:
    db = connect(tmp_path / "n.db")
    db.execute("CREATE TABLE t (v INTEGER)")
    with immediate(db):
        db.execute("INSERT INTO t VALUES (1)")
        with pytest.raises(ZeroDivisionError), immediate(db):
            db.execute("INSERT INTO t VALUES (2)")
            raise ZeroDivisionError
        db.execute("INSERT INTO t VALUES (3)")
    assert [r[0] for r in db.execute("SELECT v FROM t ORDER BY v")] == [1, 3]
    with pytest.raises(ZeroDivisionError), immediate(db):
        db.execute("INSERT INTO t VALUES (4)")
        raise ZeroDivisionError
    assert not db.conn.in_transaction
    assert [r[0] for r in db.execute("SELECT v FROM t ORDER BY v")] == [1, 3]
    db.close()


def test_article_entries_are_the_articles_without_their_bodies(store: Store) -> None:
    store.imports.add(sample_batch())
    entries = store.articles.entries()
    articles = store.articles.all()
    assert [e.id for e in entries] == [a.id for a in articles]
    for entry, article in zip(entries, articles, strict=True):
        assert (entry.title, entry.source_name, entry.published, entry.comment_count) == (
            article.title,
            article.source_name,
            article.published,
            article.comment_count,
        )


def test_a_comment_cannot_fake_a_search_highlight(store: Store) -> None:
    from agora.core.model import ImportBatch, ImportedArticle, ImportedComment
    from agora.core.text import sanitize
    from agora.store.fulltext import MARK_END, MARK_START

    # As every importer does: the text gate on the way in.
    fake = sanitize("\ue000fake\ue001 and \x02marks\x03 beside a kite")
    comment = ImportedComment("c", None, "Z", fake)
    store.imports.add(
        ImportBatch("file", "/f", "f", [ImportedArticle("a", "A", "", comments=[comment])])
    )
    [hit] = store.search.hits("kite")
    assert hit.snippet.count(MARK_START) == hit.snippet.count(MARK_END) == 1
    assert f"{MARK_START}kite{MARK_END}" in hit.snippet
    assert "\ue000fake\ue001" in hit.snippet  # private-use text is text (icon fonts use it)


def test_an_article_snippet_shows_the_words_not_the_markdown(store: Store) -> None:
    from agora.core.model import ImportBatch, ImportedArticle, ImportedComment
    from agora.store.fulltext import MARK_END, MARK_START

    body = "# Kite\n\n> A **kite**, [a craft](https://e.org/k) <https://e.org>\n\n"
    body += "- \\[safe\\] `a_b`"
    plain = ImportedArticle("p", "Plain", "A *kite* stays [as] typed", body_format="text")
    marked = ImportedArticle("m", "Marked", body, body_format="markdown")
    by = ImportedComment("c", None, "Ann", "*kite* " + "word " * 60)
    marked.comments = [by]
    store.imports.add(ImportBatch("file", "/k", "k", [plain, marked]))
    hits = store.search.hits("kite")
    snippets = {h.article_title: h.snippet for h in hits if h.comment_id is None}
    shown = snippets["Marked"].replace(MARK_START, "").replace(MARK_END, "")
    assert shown == "Kite\n\nA kite, a craft https://e.org\n\n[safe] a_b"
    assert snippets["Plain"] == f"A *{MARK_START}kite{MARK_END}* stays [as] typed"
    # A search by author alone shows the start of each comment, cut at a word.
    (hit,) = store.search.hits("author:Ann")
    assert hit.snippet.endswith("word…") and len(hit.snippet) <= 161
