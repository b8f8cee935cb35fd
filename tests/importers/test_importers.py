"""The four importers: real inputs, the shared WordPress export, bad inputs, hostile text."""

from __future__ import annotations

import dataclasses
import html
import random
import re
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

import pytest

from agora.core.document import plain_text
from agora.core.errors import ImportFailed
from agora.core.markdown_light import parse
from agora.core.model import ImportBatch, ImportedArticle
from agora.core.text import sanitize_line
from agora.core.thread import Thread
from agora.importers import parse_file
from agora.importers.htmlpage import HtmlImporter
from agora.importers.markdown import MarkdownImporter
from agora.importers.savedpage import SavedPageImporter, strip_comment_form
from agora.importers.wxr import PASSWORD_NOTICE, WxrImporter
from agora.importers.wxr_content import wpautop
from agora.store.store import Store
from tests.hostile import ALL, CONTROLS, FORBIDDEN_OUTPUT, MARKUP, ORDINARY

DATA = Path(__file__).resolve().parents[1] / "data"
SHARED = Path(__file__).resolve().parents[3] / "shared"
SEED = SHARED / "seeds" / "000_e90136a343fc3042.txt"
WXR = SHARED / "data" / "wordpress-theme-unit-test.xml"
needs_seed = pytest.mark.skipif(not SEED.is_file(), reason=f"{SEED} is not there")
needs_wxr = pytest.mark.skipif(not WXR.is_file(), reason=f"{WXR} is not there")
FIXTURES = [
    "saved-page.txt",
    "post.md",
    "heading.md",
    "wp-page.html",
    "wp-classic.html",
    "broken.html",
    "mini-wxr.xml",
]


def only(batch: ImportBatch) -> ImportedArticle:
    assert len(batch.articles) == 1
    return batch.articles[0]


def depth(comments: list, origin: str) -> int:
    """1 for a top-level comment, 2 for a reply to one, and so on."""
    parents = {c.origin_id: c.parent_origin for c in comments}
    level = 1
    while parents[origin] is not None:
        origin, level = parents[origin], level + 1
    return level


def stored_strings(store: Store) -> list[str]:
    rows = store.query("SELECT * FROM sources") + store.query("SELECT * FROM articles")
    rows += store.query("SELECT * FROM comments")
    return [v for row in rows for v in row.values() if isinstance(v, str)]


def snapshot(store: Store) -> list:
    return [
        store.query(f"SELECT * FROM {t} ORDER BY id") for t in ("sources", "articles", "comments")
    ]


# --- saved pages ------------------------------------------------------------------------------


@needs_seed
def test_seed_page_keeps_article_and_drops_comment_form() -> None:
    batch = parse_file(SEED)
    article = only(batch)
    assert (batch.source_kind, batch.source_name) == ("file", SEED.name)
    assert batch.source_locator == str(SEED.resolve())
    assert article.origin_id == "page"
    assert article.title == "Syrian Forces Recapture Palmyra From Islamic State"
    assert article.body_format == "text"
    assert article.body.startswith("Syrian government forces backed by Russian airstrikes")
    assert article.body.endswith("the start of a major offensive to retake the city of Mosul.")
    assert "“This is a significant achievement," in article.body
    assert "“bride of the desert,”" in article.body
    assert len(article.body.split("\n\n")) == 12
    for gone in (
        "Leave a Reply",
        "Fill in your details",
        "picture",
        "photo",
        "You are commenting using",
        "Connecting to %s",
        "Log Out",
    ):
        assert gone not in article.body
    assert article.title not in article.body


def test_saved_page_cuts_only_the_trailing_form() -> None:
    article = only(parse_file(DATA / "saved-page.txt"))
    assert article.title == "A Walk Along the Canal"
    assert article.body == (
        'We set off early. The sign at the lock said "Leave a Reply" in faded paint, which made'
        " us laugh.\n\nLeave a Reply\n\nThe towpath was quiet, and the herons did not mind us"
        " at all."
    )


@pytest.mark.parametrize(
    "lines",
    [
        ["Leave a Reply", "", "But then the article goes on."],
        ["Share this:", "Twitter", "Facebook"],
        ["Website", "Comment"],
        ["Connecting to %s", "And a last paragraph of the article."],
    ],
)
def test_comment_form_words_inside_an_article_are_kept(lines: list[str]) -> None:
    assert strip_comment_form(["Title", "", "Text.", "", *lines]) == [
        "Title",
        "",
        "Text.",
        "",
        *lines,
    ]


def test_saved_page_encodings(tmp_path: Path) -> None:
    text = "Καλημέρα\n\nΠρώτη παράγραφος.\r\nΔεύτερη γραμμή.\n"
    for name, data in [
        ("bom8.txt", b"\xef\xbb\xbf" + text.encode()),
        ("bom16.txt", text.encode("utf-16")),
        ("bom32.txt", text.encode("utf-32")),
    ]:
        (tmp_path / name).write_bytes(data)
        article = only(parse_file(tmp_path / name))
        assert article.title == "Καλημέρα"
        assert article.body == "Πρώτη παράγραφος.\nΔεύτερη γραμμή."
    # Not UTF-8: Windows-1252 (Latin-1's superset), as old editors wrote it.
    (tmp_path / "latin.txt").write_bytes("Café\n\nNaïve text, “quoted”.".encode("cp1252"))
    article = only(parse_file(tmp_path / "latin.txt"))
    assert article.title == "Café" and "Naïve text, “quoted”." in article.body
    # UTF-8 with a damaged byte stays UTF-8: one replacement character, the rest intact.
    damaged = "Καλημέρα\n\nΠρώτη παράγραφος.".encode() + b"\xff tail"
    (tmp_path / "damaged.txt").write_bytes(damaged)
    article = only(parse_file(tmp_path / "damaged.txt"))
    assert article.title == "Καλημέρα" and article.body.endswith("παράγραφος.\ufffd tail")


def test_saved_page_with_one_long_line_keeps_it_in_the_body(tmp_path: Path) -> None:
    line = "word " * 100
    (tmp_path / "long.txt").write_text(line)
    article = only(parse_file(tmp_path / "long.txt"))
    assert article.title.endswith("…") and len(article.title) <= 100
    assert article.body == line.strip()


# --- Markdown ---------------------------------------------------------------------------------


def test_markdown_front_matter() -> None:
    article = only(parse_file(DATA / "post.md"))
    assert article.title == "Field Notes: Spring Migration"
    assert article.author == "Ana Ruiz"
    assert article.published == datetime(2022, 4, 10, 6, 15, tzinfo=UTC)
    assert article.url == "https://birds.example/field-notes-spring"
    assert article.body_format == "markdown"
    assert article.body.startswith("The first swallows arrived on **Sunday**")
    assert "> Keep a notebook in every coat pocket." in article.body
    assert "title:" not in article.body and "---" not in article.body


def test_markdown_heading_becomes_title_and_leaves_body() -> None:
    article = only(parse_file(DATA / "heading.md"))
    assert article.title == "A Heading Title"
    assert article.body.startswith("Body paragraph with *emphasis*")
    assert "# not a heading, code" in article.body
    assert article.published is None and article.author == ""


def test_markdown_title_falls_back_to_stem_and_dates_assume_utc(tmp_path: Path) -> None:
    path = tmp_path / "my-notes.markdown"
    path.write_text("---\ndate: 2023-01-02\nlink: javascript:alert(1)\n---\nJust text.\n")
    article = only(parse_file(path))
    assert article.title == "my-notes"
    assert article.published == datetime(2023, 1, 2, tzinfo=UTC)
    assert article.url == ""
    assert article.body == "Just text."
    # Front matter also makes a file without a Markdown suffix Markdown.
    other = tmp_path / "notes.txt"
    other.write_text("---\ntitle: Sniffed\n---\n\nBody.\n")
    assert only(parse_file(other)).body_format == "markdown"


# --- HTML -------------------------------------------------------------------------------------


def test_html_page_with_wordpress_comments() -> None:
    batch = parse_file(DATA / "wp-page.html")
    article = only(batch)
    assert article.title == "Notes on the Harbour Wall"
    assert article.author == "Maria Keller"
    assert article.published == datetime(2021, 5, 4, 7, 30, tzinfo=UTC)
    assert article.url == "https://chronicle.example/2021/05/harbour-wall/"
    assert article.body_format == "markdown"
    assert article.body.startswith("The old harbour wall has stood for two hundred years")
    assert "> We cannot wait for another winter" in article.body
    assert "(<https://chronicle.example/docs/plan.pdf>)" in article.body
    for gone in ("Home", "Leave a Reply", "About time", "Proudly powered"):
        assert gone not in article.body
    by_id = {c.origin_id: c for c in article.comments}
    assert list(by_id) == ["11", "12", "13", "14"]
    assert [by_id[i].parent_origin for i in by_id] == [None, "11", "12", None]
    first = by_id["11"]
    assert first.author_name == "Peter Hansen"
    assert first.author_url == "https://peter.example/"
    assert first.created == datetime(2021, 5, 4, 8, 15, tzinfo=UTC)
    assert first.body == (
        "About time. My grandfather helped with the last repair in 1962.\n\n"
        "Second paragraph of the first comment."
    )
    assert first.url == "https://chronicle.example/2021/05/harbour-wall/#comment-11"
    assert by_id["12"].is_article_author and not first.is_article_author
    assert "- a list inside a comment" in by_id["12"].body
    assert by_id["13"].author_url == ""  # a javascript: link is not kept
    assert by_id["14"].kind == "pingback"


def test_html_classic_comment_markup() -> None:
    article = only(parse_file(DATA / "wp-classic.html"))
    assert article.title == "Old Style Post"
    assert "classic comment markup" in article.body
    assert [(c.origin_id, c.parent_origin, c.author_name, c.body) for c in article.comments] == [
        ("5", None, "Ανδρέας", "Classic markup, first comment."),
        ("6", "5", "Bea", "A reply in the classic markup."),
    ]
    assert article.published is None  # the comment's date is not the article's


def test_malformed_html_still_imports() -> None:
    article = only(parse_file(DATA / "broken.html"))
    assert "This paragraph is never closed" in article.body
    assert "Another paragraph & a stray" in article.body
    assert len({c.origin_id for c in article.comments}) == len(article.comments)


def test_html_fallback_when_trafilatura_finds_nothing(tmp_path: Path) -> None:
    path = tmp_path / "tiny.htm"
    path.write_text("<html><head><title>Tiny</title></head><body><p>Hi.</p></body></html>")
    article = only(parse_file(path))
    assert (article.title, article.body) == ("Tiny", "Hi.")


# --- WordPress export -------------------------------------------------------------------------


def test_mini_wxr() -> None:
    batch = parse_file(DATA / "mini-wxr.xml")
    assert (batch.source_kind, batch.source_locator, batch.source_name) == (
        "wxr",
        "https://tiny.example",
        "Tiny & Test Blog",
    )
    by_id = {a.origin_id: a for a in batch.articles}
    assert list(by_id) == ["10", "11", "12", "13"]  # no draft, attachment or menu item
    post = by_id["10"]
    assert (post.title, post.author, post.comment_status) == ("First post", "Kim Lee", "open")
    assert post.published == datetime(2020, 2, 3, 9, 0, tzinfo=UTC)
    assert post.body.startswith("Opening paragraph,\nsecond line of it.\n\n**Second** paragraph.")
    assert "- one\n- two" in post.body
    assert "[caption" not in post.body and "The harbour" in post.body
    assert "```\nkeep\n  this\n```" in post.body
    comments = {c.origin_id: c for c in post.comments}
    assert list(comments) == ["1", "2", "5", "6"]  # spam and held comments are left out
    assert comments["1"].author_name == "Reader & Friend"
    # A formatted comment keeps its formatting, as light Markdown.
    assert comments["1"].body == "Nice *post*.\n\nSecond paragraph."
    assert comments["1"].body_format == "markdown"
    assert comments["1"].author_email == "reader@example.org"
    assert comments["2"].parent_origin == "1"
    assert comments["2"].created == datetime(2020, 2, 4, 11, 0, tzinfo=UTC)  # local, as UTC
    assert comments["2"].author_url == ""
    assert comments["2"].is_article_author  # by email, in any case
    assert comments["5"].parent_origin is None  # its parent is held
    assert comments["5"].is_article_author  # by user id
    assert (comments["6"].kind, comments["6"].author_name) == ("pingback", "Other Blog « Post")
    assert by_id["11"].published == datetime(2019, 1, 1, 12, 0, tzinfo=UTC)
    assert by_id["11"].author == "someone-unknown"
    locked = by_id["13"]
    assert (locked.body, locked.comments, locked.comment_status) == (PASSWORD_NOTICE, [], "closed")


def test_wpautop() -> None:
    assert wpautop("a\nb\n\nc") == "<p>a<br>\nb</p>\n<p>c</p>"
    assert wpautop("<ul>\n<li>x</li>\n</ul>") == "<ul>\n<li>x</li>\n</ul>"
    assert wpautop("<pre>a\n\nb</pre>") == "<pre>a\n\nb</pre>"
    assert wpautop("") == ""


@pytest.fixture(scope="module")
def theme_unit_test() -> ImportBatch:
    if not WXR.is_file():
        pytest.skip(f"{WXR} is not there")
    return parse_file(WXR)


def test_wxr_counts(theme_unit_test: ImportBatch) -> None:
    batch = theme_unit_test
    assert (batch.source_kind, batch.source_locator, batch.source_name) == (
        "wxr",
        "https://wpthemetestdata.wordpress.com",
        "Theme Unit Test Data",
    )
    assert len(batch.articles) == 77  # 56 published posts and 21 pages
    assert len({a.origin_id for a in batch.articles}) == 77
    titles = {a.title for a in batch.articles}
    assert "Draft" not in titles and "Scheduled" not in titles
    assert sum(len(a.comments) for a in batch.articles) == 29
    assert all(c.status == "approved" for a in batch.articles for c in a.comments)
    authors = {a.author for a in batch.articles}
    assert authors == {"Theme Buster", "Theme Reviewer"}  # logins mapped to display names


def test_wxr_deep_thread(theme_unit_test: ImportBatch) -> None:
    by_title = {a.title: a for a in theme_unit_test.articles}
    comments = by_title["Template: Comments"].comments
    assert len(comments) == 19
    by_id = {c.origin_id: c for c in comments}
    assert by_id["915"].body == "Comment Depth 10\n\nAlso an author comment."
    assert depth(comments, "915") == 10
    chain = ["904", "905", "906", "907", "910", "911", "912", "913", "914", "915"]
    assert [by_id[c].parent_origin for c in chain] == [None, *chain[:-1]]
    assert max(depth(comments, c.origin_id) for c in comments) == 10
    assert {c.origin_id for c in comments if c.is_article_author} == {"903", "910", "915"}
    assert "1015" not in by_id  # not approved
    assert by_id["881"].created == datetime(2012, 9, 3, 17, 18, 4, tzinfo=UTC)


def test_wxr_html_in_comments_is_text(theme_unit_test: ImportBatch) -> None:
    by_title = {a.title: a for a in theme_unit_test.articles}
    comment = {c.origin_id: c for c in by_title["Template: Comments"].comments}["881"]
    body = comment.body  # formatted: light Markdown, whose plain text is the old text
    assert comment.body_format == "markdown"
    assert body.startswith("**Headings**\n\n# Header one\n\n## Header two")
    assert "> Stay hungry. Stay foolish." in body
    assert "<strong>" not in body and "<h1>" not in body
    text = plain_text(parse(body))
    assert text.startswith("Headings\n\nHeader one\n\nHeader two")


def test_wxr_greek_names(theme_unit_test: ImportBatch) -> None:
    titles = {a.title for a in theme_unit_test.articles}
    assert {"Ελληνικά-Greek", "Επίπεδο 2 -Second Greek level", "Επίπεδο 3"} <= titles
    names = {c.author_name for a in theme_unit_test.articles for c in a.comments}
    assert {"John Γιάννης Doe Κάποιος", "John Κώστας Doe Τάδε", "John Μαρία Doe Ντουε"} <= names
    bodies = " ".join(c.body for a in theme_unit_test.articles for c in a.comments)
    assert "Σίγουρα θα σχολιάσουμε τα τεστς!" in bodies


def test_wxr_pingbacks_and_trackbacks(theme_unit_test: ImportBatch) -> None:
    by_title = {a.title: a for a in theme_unit_test.articles}
    comments = by_title["Template: Pingbacks And Trackbacks"].comments
    kinds = {c.origin_id: c.kind for c in comments}
    assert kinds == {
        "921": "trackback",
        "922": "trackback",
        "923": "pingback",
        "924": "pingback",
        "925": "comment",
    }
    names = {c.origin_id: c.author_name for c in comments}
    assert names["923"] == "Ping 4 « What’s a tellyworth?"


def test_wxr_password_protected_and_empty_posts(theme_unit_test: ImportBatch) -> None:
    by_id = {a.origin_id: a for a in theme_unit_test.articles}
    locked = by_id["1168"]
    assert locked.title == 'Template: Password Protected (the password is "enter")'
    assert locked.body == PASSWORD_NOTICE
    assert locked.comments == []
    assert by_id["1170"].title == "Edge Case: No Content"
    assert by_id["1170"].body == "" and len(by_id["1170"].comments) == 1
    assert by_id["1169"].title == "(no title)"
    assert by_id["1173"].title == "Markup: Title With Markup"


@needs_wxr
def test_wxr_through_the_store(tmp_path: Path) -> None:
    store = Store(tmp_path / "a.db")
    first = store.imports.add(parse_file(WXR))
    assert (first.articles_new, first.comments_new) == (77, 29)
    strings = " ".join(stored_strings(store))
    assert "This comment should not be visible until the password is entered." not in strings
    (article_id,) = [a.id for a in store.articles.all() if a.title == "Template: Comments"]
    thread = Thread(store.comments.thread_pairs(article_id))
    assert len(thread) == 19 and max(thread.depth) == 9  # ten levels, counted from 0
    store.close()


# --- the store: idempotent, and untouched by failures -----------------------------------------


@pytest.mark.parametrize("name", FIXTURES)
def test_importing_twice_changes_nothing(tmp_path: Path, name: str) -> None:
    store = Store(tmp_path / "a.db")
    first = store.imports.add(parse_file(DATA / name))
    before = snapshot(store)
    again = store.imports.add(parse_file(DATA / name))
    assert (again.articles_new, again.articles_updated) == (0, 0)
    assert (again.comments_new, again.comments_updated) == (0, 0)
    assert again.article_ids == first.article_ids
    assert snapshot(store) == before
    store.close()


@needs_seed
@needs_wxr
def test_shared_inputs_import_twice(tmp_path: Path) -> None:
    store = Store(tmp_path / "a.db")
    for path in (SEED, WXR):
        store.imports.add(parse_file(path))
        before = snapshot(store)
        again = store.imports.add(parse_file(path))
        assert (again.articles_new, again.articles_updated) == (0, 0)
        assert (again.comments_new, again.comments_updated) == (0, 0)
        assert snapshot(store) == before
    assert store.articles.count() == 78
    store.close()


def test_inputs_are_sniffed_without_suffixes(tmp_path: Path) -> None:
    for fixture, kind, body_format in [
        ("wp-page.html", "file", "markdown"),
        ("mini-wxr.xml", "wxr", "markdown"),
        ("post.md", "file", "markdown"),
        ("saved-page.txt", "file", "text"),
    ]:
        path = tmp_path / fixture.split(".")[0]
        path.write_bytes((DATA / fixture).read_bytes())
        batch = parse_file(path)
        assert batch.source_kind == kind
        assert batch.articles[0].body_format == body_format
    assert [
        i.kind for i in (WxrImporter(), HtmlImporter(), MarkdownImporter(), SavedPageImporter())
    ] == ["wxr", "html", "markdown", "text"]


def bad_inputs(tmp_path: Path) -> dict[str, Path]:
    rng = random.Random(7)
    files = {
        "empty.txt": b"",
        "empty.md": b"",
        "empty.html": b"",
        "empty.xml": b"",
        "blank.txt": b" \n\t\n\r\n",
        "blank.md": b"\n\n",
        "bom-only.txt": b"\xef\xbb\xbf",
        "nuls.txt": b"text\x00\x00\x00" * 40,
        "random.bin": rng.randbytes(4096),
        "image.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + rng.randbytes(2000),
        "utf16-no-bom.txt": "plain text without a byte order mark".encode("utf-16-le"),
        "controls.txt": b"\x1b\x07\x00\x7f\x08" * 10,
        "truncated.xml": (DATA / "mini-wxr.xml").read_bytes()[:1500],
        "other.xml": b'<?xml version="1.0"?><foo><bar>hi</bar></foo>',
        "feed.txt": b"\n  <rss version='2.0'><channel><title>A feed</title></channel></rss>",
        "garbage.xml": b'<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><<<>>></rss',
        "no-channel.xml": b'<rss xmlns:wp="http://wordpress.org/export/1.2/"></rss>',
        "markup-only.html": b"<html><body><div><span></span><p>   </p><br><hr></div",
        "script-only.html": b"<!doctype html><script>var text = 'x';</script><style>p{}</style>",
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "a-directory").mkdir()
    paths = {name: tmp_path / name for name in [*files, "a-directory"]}
    paths["missing"] = tmp_path / "no-such-file.txt"
    return paths


def test_bad_inputs_fail_with_one_line_and_leave_the_store_alone(tmp_path: Path) -> None:
    store = Store(tmp_path / "a.db")
    store.imports.add(parse_file(DATA / "mini-wxr.xml"))
    before = snapshot(store)
    for name, path in bad_inputs(tmp_path).items():
        with pytest.raises(ImportFailed) as failure:
            store.imports.add(parse_file(path))
        message = str(failure.value)
        assert message.startswith(str(path)), name
        assert "\n" not in message and len(message) < 600, name
    assert snapshot(store) == before
    store.close()


def test_failure_messages() -> None:
    for importer, data in [
        (WxrImporter(), b"<rss><channel><item></rss>"),
        (HtmlImporter(), b"<html></html>"),
        (MarkdownImporter(), b"   \n"),
        (SavedPageImporter(), b""),
    ]:
        with pytest.raises(ImportFailed) as failure:
            importer.parse(Path("x/in.put"), data)
        assert str(failure.value).startswith("x/in.put: ")
    with pytest.raises(ImportFailed, match="not a valid WordPress export: "):
        WxrImporter().parse(Path("e.xml"), b"<rss><channel><item></rss>")
    with pytest.raises(ImportFailed, match="no text to import"):
        SavedPageImporter().parse(Path("e.txt"), b"\n\n")


# --- hostile text -----------------------------------------------------------------------------


def _kept(text: str) -> str:
    return dict(CONTROLS).get(text, text)


def _fold(text: str) -> str:
    return " ".join(re.sub(r"\\(.)", r"\1", text).split())


def _wxr(s: str) -> str:
    esc = xml_escape(html.escape(s, quote=False))
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss xmlns:wp="http://wordpress.org/export/1.2/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>{esc}</title><link>https://hostile.example</link>
<wp:author><wp:author_login>u</wp:author_login>
<wp:author_display_name>{xml_escape(s)}</wp:author_display_name></wp:author>
<item><title>{esc}</title><dc:creator>u</dc:creator><link>https://hostile.example/p/</link>
<content:encoded>{xml_escape("<p>" + html.escape(s, quote=False) + "</p>")}</content:encoded>
<wp:post_id>1</wp:post_id><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_author>{xml_escape(s)}</wp:comment_author>
<wp:comment_content>{esc}</wp:comment_content><wp:comment_approved>1</wp:comment_approved>
<wp:comment_parent>0</wp:comment_parent></wp:comment></item></channel></rss>"""


def _html(s: str) -> str:
    esc = html.escape(s, quote=False)
    filler = "This filler paragraph gives the extractor enough ordinary prose to work with. " * 3
    return (
        f"<!DOCTYPE html><html><head><title>{esc}</title></head><body><article>"
        f"<h1>{esc}</h1><p>{filler}</p><p>{esc}</p><p>{filler}</p></article>"
        f'<ol class="comment-list"><li id="comment-1" class="comment">'
        f'<b class="fn">{esc}</b><div class="comment-content"><p>{esc}</p></div></li></ol>'
        "</body></html>"
    )


HOSTILE_FORMATS = {
    "page.txt": lambda s: f"Hostile {s}\n\n{s}\n\nThe end.\n",
    "page.md": lambda s: f"---\ntitle: {s}\nauthor: {s}\n---\n\n{s}\n\nThe end.\n",
    "page.html": _html,
    "export.xml": _wxr,
}


@pytest.mark.parametrize("fmt", HOSTILE_FORMATS)
@pytest.mark.parametrize("text", ALL)
def test_hostile_text_comes_out_inert(tmp_path: Path, fmt: str, text: str) -> None:
    path = tmp_path / fmt
    path.write_bytes(HOSTILE_FORMATS[fmt](text).encode("utf-8"))
    store = Store(tmp_path / "a.db")
    store.imports.add(parse_file(path))
    strings = stored_strings(store)
    for forbidden in FORBIDDEN_OUTPUT:
        assert not any(forbidden in s for s in strings), repr(forbidden)
    (article,) = store.articles.all()
    kept = _kept(text)
    if fmt in ("page.txt", "page.md") and (text in ORDINARY or text in MARKUP):
        assert text in article.body  # verbatim
    assert _fold(kept) in _fold(article.body)
    one_line = fmt in ("page.txt", "page.md")  # the title is the first line of the text
    assert _fold(kept.split("\n")[0] if one_line else kept) in _fold(article.title)
    if fmt in ("page.html", "export.xml"):
        ids = [i for i, _ in store.comments.thread_pairs(article.id)]
        (comment,) = store.comments.many(ids).values()
        assert _fold(kept) in _fold(comment.body)
        assert comment.author_name == sanitize_line(kept)
    store.close()


@pytest.mark.parametrize(
    ("codec", "declared"),
    [("utf-16-le", "UTF-16"), ("utf-16-be", "UTF-16"), ("utf-32-le", "UTF-32")],
)
def test_a_wxr_with_a_byte_order_mark_reads_as_in_utf8(
    tmp_path: Path, codec: str, declared: str
) -> None:
    text = (DATA / "mini-wxr.xml").read_text(encoding="utf-8")
    path = tmp_path / f"{codec}.xml"
    path.write_bytes(("\ufeff" + text.replace('"UTF-8"', f'"{declared}"', 1)).encode(codec))
    batch = parse_file(path)
    plain = parse_file(DATA / "mini-wxr.xml")
    assert batch == dataclasses.replace(plain, source_locator=batch.source_locator)
    assert batch.articles and batch.articles[0].comments
