"""The article pane's scroll anchor: a block and the lines of it above the view."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from agora.ui.widgets.article_viewport import ArticleViewport


def port(heights: list[int]) -> ArticleViewport:
    return ArticleViewport(lambda b: heights[b], lambda b: 0 <= b < len(heights))


def test_scrolling_crosses_blocks_and_stops_at_both_ends() -> None:
    view = port([3, 5, 2, 4])  # 14 lines
    assert view.scroll_lines(4, 5)
    assert (view.top, view.top_line) == (1, 1)
    view.scroll_lines(100, 5)
    assert (view.top, view.top_line) == (2, 1)  # the last 5 lines: 1 of block 2, block 3
    assert not view.scroll_lines(1, 5)
    view.scroll_lines(-100, 5)
    assert (view.top, view.top_line) == (0, 0)
    assert not view.scroll_lines(-1, 5)


def test_the_end_and_a_short_article() -> None:
    view = port([3, 5, 2, 4])
    view.end(3, 6)
    assert (view.top, view.top_line) == (2, 0)
    view.end(3, 7)
    assert (view.top, view.top_line) == (1, 4)
    short = port([2, 1])
    short.end(1, 10)
    assert (short.top, short.top_line) == (0, 0)  # it all fits: from its start
    assert not short.scroll_lines(3, 10)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.integers(1, 9), min_size=1, max_size=20),
    st.integers(1, 15),
    st.lists(st.integers(-20, 20), max_size=12),
)
def test_the_view_never_leaves_a_gap_under_the_end(
    heights: list[int], height: int, moves: list[int]
) -> None:
    view = port(heights)
    total = sum(heights)
    for move in moves:
        view.scroll_lines(move, height)
        assert 0 <= view.top < len(heights) and 0 <= view.top_line < heights[view.top]
        above = sum(heights[: view.top]) + view.top_line
        assert total - above >= min(height, total)  # the screen is full, or starts at the top
        assert above == 0 or total - above >= height
