"""Orders of top-level threads: whole threads move, replies keep conversation order."""

from __future__ import annotations

import subprocess
import sys

from hypothesis import given
from hypothesis import strategies as st

from agora.core.ordering import (
    DEFAULT_ORDER,
    LABELS,
    ORDERS,
    next_order,
    reorder_pairs,
    thread_in_order,
    valid_order,
)
from agora.core.thread import Thread

#: 1 ─ 2 ─ 3      (3 replies in thread 1 counting 4)
#:   └ 4
#: 5 ─ 6          (1 reply)
#: 7              (none)
#: 8 ─ 9, 10, 11  (3 replies, later than thread 1: ties keep oldest first)
PAIRS = [
    (1, None),
    (2, 1),
    (3, 2),
    (4, 1),
    (5, None),
    (6, 5),
    (7, None),
    (8, None),
    (9, 8),
    (10, 8),
    (11, 8),
]


def ids(pairs: list[tuple[int, int | None]]) -> list[int]:
    return [cid for cid, _ in pairs]


def test_oldest_first_leaves_the_pairs_alone() -> None:
    assert reorder_pairs(PAIRS, "oldest") == PAIRS


def test_newest_first_reverses_top_level_threads_only() -> None:
    out = reorder_pairs(PAIRS, "newest")
    assert ids(out) == [8, 9, 10, 11, 7, 5, 6, 1, 2, 3, 4]
    assert dict(out) == dict(PAIRS)  # every parent is kept


def test_most_replies_counts_the_whole_subtree_and_is_stable() -> None:
    out = reorder_pairs(PAIRS, "replies")
    assert ids(out) == [1, 2, 3, 4, 8, 9, 10, 11, 5, 6, 7]


def test_a_thread_built_from_reordered_pairs_has_the_same_shape() -> None:
    thread = Thread(reorder_pairs(PAIRS, "newest"))
    assert [thread.ids[p] for p in thread.top_level()] == [8, 7, 5, 1]
    pos = thread.position(3)
    assert pos is not None and thread.depth[pos] == 2


def test_orphans_and_cycles_stay_top_level() -> None:
    pairs = [(1, 99), (2, 3), (3, 2), (4, 1)]  # 99 is missing; 2 and 3 form a cycle
    base = Thread(pairs)
    out = thread_in_order(base, "newest")
    assert sorted(ids(out)) == [1, 2, 3, 4]
    rebuilt = Thread(out)
    assert len(rebuilt) == 4
    assert [rebuilt.ids[p] for p in rebuilt.top_level()] == [
        base.ids[p] for p in reversed(base.top_level())
    ]


def test_orders_cycle_and_bad_settings_fall_back() -> None:
    assert [next_order(o) for o in ORDERS] == ["newest", "replies", "oldest"]
    assert valid_order("bogus") == valid_order(None) == DEFAULT_ORDER == "oldest"
    assert set(LABELS) == set(ORDERS)


@st.composite
def forests(draw: st.DrawFn) -> list[tuple[int, int | None]]:
    n = draw(st.integers(0, 40))
    pairs: list[tuple[int, int | None]] = []
    for i in range(1, n + 1):
        parent = draw(st.one_of(st.none(), st.integers(1, n + 2)))
        pairs.append((i, parent))
    return pairs


@given(forests(), st.sampled_from(ORDERS))
def test_reordering_keeps_every_comment_and_every_reply_order(pairs, order) -> None:
    base = Thread(pairs)
    out = reorder_pairs(pairs, order)
    assert sorted(ids(out)) == sorted(base.ids)
    rebuilt = Thread(out)
    for pos in range(len(base)):
        cid = base.ids[pos]
        new = rebuilt.position(cid)
        assert new is not None
        assert [base.ids[c] for c in base.children(pos)] == [
            rebuilt.ids[c] for c in rebuilt.children(new)
        ]


def test_ordering_and_links_never_import_textual() -> None:
    code = (
        "import sys, agora.core.ordering, agora.core.weblinks, agora.service.reading\n"
        "print(any(m == 'textual' or m.startswith('textual.') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"
