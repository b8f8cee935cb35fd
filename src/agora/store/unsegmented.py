"""Search by substring in scripts written without spaces between words (CJK, Thai, Khmer...).

The word index (unicode61) takes ``日本語のテキスト`` for one word, so ``日本`` finds nothing in it.
Terms with such characters go to the trigram indexes (``comments_tri``, ``articles_tri``, which
hold only the rows with text in such a script, see :mod:`agora.store.trigram_index`) and are
ranked there by bm25. Terms of one or two characters have no trigram: they are looked for with
``instr`` in those rows alone (a partial index lists them), and ranked by how often they occur
for the length of the text. The other terms of the query still match as words, in the word
index, as a filter.
"""

from __future__ import annotations

import functools
import re
import sqlite3
from dataclasses import dataclass
from typing import Any, NamedTuple

from agora.store.trigram_index import holds_unsegmented

#: The scripts written without spaces, as the ranges of :data:`trigram_index.UNSEGMENTED_GLOB`.
SCRIPTS = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x0F00, 0x0FFF),  # Tibetan
    (0x1000, 0x109F),  # Myanmar
    (0x1100, 0x11FF),  # Hangul jamo
    (0x1780, 0x17FF),  # Khmer
    (0x1950, 0x19FF),  # Tai Le, New Tai Lue, Khmer symbols
    (0x1A20, 0x1AAF),  # Tai Tham
    (0x1B00, 0x1B7F),  # Balinese
    (0x2E80, 0x2FDF),  # CJK and Kangxi radicals
    (0x3005, 0x3007),  # 々 〆 〇
    (0x3040, 0x312F),  # Hiragana, Katakana, Bopomofo
    (0x3130, 0x318F),  # Hangul compatibility jamo
    (0x31A0, 0x31FF),  # Bopomofo extended, CJK strokes, Katakana extensions
    (0x3400, 0x4DBF),  # Han extension A
    (0x4E00, 0x9FFF),  # Han
    (0xA000, 0xA4CF),  # Yi
    (0xA960, 0xA97F),  # Hangul jamo extended A
    (0xA980, 0xA9FF),  # Javanese, Myanmar extended B
    (0xAA60, 0xAADF),  # Myanmar extended A, Tai Viet
    (0xAC00, 0xD7FF),  # Hangul syllables, jamo extended B
    (0xF900, 0xFAFF),  # Han compatibility ideographs
    (0xFF65, 0xFFDC),  # halfwidth Katakana and Hangul
    (0x20000, 0x3134F),  # Han extensions B to G
)
#: Fewer characters than this make no trigram.
TRIGRAM = 3
#: How many characters a snippet made here shows around the first match.
_WINDOW = 40


@functools.cache
def _script() -> re.Pattern[str]:
    """The scripts' characters as one class, compiled on the first search (not at start-up:
    the class is large and most launches never search)."""
    return re.compile("[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in SCRIPTS) + "]")


def is_unsegmented(term: str) -> bool:
    """Whether ``term`` has a character of a script written without spaces."""
    return _script().search(term) is not None


def _cased(term: str) -> bool:
    return term.lower() != term.upper()


def quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


@dataclass(frozen=True, slots=True)
class Substrings:
    """The part of a query for scripts written without spaces."""

    trigram: str  # an FTS5 expression for the trigram index ('' when every such term is short)
    short: tuple[str, ...]  # terms of one or two characters, looked for with instr


def substrings(terms: list[str]) -> Substrings:
    """``terms`` (raw, unquoted, each with such a character) as trigram and short terms."""
    long = [quote(t) for t in terms if len(t) >= TRIGRAM]
    return Substrings(" ".join(long), tuple(t for t in terms if len(t) < TRIGRAM))


class Found(NamedTuple):
    """A hit as :class:`fulltext.SearchHit` has it, and whether its snippet is Markdown."""

    article_id: int
    article_title: str
    comment_id: int | None
    author: str
    snippet: str
    markdown: bool


@dataclass(frozen=True, slots=True)
class _Table:
    name: str
    columns: tuple[str, str]  # the short column, then the text (the snippet's)
    alias: str
    head: str  # the columns of a hit before its snippet
    joins: str
    markdown: str  # whether the text is Markdown


_COMMENTS = _Table(
    "comments",
    ("author_name", "body"),
    "c",
    "c.article_id, a.title, c.id, c.author_name",
    "JOIN articles a ON a.id = c.article_id",
    "0",
)
_ARTICLES = _Table(
    "articles",
    ("title", "body"),
    "a",
    "a.id, a.title, NULL, a.author",
    "",
    "a.body_format = 'markdown'",
)


def _sql(t: _Table, sub: Substrings, words: str, where: list[str], ranked: bool) -> str:
    """Hits in ``t``: (head..., snippet or text, rank or nothing, is Markdown)."""
    a = t.alias
    # ASCII letters in either case, as in the trigram index (lower() only where a term has one:
    # it costs a copy of each text).
    fold = ["lower({})" if _cased(term) else "{}" for term in sub.short]
    conditions = [
        f"(instr({f.format(f'{a}.{t.columns[0]}')}, {f.format('?')}) > 0 "
        f"OR instr({f.format(f'{a}.{t.columns[1]}')}, {f.format('?')}) > 0)"
        for f in fold
    ]
    if words:
        conditions.append(f"{a}.id IN (SELECT rowid FROM {t.name}_fts WHERE {t.name}_fts MATCH ?)")
    conditions += where
    markdown = t.markdown
    if sub.trigram:
        tri = f"{t.name}_tri"
        # As in fulltext: FTS5's own sort when nothing else narrows the matches, bm25() after
        # the filters when something does.
        order = f"{tri}.rank" if not conditions else f"bm25({tri})"
        snippet = f"snippet({tri}, 1, ?, ?, '…', 32)"
        return (
            f"SELECT {t.head}, {snippet}, {order if ranked else 0}, {markdown} "
            f"FROM {tri} JOIN {t.name} {a} ON {a}.id = {tri}.rowid {t.joins} "
            f"WHERE {' AND '.join([f'{tri} MATCH ?', *conditions])} ORDER BY {order} LIMIT ?"
        )
    # Every term is short: how often the terms occur for the length of the text, as a negative
    # score like bm25's, in the rows holding such scripts alone (the partial index's condition
    # is repeated so that the planner uses it).
    text = f"({a}.{t.columns[0]} || ' ' || {a}.{t.columns[1]})"
    found = " + ".join(
        f"(length({text}) - length(replace({f.format(text)}, {f.format('?')}, ''))) * 1.0 "
        "/ length(?)"
        for f in fold
    )
    score = f"-({found}) / (length({text}) + 20)"
    holds = holds_unsegmented(a, list(t.columns))
    return (
        f"SELECT {t.head}, {a}.{t.columns[1]}, {score} AS score, {markdown} "
        f"FROM {t.name} {a} {t.joins} "
        f"WHERE ({holds}) AND {' AND '.join(conditions)} ORDER BY score, {a}.id LIMIT ?"
    )


def _params(
    sub: Substrings, words: str, where_params: list[object], marks: tuple[str, str], limit: int
) -> list[object]:
    filters: list[object] = [p for term in sub.short for p in (term, term)]
    filters += [words] if words else []
    filters += where_params
    if sub.trigram:
        return [*marks, sub.trigram, *filters, limit]
    scores = [p for term in sub.short for p in (term, term)]
    return [*scores, *filters, limit]


def hits(
    conn: sqlite3.Connection,
    sub: Substrings,
    words: str,
    where: list[str],
    where_params: list[object],
    marks: tuple[str, str],
    limit: int,
) -> list[Found]:
    """The best ``limit`` comment and article rows, each (article id, title, comment id or
    None, author, snippet, rank, is Markdown), best first. With ``where`` (filters on the
    comment ``c``), comments alone."""
    params = _params(sub, words, where_params, marks, limit)
    articles: list[Any] = []
    if not where:
        articles = conn.execute(_sql(_ARTICLES, sub, words, [], True), params).fetchall()
    sql = _sql(_COMMENTS, sub, words, where, ranked=bool(articles) or not sub.trigram)
    comments: list[Any] = conn.execute(sql, params).fetchall()
    if not sub.trigram:
        articles = [(*r[:4], _snippet(r[4], sub.short, marks), *r[5:]) for r in articles]
        comments = [(*r[:4], _snippet(r[4], sub.short, marks), *r[5:]) for r in comments]
    rows = comments + articles
    if articles:
        rows.sort(key=lambda r: r[5])  # stable: on equal scores, comments before articles
    return [Found(r[0], r[1], r[2], r[3], r[4], bool(r[6])) for r in rows[:limit]]


def _snippet(text: str, terms: tuple[str, ...], marks: tuple[str, str]) -> str:
    """About :data:`_WINDOW` characters of ``text`` around the first of ``terms``, every
    occurrence in them marked, with '…' where it was cut (as FTS5's snippet() has it)."""
    pattern = re.compile("|".join(map(re.escape, sorted(terms, key=len, reverse=True))), re.I)
    first = pattern.search(text)
    start = 0 if first is None else max(0, first.start() - _WINDOW // 4)
    end = min(len(text), start + _WINDOW)
    shown = pattern.sub(lambda m: marks[0] + m.group() + marks[1], text[start:end])
    return ("…" if start else "") + shown + ("…" if end < len(text) else "")
