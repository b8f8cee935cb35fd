"""The inbox of replies to you: replies to own comments, mentions of your names (whole word,
any case, any script), unread state from the read marks, and migration 11's indexes."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from agora.core.mentions import InboxReason, mention_pattern, mentions
from agora.core.model import ImportBatch, ImportedArticle, ImportedComment
from agora.store import Store, migrations
from agora.store.db import connect
from agora.store.inbox_rows import _REPLIES


def _site(store: Store, comments: list[tuple[str, str | None, str, str]], origin: str = "p1"):
    base = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)
    items = [
        ImportedComment(o, p, a, b, created=base.replace(minute=i))
        for i, (o, p, a, b) in enumerate(comments)
    ]
    result = store.imports.add(
        ImportBatch(
            "wordpress",
            "https://blog.example",
            "Blog",
            [ImportedArticle(origin, f"Post {origin}", "body", comments=items)],
        )
    )
    return result.article_ids[0]


def _local(store: Store, origin: str) -> int:
    return int(store.scalar("SELECT id FROM comments WHERE origin_id = ?", [origin]))


def test_pattern_whole_words_any_case_any_script() -> None:
    zoe = mention_pattern(["Zoë Adams"])
    assert mentions("thanks ZOË ADAMS!", zoe)
    assert mentions("thanks zoë\nadams", zoe)  # any run of white space inside the name
    assert not mentions("thanks Zoë Adamson", zoe)
    assert not mentions("xZoë Adams", zoe)
    assert not mentions("Zoë alone", zoe)
    greek = mention_pattern(["Σωκράτης"])
    assert mentions("ρώτα τον ΣΩΚΡΆΤΗΣ τώρα", greek)
    assert not mentions("ρώτα τον Σωκράτηςα", greek)
    han = mention_pattern(["山田"])
    assert mentions("山田さん、ありがとう", han)  # no spaces around words in this script
    assert mention_pattern(["", "  "]) is None
    assert not mentions("anything", None)


def test_replies_mentions_and_unread(store: Store) -> None:
    store.identities.add("guest", "Zoë Adams", "zoe@example.org")
    article = _site(
        store,
        [
            ("1", None, "Ann", "Opening words."),
            ("2", "1", "Bob", "Bob answers Ann."),
            ("3", "1", "Cy", "cy mentions zoë adams in passing"),
            ("4", None, "Dee", "Zoë Adamsville is not a mention."),
        ],
    )
    mine = store.comments.add(article, _local(store, "1"), author_name="Zoë Adams", body="Me")
    # Someone answers the user's comment on the site; the user answers that, too.
    store.imports.add(
        ImportBatch(
            "wordpress",
            "https://blog.example",
            "Blog",
            [
                ImportedArticle(
                    "p1",
                    "Post p1",
                    "body",
                    comments=[
                        ImportedComment(
                            "9",
                            None,
                            "Eve",
                            "Eve replies",
                            created=datetime(2024, 5, 2, tzinfo=UTC),
                        )
                    ],
                )
            ],
        )
    )
    eve = _local(store, "9")
    with store.write() as db:
        db.execute("UPDATE comments SET parent_id = ? WHERE id = ?", [mine.id, eve])
    store.comments.add(article, eve, author_name="Zoë Adams", body="thanks, Zoë Adams here")

    entries = store.inbox.entries()
    assert [(e.comment_id, e.reason) for e in entries] == [
        (eve, InboxReason.REPLY),
        (_local(store, "3"), InboxReason.MENTION),
    ]  # newest first; own comments never, even when they name the user
    reply = entries[0]
    assert (reply.parent_id, reply.author_name, reply.article_title, reply.source_name) == (
        mine.id,
        "Eve",
        "Post p1",
        "Blog",
    )
    assert entries[1].parent_id is None
    assert all(e.unread for e in entries)
    assert store.inbox.unread_count() == 2

    store.inbox.mark_read(article, eve)
    assert [e.unread for e in store.inbox.entries()] == [False, True]
    assert store.inbox.unread_count() == 1
    # Reading the thread reads the inbox too: the article's read mark moves past them.
    store.read_state.mark_seen(article, _local(store, "3"))
    assert store.inbox.unread_count() == 0


def test_no_own_comments_and_no_identity_is_an_empty_inbox(store: Store) -> None:
    _site(store, [("1", None, "Ann", "Hello Ann"), ("2", "1", "Bob", "Hi")])
    assert store.inbox.own_names() == []
    assert store.inbox.entries() == []
    assert store.inbox.unread_count() == 0


def test_names_come_from_identities_and_own_comments(store: Store) -> None:
    article = _site(store, [("1", None, "Ann", "ask 山田 or Kim Lee, or 鈴木一郎さん")])
    store.identities.add("wordpress", "Kim  Lee", site="https://blog.example", username="kim")
    store.comments.add(article, None, author_name="山田", body="x")
    assert set(store.inbox.own_names()) == {"Kim Lee", "山田"}
    assert [e.comment_id for e in store.inbox.entries()] == [_local(store, "1")]
    # Long names in a script without spaces come from the trigram index.
    assert [e.comment_id for e in store.inbox.entries(["鈴木一郎"])] == [_local(store, "1")]
    assert store.inbox.entries(["木一"]) != []  # short ones from the comments holding that script
    assert store.inbox.entries(["Kim Le"]) == []
    assert store.inbox.entries(["--"]) == []  # nothing to look for


def test_deleted_replies_are_not_in_the_inbox(store: Store) -> None:
    article = _site(store, [("1", None, "Ann", "Opening")])
    mine = store.comments.add(article, None, author_name="Me", body="mine")
    _site(store, [("1", None, "Ann", "Opening"), ("2", None, "Bob", "reply")])
    bob = _local(store, "2")
    with store.write() as db:
        db.execute("UPDATE comments SET parent_id = ? WHERE id = ?", [mine.id, bob])
    assert [e.comment_id for e in store.inbox.entries()] == [bob]
    with store.write() as db:
        db.execute("UPDATE comments SET status = 'deleted' WHERE id = ?", [bob])
    assert store.inbox.entries() == []


def test_v11_migrates_a_store_with_data_and_the_replies_use_its_indexes(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = connect(path)
    migrations.migrate(db, target=10)
    db.execute("INSERT INTO sources (kind, locator, name, created) VALUES ('file', '/a', 'A', 'x')")
    db.execute(
        "INSERT INTO articles (source_id, origin_id, title, imported) VALUES (1, 'a', 'T', 'x')"
    )
    db.execute(
        "INSERT INTO comments (id, article_id, author_name, body, is_own) "
        "VALUES (1, 1, 'Me', 'mine', 1), (2, 1, 'Ann', 'hi Me', 0)"
    )
    db.execute(
        "INSERT INTO comments (id, article_id, parent_id, author_name, body) "
        "VALUES (3, 1, 1, 'Bob', 'answer')"
    )
    db.close()

    store = Store(path)
    assert migrations.version(store.db) == migrations.LATEST
    assert [(e.comment_id, e.reason) for e in store.inbox.entries()] == [
        (3, InboxReason.REPLY),  # no dates: the newest id first
        (2, InboxReason.MENTION),
    ]
    plan = " ".join(row["detail"] for row in store.query("EXPLAIN QUERY PLAN " + _REPLIES))
    assert "comments_own" in plan and "comments_parent" in plan
    store.close()


def test_marking_read_leaves_an_unopened_article_unvisited(store: Store) -> None:
    article = _site(store, [("1", None, "Ann", "Opening")])
    mine = store.comments.add(article, None, author_name="Me", body="mine")
    reply = store.comments.add(article, mine.id, author_name="Bob", body="hi", is_own=False)
    store.inbox.mark_read(article, reply.id)
    assert not store.read_state.visited(article)  # its first visit will mark nothing new
    assert store.inbox.unread_count() == 0
    assert store.read_state.unseen_ids(article, 0) == [_local(store, "1")]
