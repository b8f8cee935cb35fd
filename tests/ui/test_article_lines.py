"""An article's blocks drawn as lines: nothing lost or added but the wrapping, nothing wider
than the pane, wide characters and emoji included."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style

from agora.core.article_blocks import CODE, BlockIndex
from agora.core.article_markdown import Table, parse_block
from agora.ui.widgets.article_lines import ArticleStyles, column_widths, part_lines
from agora.ui.widgets.document_lines import DocumentStyles

PLAIN = Style()
STYLES = ArticleStyles(
    DocumentStyles(PLAIN, PLAIN, PLAIN, PLAIN, PLAIN, PLAIN, PLAIN), (PLAIN,) * 6, PLAIN
)


def drawn(text: str, width: int, numbers: dict[str, int] | None = None) -> list[str]:
    """Every line of the article ``text`` at ``width``, as the pane draws its body."""
    index = BlockIndex(text.encode())
    index.finish()
    out: list[str] = []
    for i in range(len(index)):
        source, kind, _ = index.block(i)
        for part in parse_block(source, kind == CODE):
            lines = part_lines(part, width, STYLES, numbers or index.links)
            out.extend("".join(s.text for s in line) for line in lines)
    return out


_WORD = st.lists(
    st.sampled_from([*"abcdefxyz", "日", "本", "語", "👍", "👨\u200d👩\u200d👧", "é", "ก"]),
    min_size=1,
    max_size=30,
).map("".join)
_PARAGRAPH = st.lists(_WORD, min_size=1, max_size=30).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(st.lists(_PARAGRAPH, min_size=1, max_size=8), st.integers(4, 60))
def test_the_drawn_text_is_the_article_modulo_wrapping(paragraphs: list[str], width: int) -> None:
    text = "\n\n".join(paragraphs)
    lines = drawn(text, width)
    assert "".join("".join(lines).split()) == "".join(text.split())
    assert all(cell_len(line) <= width for line in lines)


_MARKDOWN_LINE = st.one_of(
    _PARAGRAPH,
    _PARAGRAPH.map(lambda t: "# " + t),
    _PARAGRAPH.map(lambda t: "> " + t),
    _PARAGRAPH.map(lambda t: "- " + t),
    _PARAGRAPH.map(lambda t: f"[{t}](https://example.org/{len(t)})"),
    st.lists(_WORD, min_size=2, max_size=4).map(lambda c: "| " + " | ".join(c) + " |"),
    st.just("|---|---|"),
    st.just("```"),
    st.just(""),
    st.just("---"),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_MARKDOWN_LINE, max_size=30), st.integers(6, 70))
def test_no_line_is_wider_than_the_pane(lines: list[str], width: int) -> None:
    assert all(cell_len(line) <= width for line in drawn("\n".join(lines), width))


def test_links_carry_the_pickers_numbers() -> None:
    text = "[one](https://a.org) and [two](https://b.org)\n\nthen [one](https://a.org) again"
    lines = drawn(text, 80, {"https://article.org": 1, "https://a.org": 2, "https://b.org": 3})
    assert lines == ["one[2] and two[3]", "then one[2] again"]


def test_a_table_in_columns_and_its_cells_wrapped_when_narrow() -> None:
    (table,) = parse_block("| key | what |\n|---|---|\n| j | down one line |")
    assert isinstance(table, Table)
    wide = ["".join(s.text for s in line) for line in part_lines(table, 40, STYLES, {})]
    assert wide == ["key │ what", "────┼──────────────", "j   │ down one line"]
    narrow = ["".join(s.text for s in line) for line in part_lines(table, 12, STYLES, {})]
    assert all(cell_len(line) <= 12 for line in narrow)
    assert "".join("".join(narrow).split()).count("down") == 1


def test_column_widths_share_the_room() -> None:
    assert column_widths([3, 10], 20) == [3, 10]
    assert column_widths([3, 30, 30], 40) == [3, 18, 19]


def test_headings_of_the_first_level_are_centred() -> None:
    (heading,) = parse_block("# Title")
    (line,) = part_lines(heading, 21, STYLES, {})
    assert "".join(s.text for s in line) == " " * 8 + "Title"
    assert all(isinstance(s, Segment) for s in line)
