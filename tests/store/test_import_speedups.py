"""The faster import paths give exactly what the plain ones gave.

Bulk search indexing in ``Store.import_batch`` (the insert trigger set aside for a batch), and
the shortcuts in text conversion: plain comments in WordPress exports, plain tags in HTML,
``sanitize`` of text with nothing to remove.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agora.core.html_converter import HtmlConverter
from agora.core.html_text import html_to_text, inline_line
from agora.core.model import ImportBatch, ImportedArticle, ImportedComment
from agora.core.text import (
    _GATE,
    _LINE_BREAKS,
    collapse_spaces,
    fold_spaces,
    printable_fold,
    sanitize,
    sanitize_line,
    tidy_paragraphs,
)
from agora.importers import wxr_content
from agora.importers.wxr import WxrImporter
from agora.importers.wxr_content import comment_text, wpautop
from agora.store import Store

BASE = datetime(2024, 5, 1, tzinfo=UTC)


def _batch(count: int, *, articles: int = 2, edit: int | None = None) -> ImportBatch:
    """``count`` comments per article, each with a word of its own (``w<article>x<i>``)."""
    out = []
    for a in range(articles):
        comments = [
            ImportedComment(
                origin_id=f"{a}-{i}",
                parent_origin=f"{a}-{i // 2}" if i else None,
                author_name=f"Reader {i % 7}",
                body=("edited" if i == edit else f"common w{a}x{i}") + " text",
                created=BASE + timedelta(minutes=i),
            )
            for i in range(count)
        ]
        out.append(ImportedArticle(f"post-{a}", f"Post {a}", "Body.", comments=comments))
    return ImportBatch("file", "/bulk.xml", "bulk.xml", out)


def _trigger(store: Store) -> str | None:
    return store.scalar("SELECT sql FROM sqlite_master WHERE name = 'comments_ai'")


def _check_index(store: Store) -> None:
    store.db.execute("INSERT INTO comments_fts (comments_fts) VALUES ('integrity-check')")
    assert store.scalar("PRAGMA integrity_check") == "ok"


def _ids(store: Store, word: str) -> list[int]:
    rows = store.db.execute(
        "SELECT rowid FROM comments_fts WHERE comments_fts MATCH ? ORDER BY rowid", [word]
    )
    return [r[0] for r in rows]


def test_a_bulk_import_indexes_every_new_comment_once(tmp_path: Path) -> None:
    store = Store(tmp_path / "agora.db")
    trigger = _trigger(store)
    store.imports.add(_batch(5, articles=1))  # few rows: the trigger indexes them
    result = store.imports.add(_batch(300, articles=3))  # a bulk import per article
    assert result.comments_new == 3 * 300 - 5
    assert _trigger(store) == trigger
    _check_index(store)
    assert len(_ids(store, "common")) == store.scalar("SELECT count(*) FROM comments")
    for word, origin in (("w0x3", "0-3"), ("w1x150", "1-150"), ("w2x299", "2-299")):
        expect = store.scalar("SELECT id FROM comments WHERE origin_id = ?", [origin])
        assert _ids(store, word) == [expect]
    # The trigger is back: a comment written afterwards is found.
    aid = result.article_ids[0]
    mine = store.comments.add(aid, None, author_name="Me", body="zeppelin")
    assert [h.comment_id for h in store.search.hits("zeppelin")] == [mine.id]
    # Importing again changes nothing; an edited comment is re-indexed.
    again = store.imports.add(_batch(300, articles=3))
    assert (again.comments_new, again.comments_updated) == (0, 0)
    edited = store.imports.add(_batch(300, articles=3, edit=42))
    assert (edited.comments_new, edited.comments_updated) == (0, 3)
    assert _ids(store, "w0x42") == []
    assert len(_ids(store, "edited")) == 3
    _check_index(store)
    store.close()


def test_a_failed_bulk_import_leaves_the_index_and_trigger_as_they_were(tmp_path: Path) -> None:
    store = Store(tmp_path / "agora.db")
    store.imports.add(_batch(100, articles=1))
    trigger = _trigger(store)
    before = store.scalar("SELECT count(*) FROM comments")
    bad = _batch(200, articles=1)
    bad.articles[0].origin_id = "another"
    bad.articles[0].comments[150].author_name = None  # type: ignore[assignment]  # NOT NULL
    with pytest.raises(sqlite3.IntegrityError):
        store.imports.add(bad)
    assert _trigger(store) == trigger
    assert store.scalar("SELECT count(*) FROM comments") == before
    _check_index(store)
    assert len(_ids(store, "common")) == before
    store.close()


def test_two_stores_importing_in_turn_keep_one_consistent_index(tmp_path: Path) -> None:
    a, b = Store(tmp_path / "agora.db"), Store(tmp_path / "agora.db")
    a.imports.add(_batch(150, articles=1))
    other = _batch(150, articles=1)
    other.source_locator = "/other.xml"
    b.imports.add(other)
    assert _trigger(a) is not None
    assert len(_ids(a, "common")) == 300
    _check_index(b)
    a.close()
    b.close()


# -- text shortcuts -------------------------------------------------------------------------


def _html_to_text_by_html_parser(html: str, markdown: bool = False) -> str:
    """html_to_text always through html.parser (what the shortcut must equal)."""
    if not html:
        return ""
    converter = HtmlConverter(markdown)
    converter.feed(html)
    converter.close()
    return tidy_paragraphs(sanitize(converter.text().replace("\u00a0", " ")))


_TAG = st.builds(
    lambda name, attrs, close, empty, tail: (
        f"</{name}{tail}>" if close else f"<{name}{''.join(attrs)}{tail}{'/' if empty else ''}>"
    ),
    st.sampled_from(
        [
            "a",
            "A",
            "p",
            "br",
            "em",
            "b",
            "blockquote",
            "ul",
            "li",
            "pre",
            "img",
            "h2",
            "hr",
            "td",
            "span",
            "script",
            "style",
            "title",
            "textarea",
            "x",
            "svg",
            "q",
        ]
    ),
    st.lists(
        st.sampled_from(
            [
                ' href="https://e.org/?a=1&amp;b=2"',
                ' HREF="javascript:x"',
                ' alt="A &lt;b&gt;"',
                ' href=""',
                "\nrel='x'",
                " disabled",
                '\xa0alt="x"',
                ' data-x = "y"',
                " a=b",
            ]
        ),
        max_size=3,
    ),
    st.booleans(),
    st.booleans(),
    st.sampled_from(["", " ", "\n"]),
)
_TEXT = st.sampled_from(
    [
        "word",
        " two  words ",
        "\n",
        "\n\n",
        "\r\n",
        "\t",
        "&amp;",
        "&",
        "&nbsp;",
        "&#8230;",
        "&am",
        "a < b",
        ">",
        "<",
        "<!-- c -->",
        "-->",
        "<?x?>",
        "1. one",
        "# h",
        "*",
        "\\",
        "\xa0",
        "\u2028",
        "\u200b",
        "\x00",
        "\u202e",
        "[caption id=1]",
        "[/caption]",
        "é",
        "😀",
    ]
)
_HTML = st.lists(st.one_of(_TAG, _TEXT, st.text(max_size=4)), max_size=25).map("".join)


@settings(max_examples=500, deadline=None, suppress_health_check=list(HealthCheck))
@given(_HTML, st.booleans())
def test_html_to_text_equals_html_parser_on_any_input(html: str, markdown: bool) -> None:
    assert html_to_text(html, markdown=markdown) == _html_to_text_by_html_parser(html, markdown)
    page = wpautop(html)
    assert html_to_text(page, markdown=markdown) == _html_to_text_by_html_parser(page, markdown)


@settings(max_examples=500, deadline=None, suppress_health_check=list(HealthCheck))
@given(_HTML)
def test_a_wordpress_comment_converts_the_same_with_or_without_the_shortcut(html: str) -> None:
    assert comment_text(html) == html_to_text(wpautop(html))


# Comments as WordPress stores them: paragraphs of lines of words, entities, inline tags and
# links, some paragraphs quoted whole; with odd spacing, invisible characters and the odd
# thing the line-by-line shortcut does not take (a <br>, a nested or unclosed link...).
_WORD = st.sampled_from(
    [
        "word",
        "Élan",
        "a",
        "&amp;",
        "&lt;b&gt;",
        "&nbsp;",
        "&#32;",
        "&am",
        "\\",
        "\xa0",
        "\u200b",
        "\u202e",
        "\x00",
        "\t",
        "\u2028",
        "https://example.org/x",
        "https://example.org/x/",
        "[caption]",
        ">",
    ]
)
_INLINE_TAG = st.sampled_from(["em", "strong", "code", "B", "span", "q", "del", "sub"])
_HREF = st.sampled_from(
    [
        "https://example.org/x",
        "https://example.org/x/",
        "https://e.org/?a=1&amp;b=2",
        "javascript:alert(1)",
        "",
        " https://e.org/ y ",
        "word",
    ]
)


@st.composite
def _comment_line(draw: st.DrawFn) -> str:
    out = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.integers(0, 19))
        text = " ".join(draw(st.lists(_WORD, max_size=3)))
        space = draw(st.sampled_from(["", " ", "  ", "\t"]))
        if kind < 8:
            out.append(space + text)
        elif kind < 14:
            tag = draw(_INLINE_TAG)
            out.append(f"{space}<{tag}>{text}</{tag}>")
        elif kind < 19:
            attrs = f' href="{draw(_HREF)}"' + draw(st.sampled_from(["", ' rel="nofollow ugc"']))
            inner = draw(st.sampled_from([text, f"<em>{text}</em>", "", " "]))
            out.append(f"{space}<a{attrs}>{inner}</a>")
        else:
            out.append(draw(st.sampled_from(["<br>", "<a href='x'>", "</a>", "<a/>", "<p>", "<"])))
    return "".join(out)


@st.composite
def _wordpress_comment(draw: st.DrawFn) -> str:
    paragraphs = []
    for _ in range(draw(st.integers(1, 4))):
        text = "\n".join(draw(st.lists(_comment_line(), min_size=1, max_size=3)))
        if draw(st.integers(0, 3)) == 0:
            text = f"<blockquote>{text}</blockquote>"
        paragraphs.append(text)
    return draw(st.sampled_from(["\n\n", "\n \n", "\r\n\r\n", "\n\n\n"])).join(paragraphs)


@settings(max_examples=1500, deadline=None, suppress_health_check=list(HealthCheck))
@given(_wordpress_comment())
def test_a_wordpress_shaped_comment_converts_the_same_line_by_line(html: str) -> None:
    expected = _html_to_text_by_html_parser(wpautop(html), False)
    assert html_to_text(wpautop(html)) == expected
    assert comment_text(html) == expected


def test_common_comments_take_the_line_by_line_shortcut(monkeypatch: pytest.MonkeyPatch) -> None:
    comments = [
        "Plain text &amp; more,\nover two lines.\n\nA second paragraph.",
        'See <a href="https://example.org/x" rel="nofollow ugc">this</a>, <em>really</em>.',
        "<blockquote>Quoted <code>x &lt; y</code>\ntwice</blockquote>\n\nAnd an answer.",
    ]
    expected = [html_to_text(wpautop(c)) for c in comments]
    monkeypatch.setattr(wxr_content, "html_to_text", None)  # calling the full path would fail
    assert [comment_text(c) for c in comments] == expected
    assert expected[1] == "See this (https://example.org/x), really."
    assert expected[2] == "> Quoted x < y\n> twice\n\nAnd an answer."


@settings(max_examples=500, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(_comment_line(), _HTML))
def test_inline_line_writes_what_the_converter_writes(line: str) -> None:
    converted = inline_line(line)
    if converted is not None:
        expected = _html_to_text_by_html_parser(f"<p>{line}</p>", False)
        assert tidy_paragraphs(sanitize(converted)) == expected


@settings(max_examples=500, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(_HTML, st.text()))
def test_sanitize_and_collapse_equal_their_regular_expressions(text: str) -> None:
    assert sanitize(text) == (_GATE.sub(r"\1", _LINE_BREAKS.sub("\n", text)) if text else "")
    assert collapse_spaces(text) == re.sub(r"\s+", " ", text)
    assert fold_spaces(text) == " ".join(text.split())
    folded = " ".join(text.split())
    assert printable_fold(text) == (folded if folded.isprintable() else None)
    assert sanitize_line(text) == " ".join(sanitize(text).split())


def test_every_printable_character_is_kept_by_sanitize() -> None:
    # sanitize returns printable text untouched; that is only right if no printable
    # character is one it would remove or turn into a newline.
    printable = "".join(c for c in map(chr, range(0x110000)) if c.isprintable())
    assert not _GATE.search(printable)
    assert not _LINE_BREAKS.search(printable)


def test_bulk_work_holds_off_the_cycle_collector_and_restores_it() -> None:
    import gc

    from agora.core.bulk import no_cycle_collection

    assert gc.isenabled()
    with no_cycle_collection():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(KeyError), no_cycle_collection():
        raise KeyError
    assert gc.isenabled()
    gc.disable()
    try:
        with no_cycle_collection():
            pass
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()


_SPACED_WXR = """<?xml version="1.0" encoding="UTF-8"?>{doctype}
<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item>
<title> <![CDATA[A]]> <![CDATA[title]]></title><wp:post_id>
  <![CDATA[1]]></wp:post_id><wp:comment><wp:comment_id>\t<![CDATA[2]]></wp:comment_id>
<wp:comment_content>
<![CDATA[one]]> <![CDATA[two]]> </wp:comment_content><wp:comment_approved> <![CDATA[1]]>
</wp:comment_approved></wp:comment></item></channel></rss>"""


@pytest.mark.parametrize(
    "doctype", ["", "<!DOCTYPE rss [<!ELEMENT title (b)><!ELEMENT wp:comment_content (b)>]>"]
)
def test_white_space_the_parser_drops_held_no_field(doctype: str) -> None:
    # The parser drops white space between elements and before a field's first CDATA section
    # (no field is read with it); a document type declaration could make it drop the space
    # between two sections too, so such a document keeps all of it.
    data = _SPACED_WXR.format(doctype=doctype).encode()
    (article,) = WxrImporter().parse(Path("spaced.xml"), data).articles
    assert (article.origin_id, article.title) == ("1", "A title")
    assert [(c.origin_id, c.body) for c in article.comments] == [("2", "one two")]
