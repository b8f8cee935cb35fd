"""Finding links in text: only web addresses, exactly as written, each once."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from agora.core.weblinks import extract_links, unique_links


def test_links_in_prose_lose_the_sentence_punctuation() -> None:
    text = (
        "See https://example.org/a. Or (https://example.org/b), "
        "maybe https://example.org/c?x=1&y=2! And “https://example.org/d”."
    )
    assert extract_links(text) == [
        "https://example.org/a",
        "https://example.org/b",
        "https://example.org/c?x=1&y=2",
        "https://example.org/d",
    ]


def test_brackets_that_belong_to_the_link_stay() -> None:
    text = "https://en.wikipedia.org/wiki/Foo_(bar) and [label](https://x.org/page)"
    assert extract_links(text) == ["https://en.wikipedia.org/wiki/Foo_(bar)", "https://x.org/page"]


def test_only_web_links_are_found_and_each_once() -> None:
    text = (
        "javascript:alert(1) file:///etc/passwd mailto:a@b.c ftp://x.org "
        "http://a.org http://a.org HTTPS://B.ORG/Path http:// https:///nohost"
    )
    assert extract_links(text) == ["http://a.org", "HTTPS://B.ORG/Path"]


def test_markdown_emphasis_and_angle_brackets() -> None:
    assert extract_links("**https://x.org/a** <https://x.org/b> _https://x.org/c_") == [
        "https://x.org/a",
        "https://x.org/b",
        "https://x.org/c",
    ]


def test_broken_hosts_are_skipped_not_raised() -> None:
    assert extract_links("http://[oops and https://ok.org") == ["https://ok.org"]


def test_unique_links_keeps_order_and_drops_non_web() -> None:
    assert unique_links(["https://a", "", "https://a", "mailto:x@y", "http://b"]) == [
        "https://a",
        "http://b",
    ]


_PIECES = st.sampled_from(
    [
        "http://",
        "https://",
        "HTTP://",
        "javascript:",
        "x.org",
        "/",
        "(",
        ")",
        "[",
        "]",
        ".",
        ",",
        " ",
        "\n",
        "é",
        "\u202e",
        "?",
        "#",
        "*",
        "_",
        "<",
        ">",
        '"',
        "'",
        "a",
        "%",
        ":",
        "@",
        "[::1]",
    ]
)


@given(st.one_of(st.text(), st.lists(_PIECES, max_size=40).map("".join)))
def test_extraction_never_raises_and_returns_only_what_is_there(text: str) -> None:
    links = extract_links(text)
    assert len(links) == len(set(links))
    for url in links:
        assert url.lower().startswith(("http://", "https://"))
        assert url in text
        assert not any(c.isspace() for c in url)
