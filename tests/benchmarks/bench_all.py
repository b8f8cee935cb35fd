"""Every agora benchmark in one run, each figure beside a floor measured in the same run.

Run from the repository root::

    python tests/benchmarks/bench_all.py [--quick] [--only cold,thread,article,search,wxr,inbox]
        [--json FILE]

It prints one table: figure, value, floor, ratio (value / floor), target and PASS or MISS. A
floor is the same kind of work done by the simplest thing that could do it (a bare Textual app,
a tiny thread, the raw FTS5 query, lxml plus a bare insert), measured in the same run and
interleaved with the figure where that is cheap, so that the ratio holds on a noisy machine.
``--quick`` runs smaller sizes as a smoke check (its 100k targets show as not run). Figures are
printed, never asserted. See README.md in this folder for what each figure and floor means.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import platform
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.benchmarks import bench_article, bench_thread, synthetic  # noqa: E402

from agora.core.model import ImportBatch, ImportedArticle, ImportedComment  # noqa: E402
from agora.store import Store  # noqa: E402

CACHE = Path(os.environ.get("AGORA_BENCH_CACHE", "~/.cache/agora-bench")).expanduser()


# -- the table --------------------------------------------------------------------------------


@dataclass
class Row:
    """One line of the table.

    ``value`` and ``floor`` are in ``unit``. ``ratio`` is how many times the floor's cost the
    figure costs (for a rate, floor rate / value rate). ``ok`` is None when the row has no
    target (or its target is for a size this run did not measure).
    """

    figure: str
    value: float
    unit: str
    floor: float | None = None
    target: str = ""
    ok: bool | None = None
    note: str = ""
    ratio: float | None = field(default=None)

    def __post_init__(self) -> None:
        if self.ratio is None and self.floor:
            rate = self.unit.endswith("/s")
            self.ratio = self.floor / self.value if rate else self.value / self.floor


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "/s":
        return f"{value:,.0f}/s"
    if unit == "ms":
        if value < 1:
            return f"{value:.3f} ms"
        return f"{value:,.1f} ms" if value < 1000 else f"{value:,.0f} ms"
    if unit == "MB":
        return f"{value:,.0f} MB"
    return f"{value:,.2f} {unit}".rstrip()


def print_table(rows: list[Row], title: str) -> None:
    heads = ("figure", "value", "floor", "ratio", "target", "", "note")
    cells = [
        (
            r.figure,
            _fmt(r.value, r.unit),
            _fmt(r.floor, r.unit),
            "—" if r.ratio is None else f"{r.ratio:.2f}x",
            r.target or "—",
            {True: "PASS", False: "MISS", None: ""}[r.ok],
            r.note,
        )
        for r in rows
    ]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(heads)]
    widths[-1] = 0
    align = "<>>><<<"

    def line(values: tuple[str, ...]) -> str:
        return "  ".join(f"{v:{a}{w}}" for v, a, w in zip(values, align, widths, strict=True))

    print()
    print(title)
    print()
    print(line(heads).rstrip())
    print(line((*("-" * w for w in widths[:-1]), "")).rstrip())
    for c in cells:
        print(line(c).rstrip())
    passed = sum(r.ok is True for r in rows)
    missed = [r.figure for r in rows if r.ok is False]
    print()
    print(f"{passed} PASS, {len(missed)} MISS" + (": " + "; ".join(missed) if missed else ""))


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -- cold start -------------------------------------------------------------------------------

#: The floor: a Textual app with one label, which exits once its first frame is drawn.
MINIMAL_APP = """
import sys
from textual.app import App
from textual.widgets import Label

class Minimal(App[None]):
    def compose(self):
        yield Label("hello")

    def _display(self, screen, renderable):
        super()._display(screen, renderable)
        if renderable is not None:
            self.exit()

Minimal().run(headless=True)
"""

#: The floor again, started the way ``agora.cli.startup`` starts agora: the collector paused during
#: the imports, then the heap frozen. Not a target: it shows how much of agora's margin over the
#: floor is that pause, and what agora's own code costs beside a Textual app given the same start.
MINIMAL_APP_PAUSED = "import gc\ngc.disable()\n" + MINIMAL_APP.replace(
    "class Minimal", "gc.freeze()\ngc.enable()\n\nclass Minimal"
)

#: agora as the ``agora`` command runs it (``cli.startup.main``: the paused collector, arguments,
#: store, migrations, the welcome article on an empty store, config, the real AgoraApp), headless,
#: exiting once a frame of the article list is drawn ("frame"), or once one with the articles in
#: it is ("list"). AgoraApp is patched as its module is imported, so that nothing is imported
#: before the entry point runs, as with the console script.
AGORA_APP = """
import sys
from importlib.util import find_spec

wait_for_rows = sys.argv.pop(1) == "list"


def first_frame(module):
    class FirstFrame(module.AgoraApp):
        bench_done = False

        def run(self, *args, **kwargs):
            kwargs["headless"] = True
            return super().run(*args, **kwargs)

        def _display(self, screen, renderable):
            super()._display(screen, renderable)
            if renderable is None or self.bench_done:
                return
            if type(screen).__name__ != "ArticlesScreen":
                return
            if wait_for_rows and not screen.query_one("ArticleTable").row_count:
                return
            self.bench_done = True
            self.exit()

    module.AgoraApp = FirstFrame


class PatchApp:
    def find_spec(self, name, path=None, target=None):
        if name != "agora.ui.app":
            return None
        sys.meta_path.remove(self)
        spec = find_spec(name)
        load = spec.loader.exec_module

        def exec_module(module):
            load(module)
            first_frame(module)

        spec.loader.exec_module = exec_module
        return spec


sys.meta_path.insert(0, PatchApp())
import agora.cli.startup

sys.exit(agora.cli.startup.main())
"""


def _articles_batch(count: int, seed: int = 1) -> ImportBatch:
    """``count`` articles with 0-40 comments each (a few long discussions)."""
    rng = random.Random(seed)
    articles = []
    for a in range(count):
        n = rng.choice((0, 0, 2, 5, 8, 12, 20, 40))
        comments = [
            ImportedComment(
                origin_id=f"a{a}c{i}",
                parent_origin=f"a{a}c{rng.randrange(i)}" if i and rng.random() < 0.6 else None,
                author_name=f"{rng.choice(synthetic.FIRST)} {rng.choice(synthetic.LAST)}",
                body=synthetic._body(rng),
                created=synthetic.BASE_TIME + timedelta(days=a, minutes=i),
            )
            for i in range(n)
        ]
        articles.append(
            ImportedArticle(
                origin_id=f"article-{a}",
                title=" ".join(rng.choices(synthetic.WORDS, k=rng.randint(3, 10))).capitalize(),
                body="\n\n".join(synthetic._body(rng).replace("\n", " ") for _ in range(6)),
                author="Site Author",
                published=synthetic.BASE_TIME + timedelta(days=a),
                url=f"https://example.org/{a}",
                comments=comments,
            )
        )
    return ImportBatch("file", "/bench/articles.xml", "Bench blog", articles)


def _child_env(home: Path) -> dict[str, str]:
    """The environment of a cold-start child: its own home, and compiled bytecode kept (in
    the cache, not the source tree) as an installed agora has it, even where the calling
    environment says PYTHONDONTWRITEBYTECODE; the unmeasured first round writes it."""
    env = {**os.environ, "AGORA_HOME": str(home), "PYTHONPYCACHEPREFIX": str(CACHE / "pycache")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _run_child(code: str, args: list[str], home: Path) -> float:
    env = _child_env(home)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", code, *args],
        check=True,
        env=env,
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def cold_start(runs: int, articles: int) -> list[Row]:
    """Median wall time of whole processes, the kinds interleaved run after run."""
    work = Path(tempfile.mkdtemp(prefix="agora-bench-cold-"))
    try:
        full = work / "full"
        store = Store(full / "agora.db")
        store.imports.add(_articles_batch(articles))
        store.close()
        times: dict[str, list[float]] = {
            "min": [],
            "min-paused": [],
            "empty": [],
            "full": [],
            "full-list": [],
        }
        # One unmeasured round first, so that every kind starts from a warm page cache.
        for i in range(runs + 1):
            empty = work / f"empty-{i}"  # a fresh home every run: the very first start
            got = {
                "min": _run_child(MINIMAL_APP, [], work),
                "min-paused": _run_child(MINIMAL_APP_PAUSED, [], work),
                "empty": _run_child(AGORA_APP, ["frame"], empty),
                "full": _run_child(AGORA_APP, ["frame"], full),
                "full-list": _run_child(AGORA_APP, ["list"], full),
            }
            shutil.rmtree(empty, ignore_errors=True)
            if i:
                for kind, seconds in got.items():
                    times[kind].append(seconds * 1000)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    med = {k: statistics.median(v) for k, v in times.items()}
    spread = {k: f"min {min(v):,.0f}, max {max(v):,.0f}" for k, v in times.items()}
    floor = med["min"]
    rows = []
    for kind, label in (
        ("empty", "cold start, empty store (first run): first frame"),
        ("full", f"cold start, {articles:,} articles: first frame"),
        ("full-list", f"cold start, {articles:,} articles: list shown"),
    ):
        ratio = med[kind] / floor
        rows.append(
            Row(
                label,
                med[kind],
                "ms",
                floor,
                "<= 1.3x",
                ratio <= 1.3,
                f"median of {runs}; {spread[kind]}; floor {spread['min']}; "
                f"{med[kind] / med['min-paused']:.2f}x the floor started like agora",
            )
        )
    rows.append(
        Row(
            "minimal Textual app started like agora (paused collector)",
            med["min-paused"],
            "ms",
            floor,
            note=f"median of {runs}; {spread['min-paused']}; not a target",
        )
    )
    return rows


# -- the comments pane (bench_thread.py) ---------------------------------------------------

FLOOR_SIZE = 100  # the floor for the pane: the same measurements on a 100-comment thread
PAINT_TARGETS = {10_000: 100.0, 100_000: 600.0}
KEY_TARGET_MS = 20.0
RSS_TARGET_MB = 300.0
KEY_LABELS = (("j", "j"), ("k", "k"), ("G", "G"), ("h", "collapse"), ("l", "expand"))


def thread(sizes: list[int], presses: int, seed: int) -> list[Row]:
    runs: dict[int, dict[str, Any]] = {}
    for size in [FLOOR_SIZE, *sizes]:
        _say(f"thread: {size:,} comments (generate, import, drive the app)...")
        runs[size] = bench_thread.run_size(size, seed, presses)
    floor = runs[FLOOR_SIZE]
    rows: list[Row] = []
    for size in sizes:
        run = runs[size]
        target = PAINT_TARGETS.get(size)
        rows.append(
            Row(
                f"thread {size:,}: open -> first paint",
                run["ttfp_warm_ms"],
                "ms",
                floor["ttfp_warm_ms"],
                f"<= {target:.0f} ms" if target else "",
                None if target is None else run["ttfp_warm_ms"] <= target,
                f"to set_thread {run['ttfp_until_set_thread_ms']:.0f} (open_thread "
                f"{run['ttfp_open_thread_ms']:.0f}), set_thread {run['ttfp_set_thread_ms']:.0f}, "
                f"layout+paint {run['ttfp_after_set_thread_ms']:.0f}; outside the app: "
                f"thread_pairs {run['thread_pairs_ms']:.0f}, Thread {run['thread_build_ms']:.0f}; "
                f"cold start->paint {run['ttfp_cold_ms']:.0f} ms",
            )
        )
    for size in sizes:
        run = runs[size]
        for key, label in KEY_LABELS:
            got = run["keys"][key]["frame"]
            base = floor["keys"][key]["frame"]
            rows.append(
                Row(
                    f"thread {size:,}: {label} key -> frame (p50)",
                    got["p50"],
                    "ms",
                    base["p50"],
                    f"< {KEY_TARGET_MS:.0f} ms",
                    got["p50"] < KEY_TARGET_MS,
                    f"p95 {got['p95']:.1f}{' (over target)' if got['p95'] >= KEY_TARGET_MS else ''}"
                    f" (floor {base['p95']:.1f}); compute "
                    f"{run['keys'][key]['compute']['p50']:.1f}; 60 fps "
                    f"{run['keys'][key]['paced']['p50']:.1f}",
                )
            )
    big = max(sizes)
    run = runs[big]
    rows.append(
        Row(
            f"thread {big:,}: peak RSS of the app process",
            run["rss_peak_mb"],
            "MB",
            floor["rss_peak_mb"],
            f"< {RSS_TARGET_MB:.0f} MB" + ("" if big == 100_000 else " (at 100k)"),
            run["rss_peak_mb"] < RSS_TARGET_MB if big == 100_000 else None,
            f"after imports {run['rss_base_mb']:.0f}, thread open {run['rss_open_mb']:.0f}; "
            f"import_batch {run['import_s']:.1f} s",
        )
    )
    return rows


# -- the article pane (bench_article.py) ------------------------------------------------

ARTICLE_PAINT_MARGIN_MS = 150.0  # first paint within this of the 5 KB article's
Q_TARGET_MS = 100.0
MEMORY_TARGET = 10.0  # peak memory growth, times the article's size
ARTICLE_KEYS = (("j", "j"), ("pagedown", "page down"), ("G", "G"))


def _mb(size: int) -> str:
    return f"{size / 1e6:g} MB" if size >= 1_000_000 else f"{size / 1e3:g} KB"


def article(sizes: list[int], presses: int) -> list[Row]:
    runs: dict[int, dict[str, Any]] = {}
    for size in [bench_article.FLOOR_SIZE, *sizes]:
        _say(f"article: {_mb(size)} of Markdown (generate, import, drive the app)...")
        runs[size] = bench_article.run_size(size, presses)
    floor = runs[bench_article.FLOOR_SIZE]
    rows: list[Row] = []
    for size in sizes:
        run, name = runs[size], f"article {_mb(size)}"
        limit = floor["ttfp"]["p50"] + ARTICLE_PAINT_MARGIN_MS
        rows.append(
            Row(
                f"{name}: open -> first paint",
                run["ttfp"]["p50"],
                "ms",
                floor["ttfp"]["p50"],
                f"<= floor + {ARTICLE_PAINT_MARGIN_MS:.0f} ms",
                run["ttfp"]["p50"] <= limit,
                f"median of {run['ttfp']['n']}; scanned to the end after "
                f"{run['scan']['p50']:.0f} ms (floor {floor['scan']['p50']:.0f}), in a worker",
            )
        )
        for key, label in ARTICLE_KEYS:
            got, base = run["keys"][key], floor["keys"][key]
            rows.append(
                Row(
                    f"{name}: {label} key -> frame (p50)",
                    got["p50"],
                    "ms",
                    base["p50"],
                    f"< {KEY_TARGET_MS:.0f} ms",
                    got["p50"] < KEY_TARGET_MS,
                    f"p95 {got['p95']:.1f} (floor {base['p95']:.1f})",
                )
            )
        rows.append(
            Row(
                f"{name}: q -> article list (p50)",
                run["q"]["p50"],
                "ms",
                floor["q"]["p50"],
                f"< {Q_TARGET_MS:.0f} ms",
                max(run["q"]["p50"], run["q_scanned"]) < Q_TARGET_MS,
                f"pressed right after the first paint, while the article is still scanned; "
                f"p95 {run['q']['p95']:.1f}; once scanned {run['q_scanned']:.1f}",
            )
        )
        grown = run["rss_peak_mb"] - run["rss_base_mb"]
        fixed = floor["rss_peak_mb"] - floor["rss_base_mb"]
        article_mb = run["bytes"] / 2**20
        rows.append(
            Row(
                f"{name}: peak memory growth",
                grown,
                "MB",
                fixed,
                f"< {MEMORY_TARGET:.0f}x the article, net of the floor",
                grown - fixed < MEMORY_TARGET * article_mb,
                f"{(grown - fixed) / article_mb:.1f}x net of the floor ({grown / article_mb:.1f}x "
                f"gross); RSS before opening {run['rss_base_mb']:.0f}, peak "
                f"{run['rss_peak_mb']:.0f} MB (VmHWM)",
            )
        )
    return rows


# -- full-text search -------------------------------------------------------------------------

#: A Zipf-like vocabulary: the synthetic lorem words are the head, made-up words the tail.
_PAIRS = "karitomusanelovidapequzerafobigutalinomeshchexin"
_SYLLABLES = tuple(_PAIRS[i : i + 2] for i in range(0, len(_PAIRS), 2))
SEARCH_FIXTURE_VERSION = 2  # 2: 20,000 comments in Japanese after the million, the trigram index
#: Comments in a script written without spaces, after the million in English, so that those and
#: their word index are as they were in version 1.
CJK_COMMENTS = 20_000
#: Made-up Japanese: kanji compounds and kana endings, joined with no spaces.
_KANJI = "日本語東京大学生時間会社自分事業国家電話手紙新聞社会問題経済政治文化歴史地理科学技術"
_KANA = "のはをにでがとへもからまでですますしたいるあるなる"


def _cjk_vocabulary(rng: random.Random, size: int) -> list[str]:
    words: dict[str, None] = {}
    while len(words) < size:
        stem = "".join(rng.choices(_KANJI, k=rng.randint(1, 3)))
        words[stem + "".join(rng.choices(_KANA, k=rng.randint(0, 2)))] = None
    return list(words)


def _vocabulary(rng: random.Random, size: int) -> list[str]:
    words = list(dict.fromkeys(w.lower().strip(".,:;()\"'…—") for w in synthetic.WORDS))
    words = [w for w in words if w.isalpha()]
    seen = set(words)
    while len(words) < size:
        w = "".join(rng.choices(_SYLLABLES, k=rng.randint(2, 4)))
        if w not in seen:
            seen.add(w)
            words.append(w)
    return words


def _build_search_db(path: Path, comments: int, seed: int = 7) -> None:
    """``comments`` comments over 1,000 articles, written in bulk (one transaction, the insert
    trigger set aside and the index built with one INSERT ... SELECT)."""
    rng = random.Random(seed)
    vocab = _vocabulary(rng, 60_000)
    weights = [1 / (rank + 10) ** 1.07 for rank in range(len(vocab))]
    cum = []
    total = 0.0
    for w in weights:
        total += w
        cum.append(total)
    names = [f"{f} {last}" for f in synthetic.FIRST for last in synthetic.LAST]
    articles = 1_000
    tmp = path.with_suffix(".tmp")
    for p in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        p.unlink(missing_ok=True)
    store = Store(tmp)
    conn = store.db.conn
    trigger = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'comments_ai'"
    ).fetchone()[0]
    conn.execute("BEGIN IMMEDIATE")
    conn.execute(
        "INSERT INTO sources (id, kind, locator, name, created) "
        "VALUES (1, 'file', '/bench/search', 'Search bench', '2024-01-01T00:00:00+00:00')"
    )
    conn.executemany(
        "INSERT INTO articles (id, source_id, origin_id, title, body, imported, published) "
        "VALUES (?, 1, ?, ?, ?, '2024-01-01T00:00:00+00:00', ?)",
        (
            (
                a + 1,
                f"a{a}",
                " ".join(rng.choices(vocab[:3000], cum_weights=cum[:3000], k=6)).capitalize(),
                " ".join(rng.choices(vocab, cum_weights=cum, k=300)),
                (synthetic.BASE_TIME + timedelta(hours=a)).isoformat(),
            )
            for a in range(articles)
        ),
    )
    conn.execute("DROP TRIGGER comments_ai")
    base = synthetic.BASE_TIME
    choices, randint, choice = rng.choices, rng.randint, rng.choice

    def rows() -> Any:
        for i in range(comments):
            words = choices(vocab, cum_weights=cum, k=randint(4, 60))
            yield (
                i + 1,
                i % articles + 1,
                f"c{i}",
                choice(names),
                " ".join(words),
                (base + timedelta(seconds=i)).isoformat(),
            )

    # A generator of its own, so that the million comments are those of version 1.
    cjk_rng = random.Random(seed + 1)
    cjk = _cjk_vocabulary(cjk_rng, 5_000)
    cjk_cum = cum[: len(cjk)]

    def cjk_rows() -> Any:
        for i in range(comments, comments + CJK_COMMENTS):
            sentences = [
                "".join(cjk_rng.choices(cjk, cum_weights=cjk_cum, k=cjk_rng.randint(3, 12))) + "。"
                for _ in range(cjk_rng.randint(1, 4))
            ]
            yield (
                i + 1,
                i % articles + 1,
                f"c{i}",
                cjk_rng.choice(names),
                "".join(sentences),
                (base + timedelta(seconds=i)).isoformat(),
            )

    insert = (
        "INSERT INTO comments (id, article_id, origin_id, author_name, body, created) "
        "VALUES (?, ?, ?, ?, ?, ?)"
    )
    conn.executemany(insert, rows())
    conn.execute(
        "INSERT INTO comments_fts (rowid, author_name, body) "
        "SELECT id, author_name, body FROM comments"
    )
    conn.execute(trigger)
    # The trigram index's trigger is kept, as every store has it: each insert pays its GLOB, and
    # it indexes the comments in Japanese alone.
    conn.execute("DROP TRIGGER comments_ai")
    conn.executemany(insert, cjk_rows())
    conn.execute(
        "INSERT INTO comments_fts (rowid, author_name, body) "
        "SELECT id, author_name, body FROM comments WHERE id > ?",
        [comments],
    )
    conn.execute(trigger)
    conn.execute("COMMIT")
    conn.execute("INSERT INTO comments_fts (comments_fts) VALUES ('optimize')")
    conn.execute("INSERT INTO comments_tri (comments_tri) VALUES ('optimize')")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    tmp.replace(path)


def search_db(comments: int) -> Path:
    """The cached search fixture, built on first use."""
    path = CACHE / f"search-{comments}-v{SEARCH_FIXTURE_VERSION}.db"
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        _say(f"search: building {path} ({comments:,} comments; once, then cached)...")
        start = time.perf_counter()
        _build_search_db(path, comments)
        _say(f"search: built in {time.perf_counter() - start:.0f} s")
    return path


def _pick_queries(store: Store, comments: int) -> list[tuple[str, str]]:
    """(kind, query) with document counts that suit each kind, chosen from the index itself."""
    conn = store.db.conn
    conn.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.bench_vocab "
        "USING fts5vocab(main, comments_fts, row)"
    )
    rows = conn.execute("SELECT term, doc FROM temp.bench_vocab").fetchall()
    by_doc = sorted((r for r in rows if r[0].isascii()), key=lambda r: r[1])

    def near(share: float) -> str:
        want = share * comments
        return min(by_doc, key=lambda r: (abs(r[1] - want), r[0]))[0]

    rare = near(30 / 1_000_000)
    medium = near(0.005)
    common = by_doc[-1][0]
    second = by_doc[-2][0]
    prefix = "ka"
    return [
        ("rare word", rare),
        ("medium word", medium),
        ("common word", common),
        ("phrase", f'"{common} {second}"'),
        ("two words", f"{medium} {common}"),
        ("prefix", f"{prefix}*"),
    ]


#: The floor: the FTS5 query alone, for the same match and the same top 50 by rank, with what
#: it takes to show a comment hit: its id, its author and its snippet with the matches marked.
#: (``store.search`` also joins each hit to its article and merges in article hits.)
_RAW_SEARCH = (
    "SELECT rowid, author_name, snippet(comments_fts, 1, ?, ?, '…', 16) FROM comments_fts "
    "WHERE comments_fts MATCH ? ORDER BY rank LIMIT 50"
)
#: The index alone: only the ids of the top 50, given in the note.
_INDEX_ONLY = "SELECT rowid FROM comments_fts WHERE comments_fts MATCH ? ORDER BY rank LIMIT 50"


def _pick_cjk(store: Store) -> tuple[str, str]:
    """A substring of three characters in about 5% of the comments in Japanese, and its first
    two characters (too short for a trigram)."""
    conn = store.db.conn
    conn.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.bench_tri USING fts5vocab(main, comments_tri, row)"
    )
    want = CJK_COMMENTS * 0.05
    terms = [
        (term, doc)
        for term, doc in conn.execute("SELECT term, doc FROM temp.bench_tri")
        if all(ch in _KANJI + _KANA for ch in term)
    ]
    three = min(terms, key=lambda r: (abs(r[1] - want), r[0]))[0]
    return three, three[:2]


#: The floor of a substring of three characters or more: the trigram index alone, as above.
_RAW_TRIGRAM = (
    "SELECT rowid, author_name, snippet(comments_tri, 1, ?, ?, '…', 32) FROM comments_tri "
    "WHERE comments_tri MATCH ? ORDER BY rank LIMIT 50"
)
_TRIGRAM_ONLY = "SELECT rowid FROM comments_tri WHERE comments_tri MATCH ? ORDER BY rank LIMIT 50"


def search(comments: int, repeat: int) -> list[Row]:
    from agora.store.fulltext import MARK_END, MARK_START, parse_query
    from agora.store.trigram_index import holds_unsegmented

    store = Store(search_db(comments))
    try:
        conn = store.db.conn
        marks = [MARK_START, MARK_END]
        # (kind, query, the floor's SQL and parameters, the ids alone (for the note) and their
        # parameters, which also count the matches)
        cases: list[tuple[str, str, str, list[object], str, list[object], str]] = []
        for kind, query in _pick_queries(store, comments):
            match = parse_query(query).match
            count = "SELECT count(*) FROM comments_fts WHERE comments_fts MATCH ?"
            cases.append((kind, query, _RAW_SEARCH, [*marks, match], _INDEX_ONLY, [match], count))
        three, two = _pick_cjk(store)
        tri = f'"{three}"'
        count = "SELECT count(*) FROM comments_tri WHERE comments_tri MATCH ?"
        cases.append(
            ("CJK substring", three, _RAW_TRIGRAM, [*marks, tri], _TRIGRAM_ONLY, [tri], count)
        )
        # Two characters: no trigram. The floor finds them (every match, no ranking, no
        # snippet) in the rows holding such scripts, through the partial index.
        scan = (
            "SELECT id, author_name, body FROM comments c "
            f"WHERE ({holds_unsegmented('c', ['author_name', 'body'])}) "
            "AND (instr(c.author_name, ?) > 0 OR instr(c.body, ?) > 0)"
        )
        count = f"SELECT count(*) FROM ({scan})"
        cases.append(("CJK two characters", two, scan, [two, two], scan, [two, two], count))
        rows = []
        for kind, query, raw, raw_params, index_sql, index_params, count in cases:
            matches = conn.execute(count, index_params).fetchone()[0]
            times: dict[str, list[float]] = {"ours": [], "raw": [], "index": []}
            for i in range(repeat + 1):  # the first round warms the cache and is not counted
                start = time.perf_counter()
                hits = store.search.hits(query, limit=50)
                t_ours = time.perf_counter() - start
                start = time.perf_counter()
                conn.execute(raw, raw_params).fetchall()
                t_raw = time.perf_counter() - start
                start = time.perf_counter()
                conn.execute(index_sql, index_params).fetchall()
                t_index = time.perf_counter() - start
                if i:
                    for key, seconds in (("ours", t_ours), ("raw", t_raw), ("index", t_index)):
                        times[key].append(seconds * 1000)
            value, floor, index = (statistics.median(times[k]) for k in ("ours", "raw", "index"))
            rows.append(
                Row(
                    f"search {comments:,} comments: {kind} ({query})",
                    value,
                    "ms",
                    floor,
                    "<= 2x",
                    value <= 2 * floor,
                    f"{matches:,} matching comments; {len(hits)} hits; median of {repeat}; "
                    f"ids alone (no snippet) {index:.3f} ms",
                )
            )
        return rows
    finally:
        store.close()


# -- WordPress export import ------------------------------------------------------------------

WXR_HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<!-- This is a WordPress eXtended RSS file generated by WordPress as an export of your site. -->
<rss version="2.0"
\txmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
\txmlns:content="http://purl.org/rss/1.0/modules/content/"
\txmlns:wfw="http://wellformedweb.org/CommentAPI/"
\txmlns:dc="http://purl.org/dc/elements/1.1/"
\txmlns:wp="http://wordpress.org/export/1.2/"
>
<channel>
\t<title>Bench &amp; Co. Blog</title>
\t<link>https://bench.example.org</link>
\t<description>Just another WordPress site</description>
\t<pubDate>Mon, 01 Jan 2024 08:00:00 +0000</pubDate>
\t<language>en-US</language>
\t<wp:wxr_version>1.2</wp:wxr_version>
\t<wp:base_site_url>https://bench.example.org</wp:base_site_url>
\t<wp:base_blog_url>https://bench.example.org</wp:base_blog_url>
\t<wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[admin]]></wp:author_login>\
<wp:author_email><![CDATA[admin@bench.example.org]]></wp:author_email>\
<wp:author_display_name><![CDATA[Site Author]]></wp:author_display_name>\
<wp:author_first_name><![CDATA[Site]]></wp:author_first_name>\
<wp:author_last_name><![CDATA[Author]]></wp:author_last_name></wp:author>
\t<generator>https://wordpress.org/?v=6.4.2</generator>
"""

WXR_ITEM = """
\t<item>
\t\t<title><![CDATA[{title}]]></title>
\t\t<link>https://bench.example.org/2024/01/{slug}/</link>
\t\t<pubDate>Mon, 01 Jan 2024 08:00:00 +0000</pubDate>
\t\t<dc:creator><![CDATA[admin]]></dc:creator>
\t\t<guid isPermaLink="false">https://bench.example.org/?p={post_id}</guid>
\t\t<description></description>
\t\t<content:encoded><![CDATA[{content}]]></content:encoded>
\t\t<excerpt:encoded><![CDATA[]]></excerpt:encoded>
\t\t<wp:post_id>{post_id}</wp:post_id>
\t\t<wp:post_date><![CDATA[{date}]]></wp:post_date>
\t\t<wp:post_date_gmt><![CDATA[{date}]]></wp:post_date_gmt>
\t\t<wp:post_modified><![CDATA[{date}]]></wp:post_modified>
\t\t<wp:post_modified_gmt><![CDATA[{date}]]></wp:post_modified_gmt>
\t\t<wp:comment_status><![CDATA[open]]></wp:comment_status>
\t\t<wp:ping_status><![CDATA[open]]></wp:ping_status>
\t\t<wp:post_name><![CDATA[{slug}]]></wp:post_name>
\t\t<wp:status><![CDATA[publish]]></wp:status>
\t\t<wp:post_parent>0</wp:post_parent>
\t\t<wp:menu_order>0</wp:menu_order>
\t\t<wp:post_type><![CDATA[post]]></wp:post_type>
\t\t<wp:post_password><![CDATA[]]></wp:post_password>
\t\t<wp:is_sticky>0</wp:is_sticky>
\t\t<category domain="category" nicename="uncategorized"><![CDATA[Uncategorized]]></category>
\t\t<wp:postmeta>
\t\t<wp:meta_key><![CDATA[_edit_last]]></wp:meta_key>
\t\t<wp:meta_value><![CDATA[1]]></wp:meta_value>
\t\t</wp:postmeta>
"""

WXR_COMMENT = """\t\t<wp:comment>
\t\t\t<wp:comment_id>{cid}</wp:comment_id>
\t\t\t<wp:comment_author><![CDATA[{author}]]></wp:comment_author>
\t\t\t<wp:comment_author_email><![CDATA[{email}]]></wp:comment_author_email>
\t\t\t<wp:comment_author_url>{url}</wp:comment_author_url>
\t\t\t<wp:comment_author_IP><![CDATA[192.0.2.{ip}]]></wp:comment_author_IP>
\t\t\t<wp:comment_date><![CDATA[{date}]]></wp:comment_date>
\t\t\t<wp:comment_date_gmt><![CDATA[{date}]]></wp:comment_date_gmt>
\t\t\t<wp:comment_content><![CDATA[{content}]]></wp:comment_content>
\t\t\t<wp:comment_approved><![CDATA[{approved}]]></wp:comment_approved>
\t\t\t<wp:comment_type><![CDATA[{kind}]]></wp:comment_type>
\t\t\t<wp:comment_parent>{parent}</wp:comment_parent>
\t\t\t<wp:comment_user_id>{user}</wp:comment_user_id>
\t\t\t<wp:commentmeta>
\t\t\t\t<wp:meta_key><![CDATA[akismet_result]]></wp:meta_key>
\t\t\t\t<wp:meta_value><![CDATA[false]]></wp:meta_value>
\t\t\t</wp:commentmeta>
\t\t</wp:comment>
"""


def _html_comment(rng: random.Random) -> str:
    """A comment as WordPress stores it: paragraphs as blank lines, inline HTML, entities."""
    paragraphs = []
    for _ in range(rng.choice((1, 1, 1, 2, 2, 3, 5))):
        words = rng.choices(synthetic.WORDS, k=rng.randint(5, 60))
        roll = rng.random()
        if roll < 0.15:
            i = rng.randrange(len(words))
            words[i] = f'<a href="https://example.org/{words[i]}" rel="nofollow ugc">{words[i]}</a>'
        elif roll < 0.3:
            i = rng.randrange(len(words))
            words[i] = f"<em>{words[i]}</em>"
        elif roll < 0.35:
            i = rng.randrange(len(words))
            words[i] = f"<strong>{words[i]}</strong> &amp; <code>x &lt; y</code>"
        text = " ".join(words).capitalize()
        if rng.random() < 0.08:
            text = f"<blockquote>{text}</blockquote>"
        if rng.random() < 0.2:
            cut = len(text) // 2
            cut = text.find(" ", cut)
            if cut > 0:
                text = text[:cut] + "\n" + text[cut + 1 :]
        paragraphs.append(text)
    return "\n\n".join(paragraphs).replace("]]>", "]] >")


def make_wxr(path: Path, comments: int, posts: int = 8, seed: int = 3) -> int:
    """Write a WordPress export with ``comments`` approved comments (plus a few held ones and
    spam that are not imported) over ``posts`` posts, threaded; returns how many to import."""
    rng = random.Random(seed)
    share = [rng.random() ** 2 + 0.05 for _ in range(posts)]
    counts = [int(comments * s / sum(share)) for s in share]
    counts[0] += comments - sum(counts)
    authors = [(f"{rng.choice(synthetic.FIRST)} {rng.choice(synthetic.LAST)}") for _ in range(800)]
    out = [WXR_HEAD]
    cid = 100
    when = synthetic.BASE_TIME
    for p, count in enumerate(counts):
        post_id = 10 + p
        out.append(
            WXR_ITEM.format(
                title=f"Post {p}: " + " ".join(rng.choices(synthetic.WORDS, k=6)),
                slug=f"post-{p}",
                post_id=post_id,
                content=_html_comment(rng) + "\n\n" + _html_comment(rng),
                date=when.strftime("%Y-%m-%d %H:%M:%S"),
            )
        )
        ids: list[int] = []
        for _i, parent, _big in synthetic._comments(count, rng, top_share=0.2):
            when += timedelta(seconds=rng.randint(1, 90))
            cid += 1
            ids.append(cid)
            author = rng.choice(authors)
            by_admin = rng.random() < 0.01
            parts = {
                "cid": cid,
                "author": "Site Author" if by_admin else html.escape(author, quote=False),
                "email": "admin@bench.example.org" if by_admin else f"u{cid % 800}@example.org",
                "url": f"https://blog{cid % 50}.example.net/" if rng.random() < 0.3 else "",
                "ip": cid % 250,
                "date": when.strftime("%Y-%m-%d %H:%M:%S"),
                "content": _html_comment(rng),
                "approved": 1,
                "kind": "pingback" if parent is None and rng.random() < 0.01 else "comment",
                "parent": 0 if parent is None else ids[parent],
                "user": 1 if by_admin else 0,
            }
            out.append(WXR_COMMENT.format(**parts))
            if rng.random() < 0.02:  # spam and held comments: in the file, not imported
                cid += 1
                parts.update(cid=cid, approved=rng.choice(("0", "spam")), parent=0)
                out.append(WXR_COMMENT.format(**parts))
        out.append("\t</item>\n")
    out.append("</channel>\n</rss>\n")
    path.write_text("".join(out), encoding="utf-8")
    return comments


def _bare_floor(path: Path, db_path: Path) -> float:
    """lxml parses the file and the approved comments' fields go, as they are, into an
    unindexed table of the same columns: the least any WXR import could do."""
    from lxml import etree

    wp = "{http://wordpress.org/export/1.2/}"
    fields = [
        wp + name
        for name in (
            "comment_id",
            "comment_parent",
            "comment_author",
            "comment_author_url",
            "comment_author_email",
            "comment_content",
            "comment_date_gmt",
            "comment_approved",
            "comment_type",
        )
    ]
    start = time.perf_counter()
    root = etree.fromstring(
        path.read_bytes(), etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    )
    rows = []
    for item in root.iter("item"):
        for c in item.iter(wp + "comment"):
            values = [c.findtext(f) or "" for f in fields]
            if values[7] == "1":
                rows.append(values)
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute(
        "CREATE TABLE comments (id INTEGER PRIMARY KEY, origin_id, origin_parent, author_name, "
        "author_url, author_email, body, created, status, kind)"
    )
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany("INSERT INTO comments VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    conn.execute("COMMIT")
    conn.close()
    return time.perf_counter() - start


def wxr(comments: int, repeat: int) -> list[Row]:
    from agora.importers import parse_file

    work = Path(tempfile.mkdtemp(prefix="agora-bench-wxr-"))
    try:
        path = work / "export.xml"
        _say(f"wxr: writing a WordPress export with {comments:,} comments...")
        make_wxr(path, comments)
        size_mb = path.stat().st_size / 1e6
        # The first parse_file in a process imports every importer (lxml, trafilatura...):
        # a one-time cost, timed here on a tiny export and left out of the rate.
        tiny = work / "tiny.xml"
        make_wxr(tiny, 20, posts=1)
        start = time.perf_counter()
        parse_file(tiny)
        first_call = time.perf_counter() - start
        parse_s: list[float] = []
        store_s: list[float] = []
        floor_s: list[float] = []
        stored = 0
        for i in range(repeat):
            start = time.perf_counter()
            batch = parse_file(path)
            parsed = time.perf_counter()
            store = Store(work / f"agora-{i}.db")
            opened = time.perf_counter()
            result = store.imports.add(batch)
            done = time.perf_counter()
            store.close()
            stored = result.comments_new
            parse_s.append(parsed - start)
            store_s.append(done - opened)
            floor_s.append(_bare_floor(path, work / f"bare-{i}.db"))
            del batch
    finally:
        shutil.rmtree(work, ignore_errors=True)
    p, s, f = (statistics.median(v) for v in (parse_s, store_s, floor_s))
    rate = stored / (p + s)
    return [
        Row(
            f"import WXR, {stored:,} comments: parse_file + import_batch",
            rate,
            "/s",
            stored / f,
            ">= 20,000/s",
            rate >= 20_000,
            f"{(p + s):.2f} s for {size_mb:.0f} MB; median of {repeat}; floor = lxml + bare "
            f"insert; the first parse_file of a process adds {first_call * 1000:.0f} ms of imports",
        ),
        Row(
            "  of which parse_file",
            stored / p,
            "/s",
            None,
            note=f"{p:.2f} s",
        ),
        Row(
            "  of which Store.import_batch",
            stored / s,
            "/s",
            None,
            note=f"{s:.2f} s",
        ),
    ]


# -- inbox ------------------------------------------------------------------------------------


def inbox(comments: int) -> list[Row]:
    """Replies to you and mentions (``store.inbox``) beside the article list's unread counts."""
    from tests.benchmarks import bench_inbox

    return [
        Row(figure, value, "ms", floor, "≤ 3x floor", value <= 3 * floor, note)
        for figure, value, floor, note in bench_inbox.measure(comments)
    ] + [
        Row(figure, value, "ms", floor, "≤ 1 s", value < 1000, note)
        for figure, value, floor, note in bench_inbox.live()
    ]


# -- main -------------------------------------------------------------------------------------

SECTIONS = ("cold", "thread", "article", "search", "wxr", "inbox")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes: a smoke check")
    parser.add_argument(
        "--only", default=",".join(SECTIONS), help=f"comma-separated from {','.join(SECTIONS)}"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", metavar="FILE", help="also write the rows to FILE")
    args = parser.parse_args(argv)
    only = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(only) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown section(s): {', '.join(sorted(unknown))}")
    quick = args.quick
    steps: dict[str, Callable[[], list[Row]]] = {
        "cold": lambda: cold_start(runs=3 if quick else 11, articles=1_000),
        "thread": lambda: thread(
            [1_000, 10_000] if quick else [1_000, 10_000, 100_000],
            presses=10 if quick else 50,
            seed=args.seed,
        ),
        "article": lambda: article(
            [1_000_000, 5_000_000] if quick else [1_000_000, 5_000_000, 50_000_000],
            presses=5 if quick else 20,
        ),
        "search": lambda: search(100_000 if quick else 1_000_000, repeat=3 if quick else 7),
        "wxr": lambda: wxr(5_000 if quick else 50_000, repeat=1 if quick else 3),
        "inbox": lambda: inbox(10_000 if quick else 100_000),
    }
    began = time.perf_counter()
    rows: list[Row] = []
    for name in SECTIONS:
        if name in only:
            _say(f"== {name}")
            rows.extend(steps[name]())
    import textual

    title = (
        f"agora benchmarks{' (--quick)' if quick else ''} · Python {platform.python_version()} · "
        f"Textual {textual.__version__} · SQLite {sqlite3.sqlite_version} · "
        f"{os.cpu_count()} CPUs · {time.perf_counter() - began:.0f} s"
    )
    print_table(rows, title)
    if args.json:
        Path(args.json).write_text(json.dumps([asdict(r) for r in rows], indent=2), "utf-8")


if __name__ == "__main__":
    main()
