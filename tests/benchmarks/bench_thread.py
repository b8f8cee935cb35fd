"""How fast the comments pane opens and answers keys, for discussions of several sizes.

Run from the repository root::

    python tests/benchmarks/bench_thread.py [--sizes 1000,10000,100000] [--presses 50]

For each size the parent process generates a synthetic discussion (see ``synthetic.py``),
imports it into a fresh temporary AGORA home, then runs the app measurements in a child process
of its own, so each size's peak RSS is its own and does not include the generator. Figures are
printed, never asserted. See README.md in this folder for what each figure means.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.benchmarks import synthetic  # noqa: E402

from agora.store import Store  # noqa: E402

SIZE = (120, 40)
KEYS = ("j", "k", "G", "g", "h", "l")
ACTIONS = {
    "j": "action_cursor_down",
    "k": "action_cursor_up",
    "G": "action_last",
    "g": "action_first",
    "h": "action_collapse",
    "l": "action_expand",
}


def _rss_mb() -> float:
    """Peak resident set size of this process so far (getrusage), in MB.

    On Linux a child starts with its parent's ``ru_maxrss``, so the child uses :func:`_mem_mb`.
    """
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _mem_mb() -> tuple[float, float]:
    """(current, peak) resident set size in MB: VmRSS/VmHWM where /proc has them."""
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:
        return float("nan"), _rss_mb()
    kb = {
        k: int(v.split()[0])
        for k, v in (line.split(":", 1) for line in status.splitlines())
        if k in ("VmRSS", "VmHWM")
    }
    return kb["VmRSS"] / 1024, kb["VmHWM"] / 1024


def _ms(seconds: float) -> float:
    return seconds * 1000


def _p(values: list[float], q: float) -> float:
    """The q-quantile (nearest rank) of ``values``."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def _summary(values: list[float]) -> dict[str, float]:
    return {"p50": statistics.median(values), "p95": _p(values, 0.95), "n": len(values)}


# -- the child: the app measurements for one prepared home --------------------------------


class Probe:
    """Timestamps from inside the app.

    ``CommentView.render_line`` is wrapped so we know the pane drew lines of a non-empty
    thread; ``app._display`` (called once per frame, after the compositor has asked every dirty
    widget for its lines) is wrapped so we know when that frame was complete. A frame counts
    only if the comments pane rendered thread lines in it after :meth:`arm`.
    """

    def __init__(self) -> None:
        import asyncio

        self.frame = asyncio.Event()
        self.frame_at = 0.0
        self.rendered = False
        self.armed = False
        self.set_thread_start = self.set_thread_end = 0.0
        self.open_thread = 0.0

    def arm(self) -> None:
        self.rendered = False
        self.frame.clear()
        self.armed = True

    def install(self) -> None:
        from agora.service.library import Library
        from agora.ui.widgets.comment_view import CommentView

        probe = self
        render_line = CommentView.render_line
        set_thread = CommentView.set_thread
        open_thread = Library.open_thread

        def render_line_probe(view: CommentView, y: int) -> Any:
            if probe.armed and len(view.thread):
                probe.rendered = True
            return render_line(view, y)

        def set_thread_probe(view: CommentView, *args: Any, **kwargs: Any) -> None:
            probe.set_thread_start = time.perf_counter()
            set_thread(view, *args, **kwargs)
            probe.set_thread_end = time.perf_counter()

        def open_thread_probe(library: Library, article_id: int) -> Any:
            start = time.perf_counter()
            try:
                return open_thread(library, article_id)
            finally:
                probe.open_thread = time.perf_counter() - start

        CommentView.render_line = render_line_probe  # type: ignore[method-assign]
        CommentView.set_thread = set_thread_probe  # type: ignore[method-assign]
        Library.open_thread = open_thread_probe  # type: ignore[method-assign]

    def hook_app(self, app: Any) -> None:
        display = app._display
        probe = self

        def display_probe(screen: Any, renderable: Any) -> None:
            display(screen, renderable)
            if probe.armed and probe.rendered:
                probe.frame_at = time.perf_counter()
                probe.armed = False
                probe.frame.set()

        app._display = display_probe

    async def wait(self, timeout: float = 120.0) -> float:
        import asyncio

        await asyncio.wait_for(self.frame.wait(), timeout)
        return self.frame_at


def _median_time(fn: Any, repeat: int = 3) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def _opening_pieces(library: Any, article_id: int, out: dict[str, Any]) -> None:
    """Time the steps of opening a thread one by one, outside the app."""
    from agora.core.thread import Thread, VisibleRows

    t, pairs = _median_time(lambda: library.store.comments.thread_pairs(article_id))
    out["thread_pairs_ms"] = _ms(t)
    t, thread = _median_time(lambda: Thread(pairs))
    out["thread_build_ms"] = _ms(t)
    t, _ = _median_time(lambda: VisibleRows(thread))
    out["visible_rows_ms"] = _ms(t)


async def _child(home: str, article_id: int, big_id: int, presses: int) -> dict[str, Any]:
    import asyncio

    from textual import events

    from agora.service.library import Library
    from agora.ui.app import AgoraApp
    from agora.ui.widgets.comment_view import CommentView

    out: dict[str, Any] = {"rss_base_mb": _mem_mb()[0]}
    library = Library.open(home)

    # The pieces of opening a thread, outside the app.
    _opening_pieces(library, article_id, out)

    probe = Probe()
    probe.install()

    # Cold: from creating the app (opening straight into the article) to the first frame
    # in which the comments pane drew the thread.
    app = AgoraApp(library, open_article=article_id)
    probe.hook_app(app)
    probe.arm()
    start = time.perf_counter()
    async with app.run_test(size=SIZE):
        out["ttfp_cold_ms"] = _ms(await probe.wait() - start)

    # Warm: the app is up on the article list; open the article from there.
    app = AgoraApp(library)
    probe.hook_app(app)
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one("ArticleTable")
        while not table.row_count:  # type: ignore[attr-defined]
            await pilot.pause(0.01)
        await pilot.pause()
        probe.arm()
        start = time.perf_counter()
        app.open_article(article_id)
        painted = await probe.wait()
        out["ttfp_warm_ms"] = _ms(painted - start)
        out["ttfp_open_thread_ms"] = _ms(probe.open_thread)
        out["ttfp_until_set_thread_ms"] = _ms(probe.set_thread_start - start)
        out["ttfp_set_thread_ms"] = _ms(probe.set_thread_end - probe.set_thread_start)
        out["ttfp_after_set_thread_ms"] = _ms(painted - probe.set_thread_end)

        out["rss_open_mb"] = _mem_mb()[0]

        view = app.screen.query_one(CommentView)
        view.focus()
        await pilot.pause()
        out["view_size"] = [view.content_size.width, view.content_size.height]
        big_pos = view.thread.position(big_id)
        out["big_descendants"] = view.thread.descendants(big_pos)
        out["comments"] = len(view.thread)
        driver = app._driver
        assert driver is not None

        async def settle() -> None:
            """Wait until every message is handled and no frame is pending, so that nothing
            left over from the previous press lands in the next measurement."""
            quiet = 0
            while quiet < 3:
                await pilot._wait_for_screen()
                await asyncio.sleep(0.001)
                screen = app.screen
                busy = (
                    screen._dirty_widgets
                    or screen._layout_required
                    or screen._repaint_required
                    or screen._update_timer._active.is_set()
                )
                quiet = 0 if busy else quiet + 1

        async def place(key: str) -> None:
            """Put the selection where a run of ``key`` makes sense."""
            view.rows.expand(big_pos)
            if key in "hl":
                view._go(big_pos)
            elif key == "j":
                view.action_first()
            elif key == "k":
                view._select_row(presses + 1)
            await settle()

        async def key_to_frame(key: str) -> float:
            """Send the key as the terminal driver would; paint as soon as the screen is dirty
            instead of at the next 60 fps tick."""
            await settle()
            probe.arm()
            start = time.perf_counter()
            driver.send_message(events.Key(key, key))
            while not probe.frame.is_set():
                await asyncio.sleep(0)
                screen = app.screen
                if screen._dirty_widgets or screen._layout_required or screen._repaint_required:
                    screen._on_timer_update()
            return probe.frame_at - start

        async def key_to_paced_frame(key: str) -> float:
            """The same, leaving the painting to Textual's own (60 fps) update timer."""
            await settle()
            probe.arm()
            start = time.perf_counter()
            driver.send_message(events.Key(key, key))
            return await probe.wait(10) - start

        async def pilot_press(key: str) -> float:
            await settle()
            start = time.perf_counter()
            await pilot.press(key)
            app.screen._on_timer_update()  # paint now, as pilot.pause() does
            return time.perf_counter() - start

        async def compute(key: str) -> float:
            await settle()
            height = view.content_size.height
            start = time.perf_counter()
            getattr(view, ACTIONS[key])()
            view._layout()
            for y in range(height):
                view.render_line(y)
            return time.perf_counter() - start

        results: dict[str, dict[str, list[float]]] = {k: {} for k in KEYS}
        modes = (
            ("frame", key_to_frame),
            ("paced", key_to_paced_frame),
            ("compute", compute),
            ("pilot", pilot_press),
        )
        for name, measure in modes:
            # G/g and h/l alternate, so that every press really does something.
            for first, keys in (("j", "j"), ("k", "k"), ("G", "Gg"), ("h", "hl")):
                await place(first)
                for key in keys * presses:
                    results[key].setdefault(name, []).append(_ms(await measure(key)))
            probe.armed = False
        out["rss_after_keys_mb"] = _mem_mb()[0]
        out["keys"] = {
            key: {name: _summary(values) for name, values in by.items()}
            for key, by in results.items()
        }
    library.close()
    out["rss_peak_mb"] = _mem_mb()[1]
    return out


def child_main(args: list[str]) -> None:
    import asyncio

    home, article_id, big_id, presses, result = args
    figures = asyncio.run(_child(home, int(article_id), int(big_id), int(presses)))
    Path(result).write_text(json.dumps(figures), encoding="utf-8")


# -- the parent: data, child runs, the table --------------------------------------------


def prepare(size: int, seed: int, home: Path) -> dict[str, Any]:
    """Generate a discussion of ``size`` comments and import it into ``home``."""
    start = time.perf_counter()
    made = synthetic.batch_with_big_thread(
        size, descendants=synthetic.default_descendants(size), seed=seed
    )
    generated = time.perf_counter() - start
    shape = synthetic.shape(made.batch)
    store = Store(home / "agora.db")
    try:
        loaded = synthetic.load(store, made.batch)
        assert made.big_root is not None
        big_id = synthetic.comment_id(store, loaded.article_id, made.big_root)
    finally:
        store.close()
    return {
        "generate_s": generated,
        "import_s": loaded.seconds,
        "article_id": loaded.article_id,
        "big_id": big_id,
        "shape": shape,
        "db_mb": sum(f.stat().st_size for f in home.iterdir()) / 1e6,
    }


def run_size(size: int, seed: int, presses: int) -> dict[str, Any]:
    home = Path(tempfile.mkdtemp(prefix=f"agora-bench-{size}-"))
    try:
        figures = prepare(size, seed, home)
        result = home / "result.json"
        env = {**os.environ, "AGORA_HOME": str(home)}
        cmd = [
            sys.executable,
            __file__,
            "--child",
            str(home),
            str(figures["article_id"]),
            str(figures["big_id"]),
            str(presses),
            str(result),
        ]
        start = time.perf_counter()
        subprocess.run(cmd, check=True, env=env, cwd=ROOT)
        figures["child_s"] = time.perf_counter() - start
        figures.update(json.loads(result.read_text(encoding="utf-8")))
        return figures
    finally:
        shutil.rmtree(home, ignore_errors=True)


def print_report(runs: dict[int, dict[str, Any]], presses: int) -> None:
    import textual

    sizes = list(runs)
    width = 16

    def row(label: str, cells: list[str]) -> None:
        print(f"{label:<38}" + "".join(f"{c:>{width}}" for c in cells))

    def fig(label: str, key: str, fmt: str = "{:,.1f}") -> None:
        row(label, [fmt.format(runs[s][key]) for s in sizes])

    print()
    print(
        f"agora thread benchmark · {SIZE[0]}x{SIZE[1]} terminal · "
        f"{presses} presses per key · Python {platform.python_version()} · "
        f"Textual {textual.__version__}"
    )
    print()
    row("comments", [f"{s:,}" for s in sizes])
    row(
        "  top level / max depth",
        [f"{runs[s]['shape']['top_level']:,} / {runs[s]['shape']['max_depth']}" for s in sizes],
    )
    fig("  big thread: descendants", "big_descendants", "{:,}")
    row("  comments pane (cols x lines)", ["{} x {}".format(*runs[s]["view_size"]) for s in sizes])
    print("data")
    fig("  generate batch (s)", "generate_s", "{:.2f}")
    fig("  Store.import_batch (s)", "import_s", "{:.2f}")
    fig("  database + WAL on disk (MB)", "db_mb")
    print("opening a thread, outside the app (ms)")
    fig("  store.thread_pairs", "thread_pairs_ms")
    fig("  Thread(pairs)", "thread_build_ms")
    fig("  VisibleRows(thread)", "visible_rows_ms")
    print("time to first paint of the comments (ms)")
    fig("  cold: app start -> painted", "ttfp_cold_ms")
    fig("  warm: open_article -> painted", "ttfp_warm_ms")
    fig("    open -> set_thread", "ttfp_until_set_thread_ms")
    fig("      of which Library.open_thread", "ttfp_open_thread_ms")
    fig("    set_thread", "ttfp_set_thread_ms")
    fig("    set_thread -> painted", "ttfp_after_set_thread_ms")
    print("per key, p50 / p95 (ms)")
    labels = {
        "frame": "key -> frame",
        "paced": "key -> frame, 60 fps",
        "compute": "compute",
        "pilot": "pilot.press",
    }
    for key in KEYS:
        for name, label in labels.items():
            cells = []
            for s in sizes:
                f = runs[s]["keys"][key][name]
                cells.append(f"{f['p50']:.2f} / {f['p95']:.2f}")
            row(f"  {key:<2} {label}", cells)
    print("memory (MB)")
    fig("  child RSS after imports", "rss_base_mb")
    fig("  child RSS with the thread open", "rss_open_mb")
    fig(f"  child RSS after {len(KEYS) * presses * 4:,} key presses", "rss_after_keys_mb")
    fig("  child peak RSS", "rss_peak_mb")
    print(f"\nparent process peak RSS (getrusage), incl. generating the data: {_rss_mb():,.0f} MB")


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        child_main(argv[1:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        default="1000,10000,100000",
        help="comma-separated discussion sizes (default: 1000,10000,100000)",
    )
    parser.add_argument("--presses", type=int, default=50, help="presses per key (default: 50)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", metavar="FILE", help="also write every figure to FILE")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    runs: dict[int, dict[str, Any]] = {}
    for size in sizes:
        print(f"size {size:,}: generating, importing, measuring...", file=sys.stderr, flush=True)
        runs[size] = run_size(size, args.seed, args.presses)
    print_report(runs, args.presses)
    if args.json:
        Path(args.json).write_text(json.dumps(runs, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
