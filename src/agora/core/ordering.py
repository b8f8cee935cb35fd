"""Orders for the top-level threads of a discussion (pure: no I/O, no Textual).

Only whole top-level threads move; the replies inside each keep conversation order, so a
conversation always reads top to bottom.
"""

from __future__ import annotations

from collections.abc import Iterable

from agora.core.thread import Thread

Pair = tuple[int, int | None]

#: The orders, in the order the sort key cycles through them; the first is the default.
ORDERS: tuple[str, ...] = ("oldest", "newest", "replies")
LABELS: dict[str, str] = {
    "oldest": "oldest first",
    "newest": "newest first",
    "replies": "most replies",
}
DEFAULT_ORDER = ORDERS[0]


def valid_order(order: str | None) -> str:
    """``order`` when it is a known order, else the default (for remembered settings)."""
    return order if order in ORDERS else DEFAULT_ORDER


def next_order(order: str) -> str:
    """The order after ``order`` in the cycle."""
    return ORDERS[(ORDERS.index(valid_order(order)) + 1) % len(ORDERS)]


def thread_in_order(thread: Thread, order: str) -> list[Pair]:
    """``(id, parent)`` pairs of ``thread`` in pre-order with its top-level threads in ``order``.

    ``thread`` must be in conversation order (oldest first). Parents are given as the thread
    resolved them, so a comment that the thread made top level (missing parent, cycle) stays
    top level in the result.
    """
    ids, parent = thread.ids, thread.parent
    starts = thread.top_level()
    if order == "newest":
        starts = starts[::-1]
    elif order == "replies":
        starts = sorted(starts, key=lambda p: -thread.descendants(p))  # stable: ties oldest first
    out: list[Pair] = []
    for start in starts:
        for pos in range(start, thread.end[start]):
            pp = parent[pos]
            out.append((ids[pos], ids[pp] if pp >= 0 else None))
    return out


def reorder_pairs(pairs: Iterable[Pair], order: str) -> list[Pair]:
    """Conversation-order ``(id, parent)`` pairs rearranged so top-level threads go in ``order``.

    For the default order the pairs come back unchanged.
    """
    items = list(pairs)
    if valid_order(order) == DEFAULT_ORDER:
        return items
    return thread_in_order(Thread(items), order)
