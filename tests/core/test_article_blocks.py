"""An article's Markdown split into blocks by a line scan, a step at a time, and each block
read into the document model."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from agora.core.article_blocks import CODE, MAX_BLOCK, TEXT, BlockIndex
from agora.core.article_markdown import Heading, Rule, Table, parse_block, part_text
from agora.core.document import CodeBlock, ListBlock, Paragraph, Quote, line_text


def blocks(text: str, **kwargs: object) -> list[tuple[str, int, bool]]:
    index = BlockIndex(text.encode(), **kwargs)  # type: ignore[arg-type]
    index.finish()
    return [index.block(i) for i in range(len(index))]


def test_blocks_are_what_blank_lines_part() -> None:
    text = "# Title\nfirst para\n\n\nsecond\n  \nthird\n"
    assert blocks(text) == [
        ("# Title\nfirst para", TEXT, False),
        ("second", TEXT, False),
        ("third", TEXT, False),
    ]


def test_a_fence_keeps_its_blank_lines_and_is_a_block_of_its_own() -> None:
    text = "before\n```python\nx = 1\n\n\ny = 2\n```\nafter\n\n~~~\ncode ``` here\n~~~"
    assert blocks(text) == [
        ("before", TEXT, False),
        ("x = 1\n\n\ny = 2", CODE, False),
        ("after", TEXT, False),
        ("code ``` here", CODE, False),
    ]


def test_an_open_fence_runs_to_the_end_and_a_code_span_opens_none() -> None:
    assert blocks("```a``` is code\n\ntext\n\n````\nstill\n\n```\ncode") == [
        ("```a``` is code", TEXT, False),
        ("text", TEXT, False),
        ("still\n\n```\ncode", CODE, False),
    ]


def test_plain_text_has_no_fences() -> None:
    assert blocks("```\n\nnot code", fences=False) == [
        ("```", TEXT, False),
        ("not code", TEXT, False),
    ]


def test_a_long_block_is_cut_into_parts_that_join() -> None:
    lines = "\n".join(f"line {i} " + "x" * 70 for i in range(400))
    parts = blocks(lines)
    assert len(parts) > 1
    assert all(len(source.encode()) <= MAX_BLOCK for source, _, _ in parts)
    assert [joins for _, _, joins in parts] == [False] + [True] * (len(parts) - 1)
    assert "\n".join(source for source, _, _ in parts) == lines


def test_a_long_line_without_spaces_is_cut_between_whole_characters() -> None:
    family = "👨\u200d👩\u200d👧"
    text = ("日本語" + family + "e\u0301") * 3000
    parts = blocks(text)
    assert len(parts) > 1
    assert "".join(source for source, _, _ in parts) == text  # no character broken
    for source, _, _ in parts[1:]:
        assert source[0] not in "\u200d\u0301" and not source.startswith("👩")


def test_links_are_numbered_as_the_picker_lists_them() -> None:
    text = "see [a](https://a.org) and https://b.org\n\n[again](https://a.org) <https://c.org>"
    index = BlockIndex(text.encode(), ("https://article.org", "javascript:alert(1)"))
    index.finish()
    assert list(index.links) == [
        "https://article.org",
        "https://a.org",
        "https://b.org",
        "https://c.org",
    ]


def test_the_first_blocks_are_found_without_scanning_everything() -> None:
    text = ("A paragraph of words.\n\n" * 200_000).encode()
    index = BlockIndex(text)
    assert index.ensure(10)
    assert not index.done and index.scanned < len(text) // 10


def test_release_lets_go_of_the_text() -> None:
    index = BlockIndex(b"one\n\ntwo")
    index.release()
    assert index.done and len(index) == 0 and index.text == b""


_LINE = st.text(st.sampled_from(list("ab `~#>-*|\t日👍\u200d")), max_size=12)


@settings(max_examples=200, deadline=None)
@given(st.lists(_LINE, max_size=40), st.integers(1, 64))
def test_steps_of_any_size_find_the_same_blocks(lines: list[str], step: int) -> None:
    text = "\n".join(lines).encode()
    whole = BlockIndex(text)
    whole.finish()
    stepped = BlockIndex(text)
    while not stepped.done:
        stepped.advance(step)
    assert [stepped.block(i) for i in range(len(stepped))] == [
        whole.block(i) for i in range(len(whole))
    ]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(st.sampled_from(list("ab c\t日👍é")), max_size=30), max_size=40))
def test_blocks_hold_every_character_of_text_without_fences(lines: list[str]) -> None:
    text = "\n".join(lines)
    found = "".join(source for source, _, _ in blocks(text))
    assert "".join(found.split()) == "".join(text.split())


# -- one block as the document model ----------------------------------------------------------


def test_headings_rules_and_setext() -> None:
    parts = parse_block("# One #\n## Two\nText under\nTitle\n=====\n***")
    assert [type(p) for p in parts] == [Heading, Heading, Paragraph, Heading, Rule]
    assert [p.level for p in parts if isinstance(p, Heading)] == [1, 2, 1]
    assert line_text(parts[3].line) == "Title"  # type: ignore[union-attr]


def test_tables_lists_quotes_code_and_images() -> None:
    (table,) = parse_block("| a | b \\| c |\n|---|:-:|\n| 1 | [x](https://x.org) |")
    assert isinstance(table, Table)
    assert [[line_text(c) for c in row] for row in table.rows] == [
        ["a", "b | c"],
        ["1", "x (https://x.org)"],
    ]
    (items,) = parse_block("* one\n+ two\n  - three")
    assert isinstance(items, ListBlock) and [i.level for i in items.items] == [0, 0, 1]
    (quote,) = parse_block("> quoted\n> > deeper")
    assert isinstance(quote, Quote)
    (code,) = parse_block("    indented\n\tcode")
    assert code == CodeBlock(("indented", "code"))
    (image,) = parse_block("![a cat](https://x.org/cat.png) and ![](https://x.org/y.png)")
    assert (
        part_text(image) == "image: a cat (https://x.org/cat.png) and image (https://x.org/y.png)"
    )


def test_a_paragraph_flows_its_lines_into_one() -> None:
    (para,) = parse_block("one *two*\nthree")
    assert isinstance(para, Paragraph) and len(para.lines) == 1
    assert line_text(para.lines[0]) == "one two three"


def test_control_characters_never_reach_the_model() -> None:
    parts = parse_block("a\x1b[31mred\x07 \u202eevil [x](https://x.org/\x1b)")
    assert all(c not in part_text(parts[0]) for c in "\x1b\x07\u202e")


class Pieces:
    """A body read a piece at a time, failing from ``fail_at`` on (as a changed row does)."""

    def __init__(self, data: bytes, fail_at: int | None = None) -> None:
        self.data, self.size, self.fail_at = data, len(data), fail_at
        self.reads: list[tuple[int, int]] = []
        self.closed = False

    def read(self, offset: int, length: int) -> bytes:
        from agora.core.errors import StoreError

        if self.fail_at is not None and offset + length > self.fail_at:
            raise StoreError("changed")
        self.reads.append((offset, length))
        return self.data[offset : offset + length]

    def close(self) -> None:
        self.closed = True


def test_a_body_read_in_pieces_gives_the_same_blocks_and_is_read_only_as_far_as_needed() -> None:
    text = ("A paragraph with [a link](https://x.org/a).\n\n" * 100_000).encode()
    source = Pieces(text)
    index = BlockIndex(source)
    assert index.ensure(5) and index.loaded < len(text) // 10  # the first screen's worth
    assert not source.closed
    while index.load():
        pass
    assert source.closed and index.loaded == len(text)
    index.finish()
    whole = BlockIndex(text)
    whole.finish()
    assert len(index) == len(whole) and index.block(len(index) - 1) == whole.block(len(whole) - 1)


def test_a_body_that_changes_while_it_is_read_keeps_what_was_read() -> None:
    text = ("words " * 10 + "\n\n").encode() * 200_000
    source = Pieces(text, fail_at=3 * (1 << 20) + 5)
    index = BlockIndex(source)
    index.finish()
    assert index.done and source.closed
    assert 2 * (1 << 20) < len(index.text) < 4 * (1 << 20)
    assert all(index.block(i)[0].startswith("words") for i in range(len(index)))
