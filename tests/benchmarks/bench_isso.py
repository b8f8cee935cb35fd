"""Sync a thread of 5,000 comments from a local Isso: agora (the request, text conversion and
storing included) beside the floor, plain httpx fetching exactly the same URL (the thread's
JSON, fetched and decoded only), in the same run. Figures only; nothing is asserted.

    python -m tests.benchmarks.bench_isso [--comments 5000] [--rounds 5]

Isso returns a whole thread in one request, so the floor is that one request; the rounds
alternate which of the two goes first. The comments are seeded through Isso's own API (one
level of replies: every tenth comment answers an earlier one), which takes a while.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import httpx
from tests.isso.server import Blog, IssoServer, isso_program

from agora.service.library import Library
from agora.store import Store


def seed(server: IssoServer, uri: str, count: int) -> None:
    top = server.seed(uri, "The first comment", "Reader 0", title="Benchmark")["id"]

    def one(i: int) -> None:
        parent = top if i % 10 == 0 else None
        text = f"Comment number {i}, with *some* Markdown and a [link](https://example.org/{i})."
        server.seed(uri, text, f"Reader {i}", parent=parent, title="Benchmark")

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        list(pool.map(one, range(1, count)))


def floor(url: str) -> int:
    with httpx.Client(timeout=120) as client:
        response = client.get(url)
        response.raise_for_status()
        found = response.json()
    return sum(1 + len(c.get("replies") or []) for c in found["replies"])


def agora_sync(home: Path, page: str) -> int:
    """A fresh home: add the blog page's site and sync its thread; the comments stored."""
    if home.exists():
        shutil.rmtree(home)
    home.mkdir(parents=True)
    library = Library(Store(home / "agora.db"))
    try:
        site = library.add_site(page)
        report = library.sync(site.id, posts=0)
        assert report.errors == [], report.errors
        return int(library.store.scalar("SELECT count(*) FROM comments"))
    finally:
        library.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    program = isso_program()
    if program is None:
        raise SystemExit("Isso is not installed: run tests/isso/install.sh")
    blog = Blog()
    server = IssoServer(blog=blog.url, program=program).start()
    work = Path(tempfile.mkdtemp(prefix="agora-bench-isso-"))
    try:
        uri = "/bench/thread/"
        page = blog.page(uri, "Benchmark", server.url)
        began = time.perf_counter()
        seed(server, uri, args.comments)
        print(f"seeded {args.comments:,} comments in {time.perf_counter() - began:.1f} s")
        url = f"{server.url}/?uri={uri}&plain=0"
        assert floor(url) == args.comments
        agora_sync(work / "warm", page)  # untimed: Isso's caches and ours warm up alike
        ours: list[float] = []
        plain: list[float] = []
        for n in range(args.rounds):
            for which in ("agora", "floor") if n % 2 == 0 else ("floor", "agora"):
                began = time.perf_counter()
                if which == "agora":
                    assert agora_sync(work / f"run{n}", page) == args.comments
                    ours.append(time.perf_counter() - began)
                else:
                    assert floor(url) == args.comments
                    plain.append(time.perf_counter() - began)
        ratios = [a / f for a, f in zip(ours, plain, strict=True)]
        print(f"{'':34}{'median':>9}{'min':>9}")
        print(
            f"{'agora: add + sync (store incl.)':34}{statistics.median(ours):>8.2f}s"
            f"{min(ours):>8.2f}s"
        )
        print(
            f"{'floor: one plain GET + JSON':34}{statistics.median(plain):>8.2f}s"
            f"{min(plain):>8.2f}s"
        )
        print(
            f"ratio of medians {statistics.median(ours) / statistics.median(plain):.2f}x, "
            f"median of ratios {statistics.median(ratios):.2f}x "
            f"({args.comments:,} comments, {args.rounds} rounds)"
        )
    finally:
        server.stop()
        blog.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
