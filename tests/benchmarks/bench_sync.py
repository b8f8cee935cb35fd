"""Sync a post with 5,000 comments from a local WordPress: agora (concurrent pages, text
conversion and storing included) beside plain httpx fetching exactly the same URLs one after
another (fetching and decoding the JSON only), on loopback and through a proxy that adds a
network's round trip to each request. Figures only; nothing is asserted.

    python -m tests.benchmarks.bench_sync [--comments 5000] [--rounds 5] [--latency MS]

The URLs are the ones agora itself requested in a first, untimed sync (its debug log): the
comment pages, the post and its author's name. The rounds alternate which of the two goes
first, so a machine that gets busier or quieter during the run weighs on both alike; the
speed-up is given both as the ratio of the medians and as the median of each round's ratio.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import httpx
from tests.wordpress.server import WordPressServer
from tests.wpsites import FaultyProxy, point_site_at

from agora.service.library import Library
from agora.store import Store


class _Requests(logging.Handler):
    """The URLs of the GET requests agora's WordPress client logs."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.urls: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        args = record.args
        if isinstance(args, tuple) and len(args) == 4 and args[0] == "GET":
            self.urls.append(str(args[1]))


def sequential_httpx(urls: list[str]) -> int:
    """Each URL in turn, its JSON decoded; returns the number of comments."""
    count = 0
    with httpx.Client(timeout=30) as client:
        for url in urls:
            response = client.get(url)
            response.raise_for_status()
            items = response.json()
            if "/comments" in url:
                count += len(items)
    return count


class AgoraSync:
    """A home where the post's site is added (once); each run syncs a fresh copy of it."""

    def __init__(self, post_url: str, api_root: str | None) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="agora-bench-sync-"))
        library = Library(Store(self.folder / "template.db"))
        self.site_id = library.add_site(post_url).id
        if api_root:
            point_site_at(library, self.site_id, api_root)
        library.close()

    def run(self) -> tuple[int, float]:
        """(comments stored, seconds) for one sync of a fresh copy."""
        db = self.folder / "agora.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        shutil.copy(self.folder / "template.db", db)
        library = Library(Store(db))
        began = time.perf_counter()
        report = library.sync(self.site_id, posts=0, send=False)
        took = time.perf_counter() - began
        assert not report.errors, report.errors
        library.close()
        return report.sites[0].comments_new, took

    def requests(self) -> list[str]:
        """The GET URLs of one (untimed) sync."""
        handler = _Requests()
        logger = logging.getLogger("agora.wordpress")
        level = logger.level
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
        try:
            self.run()
        finally:
            logger.removeHandler(handler)
            logger.setLevel(level)
        return handler.urls

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def measure(wp: WordPressServer, post_id: int, rounds: int, latency: float) -> None:
    """Print both timings, directly or through a proxy adding ``latency`` s per request."""
    proxy = FaultyProxy(wp.port or 0) if latency else None
    if proxy:
        proxy.delay = latency
    ours = AgoraSync(wp.post_url(post_id), proxy.api_root if proxy else None)
    plain: list[float] = []
    synced: list[float] = []
    try:
        urls = ours.requests()
        for round_ in range(rounds):
            for which in ("plain", "agora") if round_ % 2 == 0 else ("agora", "plain"):
                if which == "plain":
                    began = time.perf_counter()
                    n_plain = sequential_httpx(urls)
                    plain.append(time.perf_counter() - began)
                else:
                    n_ours, took = ours.run()
                    synced.append(took)
            assert n_plain == n_ours, (n_plain, n_ours)
    finally:
        ours.close()
        if proxy:
            proxy.close()
    where = f"+{latency * 1000:.0f} ms per request" if latency else "loopback"
    pages = sum("/comments" in u for u in urls)
    print(
        f"{n_plain} comments ({pages} pages, {len(urls)} requests), {where}, {rounds} rounds "
        "(median, best):"
    )
    print(
        f"  plain httpx, sequential, fetch only : {statistics.median(plain):6.2f} s  "
        f"{min(plain):6.2f} s"
    )
    print(
        f"  agora sync (fetch + convert + store): {statistics.median(synced):6.2f} s  "
        f"{min(synced):6.2f} s"
    )
    speedup = statistics.median(plain) / statistics.median(synced)
    paired = statistics.median(p / s for p, s in zip(plain, synced, strict=True))
    print(f"  speed-up (median)                   : {speedup:6.2f}x  (per round: {paired:.2f}x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--comments", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--latency",
        type=float,
        default=20.0,
        metavar="MS",
        help="also measure through a proxy adding this much per request (0: skip)",
    )
    args = parser.parse_args()
    with WordPressServer() as wp:
        post_id = wp.create_post("Benchmark", "<p>Many comments.</p>")
        parents = [None if i % 4 == 0 else i - 1 for i in range(args.comments)]
        began = time.perf_counter()
        wp.bulk_comments(post_id, args.comments, parents=parents)
        print(
            f"WordPress up in {wp.startup_seconds:.2f} s; {args.comments} comments seeded in "
            f"{time.perf_counter() - began:.2f} s ({wp.workers} PHP workers, "
            f"{os.cpu_count()} CPUs)"
        )
        measure(wp, post_id, args.rounds, 0.0)
        if args.latency:
            measure(wp, post_id, args.rounds, args.latency / 1000)


if __name__ == "__main__":
    main()
