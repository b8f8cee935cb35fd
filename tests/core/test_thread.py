"""Threading: shape, bad parent links, navigation and visible rows."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agora.core.thread import Thread, VisibleRows

SHAPE = [(1, None), (2, 1), (3, 2), (4, 1), (5, None), (6, 5), (7, None)]


def test_preorder_depths_and_spans() -> None:
    t = Thread(SHAPE)
    assert t.ids == [1, 2, 3, 4, 5, 6, 7]
    assert t.depth == [0, 1, 2, 1, 0, 1, 0]
    assert t.end == [4, 3, 3, 4, 6, 6, 7]
    assert t.descendants(0) == 3
    assert t.children(0) == [1, 3]
    assert t.top_level() == [0, 4, 6]


def test_navigation() -> None:
    t = Thread(SHAPE)
    assert t.next_sibling(1) == 3
    assert t.next_sibling(3) is None
    assert t.previous_sibling(3) == 1
    assert t.previous_sibling(1) is None
    assert t.next_top_level(2) == 4
    assert t.next_top_level(6) is None
    assert t.previous_top_level(2) == 0
    assert t.previous_top_level(4) == 0
    assert t.ancestors(2) == [0, 1]


def test_orphans_self_parents_and_cycles_become_top_level() -> None:
    t = Thread([(1, 99), (2, 2), (3, 4), (4, 3), (5, 3)])
    assert sorted(t.ids) == [1, 2, 3, 4, 5]
    assert t.depth[t.position(1)] == 0
    assert t.depth[t.position(2)] == 0
    # The cycle 3 <-> 4 is broken at its first member; 5 hangs below 3.
    assert t.depth[t.position(3)] == 0
    assert t.parent[t.position(5)] == t.position(3)


def test_duplicate_ids_are_kept_once() -> None:
    t = Thread([(1, None), (1, None), (2, 1)])
    assert t.ids == [1, 2]


def test_very_deep_chain_does_not_recurse() -> None:
    n = 100_000
    t = Thread([(i, i - 1 if i else None) for i in range(n)])
    assert t.depth[-1] == n - 1
    assert t.end[0] == n
    rows = VisibleRows(t)
    assert rows.collapse(0)
    assert rows.rows == [0]
    rows.expand(0)
    assert len(rows) == n
    assert rows.reveal(n - 1) == n - 1


def test_collapse_and_expand_keep_nested_state() -> None:
    t = Thread(SHAPE)
    rows = VisibleRows(t)
    assert rows.collapse(1)  # 2 hides 3
    assert rows.rows == [0, 1, 3, 4, 5, 6]
    assert rows.collapse(0)
    assert rows.rows == [0, 4, 5, 6]
    rows.expand(0)
    assert rows.rows == [0, 1, 3, 4, 5, 6]  # 2 stays collapsed
    assert not rows.collapse(2)  # a leaf has nothing to hide
    assert rows.reveal(2) == 2
    assert rows.rows == list(range(7))


pairs = st.lists(
    st.tuples(st.integers(0, 60), st.one_of(st.none(), st.integers(-5, 70))), max_size=80
)


@given(pairs)
def test_any_parent_links_give_a_finite_tree_with_every_comment_once(items) -> None:
    t = Thread(items)
    unique = {cid for cid, _ in items}
    assert sorted(t.ids) == sorted(unique)
    for pos in range(len(t)):
        assert pos < t.end[pos] <= len(t)
        p = t.parent[pos]
        assert p < pos
        if p >= 0:
            assert t.depth[pos] == t.depth[p] + 1
            assert t.end[pos] <= t.end[p]


@given(pairs)
def test_positions_and_the_thread_from_columns(items) -> None:
    t = Thread(items)
    assert [t.position(cid) for cid in t.ids] == list(range(len(t)))
    assert t.position(-100) is None
    c = Thread.from_columns([cid for cid, _ in items], [parent for _, parent in items])
    shape = ("ids", "parent", "depth", "end", "root", "prev_sibling")
    assert [getattr(c, f) for f in shape] == [getattr(t, f) for f in shape]


def test_columns_of_different_lengths_are_refused() -> None:
    with pytest.raises(ValueError):
        Thread.from_columns([1, 2], [None])


@given(pairs, st.lists(st.integers(0, 80), max_size=10))
def test_visible_rows_match_a_naive_walk(items, collapse) -> None:
    t = Thread(items)
    rows = VisibleRows(t)
    for c in collapse:
        if c < len(t):
            rows.collapse(c)
    expected = [p for p in range(len(t)) if not any(a in rows.collapsed for a in t.ancestors(p))]
    assert rows.rows == expected


def test_random_large_thread_is_consistent() -> None:
    rnd = random.Random(7)
    items = [(i, rnd.randrange(i) if i and rnd.random() < 0.8 else None) for i in range(20_000)]
    t = Thread(items)
    assert len(t) == 20_000
    assert VisibleRows(t).rows == list(range(20_000))
