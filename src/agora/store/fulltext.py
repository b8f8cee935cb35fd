"""Full-text search over articles and comments (FTS5)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from operator import itemgetter
from typing import NamedTuple

from agora.core.text import fold_spaces, sanitize
from agora.store import unsegmented
from agora.store.access import Access
from agora.store.unsegmented import Substrings, is_unsegmented

#: Characters that mark a match inside a snippet; never shown. Control characters, which the
#: text gate keeps out of everything stored, so no comment can fake a highlight (private-use
#: characters, which Nerd Font users type, could).
MARK_START, MARK_END = "\x02", "\x03"
_TOKENS = re.compile(
    r'(?P<field>author):(?:"(?P<fq>[^"]*)"|(?P<fv>\S+))|"(?P<phrase>[^"]*)"?|(?P<word>\S+)'
)


#: The most hits one search returns.
MAX_HITS = 10_000


class SearchHit(NamedTuple):
    """One match: a comment (``comment_id`` set) or an article itself.

    A named tuple, so that a result row becomes a hit with no Python code run per row.
    """

    article_id: int
    article_title: str
    comment_id: int | None
    author: str
    snippet: str  # with MARK_START/MARK_END around matched terms


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    match: str  # an FTS5 expression with every word quoted ('' when only filters were given)
    author: str
    #: The terms with characters of scripts written without spaces, matched as substrings.
    substrings: Substrings | None = None


def parse_query(text: str) -> ParsedQuery:
    """Turn what the user typed into a safe FTS5 expression.

    ``"exact phrase"``, ``prefix*`` and ``author:name`` (or ``author:"Jane Doe"``) are
    understood; every other character is taken literally, so no input is a syntax error.
    """
    terms: list[str] = []
    unspaced: list[str] = []
    author = ""
    for m in _TOKENS.finditer(text):
        if m.group("field"):
            author = (m.group("fq") or m.group("fv") or "").strip()
            continue
        raw = m.group("phrase") if m.group("phrase") is not None else m.group("word")
        prefix = raw.endswith("*")
        raw = raw.rstrip("*").strip()
        if is_unsegmented(raw):
            unspaced.append(raw)  # a prefix is a substring too
        elif raw:
            terms.append(unsegmented.quote(raw) + ("*" if prefix else ""))
    subs = unsegmented.substrings(unspaced) if unspaced else None
    return ParsedQuery(" ".join(terms), author, subs)


# Without filters, ordered by the FTS5 ``rank`` column (bm25), which FTS5 sorts itself and
# hands over best first, so the joins and snippet() run only for the rows returned; ordering
# by a ``bm25()`` expression would make SQLite join and snippet every match before sorting
# (twice the time of the bare index query for a word in a third of a million comments).
# With filters, the ``bm25()`` ordering is the faster one: the filters run first, and only
# the comments left are scored (FTS5's own sort would score every match).
# Selecting ``rank`` runs bm25 again for each row returned, and its first call gathers the
# statistics of the whole index again (every comment holding each term: 17 ms for "lorem
# ipsum" in a million comments), so comment hits carry their score only when there are article
# hits to merge them with.
_SNIPPET = f"snippet({{table}}, 1, '{MARK_START}', '{MARK_END}', '…', 16)"
_COMMENT_HITS = (
    "SELECT c.article_id, a.title, c.id, c.author_name, "
    + _SNIPPET.format(table="comments_fts")
    + "{rank} FROM comments_fts JOIN comments c ON c.id = comments_fts.rowid "
    "JOIN articles a ON a.id = c.article_id "
    "WHERE comments_fts MATCH ? ORDER BY comments_fts.rank LIMIT ?"
)
_RANKED_COMMENT_HITS = _COMMENT_HITS.format(rank=", comments_fts.rank")
_COMMENT_HITS = _COMMENT_HITS.format(rank="")
_FILTERED_COMMENT_HITS = (
    "SELECT c.article_id, a.title, c.id, c.author_name, "
    + _SNIPPET.format(table="comments_fts")
    + " FROM comments_fts JOIN comments c ON c.id = comments_fts.rowid "
    "JOIN articles a ON a.id = c.article_id "
    "WHERE comments_fts MATCH ? AND {where} ORDER BY bm25(comments_fts) LIMIT ?"
)
_ARTICLE_HITS = (
    "SELECT a.id, a.title, NULL, a.author, "
    + _SNIPPET.format(table="articles_fts")
    + ", articles_fts.rank, a.body_format = 'markdown' "
    "FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
    "WHERE articles_fts MATCH ? ORDER BY articles_fts.rank LIMIT ?"
)
_OPENING_CHARS = 160
#: The start of the newest comments by an author (a search with only ``author:``), one
#: character more than is shown, so that :func:`opening` knows whether it cut the text.
_RECENT_COMMENTS = (
    "SELECT c.article_id, a.title, c.id, c.author_name, "
    f"substr(c.body, 1, {_OPENING_CHARS + 1}) "
    "FROM comments c JOIN articles a ON a.id = c.article_id "
    "WHERE {where} ORDER BY c.created DESC LIMIT ?"
)
_RANK = itemgetter(5)

# What Markdown adds around the words of an article's text: backslash escapes, <autolinks>,
# [link text](target), emphasis and code marks, and the markers that start headings, quotes
# and list items.
_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_MD_AUTOLINK = re.compile(r"<((?:https?|mailto):[^<>\s]*)>")
_MD_LINK = re.compile(r"(?<!\\)!?\[([^\]\n]*)\]\([^()\s]*\)")
_MD_EMPHASIS = re.compile(r"(?<![\w\\])(\*\*|__|\*|_|`+)(?=\S)|(?<=[^\s\\])(\*\*|__|\*|_|`+)(?!\w)")
_MD_LINE_START = re.compile(
    r"^[ \t]*(?:#{1,6}[ \t]+|(?:>[ \t]?)+|[-*+][ \t]+|\d+[.)][ \t]+)", re.MULTILINE
)


def markdown_as_text(snippet: str) -> str:
    """A snippet of Markdown as the words it shows: no escapes, link targets or marks."""
    if not any(ch in snippet for ch in "\\<[*_`#>-+0123456789"):
        return snippet
    text = _MD_LINE_START.sub("", snippet)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_AUTOLINK.sub(r"\1", text)
    text = _MD_EMPHASIS.sub("", text)
    return _MD_ESCAPE.sub(r"\1", text)


def opening(text: str, limit: int = _OPENING_CHARS) -> str:
    """The first ``limit`` characters of ``text``, cut back to a word, with '…' when cut."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ", limit // 2)
    return (cut[:space] if space > 0 else cut).rstrip() + "…"


class Search:
    """Searches of the FTS5 indexes of comments and articles."""

    def __init__(self, access: Access) -> None:
        self._access = access

    def hits(self, text: str, limit: int = 50, article_id: int | None = None) -> list[SearchHit]:
        """The best ``limit`` matches for ``text`` among comments and articles."""
        q = parse_query(sanitize(text))  # e.g. lone surrogates from undecodable arguments
        if not q.match and not q.author and q.substrings is None:
            return []
        limit = max(1, min(limit, MAX_HITS))
        where = []
        params: list[object] = []
        if q.author:
            # A substring, ASCII letters in either case (as LIKE has it, but with no pattern to
            # escape and no limit on its length).
            where.append("instr(lower(c.author_name), lower(?)) > 0")
            params.append(q.author)
        if article_id is not None:
            where.append("c.article_id = ?")
            params.append(article_id)
        conn = self._access.db.conn
        with self._access.lock:
            if q.substrings is not None:
                marks = (MARK_START, MARK_END)
                found = unsegmented.hits(conn, q.substrings, q.match, where, params, marks, limit)
                return [
                    SearchHit(
                        *row[:4], markdown_as_text(row.snippet) if row.markdown else row.snippet
                    )
                    for row in found
                ]
            if not q.match:
                sql = _RECENT_COMMENTS.format(where=" AND ".join(where))
                rows = conn.execute(sql, [*params, limit]).fetchall()
                return [
                    SearchHit(aid, title, cid, author, opening(fold_spaces(text)))
                    for aid, title, cid, author, text in rows
                ]
            if where:
                sql = _FILTERED_COMMENT_HITS.format(where=" AND ".join(where))
                return list(map(SearchHit._make, conn.execute(sql, [q.match, *params, limit])))
            articles = [
                (*row[:4], markdown_as_text(row[4]) if row[6] else row[4], row[5])
                for row in conn.execute(_ARTICLE_HITS, [q.match, limit])
            ]
            if not articles:
                return list(map(SearchHit._make, conn.execute(_COMMENT_HITS, [q.match, limit])))
            rows = conn.execute(_RANKED_COMMENT_HITS, [q.match, limit]).fetchall()
        rows += articles
        rows.sort(key=_RANK)  # stable: on equal scores, comments before articles
        return [SearchHit._make(row[:5]) for row in rows[:limit]]
