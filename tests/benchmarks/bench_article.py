"""How fast the article pane opens, answers keys and lets go, for articles of several sizes.

Run from the repository root::

    python tests/benchmarks/bench_article.py [--sizes 1000000,5000000,50000000] [--presses 20]

For each size (and for a 5 KB article, the floor) the parent generates a Markdown article
(headings, paragraphs, quotes, lists with links, code blocks; some CJK and emoji), imports it
into a fresh AGORA home, then measures in a child process of its own, so each size's memory is
its own. Figures are printed, never asserted. See README.md in this folder.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.benchmarks.bench_thread import _mem_mb, _ms, _summary  # noqa: E402

SIZE = (120, 40)
FLOOR_SIZE = 5_000
KEYS = ("j", "pagedown", "G", "g")
_WORDS = [
    "lorem",
    "ipsum",
    "dolor",
    "sit",
    "amet",
    "consectetur",
    "adipiscing",
    "elit",
    "sed",
    "do",
    "eiusmod",
    "tempor",
    "incididunt",
    "ut",
    "labore",
    "et",
    "dolore",
    "magna",
    "aliqua",
    "日本語",
    "café",
    "naïve",
    "👍",
]


def article_text(size: int, seed: int = 1) -> str:
    """A Markdown article of about ``size`` characters."""
    rng = random.Random(seed)
    out: list[str] = []
    n = i = 0
    while n < size:
        i += 1
        kind = i % 10
        if kind == 0:
            block = f"## Section {i}"
        elif kind == 3:
            block = "> " + " ".join(rng.choice(_WORDS) for _ in range(30))
        elif kind == 5:
            block = "\n".join(
                f"- item {j}: [link {i}-{j}](https://example.org/{i}/{j})" for j in range(3)
            )
        elif kind == 7:
            block = "```\n" + "\n".join(f"line {j} = {j * i}" for j in range(5)) + "\n```"
        else:
            words = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(20, 120)))
            block = f"{words} **bold {i}** and *emphasis*."
        out.append(block)
        n += len(block) + 2
    return "\n\n".join(out)


# -- the child --------------------------------------------------------------------------------


class Probe:
    """The end of the first frame after :meth:`arm` in which ``ready()`` held and the article
    pane drew lines (or, with ``pane=False``, any frame)."""

    def __init__(self) -> None:
        import asyncio

        self.frame = asyncio.Event()
        self.frame_at = 0.0
        self.rendered = False
        self.armed = False
        self.pane = True
        self.ready: Any = lambda: True

    def arm(self, pane: bool = True, ready: Any = lambda: True) -> None:
        self.rendered, self.armed, self.pane, self.ready = False, True, pane, ready
        self.frame.clear()

    def install(self, app: Any) -> None:
        from agora.ui.widgets.article_pane import ArticlePane

        probe = self
        render_line = ArticlePane.render_line

        def render_line_probe(pane: ArticlePane, y: int) -> Any:
            if probe.armed:
                probe.rendered = True
            return render_line(pane, y)

        ArticlePane.render_line = render_line_probe  # type: ignore[method-assign]
        display = app._display

        def display_probe(screen: Any, renderable: Any) -> None:
            display(screen, renderable)
            if probe.armed and (probe.rendered or not probe.pane) and probe.ready():
                probe.frame_at = time.perf_counter()
                probe.armed = False
                probe.frame.set()

        app._display = display_probe


async def _child(home: str, article_id: int, presses: int) -> dict[str, Any]:
    import asyncio

    from textual import events

    from agora.service.library import Library
    from agora.ui.app import AgoraApp
    from agora.ui.screens.articles import ArticlesScreen
    from agora.ui.widgets.article_pane import ArticlePane

    library = Library.open(home)
    app = AgoraApp(library)
    probe = Probe()
    probe.install(app)
    out: dict[str, Any] = {}
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one("ArticleTable")
        while not table.row_count:  # type: ignore[attr-defined]
            await pilot.pause(0.01)
        await pilot.pause()
        out["rss_base_mb"] = _mem_mb()[0]
        driver = app._driver
        assert driver is not None

        async def settle() -> None:
            quiet = 0
            while quiet < 3:
                await pilot._wait_for_screen()
                await asyncio.sleep(0.001)
                screen = app.screen
                busy = screen._dirty_widgets or screen._layout_required
                quiet = 0 if busy else quiet + 1

        async def frame_after(
            key: str, pane: bool = True, ready: Any = lambda: True, limit: float = 60
        ) -> float:
            """Key -> the end of the frame showing its effect (painted as soon as dirty)."""
            probe.arm(pane, ready)
            start = time.perf_counter()
            driver.send_message(events.Key(key, key if len(key) == 1 else None))
            while not probe.frame.is_set():
                await asyncio.sleep(0)
                screen = app.screen
                if screen._dirty_widgets or screen._layout_required or screen._repaint_required:
                    screen._on_timer_update()
                if time.perf_counter() - start > limit:
                    probe.armed = False
                    return float("nan")
            return probe.frame_at - start

        async def open_article() -> tuple[float, ArticlePane]:
            probe.arm()
            start = time.perf_counter()
            app.open_article(article_id)
            await asyncio.wait_for(probe.frame.wait(), 120)
            painted = probe.frame_at - start
            return painted, app.screen.query_one(ArticlePane)

        paints, leaves, scans = [], [], []
        for _ in range(3):  # open, then leave at once (the article is still being scanned)
            await settle()
            painted, pane = await open_article()
            paints.append(_ms(painted))
            out["rss_open_mb"] = max(out.get("rss_open_mb", 0.0), _mem_mb()[0])
            opened = time.perf_counter()
            leaves.append(
                _ms(await frame_after("q", False, lambda: isinstance(app.screen, ArticlesScreen)))
            )
            del pane
            await settle()
            painted, pane = await open_article()
            pane.focus()
            while not pane.scanned:
                await pilot.pause(0.01)
            scans.append(_ms(time.perf_counter() - opened))
            await settle()
            app.pop_screen()
            del pane
        out["ttfp"] = _summary(paints)
        out["q"] = _summary(leaves)
        out["scan"] = _summary(scans)

        await settle()
        _, pane = await open_article()
        pane.focus()
        while not pane.scanned:
            await pilot.pause(0.01)
        results: dict[str, list[float]] = {k: [] for k in KEYS}
        for key in ("j", "pagedown"):
            await settle()
            pane.action_scroll_home()
            while len(results[key]) < presses:
                await settle()
                at = (pane.viewport.top, pane.viewport.top_line)
                took = await frame_after(key, limit=1)
                if (pane.viewport.top, pane.viewport.top_line) == at:  # at the end: again
                    pane.action_scroll_home()
                else:
                    results[key].append(_ms(took))
        for _ in range(presses):
            for key in ("G", "g"):
                await settle()
                results[key].append(_ms(await frame_after(key)))
        out["keys"] = {k: _summary(v) for k, v in results.items()}
        await settle()
        out["q_scanned"] = _ms(
            await frame_after("q", False, lambda: isinstance(app.screen, ArticlesScreen))
        )
    library.close()
    out["rss_peak_mb"] = _mem_mb()[1]
    return out


def child_main(args: list[str]) -> None:
    import asyncio

    home, article_id, presses, result = args
    figures = asyncio.run(_child(home, int(article_id), int(presses)))
    Path(result).write_text(json.dumps(figures), encoding="utf-8")


# -- the parent -------------------------------------------------------------------------------


def run_size(size: int, presses: int) -> dict[str, Any]:
    """Generate and import an article of ``size`` characters, then measure it in a child."""
    from agora.core.model import BodyFormat, ImportBatch, ImportedArticle, SourceKind
    from agora.store import Store

    home = Path(tempfile.mkdtemp(prefix=f"agora-article-{size}-"))
    try:
        body = article_text(size)
        article = ImportedArticle(
            "a", f"An article of {size:,} characters", body, body_format=BodyFormat.MARKDOWN
        )
        store = Store(home / "agora.db")
        try:
            batch = ImportBatch(SourceKind.FILE, f"/bench/{size}.md", f"{size}.md", [article])
            article_id = store.imports.add(batch).article_ids[0]
        finally:
            store.close()
        figures: dict[str, Any] = {"bytes": len(body.encode("utf-8")), "chars": len(body)}
        del body, article, batch
        result = home / "result.json"
        cmd = [
            sys.executable,
            __file__,
            "--child",
            str(home),
            str(article_id),
            str(presses),
            str(result),
        ]
        env = {**os.environ, "AGORA_HOME": str(home)}
        subprocess.run(cmd, check=True, env=env, cwd=ROOT)
        figures.update(json.loads(result.read_text(encoding="utf-8")))
        return figures
    finally:
        shutil.rmtree(home, ignore_errors=True)


def print_report(runs: dict[int, dict[str, Any]]) -> None:
    sizes = list(runs)

    def row(label: str, key: Any) -> None:
        print(f"{label:<34}" + "".join(f"{key(runs[s]):>16}" for s in sizes))

    row("article (characters)", lambda r: f"{r['chars']:,}")
    row("  UTF-8 bytes", lambda r: f"{r['bytes']:,}")
    row("open -> first paint p50 (ms)", lambda r: f"{r['ttfp']['p50']:.1f}")
    row("open -> scanned to the end (ms)", lambda r: f"{r['scan']['p50']:.0f}")
    row("q at once -> list shown p50 (ms)", lambda r: f"{r['q']['p50']:.1f}")
    row("q when scanned -> list shown (ms)", lambda r: f"{r['q_scanned']:.1f}")
    for key in KEYS:
        row(
            f"{key} key -> frame p50 / p95 (ms)",
            lambda r, k=key: "{p50:.1f} / {p95:.1f}".format(**r["keys"][k]),
        )
    row("RSS before opening (MB)", lambda r: f"{r['rss_base_mb']:.0f}")
    row("peak RSS (MB)", lambda r: f"{r['rss_peak_mb']:.0f}")
    row("peak - before, / article bytes", lambda r: f"{peak_ratio(r):.2f}x")


def peak_ratio(run: dict[str, Any]) -> float:
    """How many times the article's size the app's memory grew by at its peak."""
    return (run["rss_peak_mb"] - run["rss_base_mb"]) * 1024 * 1024 / run["bytes"]


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        child_main(argv[1:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000000,5000000,50000000")
    parser.add_argument("--presses", type=int, default=20)
    parser.add_argument("--json", metavar="FILE")
    args = parser.parse_args(argv)
    sizes = [FLOOR_SIZE, *(int(float(s)) for s in args.sizes.split(",") if s.strip())]
    runs = {}
    for size in sizes:
        print(f"article of {size:,} characters...", file=sys.stderr, flush=True)
        runs[size] = run_size(size, args.presses)
    print_report(runs)
    if args.json:
        Path(args.json).write_text(json.dumps(runs, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
