"""The untrusted-text gate."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agora.core.html_text import html_to_text
from agora.core.text import is_web_url, sanitize, sanitize_line
from tests.hostile import (
    BLACK_FLAG,
    CANCEL_TAG,
    CONTROLS,
    FAMILY,
    FORBIDDEN_OUTPUT,
    MARKUP,
    ORDINARY,
    RAINBOW,
    SCOTLAND,
    WALES,
    tags,
)


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
    """What the gate is documented to remove (tag characters: unless in a valid flag)."""
    import unicodedata

    if 0xE0000 <= ord(ch) <= 0xE007F or ch in "\ufeff\ufff9\ufffa\ufffb":
        return True
    if "\u2061" <= ch <= "\u2069" or "\u202a" <= ch <= "\u202e" or "\u206a" <= ch <= "\u206f":
        return ch != "\u2065"  # unassigned
    if "\U0001d173" <= ch <= "\U0001d17a":
        return True
    return ch not in "\n\t" and unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp")


def _without_valid_flags(text: str) -> str:
    return re.sub(f"{BLACK_FLAG}[\U000e0030-\U000e007a]{{3,7}}{CANCEL_TAG}", BLACK_FLAG, text)


#: The characters the gate keeps although they are not printable, and a sample of the removed.
KEPT = (
    "\u200b\u200c\u200d\u200e\u200f\u061c\u2060\ufe00\ufe0f\U000e0100\U000e01ef\u00ad\u0600\u180e"
)
SPECIAL = KEPT + "\u202a\u202e\u2066\u2069\ufeff\x1b\x9b\x00\r" + BLACK_FLAG + CANCEL_TAG
_TAGS = st.sampled_from([chr(c) for c in range(0xE0020, 0xE007F)])
_SPICED = st.text(alphabet=st.one_of(st.characters(), st.sampled_from(SPECIAL), _TAGS))


@given(_SPICED)
def test_sanitize_keeps_no_invisible_characters(text: str) -> None:
    assert not any(_is_bad(ch) for ch in _without_valid_flags(sanitize(text)))


@given(_SPICED)
def test_sanitize_is_idempotent_and_only_removes(text: str) -> None:
    once = sanitize(text)
    assert sanitize(once) == once
    assert sanitize_line(once) == sanitize_line(text) == sanitize_line(sanitize_line(text))
    if not any(b in text for b in "\r\x0b\x0c\x85\u2028\u2029"):
        rest = iter(text)  # no line break to normalise: what is left is a subsequence
        assert all(ch in rest for ch in once)


@given(st.text(alphabet=st.characters(categories=["L", "M", "N", "P", "S", "Zs"])))
def test_sanitize_never_changes_ordinary_text(text: str) -> None:
    assert sanitize(text) == text


@given(
    st.text(
        alphabet=st.one_of(
            st.characters(categories=["L", "M", "N", "P", "S", "Zs", "Co"]),
            st.sampled_from(KEPT + "\n\t"),
        )
    )
)
def test_sanitize_never_changes_text_with_what_scripts_need(text: str) -> None:
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


# -- each class of character, kept or removed --------------------------------------------------


@pytest.mark.parametrize(
    "char",
    [
        pytest.param("\u200b", id="ZWSP"),
        pytest.param("\u200c", id="ZWNJ"),
        pytest.param("\u200d", id="ZWJ"),
        pytest.param("\u200e", id="LRM"),
        pytest.param("\u200f", id="RLM"),
        pytest.param("\u061c", id="ALM"),
        pytest.param("\u2060", id="word joiner"),
        pytest.param("\ufe0f", id="VS16"),
        pytest.param("\ufe0e", id="VS15"),
        pytest.param("\ufe00", id="VS1"),
        pytest.param("\U000e0100", id="VS17"),
        pytest.param("\U000e01ef", id="VS256"),
        pytest.param("\u00ad", id="soft hyphen"),
        pytest.param("\u0600", id="Arabic number sign"),
        pytest.param("\u06dd", id="end of ayah"),
        pytest.param("\u180e", id="Mongolian vowel separator"),
        pytest.param("\U00013430", id="Egyptian joiner"),
        pytest.param("\U0001bca0", id="shorthand format"),
        pytest.param("\u00a0", id="no-break space"),
        pytest.param("\ue000", id="private use"),
        pytest.param("\t", id="tab"),
        pytest.param("\n", id="newline"),
    ],
)
def test_what_scripts_need_is_kept(char: str) -> None:
    for text in (char, f"a{char}b", f"{char}{char}x{char}"):
        assert sanitize(text) == text
    if not char.isspace():
        assert sanitize_line(f" a{char}b ") == f"a{char}b"


@pytest.mark.parametrize(
    "char",
    [
        *[
            pytest.param(chr(c), id=f"C0 {c:02X}")
            for c in range(0x20)
            if chr(c) not in "\n\t\r\x0b\x0c"
        ],
        *[pytest.param(chr(c), id=f"C1 {c:02X}") for c in range(0x7F, 0xA0) if c != 0x85],
        *[
            pytest.param(chr(c), id=f"bidi {c:04X}")
            for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]
        ],
        pytest.param("\ud800", id="high surrogate"),
        pytest.param("\udfff", id="low surrogate"),
        pytest.param("\ufeff", id="BOM"),
        pytest.param("\U000e0001", id="language tag"),
        pytest.param("\U000e0067", id="lone tag g"),
        pytest.param(CANCEL_TAG, id="lone cancel tag"),
        pytest.param("\u2061", id="function application"),
        pytest.param("\u2064", id="invisible plus"),
        pytest.param("\u206a", id="deprecated format"),
        pytest.param("\ufff9", id="interlinear annotation"),
        pytest.param("\U0001d173", id="musical beam"),
    ],
)
def test_controls_and_stray_invisibles_are_removed(char: str) -> None:
    assert sanitize(f"a{char}b") == "ab"
    assert sanitize(char * 3) == ""
    assert sanitize_line(f"a{char}b") == "ab"


@pytest.mark.parametrize("brk", ["\r\n", "\r", "\x0b", "\x0c", "\x85", "\u2028", "\u2029"])
def test_every_line_break_becomes_a_newline(brk: str) -> None:
    assert sanitize(f"a{brk}b") == "a\nb"
    assert sanitize_line(f"a{brk}b") == "a b"


@pytest.mark.parametrize(
    "flag", [SCOTLAND, WALES, BLACK_FLAG + tags("us") + tags("tx") + CANCEL_TAG]
)
def test_valid_flag_tag_sequences_are_kept_whole(flag: str) -> None:
    assert sanitize(flag) == flag
    assert sanitize(f"go {flag}{flag}!\x1b[0m") == f"go {flag}{flag}![0m"
    assert sanitize_line(f"  {flag}\n{flag} ") == f"{flag} {flag}"


@pytest.mark.parametrize(
    "spec",
    ["gb", "g", "gbsctxyz", "GBSCT", "gb-sct", "12sct", "gb sc"],  # too short/long, case, form
)
def test_tag_sequences_that_are_no_subdivision_flag_lose_their_tags(spec: str) -> None:
    assert sanitize(BLACK_FLAG + tags(spec) + CANCEL_TAG + "x") == BLACK_FLAG + "x"


def test_the_users_own_words_survive_the_gate() -> None:
    words = [
        "می\u200cخواهم",
        FAMILY,
        RAINBOW,
        SCOTLAND,
        WALES,
        "क्\u200dष क्\u200cष",
        "ภาษา\u200bไทย",
        "\u200fدانیال\u200e",
    ]
    for word in words:
        assert sanitize(word) == word and sanitize_line(word) == word


def test_printable_text_takes_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    import agora.core.text as gate

    class Untouchable:
        def sub(self, *args: object) -> str:
            raise AssertionError("printable text went through a regular expression")

    monkeypatch.setattr(gate, "_GATE", Untouchable())
    monkeypatch.setattr(gate, "_REMOVE", Untouchable())
    monkeypatch.setattr(gate, "_LINE_BREAKS", Untouchable())
    text = "Ελληνικά 日本語 مرحبا 👍🏽\nline two [b]x[/b]"
    assert gate.sanitize(text) is text
