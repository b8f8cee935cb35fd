"""The comments pane's viewport and marks, as plain objects: no Textual, no terminal."""

from __future__ import annotations

import subprocess
import sys

from agora.core.thread import Thread
from agora.service.reading import ReadTracker
from agora.ui.widgets.thread_marks import Mark, ThreadMarks
from agora.ui.widgets.thread_viewport import ThreadViewport

SHAPE = [(1, None), (2, 1), (3, 2), (4, 1), (5, None), (6, 5), (7, None)]


def viewport(pairs: list[tuple[int, int | None]], lines: int = 3) -> ThreadViewport:
    """A viewport whose rows are all ``lines`` lines tall."""
    port = ThreadViewport(lambda row: lines)
    port.select(port.set_thread(Thread(pairs)))
    return port


def flat(n: int) -> list[tuple[int, int | None]]:
    return [(i, None) for i in range(1, n + 1)]


def test_importable_without_textual() -> None:
    code = (
        "import sys, agora.ui.widgets.thread_viewport, agora.ui.widgets.thread_marks; "
        "assert 'textual' not in sys.modules, 'textual was imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_set_thread_starts_at_the_top_and_finds_the_comment_to_select() -> None:
    port = ThreadViewport(lambda row: 1)
    port.top, port.top_line = 4, 2
    row = port.set_thread(Thread(SHAPE), select=3)
    port.select(row)
    assert port.selected_id == 3 and port.selected_pos == 2
    assert port.top == port.top_line == 0
    assert port.set_thread(Thread(SHAPE), select=99) == 0  # gone: the first


def test_selection_stays_inside_the_rows() -> None:
    port = viewport(SHAPE)
    port.select(-5)
    assert port.cursor == 0
    port.select(100)
    assert port.cursor == 6 and port.selected_id == 7
    empty = viewport([])
    empty.select(3)
    assert empty.cursor == 0 and empty.selected_id is None and empty.selected_pos is None


def test_scrolling_down_puts_the_row_flush_with_the_bottom() -> None:
    port = viewport(flat(20))  # 3 lines a row
    port.scroll_to(2, 10)  # rows 0-2 take 9 lines: already whole
    assert (port.top, port.top_line) == (0, 0)
    port.scroll_to(5, 10)  # rows 3-5 take 9 lines, row 2 shows its last line
    assert (port.top, port.top_line) == (2, 2)
    port.scroll_to(1, 10)  # above the view: it goes to the top
    assert (port.top, port.top_line) == (1, 0)


def test_a_row_taller_than_the_view_starts_at_the_top() -> None:
    port = viewport(flat(5), lines=30)
    port.scroll_to(3, 10)
    assert (port.top, port.top_line) == (3, 0)


def test_scroll_lines_moves_the_view_not_the_selection() -> None:
    port = viewport(flat(5))
    assert port.scroll_lines(4)
    assert (port.top, port.top_line, port.cursor) == (1, 1, 0)
    port.scroll_lines(-2)
    assert (port.top, port.top_line) == (0, 2)
    port.scroll_lines(100)  # never past the last row's last line
    assert (port.top, port.top_line) == (4, 2)
    assert not viewport([]).scroll_lines(3)


def test_keep_filled_leaves_no_blank_space_under_the_last_row() -> None:
    port = viewport(flat(5))
    port.top, port.top_line = 4, 0  # only the last row on a 10-line screen
    port.keep_filled(10)
    assert (port.top, port.top_line) == (1, 2)  # rows 1-4 end at the bottom
    port.top, port.top_line = 0, 0
    port.keep_filled(100)  # everything fits from the top: stays
    assert (port.top, port.top_line) == (0, 0)


def test_thumb() -> None:
    port = viewport(flat(100))
    assert port.thumb(20, 100) is None  # everything shown
    assert port.thumb(1, 10) is None  # too short for a scrollbar
    assert port.thumb(20, 10) == (0, 2)
    port.top = 90
    assert port.thumb(20, 10) == (18, 2)


def test_rebuild_keeps_collapses_selection_and_anchor() -> None:
    port = viewport(SHAPE)
    port.rows.collapse(0)  # 1 hides 2, 3, 4
    port.top = 1  # comment 5 at the top
    reordered = [(7, None), (5, None), (6, 5), (1, None), (2, 1), (3, 2), (4, 1)]
    row = port.rebuild(Thread(reordered), select=6)
    port.select(row)
    assert port.selected_id == 6
    assert port.id_at(port.top) == 5
    assert 1 in [port.thread.ids[p] for p in port.rows.collapsed]
    assert len(port.rows) == 4  # 7, 5, 6, 1
    row = port.rebuild(Thread(reordered), select=3)  # revealed
    assert port.id_at(row) == 3 and len(port.rows) == 7


def test_pairs_and_neighbours() -> None:
    port = viewport(SHAPE)
    assert port.pairs() == SHAPE
    assert port.neighbour_of(4) == 5
    assert port.neighbour_of(7) == 6
    assert port.neighbour_of(99) is None
    assert viewport([(1, None)]).neighbour_of(1) is None


def test_marks_step_through_matches_and_new_comments_in_display_order() -> None:
    port = viewport(SHAPE)
    marks = ThreadMarks(port)
    marks.show_matches("  Word ", [6, 2])
    assert marks.find_text == "Word" and marks.count(Mark.MATCH) == 2
    assert marks.of(2) == (False, True)
    assert marks.step(Mark.MATCH, forward=True) == 1  # comment 2
    port.select(1)
    assert marks.number() == 1
    assert marks.step(Mark.MATCH, forward=True) == 5  # comment 6
    assert marks.step(Mark.MATCH, forward=False) == 5  # wraps around
    port.select(6)
    assert marks.number() is None
    assert marks.step(Mark.MATCH, forward=True) == 1  # wraps around
    marks.show_matches("   ", [1])
    assert marks.find_text == "" and marks.count(Mark.MATCH) == 0
    marks.track_reads(ReadTracker(3, [4, 7], visited=True))
    assert marks.count(Mark.NEW) == 2 and marks.of(7) == (True, False)
    assert marks.step(Mark.NEW, forward=False) == 3  # comment 4, before 7


def test_mark_positions_follow_a_new_thread() -> None:
    port = viewport(SHAPE)
    marks = ThreadMarks(port)
    marks.show_matches("x", [7])
    assert marks.positions(Mark.MATCH) == [6]
    port.set_thread(Thread([(7, None), *SHAPE[:-1]]))
    assert marks.positions(Mark.MATCH) == [0]


def test_an_anchored_rebuild_keeps_the_selected_comment_on_its_line() -> None:
    port = viewport(flat(20))
    port.select(5)  # comment 6, on line 15 of the view
    assert port._line_of(5) == 15
    # Two comments arrive above it (answers to comment 2) and one above the view goes.
    port.top, port.top_line = 1, 1  # scrolled: comment 2 is at the top, its first line off
    line = port._line_of(5)
    pairs = [(1, None), (2, None), (21, 2), (22, 2), *flat(20)[2:]]
    row = port.rebuild(Thread(pairs), 6, anchored=True)
    port.select(row)
    assert port.selected_id == 6 and port._line_of(row) == line
    # Not anchored: the view keeps its top comment, and the selected one moves down.
    port = viewport(flat(20))
    port.select(5)
    row = port.rebuild(Thread(pairs), 6)
    port.select(row)
    assert port.top == 0 and port._line_of(row) == 15 + 2 * 3


def test_an_anchored_rebuild_far_from_the_view_keeps_the_top() -> None:
    port = viewport(flat(2000), lines=1)
    port.select(1500)
    port.top = 10  # the selection was scrolled far out of view
    row = port.rebuild(Thread([(0, None), *flat(2000)]), port.selected_id, anchored=True)
    assert port.top == 11 and row == 1501


def test_comments_that_arrive_are_new_and_unseen_until_shown() -> None:
    tracker = ReadTracker(3, [4, 5], visited=False)
    assert tracker.new_ids == frozenset()  # a first visit marks nothing new
    tracker.arrived([9, 4])
    assert tracker.new_ids == {9}
    assert tracker.shown([4, 5]) and tracker.mark == 5
    tracker.arrived([7])
    assert tracker.new_ids == {7, 9} and tracker.mark == 5
    assert tracker.shown([7, 9]) and tracker.mark == 9
    tracker.arrived([])
    assert tracker.to_save() == (9, ())
