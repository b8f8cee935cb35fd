"""Search in every script: substrings of text written without spaces (CJK, Thai...), beside the
word search, whose results must not change."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from agora.core.model import ImportBatch, ImportedArticle, ImportedComment
from agora.store import Store, migrations
from agora.store.db import connect
from agora.store.fulltext import MARK_END, MARK_START

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "word-search-golden.json"

#: Word queries whose results were recorded (tests/data/word-search-golden.json) by the search
#: as it was before substrings: ``python -m tests.test_search_scripts`` from the old tree.
WORD_QUERIES = [
    "kite",
    "Kite sky",
    '"blue kite"',
    "ki*",
    "author:ann",
    "author:ann kite",
    'author:"Bo Li" sky',
    "ecole",
    "sky* lake",
    "zzz",
    "a",
    "river OR",
    "-kite",
    "日本*",
]


def corpus() -> ImportBatch:
    """Fixed, seeded: articles and comments in English (with a few accents) and in scripts
    written without spaces."""
    rng = random.Random(12)
    words = [
        "kite",
        "sky",
        "blue",
        "lake",
        "river",
        "école",
        "café",
        "stone",
        "kites",
        "skyline",
        "a",
        "the",
        "of",
    ]
    cjk = ["日本語のテキスト", "東京タワー", "北京大学", "สวัสดีครับ", "대한민국", "日本"]
    authors = ["Ann", "Bo Li", "Cy", "田中", "Kim"]
    articles = []
    for a in range(4):
        comments = []
        for c in range(40):
            text = rng.choices(words, k=rng.randint(3, 25))
            if c % 5 == 0:
                text.insert(rng.randint(0, len(text)), rng.choice(cjk))
            comments.append(ImportedComment(f"c{a}-{c}", None, rng.choice(authors), " ".join(text)))
        body = " ".join(rng.choices(words, k=60))
        articles.append(ImportedArticle(f"a{a}", f"Article {a}", body, comments=comments))
    return ImportBatch("file", "/corpus", "corpus", articles)


def word_results(store: Store) -> dict[str, list[list[object]]]:
    found = {}
    for query in WORD_QUERIES:
        for article_id in (None, 2):
            hits = store.search.hits(query, limit=20, article_id=article_id)
            found[f"{query} @{article_id}"] = [
                [h.article_id, h.comment_id, h.author, h.snippet] for h in hits
            ]
    return found


def test_word_search_results_and_order_are_unchanged(store: Store) -> None:
    store.imports.add(corpus())
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    got = word_results(store)
    got.pop("日本* @None"), got.pop("日本* @2")  # now a substring: see below
    golden.pop("日本* @None"), golden.pop("日本* @2")
    assert got == golden
    assert sum(map(len, golden.values())) > 200


def _store_with(store: Store, comments: list[tuple[str, str]], article: str = "") -> list[int]:
    batch = ImportBatch(
        "file",
        "/s",
        "s",
        [
            ImportedArticle(
                f"a{len(comments)}",
                "Title",
                article,
                comments=[
                    ImportedComment(f"c{i}", None, a, b) for i, (a, b) in enumerate(comments)
                ],
            )
        ],
    )
    article_id = store.imports.add(batch).article_ids[0]
    rows = store.db.execute(
        "SELECT id FROM comments WHERE article_id = ? ORDER BY id", [article_id]
    )
    return [r[0] for r in rows]


def found(store: Store, query: str) -> list[int | None]:
    return [h.comment_id for h in store.search.hits(query)]


SCRIPTS_CORPUS = [
    ("田中", "日本語のテキストです。東京タワーへ行きました"),  # 0 Japanese
    ("Li", "我在北京大学学习中文"),  # 1 Chinese
    ("Kim", "대한민국의 수도는 서울입니다"),  # 2 Korean
    ("Somchai", "สวัสดีครับ ผมชื่อสมชาย"),  # 3 Thai
    ("Ann", "I flew to Tokyo, 日本 is lovely"),  # 4 mixed
    ("Bob", "Tokyo at night, nothing else"),  # 5 English
    ("Dara", "ជំរាបសួរ ខ្ញុំឈ្មោះដារា"),  # 6 Khmer
    ("田中", "東京 タワー is two words here"),  # 7 Japanese with a space
    ("Eve", "Plan Q日 starts"),  # 8 a Latin letter beside a kanji
]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("日本", [0, 4]),  # two characters: no trigram, found all the same
        ("日本語", [0]),
        ("テキスト", [0]),
        ("北京", [1]),
        ("京大学", [1]),
        ("民国", []),  # Chinese characters are not Hangul
        ("민국", [2]),  # Korean compounds
        ("대한민국", [2]),
        ("서울", [2]),
        ("สวัสดี", [3]),
        ("ชื่อ", [3]),
        ("ខ្ញុំ", [6]),
        ("日本 tokyo", [4]),  # mixed scripts: both, the word as a word
        ("日本 night", []),
        ("東京タワー", [0]),
        ('"東京 タワー"', [7]),  # a phrase: that exact text, space included
        ("東京 タワー", [0, 7]),  # two terms, anywhere
        ("author:田中 東京", [0, 7]),
        ("author:田中 日本語", [0]),
        ("author:kim 日本", []),
        ("author:ann 日本", [4]),
        ("日本*", [0, 4]),
        ("q日", [8]),  # ASCII letters in either case, as the trigram index has them
        ("PLAN q日", [8]),
        ("plans q日", []),
    ],
)
def test_scripts_without_spaces_are_found_by_substring(
    store: Store, query: str, expected: list[int]
) -> None:
    ids = _store_with(store, SCRIPTS_CORPUS)
    assert sorted(found(store, query)) == sorted(ids[i] for i in expected)


def test_substring_hits_are_marked(store: Store) -> None:
    _store_with(store, SCRIPTS_CORPUS, article="記事は日本語で書かれています")
    for query, term in [("日本語", "日本語"), ("日本", "日本"), ("สวัสดี", "สวัสดี"), ("민국", "민국")]:
        hits = store.search.hits(query)
        assert hits
        for h in hits:
            assert f"{MARK_START}{term}{MARK_END}" in h.snippet, (query, h)
            assert h.snippet.count(MARK_START) == h.snippet.count(MARK_END)
    article = [h for h in store.search.hits("日本語") if h.comment_id is None]
    assert [h.snippet for h in article] == [f"記事は{MARK_START}日本語{MARK_END}で書かれています"]
    # A long text is cut around the match, as FTS5's snippet() does.
    _store_with(store, [("Z", "あ" * 200 + "日本" + "い" * 200)])
    (long,) = [h for h in store.search.hits("日本") if "あ" in h.snippet]
    assert long.snippet.startswith("…") and long.snippet.endswith("…") and len(long.snippet) < 60


def test_substring_hits_are_ranked(store: Store) -> None:
    texts = ["日本語" * n + "。" + "ほか" * (12 - n) for n in (1, 2, 3, 4)]
    ids = _store_with(store, [("A", t) for t in texts], article="日本語" * 2 + "ほか" * 40)
    # Trigram terms: bm25 on the trigram index, comments and the article merged by it.
    scored = sorted(
        [(s, ("c", r)) for s, r in store.db.execute(_BM25.format(t="comments"), ["日本語"])]
        + [(s, ("a", r)) for s, r in store.db.execute(_BM25.format(t="articles"), ["日本語"])]
    )
    hits = store.search.hits("日本語")
    assert [("a", h.article_id) if h.comment_id is None else ("c", h.comment_id) for h in hits] == [
        key for _, key in scored
    ]
    assert hits[0].comment_id == ids[3]
    # Short terms: the more often for the length, the better.
    assert [h.comment_id for h in store.search.hits("日本") if h.comment_id][:4] == ids[::-1]
    assert store.search.hits("日本", limit=2) == store.search.hits("日本")[:2]


_BM25 = "SELECT bm25({t}_tri), rowid FROM {t}_tri WHERE {t}_tri MATCH ?"


def test_a_short_term_reads_only_the_rows_holding_such_scripts(store: Store) -> None:
    from agora.store import unsegmented

    sub = unsegmented.substrings(["日本"])
    sql = unsegmented._sql(unsegmented._COMMENTS, sub, "", [], ranked=True)
    plan = " ".join(str(r[3]) for r in store.db.execute("EXPLAIN QUERY PLAN " + sql, [""] * 5))
    assert "comments_unsegmented" in plan


def test_the_trigram_index_follows_edits_and_deletes(store: Store) -> None:
    ids = _store_with(store, SCRIPTS_CORPUS)
    store.comments.edit(ids[0], "just English now")
    assert found(store, "日本語") == []
    store.comments.edit(ids[5], "東京の夜")
    assert found(store, "東京の") == [ids[5]]
    with store.write() as db:
        db.execute("UPDATE comments SET status = 'hold' WHERE id = ?", [ids[5]])
        db.execute("DELETE FROM comments WHERE id = ?", [ids[1]])
    assert found(store, "北京大") == []
    for table in ("comments_tri", "articles_tri", "comments_fts"):
        store.db.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")
    assert store.scalar("PRAGMA integrity_check") == "ok"


def test_migration_indexes_what_was_stored_before(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = connect(path)
    migrations.migrate(db, target=8)
    db.execute("INSERT INTO sources (kind, locator, name, created) VALUES ('file','/a','a','x')")
    db.execute(
        "INSERT INTO articles (source_id, origin_id, title, body, imported) "
        "VALUES (1, 'p', '北京の記事', 'about zeppelins', 'x')"
    )
    for author, body in [("Ann", "日本語のテキスト"), ("Bob", "airships"), ("Som", "สวัสดีครับ")]:
        db.execute(
            "INSERT INTO comments (article_id, author_name, body) VALUES (1, ?, ?)",
            [author, body],
        )
    db.close()

    store = Store(path)
    assert migrations.version(store.db) == migrations.LATEST
    assert found(store, "日本") == [1]
    assert found(store, "テキスト") == [1]
    assert found(store, "สวัสดี") == [3]
    assert found(store, "airships") == [2]
    assert [(h.comment_id, h.article_title) for h in store.search.hits("北京")] == [
        (None, "北京の記事")
    ]
    # Only the rows holding such scripts are in the trigram index.
    assert store.scalar("SELECT count(*) FROM comments_tri_docsize") == 2
    store.db.execute("INSERT INTO comments_tri(comments_tri) VALUES ('integrity-check')")
    store.close()


def test_the_query_and_the_migration_agree_on_the_scripts(store: Store) -> None:
    from agora.store.trigram_index import UNSEGMENTED_GLOB
    from agora.store.unsegmented import SCRIPTS, is_unsegmented

    top = max(hi for _, hi in SCRIPTS) + 0x100
    glob = {
        cp
        for (cp,) in store.db.execute(
            "WITH RECURSIVE n(cp) AS (SELECT 1 UNION ALL SELECT cp + 1 FROM n WHERE cp < ?) "
            "SELECT cp FROM n WHERE (cp < 55296 OR cp > 57343) AND char(cp) GLOB ?",
            [top, UNSEGMENTED_GLOB],
        )
    }
    python = {cp for cp in range(1, top) if not 0xD800 <= cp <= 0xDFFF and is_unsegmented(chr(cp))}
    assert glob == python
    assert {0x65E5, 0x0E2A, 0xB300, 0x1781, 0x3042, 0x20B9F} <= python
    assert not {ord(c) for c in "aZé ،ه۔—。、"} & python


if __name__ == "__main__":  # record the golden file (from the tree whose results are the reference)
    import tempfile

    with tempfile.TemporaryDirectory() as home:
        s = Store(Path(home) / "agora.db")
        s.imports.add(corpus())
        GOLDEN.write_text(
            json.dumps(word_results(s), ensure_ascii=False, indent=0) + "\n", encoding="utf-8"
        )
        s.close()
