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

    __slots__ = ("_pos", "depth", "end", "ids", "parent", "prev_sibling", "root")

    def __init__(self, pairs: Iterable[tuple[int, int | None]]) -> None:
        items = list(pairs)
        count = len(items)
        index: dict[int, int] = {}
        for i in range(count - 1, -1, -1):
            index[items[i][0]] = i  # the first of duplicated ids wins
        children: list[list[int] | None] = [None] * count
        roots: list[int] = []
        for i, (cid, parent) in enumerate(items):
            if index[cid] != i:
                continue
            pi = index.get(parent) if parent is not None else None  # type: ignore[arg-type]
            if pi is None or pi == i:
                roots.append(i)
            else:
                kids = children[pi]
                if kids is None:
                    children[pi] = [i]
                else:
                    kids.append(i)

        ids: list[int] = []
        depth: list[int] = []
        parent_pos: list[int] = []
        root: list[int] = []
        visited = bytearray(count)
        ppos = [-1] * count  # the parent's position, known once the parent is placed

        def walk(start: int) -> None:
            stack = [start]
            pop, push = stack.pop, stack.append
            while stack:
                i = pop()
                if visited[i]:
                    continue
                visited[i] = 1
                pos = len(ids)
                pp = ppos[i]
                ids.append(items[i][0])
                parent_pos.append(pp)
                if pp < 0:
                    depth.append(0)
                    root.append(pos)
                else:
                    depth.append(depth[pp] + 1)
                    root.append(root[pp])
                kids = children[i]
                if kids:
                    for k in reversed(kids):
                        if not visited[k]:
                            ppos[k] = pos
                            push(k)

        for r in roots:
            walk(r)
        # Whatever was not reached hangs off a cycle: break each cycle at its first member.
        if len(ids) < len(index):
            for i in range(count):
                if not visited[i] and index[items[i][0]] == i:
                    walk(i)

        total = len(ids)
        end = list(range(1, total + 1))
        prev_sibling = [-1] * total
        last_child = [-1] * (total + 1)  # indexed by parent position + 1
        for pos in range(total):
            pp = parent_pos[pos]
            prev_sibling[pos] = last_child[pp + 1]
            last_child[pp + 1] = pos
        for pos in range(total - 1, 0, -1):
            pp = parent_pos[pos]
            if pp >= 0 and end[pos] > end[pp]:
                end[pp] = end[pos]

        self.ids = ids
        self.depth = depth
        self.parent = parent_pos
        self.end = end
        self.root = root
        self.prev_sibling = prev_sibling
        self._pos = dict(zip(ids, range(total), strict=True))

    def __len__(self) -> int:
        return len(self.ids)

    def position(self, comment_id: int) -> int | None:
        """The pre-order position of a comment, or None."""
        return self._pos.get(comment_id)

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
