"""Sync a post with 5,000 comments from a local WordPress: agora (concurrent pages, text
conversion and storing included) beside fetching the same pages one after another with plain
httpx (fetching only), on loopback and through a proxy that adds a network's round trip to
each request. Figures only; nothing is asserted.

    python -m tests.benchmarks.bench_sync [--comments 5000] [--rounds 3] [--latency MS]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

import httpx
from tests.wordpress.server import WordPressServer
from tests.wpsites import FaultyProxy, point_site_at

from agora.service import Library
from agora.store import Store

FIELDS = "id,post,parent,author,author_name,author_url,date_gmt,content,link,status,type"


def sequential_httpx(base_url: str, post_id: int) -> int:
    """Every page of the post's comments, one request after another; returns the count."""
    count = 0
    with httpx.Client(timeout=30) as client:
        page = 1
        while True:
            response = client.get(
                base_url + "/wp-json/wp/v2/comments",
                params={
                    "post": post_id,
                    "per_page": 100,
                    "page": page,
                    "orderby": "date_gmt",
                    "order": "asc",
                    "_fields": FIELDS,
                },
            )
            response.raise_for_status()
            items = response.json()
            count += len(items)
            if page >= int(response.headers.get("x-wp-totalpages", "1")):
                return count
            page += 1


def agora_sync(post_url: str, api_root: str | None = None) -> tuple[int, float, float]:
    """A fresh library adds the post's site and syncs it (through ``api_root`` when given):
    (comments, add s, sync s)."""
    with tempfile.TemporaryDirectory() as home:
        library = Library(Store(Path(home) / "agora.db"))
        began = time.perf_counter()
        site = library.add_site(post_url)
        added = time.perf_counter()
        if api_root:
            point_site_at(library, site.id, api_root)
        report = library.sync(site.id, posts=0, send=False)
        done = time.perf_counter()
        assert not report.errors, report.errors
        count = report.sites[0].comments_new
        library.close()
    return count, added - began, done - added


def measure(wp: WordPressServer, post_id: int, rounds: int, latency: float) -> None:
    """Print both timings, directly or through a proxy adding ``latency`` s per request."""
    proxy = FaultyProxy(wp.port or 0) if latency else None
    base = f"http://127.0.0.1:{proxy.port}" if proxy else wp.base_url
    if proxy:
        proxy.delay = latency
    plain: list[float] = []
    ours: list[float] = []
    try:
        for _ in range(rounds):
            began = time.perf_counter()
            n_plain = sequential_httpx(base, post_id)
            plain.append(time.perf_counter() - began)
            n_ours, _, sync_s = agora_sync(wp.post_url(post_id), proxy.api_root if proxy else None)
            ours.append(sync_s)
            assert n_plain == n_ours, (n_plain, n_ours)
    finally:
        if proxy:
            proxy.close()
    where = f"+{latency * 1000:.0f} ms per request" if latency else "loopback"
    print(
        f"{n_plain} comments ({-(-n_plain // 100)} pages), {where}, {rounds} rounds (median, best):"
    )
    print(
        f"  plain httpx, sequential, fetch only : {statistics.median(plain):6.2f} s  "
        f"{min(plain):6.2f} s"
    )
    print(
        f"  agora sync (fetch + convert + store): {statistics.median(ours):6.2f} s  "
        f"{min(ours):6.2f} s"
    )
    speedup = statistics.median(plain) / statistics.median(ours)
    print(f"  speed-up (median)                   : {speedup:6.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--comments", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=3)
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
