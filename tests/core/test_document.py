"""The document model of formatted comments: light Markdown in, spans and blocks out, and the
plain text of a document equal to html_to_text's plain output for the same HTML."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agora.core.document import (
    CODE,
    EM,
    MAX_DEPTH,
    STRIKE,
    STRONG,
    CodeBlock,
    ListBlock,
    Paragraph,
    Quote,
    Span,
    links,
    plain_text,
)
from agora.core.html_text import html_to_text
from agora.core.markdown_light import parse


def _md(html: str):
    return parse(html_to_text(html, markdown=True))


def test_blocks_and_spans_from_wordpress_html() -> None:
    doc = _md(
        "<blockquote><p>She said <em>this</em></p><blockquote><p>and <b>that</b></p>"
        "</blockquote></blockquote><p>I <del>agree</del> disagree: <code>x = *y*</code>, "
        '<a href="https://example.org/a">see</a>.</p><ol><li>one<ul><li>sub</li></ul></li>'
        "<li>two</li></ol><pre>def f():\n    return 1</pre>"
    )
    quote, para, lst, code = doc.blocks
    assert isinstance(quote, Quote) and isinstance(quote.blocks[1], Quote)
    assert quote.blocks[0] == Paragraph(((Span("She said "), Span("this", EM)),))
    assert quote.blocks[1].blocks[0] == Paragraph(((Span("and "), Span("that", STRONG)),))
    assert isinstance(para, Paragraph)
    (line,) = para.lines
    assert Span("agree", STRIKE) in line and Span("x = *y*", CODE) in line
    assert Span("see", 0, 1, "https://example.org/a") in line
    assert isinstance(lst, ListBlock)
    assert [(i.level, i.marker, i.ordered) for i in lst.items] == [
        (0, "1.", True),
        (1, "-", False),
        (0, "2.", True),
    ]
    assert code == CodeBlock(("def f():", "    return 1"))
    assert links(doc) == ["https://example.org/a"]


def test_hostile_text_stays_text() -> None:
    hostile = (
        "[b]bold[/b] [/] [red]x[/red] \x1b[31mred\x1b[0m \x9b2J \u202eevil "
        "[link](javascript:alert(1))"
    )
    doc = parse(hostile)
    text = plain_text(doc)
    assert "\x1b" not in text and "\x9b" not in text and "\u202e" not in text
    assert "[b]bold[/b] [/] [red]x[/red]" in text
    assert links(doc) == []  # only web addresses are links
    # The same through HTML: markup-like text is escaped in Markdown and comes back as it was.
    html = "<p>[b]bold[/b] [/] <em>[i]</em> *a* `b` ~~c~~ \\d</p>"
    assert plain_text(_md(html)) == html_to_text(html) == "[b]bold[/b] [/] [i] *a* `b` ~~c~~ \\d"


def test_unpaired_delimiters_are_text() -> None:
    assert parse("a *b c").blocks == (Paragraph(((Span("a *b c"),),)),)
    assert parse("**a** *b").blocks == (Paragraph(((Span("a", STRONG), Span(" *b")),)),)
    assert plain_text(parse("``x` ~a")) == "``x` ~a"


def test_deep_nesting_is_capped() -> None:
    doc = parse(">" * 5000 + " deep\n" + "  " * 5000 + "- item")
    depth, block = 0, doc.blocks[0]
    while isinstance(block, Quote):
        depth, block = depth + 1, block.blocks[0]
    assert depth == MAX_DEPTH
    html = "<blockquote>" * 300 + "deep" + "</blockquote>" * 300
    assert html_to_text(html) == ">" * MAX_DEPTH + " deep"
    assert plain_text(_md(html)) == html_to_text(html)


def test_a_fence_in_the_code_does_not_end_it() -> None:
    html = "<pre>a\n```\n````\nb</pre><p>after</p>"
    doc = _md(html)
    assert doc.blocks[0] == CodeBlock(("a", "```", "````", "b"))
    assert plain_text(doc) == html_to_text(html)


# --- a small generator of comment HTML --------------------------------------------------
_WORDS = st.sampled_from(
    [
        "a",
        "word",
        " ",
        "  ",
        "*",
        "**",
        "_",
        "`",
        "``",
        "[",
        "]",
        "(x)",
        "\\",
        "<",
        ">",
        "&amp;",
        "1.",
        "-",
        "#",
        "~~",
        "---",
        "https://e.org",
        "ü",
        "日本",
        "\u200b",
        "\n",
        "[/]",
        "> q",
    ]
)
_INLINE = ["em", "strong", "code", "del", "i", "b", "s"]
_BLOCK = ["p", "blockquote", "pre", "h3", "li"]


@st.composite
def _html(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        choice = draw(st.integers(0, 9 if depth < 4 else 3))
        if choice <= 3:
            parts.append(draw(_WORDS).replace("<", "&lt;").replace(">", "&gt;"))
        elif choice == 4:
            parts.append("<br>")
        elif choice <= 6:
            tag = draw(st.sampled_from(_INLINE))
            parts.append(f"<{tag}>{draw(_html(depth + 1))}</{tag}>")
        elif choice == 7:
            href = draw(st.sampled_from(["https://e.org/x", "https://e.org", "mailto:a@b", ""]))
            parts.append(f'<a href="{href}">{draw(_html(depth + 1))}</a>')
        elif choice == 8:
            tag = draw(st.sampled_from(["ul", "ol"]))
            items = draw(st.lists(_html(depth + 1), max_size=3))
            parts.append(f"<{tag}>" + "".join(f"<li>{i}</li>" for i in items) + f"</{tag}>")
        else:
            tag = draw(st.sampled_from(_BLOCK))
            parts.append(f"<{tag}>{draw(_html(depth + 1))}</{tag}>")
    return "".join(parts)


@settings(max_examples=1500, deadline=None, suppress_health_check=list(HealthCheck))
@given(_html())
def test_the_plain_text_of_the_model_is_html_to_text(html: str) -> None:
    assert plain_text(_md(html)) == html_to_text(html)


def test_a_link_around_a_code_block_is_not_labelled_by_its_fences() -> None:
    """Found by the property above: the fences were counted as the link's words, so a link
    whose words are its address got the address again after it."""
    html = '<a href="https://e.org"><pre>https://e.org</pre></a>'
    assert plain_text(_md(html)) == html_to_text(html) == "https://e.org"
