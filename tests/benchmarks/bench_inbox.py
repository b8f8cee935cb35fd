"""The inbox of replies to you on a large store, beside a floor measured in the same run.

    python tests/benchmarks/bench_inbox.py [--comments 100000]

or as the ``inbox`` section of ``bench_all.py``. The store: ``comments`` synthetic comments in
articles of 2,000, one in a hundred of them marked as the user's (``is_own``, what the thread
marks "you"), and one in five hundred naming the user's display name. The figure is
``store.inbox.entries()`` (replies, mentions, unread state, newest first) and
``store.inbox.unread_count()``; the floor is ``store.read_state.unread_counts()``, the count of
new comments the article list reads on every load, over the same store.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.benchmarks import synthetic  # noqa: E402

from agora.store import Store  # noqa: E402

NAME = "Zoë Quartermaine"
PER_ARTICLE = 2_000


def build(path: Path, comments: int, seed: int = 5) -> Store:
    """A store of ``comments`` comments, some the user's, some naming them."""
    store = Store(path)
    rng = random.Random(seed)
    for n in range(max(1, comments // PER_ARTICLE)):
        batch = synthetic.synthetic_batch(PER_ARTICLE, seed=seed + n)
        batch = batch.__class__(
            batch.source_kind, f"/synthetic/{n}.txt", f"synthetic-{n}.txt", batch.articles
        )
        synthetic.load(store, batch)
    ids = store.query("SELECT id FROM comments")
    with store.write() as db:
        for row in ids:
            if rng.random() < 0.01:
                db.execute(
                    "UPDATE comments SET is_own = 1, author_name = ? WHERE id = ?",
                    [NAME, row["id"]],
                )
            elif rng.random() < 0.002:
                db.execute(
                    "UPDATE comments SET body = body || ? WHERE id = ?",
                    [f" thanks {NAME.casefold()} for that", row["id"]],
                )
    store.identities.add("guest", NAME, "zoe@example.org")
    return store


def _best(function: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return min(times)


def measure(comments: int, repeat: int = 7) -> list[tuple[str, float, float, str]]:
    """``(figure, ms, floor ms, note)`` rows; the figure and the floor are interleaved."""
    with tempfile.TemporaryDirectory() as tmp:
        store = build(Path(tmp) / "agora.db", comments)
        entries = store.inbox.entries()
        unread = sum(e.unread for e in entries)
        figure, count, floor = [], [], []
        for _ in range(repeat):
            floor.append(_best(store.read_state.unread_counts, 1))
            figure.append(_best(store.inbox.entries, 1))
            count.append(_best(store.inbox.unread_count, 1))
        store.close()
    note = f"{len(entries):,} entries, {unread:,} unread"
    return [
        (f"inbox, {comments:,} comments: entries", min(figure), min(floor), note),
        (f"inbox, {comments:,} comments: unread count", min(count), min(floor), ""),
        ("  (median of the entries)", statistics.median(figure), statistics.median(floor), ""),
    ]


def live(comments: int = 10_000, repeat: int = 5) -> list[tuple[str, float, float, str]]:
    """The live thread's re-read of an open article (``article_live.thread_change``: ids and
    parents, and every comment the pane holds compared with the store) beside opening the
    article (``Library.open_thread``), on a thread of ``comments``."""
    from agora.core.ordering import DEFAULT_ORDER as order
    from agora.core.thread import Thread
    from agora.service.library import Library
    from agora.ui.screens.article_live import thread_change

    with tempfile.TemporaryDirectory() as tmp:
        library = Library(Store(Path(tmp) / "agora.db"))
        aid = synthetic.load(library.store, synthetic.synthetic_batch(comments)).article_id
        shown = Thread.from_columns(*library.store.comments.thread_columns(aid))
        rows = []
        for held_count in (60, comments):
            held = library.store.comments.many(shown.ids[:held_count])
            figure, floor = [], []
            for _ in range(repeat):
                floor.append(_best(lambda: library.open_thread(aid), 1))
                figure.append(_best(partial(thread_change, library, aid, order, shown, held), 1))
            rows.append(
                (
                    f"live thread, {comments:,} comments, {held_count:,} held",
                    min(figure),
                    min(floor),
                    "off the UI thread",
                )
            )
        library.close()
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=100_000)
    args = parser.parse_args(argv)
    print(f"{'figure':<44} {'value':>10} {'floor':>10} {'ratio':>7}  note")
    for figure, value, floor, note in [*measure(args.comments), *live()]:
        print(f"{figure:<44} {value:>7.1f} ms {floor:>7.1f} ms {value / floor:>6.2f}x  {note}")


if __name__ == "__main__":
    main()
