"""Pure tree logic for comment threads.

A :class:`Thread` is built from ``(id, parent_id)`` pairs given in conversation order. It never
recurses, so 100,000-deep chains are fine, and it survives bad data: a parent that is missing,
the comment itself, or part of a cycle makes the comment a top-level one, and every comment
appears exactly once.

The tree is held as flat arrays over *positions* in pre-order (depth-first) order, which is the
order rows are shown in. A subtree is the contiguous span ``p .. end[p]``, so collapsing,
expanding and counting hidden replies are slice operations.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence


class Thread:
    """The shape of one discussion, in display order."""

    __slots__ = ("_index", "_pos_of", "depth", "end", "ids", "parent", "prev_sibling", "root")

    def __init__(self, pairs: Iterable[tuple[int, int | None]]) -> None:
        items = pairs if isinstance(pairs, list) else list(pairs)
        self._build([item[0] for item in items], [item[1] for item in items])

    @classmethod
    def from_columns(cls, ids: list[int], parents: list[int | None]) -> Thread:
        """The thread of ``Thread(zip(ids, parents))``, from the two columns as they are."""
        if len(ids) != len(parents):
            raise ValueError("ids and parents differ in length")
        thread = cls.__new__(cls)
        thread._build(ids, parents)
        return thread

    def _build(self, ids_in: list[int], parents: list[int | None]) -> None:
        # Plain lists of ints throughout (children as first-child / next-sibling links, not
        # a list per comment): for 100,000 comments, allocating and garbage-collecting
        # small lists was a third of the time.
        count = len(ids_in)
        # The first of duplicated ids wins (a dict keeps the last value written for a key).
        # Keyed by ``int | None`` so that a top-level comment's ``None`` parent looks up too.
        index: dict[int | None, int] = dict(
            zip(reversed(ids_in), range(count - 1, -1, -1), strict=True)
        )
        unique = len(index) == count
        par = [-1] * count  # the parent's index in items; -1: top level
        first_child = [-1] * count
        next_sibling = [-1] * count
        last_child = [-1] * count
        roots: list[int] = []
        # Each parent's index, looked up in C (an id is never None, so no parent finds None).
        for i, pi in enumerate(map(index.get, parents)):
            if not unique and index[ids_in[i]] != i:
                continue
            if pi is None or pi == i:
                roots.append(i)
                continue
            par[i] = pi
            last = last_child[pi]
            if last < 0:
                first_child[pi] = i
            else:
                next_sibling[last] = i
            last_child[pi] = i

        # Pre-order from each top-level comment, noting where each subtree ends. A comment
        # has one parent, so none is reached twice; any not reached hang off a cycle.
        order: list[int] = []
        place = order.append
        pos_of = [0] * (count + 1)  # each item's position; pos_of[-1] is -1: no parent
        pos_of[count] = -1
        end = [0] * count
        pos = 0
        for r in roots:
            node = r
            while node >= 0:
                pos_of[node] = pos
                place(node)
                pos += 1
                child = first_child[node]
                if child >= 0:
                    node = child
                    continue
                while True:  # a leaf: its subtree ends here, and so may its ancestors'
                    end[pos_of[node]] = pos
                    if node == r:
                        node = -1
                        break
                    if next_sibling[node] >= 0:
                        node = next_sibling[node]
                        break
                    node = par[node]
        cycles = len(order) < len(index)
        if cycles:
            # Break each cycle at its first member, which becomes a top-level comment.
            visited = bytearray(count)
            for i in order:
                visited[i] = 1
            for start in range(count):
                if visited[start] or index[ids_in[start]] != start:
                    continue
                par[start] = -1
                stack = [start]
                while stack:
                    i = stack.pop()
                    if visited[i]:
                        continue
                    visited[i] = 1
                    pos_of[i] = len(order)
                    place(i)
                    kids = []
                    k = first_child[i]
                    while k >= 0:
                        kids.append(k)
                        k = next_sibling[k]
                    stack.extend(k for k in reversed(kids) if not visited[k])

        total = len(order)
        ids = list(map(ids_in.__getitem__, order))
        parent_pos = list(map(pos_of.__getitem__, map(par.__getitem__, order)))
        del end[total:]
        if cycles:
            end = list(range(1, total + 1))
            for p in range(total - 1, 0, -1):
                pp = parent_pos[p]
                if pp >= 0 and end[p] > end[pp]:
                    end[pp] = end[p]
        depth = [0] * total
        for p, pp in enumerate(parent_pos):
            if pp >= 0:
                depth[p] = depth[pp] + 1
        root = [0] * total
        prev_sibling = [-1] * total
        top, previous = 0, -1
        while top < total:  # each top-level comment and its subtree
            stop = end[top]
            root[top:stop] = [top] * (stop - top)
            prev_sibling[top] = previous
            previous, top = top, stop
        latest = [-1] * total  # the last child seen so far of each position
        for p, pp in enumerate(parent_pos):
            if pp >= 0:
                prev_sibling[p] = latest[pp]
                latest[pp] = p

        self.ids = ids
        self.depth = depth
        self.parent = parent_pos
        self.end = end
        self.root = root
        self.prev_sibling = prev_sibling
        # position(id) is pos_of[index[id]]: every item index holds was placed.
        self._index = index
        self._pos_of = pos_of

    def __len__(self) -> int:
        return len(self.ids)

    def position(self, comment_id: int) -> int | None:
        """The pre-order position of a comment, or None."""
        i = self._index.get(comment_id)
        return None if i is None else self._pos_of[i]

    def descendants(self, pos: int) -> int:
        """How many comments sit below ``pos``."""
        return self.end[pos] - pos - 1

    def has_children(self, pos: int) -> bool:
        return self.end[pos] > pos + 1

    def children(self, pos: int) -> list[int]:
        """Positions of the direct replies to ``pos``."""
        out = []
        child = pos + 1
        while child < self.end[pos]:
            out.append(child)
            child = self.end[child]
        return out

    def top_level(self) -> list[int]:
        """Positions of the top-level comments."""
        out = []
        pos = 0
        while pos < len(self.ids):
            out.append(pos)
            pos = self.end[pos]
        return out

    def next_sibling(self, pos: int) -> int | None:
        nxt = self.end[pos]
        if nxt < len(self.ids) and self.parent[nxt] == self.parent[pos]:
            return nxt
        return None

    def previous_sibling(self, pos: int) -> int | None:
        prev = self.prev_sibling[pos]
        return prev if prev >= 0 else None

    def next_top_level(self, pos: int) -> int | None:
        nxt = self.end[self.root[pos]]
        return nxt if nxt < len(self.ids) else None

    def previous_top_level(self, pos: int) -> int | None:
        root = self.root[pos]
        if root != pos:
            return root
        return self.previous_sibling(root)

    def ancestors(self, pos: int) -> list[int]:
        """Positions from the top-level comment down to the parent of ``pos``."""
        out = []
        pos = self.parent[pos]
        while pos >= 0:
            out.append(pos)
            pos = self.parent[pos]
        out.reverse()
        return out

    def visible(
        self, collapsed: Iterable[int], start: int = 0, stop: int | None = None
    ) -> list[int]:
        """Positions shown when the subtrees below ``collapsed`` positions are hidden.

        Runs in time proportional to the rows produced, not to the thread.
        """
        stop = len(self.ids) if stop is None else stop
        rows: list[int] = []
        pos = start
        for c in sorted(collapsed):
            if c < pos or c >= stop:
                continue
            rows.extend(range(pos, c + 1))
            pos = self.end[c]
        if pos < stop:
            rows.extend(range(pos, stop))
        return rows


class VisibleRows:
    """The rows on show for a thread and a set of collapsed comments, with cheap updates."""

    def __init__(self, thread: Thread, collapsed: Iterable[int] = ()) -> None:
        self.thread = thread
        self.collapsed: set[int] = {p for p in collapsed if thread.has_children(p)}
        self.rows: list[int] = thread.visible(self.collapsed)

    def __len__(self) -> int:
        return len(self.rows)

    def row_of(self, pos: int) -> int | None:
        """The row showing ``pos``, or None when it is inside a collapsed subtree."""
        r = bisect_left(self.rows, pos)
        return r if r < len(self.rows) and self.rows[r] == pos else None

    def collapse(self, pos: int) -> bool:
        """Hide the replies below ``pos``; False when there is nothing to hide."""
        thread = self.thread
        if pos in self.collapsed or not thread.has_children(pos):
            return False
        r = self.row_of(pos)
        self.collapsed.add(pos)
        if r is not None:
            del self.rows[r + 1 : bisect_left(self.rows, thread.end[pos], r + 1)]
        return True

    def expand(self, pos: int) -> bool:
        """Show the replies below ``pos`` again (keeping nested collapses)."""
        if pos not in self.collapsed:
            return False
        self.collapsed.discard(pos)
        r = self.row_of(pos)
        if r is not None:
            inner = [c for c in self.collapsed if pos < c < self.thread.end[pos]]
            self.rows[r + 1 : r + 1] = self.thread.visible(inner, pos + 1, self.thread.end[pos])
        return True

    def reveal(self, pos: int) -> int:
        """Expand every collapsed ancestor of ``pos`` and return its row."""
        for anc in self.thread.ancestors(pos):
            self.expand(anc)
        row = self.row_of(pos)
        assert row is not None
        return row


def sorted_pairs(
    comments: Sequence[tuple[int, int | None, str]],
) -> list[tuple[int, int | None]]:
    """Order ``(id, parent, created_iso)`` triples by time then id: conversation order."""
    return [(cid, parent) for cid, parent, _ in sorted(comments, key=lambda c: (c[2] or "", c[0]))]
