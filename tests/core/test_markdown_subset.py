"""The Markdown a comment is written in, as WordPress gets it and the preview shows it: the
degraded document (agora.core.markdown_subset) and its HTML (engines/wordpress/markup)."""

from __future__ import annotations

import html
import re
import string
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from agora.core.markdown_subset import Mark, Paragraph, Quote, Span, parse
from agora.engines.wordpress.convert import to_wordpress
from agora.engines.wordpress.markup import TAGS, markdown_to_wordpress

#: WordPress's ``$allowedtags`` (wp-includes/kses.php), with their allowed attributes.
ALLOWED = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "acronym": {"title"},
    "b": set(),
    "blockquote": {"cite"},
    "cite": set(),
    "code": set(),
    "del": {"datetime"},
    "em": set(),
    "i": set(),
    "q": {"cite"},
    "s": set(),
    "strike": set(),
    "strong": set(),
}


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.seen: list[tuple[str, set[str]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.seen.append((tag, {name for name, _ in attrs}))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.seen.append((tag, {name for name, _ in attrs}))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def tags_of(markup: str) -> list[tuple[str, set[str]]]:
    parser = Tags()
    parser.feed(markup)
    parser.close()
    return parser.seen


# -- text without Markdown reaches WordPress as it always did -------------------------------

#: Letters and digits of any script, emoji, joiners, and punctuation Markdown leaves alone.
_PLAIN_CHARS = st.characters(
    categories=("L", "N", "So", "Zs"),
    exclude_characters="\t\x0b\x0c\r\xa0\u2028\u2029",
) | st.sampled_from(list(".,;:?'\"()/@%=+$^'\u200c\u200d\u200b\u2019\u00bf&<-"))
_WORD = st.text(_PLAIN_CHARS, min_size=1, max_size=12).map(str.strip).filter(bool)
_LINE = st.tuples(st.characters(categories=("L",)), st.lists(_WORD, max_size=6)).map(
    lambda parts: " ".join([parts[0] + (parts[1][0] if parts[1] else ""), *parts[1][1:]])
)
_PARAGRAPH = st.lists(_LINE, min_size=1, max_size=4).map("\n".join)
PLAIN = st.lists(_PARAGRAPH, min_size=1, max_size=4).map("\n\n".join)


@settings(max_examples=300)
@given(PLAIN)
def test_text_without_markdown_is_only_escaped(text: str) -> None:
    assert to_wordpress(text) == html.escape(text, quote=False)


def test_plain_text_examples() -> None:
    for text in (
        "a < b && c > d",
        "Tom & Jerry: &amp; stays &amp;, &copy; too",
        "می‌خواهم 👨‍👩‍👧 🏳️‍🌈 日本語",
        "First line\nsecond line\n\nNew paragraph.",
        "2 + 2 = 4 (roughly) / 100% sure?",
    ):
        assert markdown_to_wordpress(text) == html.escape(text, quote=False)


def test_raw_html_is_text() -> None:
    typed = '<script>alert(1)</script> <b onclick="x">hi</b> <img src=x onerror=y>'
    out = markdown_to_wordpress(typed)
    assert tags_of(out) == []
    assert html.unescape(out) == typed


def test_blank_lines_around_are_trimmed() -> None:
    assert markdown_to_wordpress("\n\n  Hello\n\n\n") == "Hello"


# -- the subset -----------------------------------------------------------------------------


def test_each_mark() -> None:
    out = markdown_to_wordpress(
        '**bold** _em_ `a<b` ~~gone~~ [site](https://example.org/a?b=1&c=2 "The site")'
    )
    assert out == (
        "<strong>bold</strong> <em>em</em> <code>a&lt;b</code> <del>gone</del> "
        '<a href="https://example.org/a?b=1&amp;c=2" title="The site">site</a>'
    )


def test_quotes_nest_and_paragraphs_are_blank_lines() -> None:
    out = markdown_to_wordpress("> outer\n>\n> > inner\n\nafter\nnext line")
    assert (
        out
        == "<blockquote>outer\n\n<blockquote>inner</blockquote></blockquote>\n\nafter\nnext line"
    )


def test_headings_and_lists_degrade() -> None:
    out = markdown_to_wordpress("## Title\n\n- one\n- two\n  1. deep\n\n3. three\n4. four")
    assert out.split("\n\n") == [
        "<strong>Title</strong>",
        "• one\n• two\n\u00a0\u00a0\u00a01. deep",
        "3. three\n4. four",
    ]


def test_code_block_is_code_lines() -> None:
    out = markdown_to_wordpress("```\nif a < b:\n    go()\n```")
    assert out == "<code>if a &lt; b:</code>\n<code>\u00a0\u00a0\u00a0\u00a0go()</code>"


def test_images_and_unsafe_links() -> None:
    out = markdown_to_wordpress(
        "![a cat](https://example.org/cat.png) ![](https://example.org/x.png) "
        "![local](cat.png) [js](javascript:alert(1)) [mail](mailto:a@b.c) <https://e.org>"
    )
    assert out == (
        '<a href="https://example.org/cat.png">a cat</a> '
        '<a href="https://example.org/x.png">https://example.org/x.png</a> '
        "local [js](javascript:alert(1)) mail "
        '<a href="https://e.org">https://e.org</a>'
    )


def test_the_document_the_preview_shows() -> None:
    doc = parse("# Hi\n\n> **a** b\n\n* x")
    assert doc == (
        Paragraph((Span(mark=Mark.STRONG, children=(Span("Hi"),)),)),
        Quote((Paragraph((Span(mark=Mark.STRONG, children=(Span("a"),)), Span(" b"))),)),
        Paragraph((Span("• x"),)),
    )


_MARKDOWN_BITS = st.sampled_from(
    [
        "*",
        "**",
        "_",
        "`",
        "```",
        "~~",
        "> ",
        "# ",
        "- ",
        "1. ",
        "[",
        "](",
        ")",
        "![",
        "<",
        ">",
        "&",
        "&amp;",
        "\\",
        "\n",
        "\n\n",
        "    ",
        "http://x.org/a",
        "javascript:",
        '"',
        "<a href='x'>",
        "</a>",
        "<pre>",
        "<p>",
        "---",
        "| a |",
        "<https://e.org>",
    ]
)
MARKDOWNISH = st.lists(
    _MARKDOWN_BITS | st.text(string.ascii_letters + " ", max_size=5), max_size=40
).map("".join)
_TAG_RE = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)")


@settings(max_examples=500)
@given(MARKDOWNISH | st.text(max_size=200))
def test_output_stays_in_the_allowed_tags(markdown: str) -> None:
    out = markdown_to_wordpress(markdown)
    for tag, attrs in tags_of(out):
        assert tag in TAGS <= ALLOWED.keys()
        assert attrs <= ALLOWED[tag], (tag, attrs)
    # Every "<" that starts a tag is one of ours: nothing else is left unescaped.
    assert {m.group(1).lower() for m in _TAG_RE.finditer(out)} <= TAGS
    for tag, attrs in tags_of(out):
        if tag == "a":
            assert attrs >= {"href"}
    assert all(
        m.group(1).startswith(("http://", "https://")) for m in re.finditer(r'href="([^"]*)"', out)
    )
