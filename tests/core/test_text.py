"""The untrusted-text gate."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agora.core.html_text import html_to_text
from agora.core.text import is_web_url, sanitize, sanitize_line
from tests.hostile import CONTROLS, FORBIDDEN_OUTPUT, MARKUP, ORDINARY


@pytest.mark.parametrize(("raw", "clean"), CONTROLS)
def test_controls_are_removed(raw: str, clean: str) -> None:
    assert sanitize(raw) == clean


@pytest.mark.parametrize("text", ORDINARY + MARKUP)
def test_ordinary_and_markup_text_is_unchanged(text: str) -> None:
    assert sanitize(text) == text


def test_line_breaks_are_normalised() -> None:
    assert sanitize("a\r\nb\rc\u2028d") == "a\nb\nc\nd"
    assert sanitize_line("  many\n spaced\twords ") == "many spaced words"


def _is_bad(ch: str) -> bool:
    import unicodedata

    if 0xE0000 <= ord(ch) <= 0xE007F:  # the tag block, assigned or not
        return True
    return ch not in "\n\t" and unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp")


@given(st.text())
def test_sanitize_keeps_no_invisible_characters(text: str) -> None:
    assert not any(_is_bad(ch) for ch in sanitize(text))


@given(st.text(alphabet=st.characters(categories=["L", "M", "N", "P", "S", "Zs"])))
def test_sanitize_never_changes_ordinary_text(text: str) -> None:
    assert sanitize(text) == text


@given(st.text())
def test_html_to_text_output_is_inert(html: str) -> None:
    out = html_to_text(html)
    assert not any(_is_bad(ch) for ch in out)


def test_html_keeps_structure_and_real_link_targets() -> None:
    html = (
        "<p>Hello <b>world</b> &amp; <a href='https://real.example/x'>https://fake.example</a></p>"
        "<blockquote><p>quoted</p></blockquote><ul><li>one</li><li>two</li></ul>"
        "<script>alert(1)</script><p>a<br>b</p>"
    )
    text = html_to_text(html)
    assert "Hello world & https://fake.example (https://real.example/x)" in text
    assert "> quoted" in text
    assert "- one\n- two" in text
    assert "alert" not in text
    assert "a\nb" in text


def test_html_to_markdown_escapes_text() -> None:
    md = html_to_text("<h2>Title</h2><p>1. not a list *x* [y](z)</p>", markdown=True)
    assert md.startswith("## Title")
    assert "1\\. not a list \\*x\\* \\[y\\](z)" in md


def test_javascript_links_are_not_shown_as_targets() -> None:
    assert html_to_text("<a href='javascript:alert(1)'>x</a>") == "x"


@pytest.mark.parametrize("text", [c for c, _ in CONTROLS])
def test_html_controls_removed(text: str) -> None:
    out = html_to_text(f"<p>{text}</p>")
    assert not any(bad in out for bad in FORBIDDEN_OUTPUT)


def test_is_web_url() -> None:
    assert is_web_url("https://example.org/a")
    assert not is_web_url("javascript:alert(1)")
    assert not is_web_url("http://")
    assert not is_web_url("ftp://example.org")


@pytest.mark.parametrize(
    ("url", "clean", "host"),
    [
        (
            "https://user:pw@example.org:8080/a@b?c=@",
            "https://example.org:8080/a@b?c=@",
            "example.org:8080",
        ),
        ("http://a@b@[::1]:80/", "http://[::1]:80/", "[::1]:80"),
        ("http://xn--/x", "http://xn--/x", "xn--"),
        ("not a url", "not a url", "not a url"),
        ("ftp://\x1b[31mhost/", "ftp://\x1b[31mhost/", "[31mhost"),
    ],
)
def test_urls_are_shown_without_credentials(url: str, clean: str, host: str) -> None:
    from agora.core.text import url_host, without_credentials

    assert without_credentials(url) == clean
    assert url_host(url) == host
