"""Property tests: on any input every importer returns a clean batch or raises ImportFailed."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agora.core.errors import ImportFailed
from agora.core.model import ImportBatch
from agora.core.text import sanitize, sanitize_line
from agora.importers import parse_file
from agora.importers.htmlpage import HtmlImporter
from agora.importers.markdown import MarkdownImporter
from agora.importers.savedpage import SavedPageImporter
from agora.importers.wxr import WxrImporter

DATA = Path(__file__).resolve().parents[1] / "data"
FIXTURES = {p.name: p.read_bytes() for p in sorted(DATA.iterdir()) if p.is_file()}
IMPORTERS = {
    "text": (SavedPageImporter(), Path("fuzz.txt")),
    "markdown": (MarkdownImporter(), Path("fuzz.md")),
    "html": (HtmlImporter(), Path("fuzz.html")),
    "wxr": (WxrImporter(), Path("fuzz.xml")),
}
FAST = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

importer_names = st.sampled_from(sorted(IMPORTERS))


def check_clean(batch: ImportBatch) -> None:
    """Every string of a batch has passed the text gate."""
    for line in (batch.source_kind, batch.source_locator, batch.source_name):
        assert sanitize(line) == line
    assert sanitize_line(batch.source_name) == batch.source_name
    for article in batch.articles:
        assert article.title and sanitize_line(article.title) == article.title
        for line in (article.author, article.url):
            assert sanitize_line(line) == line
        assert sanitize(article.body) == article.body
        origins = [c.origin_id for c in article.comments]
        assert len(set(origins)) == len(origins)
        for comment in article.comments:
            for line in (comment.author_name, comment.author_url, comment.author_email):
                assert sanitize_line(line) == line
            assert sanitize(comment.body) == comment.body
            assert comment.parent_origin is None or comment.parent_origin in origins


def run(name: str, data: bytes) -> None:
    importer, path = IMPORTERS[name]
    try:
        batch = importer.parse(path, data)
    except ImportFailed as failure:
        message = str(failure)
        assert message.startswith(f"{path}: ") and "\n" not in message
        return
    assert isinstance(batch, ImportBatch)
    check_clean(batch)


@FAST
@given(name=importer_names, data=st.binary(max_size=4096))
def test_random_bytes(name: str, data: bytes) -> None:
    run(name, data)


@FAST
@given(name=importer_names, text=st.text(max_size=2000))
def test_random_text(name: str, text: str) -> None:
    run(name, text.encode("utf-8", errors="surrogatepass"))


markupish = st.lists(
    st.sampled_from(
        [
            "<html>",
            "<body>",
            "<p>",
            "</p>",
            "<ol class='comment-list'>",
            "<li id='comment-1'>",
            "<li id='comment-2' class='comment'>",
            "<ul class='children'>",
            "</li>",
            "</ol>",
            "<div class='comment-content'>",
            "<b class='fn'>",
            "<time datetime='2020-01-01'>",
            "<![CDATA[",
            "]]>",
            "<rss xmlns:wp='http://wordpress.org/export/1.2/'>",
            "<channel>",
            "<item>",
            "</item>",
            "<wp:post_type>post</wp:post_type>",
            "<wp:comment>",
            "<wp:comment_parent>1</wp:comment_parent>",
            "<wp:comment_id>1</wp:comment_id>",
            "<wp:comment_approved>1</wp:comment_approved>",
            "---\n",
            "title: x\n",
            "# h\n",
            "Leave a Reply\n",
            "\n\n",
            "&amp;",
            "&#0;",
            "&#x1b;",
            "\x1b[31m",
            "\u202e",
            "text ",
        ]
    ),
    max_size=60,
).map("".join)


@FAST
@given(name=importer_names, text=markupish)
def test_markup_soup(name: str, text: str) -> None:
    run(name, text.encode("utf-8"))


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(FIXTURES[draw(st.sampled_from(sorted(FIXTURES)))])
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, max(0, len(data) - 1)))
        action = draw(st.sampled_from(["flip", "truncate", "insert", "delete"]))
        if action == "flip" and data:
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif action == "truncate":
            del data[at:]
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        else:
            del data[at : at + draw(st.integers(1, 64))]
    return bytes(data)


@settings(FAST, max_examples=100)
@given(name=importer_names, data=mutated())
def test_mutated_fixtures(name: str, data: bytes) -> None:
    run(name, data)


@FAST
@given(suffix=st.sampled_from([".txt", ".md", ".html", ".xml", ""]), data=mutated())
def test_parse_file_picks_an_importer(suffix: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        try:
            batch = parse_file(path)
        except ImportFailed as failure:
            assert "\n" not in str(failure)
            return
        check_clean(batch)


@given(st.text())
def test_markdown_as_text_only_ever_removes_marks(text: str) -> None:
    from agora.store.fulltext import MARK_END, MARK_START, markdown_as_text

    shown = markdown_as_text(text)
    assert len(shown) <= len(text)
    assert shown.count(MARK_START) == text.count(MARK_START)
    assert shown.count(MARK_END) == text.count(MARK_END)
    if not any(ch in text for ch in "\\<[*_`#>-+0123456789"):
        assert shown == text
