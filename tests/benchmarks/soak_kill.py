"""kill -9 a real agora at random moments while it types, posts and syncs; count what broke.

    python -m tests.benchmarks.soak_kill [--trials N] [--seed S] [--scenarios typing,syncing]

Each scenario keeps one ``AGORA_HOME`` for all its trials, so every trial starts from whatever
the kills before it left behind (a WAL never checkpointed, a row mid-send...).

* **typing**: ``python -m agora`` in a pseudo-terminal opens the welcome article's composer and
  types (a key every 20 ms); it is killed at a random moment. In about a third of the trials
  ``ctrl+s`` posts the text once it is typed and the kill comes within the next 0.7 s (half
  of those within 80 ms). The stored draft must be
  the text before it plus a prefix of what was typed, holding at least every key sent
  ``GRACE`` seconds before the kill (or before ``ctrl+s``); a posted text must be stored
  exactly once, without its draft.
* **posting**: ``agora post ARTICLE --body ...`` on a WordPress post (as a guest the site
  approves at once; some replies), killed between 0 and 1.1 times the time a post takes. A
  fresh ``agora sync`` follows; a row left ``sending`` by the kill names the killed process,
  so that sync takes it over at once (a row still ``sending`` after it is a problem). The
  site must end up with the comment at most once, and, when it has it, the store with
  exactly one row linked to it; when it does not, the text must still be pending or a
  draft, unless the kill came before the comment was stored at all.
* **syncing**: new comments (some replies) are added to three WordPress posts of a thousand
  comments each (fewer in the test suite), then ``agora sync`` (incremental or ``--full``) is
  killed at a random moment. A second sync must succeed and leave exactly the site's approved
  comments (ids and parents) in the store, once each.

Every trial ends with ``PRAGMA integrity_check``, ``PRAGMA foreign_key_check`` and the FTS5
``integrity-check`` of both search indexes. The script starts its own WordPress
(:class:`tests.wordpress.server.WordPressServer`, root needed) and prints a table; the functions
here are also what ``tests/service/test_kill_soak.py`` runs, a few trials at a time.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.service.test_kill_draft import CTRL_S, Terminal, open_welcome_comments
from tests.wordpress.server import WordPressServer
from tests.wpsites import approved_guest

from agora.service.library import Library

#: Keys sent this long before the kill must be in the saved draft (SAVE_DELAY is 0.5 s).
GRACE = 1.2
AGORA = [sys.executable, "-m", "agora"]
WORDS = [
    "alpha",
    "bravo",
    "charlie",
    "delta",
    "echo",
    "foxtrot",
    "golf",
    "hotel",
    "india",
    "juliet",
    "kilo",
    "lima",
    "mike",
]


@dataclass
class Tally:
    """What the trials of one scenario found."""

    scenario: str
    trials: int = 0
    integrity_ok: int = 0
    drafts_lost: int = 0
    pending_lost: int = 0
    server_duplicates: int = 0
    local_duplicates: int = 0
    sync_mismatches: int = 0
    errors_shown: int = 0  #: "database is locked", tracebacks, failed follow-up commands
    outcomes: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)

    def problem(self, trial: int, text: str) -> None:
        self.problems.append(f"{self.scenario} #{trial}: {text}")

    @property
    def clean(self) -> bool:
        return not self.problems and self.integrity_ok == self.trials


# -- plumbing -----------------------------------------------------------------------------------
def agora_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("VISUAL", "EDITOR", "TEXTUAL")}
    env["AGORA_HOME"] = str(home)
    return env


def run_agora(home: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*AGORA, *args], env=agora_env(home), capture_output=True, text=True, timeout=timeout
    )


def kill_after(proc: subprocess.Popen, delay: float) -> bool:
    """SIGKILL ``proc`` ``delay`` seconds from now; False when it had finished by then."""
    try:
        proc.wait(delay)
    except subprocess.TimeoutExpired:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(30)
        return True
    return False


def integrity_problems(path: Path) -> list[str]:
    """SQLite's own checks, foreign keys and both FTS5 indexes against their tables."""
    db = sqlite3.connect(path, timeout=30)
    try:
        problems = [r[0] for r in db.execute("PRAGMA integrity_check") if r[0] != "ok"]
        problems += [f"foreign key: {r}" for r in db.execute("PRAGMA foreign_key_check")]
        for fts in ("comments_fts", "articles_fts"):
            try:
                db.execute(f"INSERT INTO {fts} ({fts}, rank) VALUES ('integrity-check', 1)")
            except sqlite3.DatabaseError as exc:
                problems.append(f"{fts}: {exc}")
        return problems
    finally:
        db.close()


def query(path: Path, sql: str, params: tuple = ()) -> list[tuple]:
    db = sqlite3.connect(path, timeout=30, isolation_level=None)
    try:
        return db.execute(sql, params).fetchall()
    finally:
        db.close()


def check_integrity(tally: Tally, trial: int, db: Path) -> None:
    problems = integrity_problems(db)
    if problems:
        tally.problem(trial, "integrity: " + "; ".join(problems[:5]))
    else:
        tally.integrity_ok += 1


def shown_errors(result: subprocess.CompletedProcess[str]) -> str:
    """What a follow-up command showed that a user should never see."""
    text = result.stderr
    bad = [w for w in ("locked", "Traceback", "is not a usable") if w in text]
    if result.returncode != 0 or bad:
        return f"exit {result.returncode}: {text.strip()[-300:]}"
    return ""


# -- (a) typing in the composer -----------------------------------------------------------------
class Typing:
    """The composer of the welcome article, in a real terminal."""

    name = "typing"

    def __init__(self, home: Path, rng: random.Random) -> None:
        self.home = home
        self.rng = rng
        home.mkdir(parents=True, exist_ok=True)
        library = Library.open(home)
        library.ensure_welcome()
        library.use_guest("Soak Typist", "typist@example.org")
        self.article = library.article_entries()[0].id
        library.close()
        self.db = home / "agora.db"

    def draft(self) -> str:
        rows = query(
            self.db,
            "SELECT body FROM drafts WHERE article_id = ? AND parent_id = 0",
            (self.article,),
        )
        return rows[0][0] if rows else ""

    def own(self, body: str) -> int:
        rows = query(
            self.db, "SELECT count(*) FROM comments WHERE is_own = 1 AND body = ?", (body,)
        )
        return rows[0][0]

    def text(self, trial: int) -> str:
        words = [self.rng.choice(WORDS) for _ in range(self.rng.randint(8, 14))]
        if self.rng.random() < 0.5:
            words.insert(self.rng.randrange(len(words)), "\n")
        return f" t{trial} " + " ".join(words).replace(" \n ", "\n")

    def trial(self, tally: Tally, trial: int, post: bool | None = None) -> None:
        tally.trials += 1
        old = self.draft()
        text = self.text(trial)
        if post is None:
            post = self.rng.random() < 1 / 3
        typing_time = len(text) * 0.025
        sent: list[float] = []  # when each character of ``text`` was written
        submitted: float | None = None
        term = Terminal(self.home)
        try:
            open_welcome_comments(term)
            term.send(b"c")
            term.wait_for(b"Commenting as")
            term.read(0.3)
            start = time.monotonic()
            deadline = start + (typing_time * 4 if post else self.rng.uniform(0.05, typing_time))
            for ch in text:
                if time.monotonic() >= deadline:
                    break
                os.write(term.fd, b"\r" if ch == "\n" else ch.encode())
                sent.append(time.monotonic())
                term.read(0.02)
            if post:  # half the kills come while the post is being stored, if they can
                os.write(term.fd, CTRL_S)
                submitted = time.monotonic()
                after = self.rng.choice([(0.0, 0.08), (0.08, 0.7)])
                deadline = submitted + self.rng.uniform(*after)
            while (left := deadline - time.monotonic()) > 0:
                term.read(left)
            if term.proc.poll() is not None:
                tally.problem(trial, f"agora exited by itself ({term.proc.returncode})")
            term.kill()
            killed = time.monotonic()
        finally:
            term.close()
        check_integrity(tally, trial, self.db)
        stored = self.draft()
        whole = old + text[: len(sent)]
        if submitted is not None:
            posted = self.own(whole.strip("\n"))
            if posted > 1:
                tally.server_duplicates += 1  # "posted twice": here the store is the server
                tally.problem(trial, f"the comment was stored {posted} times")
            if posted:
                tally.outcomes["posted"] += 1
                if stored.strip():
                    tally.problem(trial, f"a draft outlived its comment: {stored!r}")
                return
            tally.outcomes["killed before the post was stored"] += 1
            killed = submitted
        else:
            tally.outcomes["killed while typing"] += 1
        must = sum(1 for t in sent if t <= killed - GRACE)
        typed = text[: len(sent)]
        ok = (
            stored.startswith(old)
            and typed.startswith(stored[len(old) :])
            and len(stored) >= len(old) + must
        )
        if not ok:
            tally.drafts_lost += 1
            tally.problem(
                trial,
                f"draft {stored!r}; expected {old!r} + a prefix of {typed!r} "
                f"at least {must} characters long",
            )


# -- (b) posting to a WordPress site --------------------------------------------------------------
class Posting:
    """``agora post`` to a WordPress post, as a guest the site approves at once."""

    name = "posting"

    def __init__(self, home: Path, server: WordPressServer, rng: random.Random) -> None:
        self.home = home
        self.server = server
        self.rng = rng
        tag = uuid.uuid4().hex[:8]
        self.post = server.create_post(f"Soak posting {tag}", "<p>Kill me while I post.</p>")
        self.guest = approved_guest(server, self.post, "Soaker")
        home.mkdir(parents=True, exist_ok=True)
        for args in (("site", "add", server.post_url(self.post)), ("sync", "--posts", "0")):
            result = run_agora(home, *args)
            if result.returncode != 0:
                raise RuntimeError(f"agora {' '.join(args)}: {result.stderr}")
        self.db = home / "agora.db"
        [(self.article,)] = query(
            self.db, "SELECT id FROM articles WHERE origin_id = ?", (str(self.post),)
        )
        began = time.monotonic()
        first = self.command("Soak: the comment replies go under")
        result = subprocess.run(first, env=agora_env(home), capture_output=True, text=True)
        self.duration = time.monotonic() - began
        if result.returncode != 0 or result.stdout.split()[1:2] != ["posted"]:
            raise RuntimeError(f"a plain agora post failed: {result.stdout} {result.stderr}")
        self.parent = int(result.stdout.split()[0])

    def command(self, body: str, parent: int | None = None) -> list[str]:
        name, email = self.guest
        argv = [*AGORA, "post", str(self.article), "--name", name, "--email", email]
        if parent is not None:
            argv += ["--parent", str(parent)]
        return [*argv, "--body", body]

    def local(self, body: str) -> list[tuple]:
        return query(
            self.db,
            "SELECT c.id, c.origin_id, c.status, o.action FROM comments c "
            "LEFT JOIN outbox o ON o.comment_id = c.id WHERE c.article_id = ? AND c.body = ?",
            (self.article, body),
        )

    def drafted(self, body: str) -> bool:
        return any(body in r[0] for r in query(self.db, "SELECT body FROM drafts"))

    def sync(self, tally: Tally, trial: int) -> None:
        result = run_agora(self.home, "sync", "--posts", "0")
        if error := shown_errors(result):
            tally.errors_shown += 1
            tally.problem(trial, f"agora sync after the kill: {error}")

    def trial(self, tally: Tally, trial: int, delay: float | None = None) -> None:
        tally.trials += 1
        body = f"Soak comment {trial} {uuid.uuid4().hex[:8]}"
        parent = self.parent if self.rng.random() < 0.3 else None
        if delay is None:
            delay = self.rng.uniform(0, 1.1 * self.duration)
        proc = subprocess.Popen(
            self.command(body, parent),
            env=agora_env(self.home),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if not kill_after(proc, delay):
            tally.outcomes["finished before the kill"] += 1
        check_integrity(tally, trial, self.db)
        before = self.local(body)
        stored = bool(before) or self.drafted(body)
        if any(r[3] == "sending" for r in before):
            tally.outcomes["left mid-send, taken over"] += 1
        self.sync(tally, trial)
        if any(r[3] == "sending" for r in self.local(body)):
            tally.problem(trial, "still leased to the killed process after a sync")
        on_server = [c for c in self.server.comments_of(self.post) if c["content"] == body]
        rows = self.local(body)
        if len(on_server) > 1:
            tally.server_duplicates += 1
            tally.problem(trial, f"on the site {len(on_server)} times")
        if len(rows) > 1:
            tally.local_duplicates += 1
            tally.problem(trial, f"in the store {len(rows)} times: {rows}")
        if on_server:
            remote = str(on_server[0]["id"])
            if len(rows) != 1 or rows[0][1] != remote or rows[0][3] is not None:
                tally.problem(trial, f"on the site as {remote} but stored as {rows}")
            else:
                tally.outcomes["posted once"] += 1
        elif rows:
            tally.outcomes["still pending"] += 1
        elif self.drafted(body):
            tally.outcomes["returned as a draft"] += 1
        elif stored:
            tally.pending_lost += 1
            tally.problem(trial, "stored as pending, then neither sent nor kept")
        else:
            tally.outcomes["killed before it was stored"] += 1
        check_integrity_after_sync(tally, trial, self.db)


def check_integrity_after_sync(tally: Tally, trial: int, db: Path) -> None:
    problems = integrity_problems(db)
    if problems:
        tally.problem(trial, "integrity after the follow-up sync: " + "; ".join(problems[:5]))


# -- (c) syncing a WordPress site -----------------------------------------------------------------
class Syncing:
    """``agora sync`` of three WordPress posts with ``comments`` comments each."""

    name = "syncing"

    def __init__(
        self, home: Path, server: WordPressServer, rng: random.Random, comments: int = 1000
    ) -> None:
        self.home = home
        self.server = server
        self.rng = rng
        tag = uuid.uuid4().hex[:8]
        self.posts = [server.create_post(f"Soak syncing {tag} {i}") for i in range(3)]
        self.known: dict[int, list[int]] = {}
        for post in self.posts:
            parents = [
                None if i < 5 or rng.random() < 0.4 else rng.randrange(i) for i in range(comments)
            ]
            self.known[post] = server.bulk_comments(post, comments, parents=parents)
        home.mkdir(parents=True, exist_ok=True)
        for post in self.posts:
            result = run_agora(home, "site", "add", server.post_url(post))
            if result.returncode != 0:
                raise RuntimeError(f"agora site add: {result.stderr}")
        self.db = home / "agora.db"
        self.duration = {}
        for mode in ("full", "incremental"):  # the first reads everything: the longest
            self.add_comments()
            began = time.monotonic()
            result = run_agora(home, *self.args(mode == "full"))
            self.duration[mode] = time.monotonic() - began
            if result.returncode != 0:
                raise RuntimeError(f"agora sync: {result.stderr}")

    @staticmethod
    def args(full: bool) -> list[str]:
        return ["sync", "--posts", "0", *(["--full"] if full else [])]

    def add_comments(self) -> None:
        """New comments on every post, as readers would write them (now): some reply to each
        other, one to an older comment."""
        import datetime as dt

        for post in self.posts:
            n = self.rng.randint(20, 60)
            parents = [None if i == 0 or self.rng.random() < 0.6 else i - 1 for i in range(n)]
            start = dt.datetime.now(dt.UTC)
            ids = self.server.bulk_comments(
                post, n, parents=parents, start=start, step=dt.timedelta(seconds=1)
            )
            old = self.rng.choice(self.known[post])
            reply = self.server.create_comment(post, "Replier", "A late reply", parent=old)
            self.known[post] += [*ids, reply]

    def mismatches(self) -> list[str]:
        found = []
        for post in self.posts:
            truth = {
                str(c["id"]): str(c["parent"] or "")
                for c in self.server.comments_of(post)
                if c["status"] == "approved"
            }
            rows = query(
                self.db,
                "SELECT c.origin_id, coalesce(c.origin_parent, ''), p.origin_id "
                "FROM comments c JOIN articles a ON a.id = c.article_id "
                "LEFT JOIN comments p ON p.id = c.parent_id "
                "WHERE a.origin_id = ? AND c.origin_id IS NOT NULL",
                (str(post),),
            )
            ids = [r[0] for r in rows]
            if len(ids) != len(set(ids)):
                found.append(f"post {post}: {len(ids) - len(set(ids))} comments twice")
            local = {r[0]: r[1] for r in rows}
            if local != truth:
                missing = sorted(set(truth) - set(local))[:5]
                extra = sorted(set(local) - set(truth))[:5]
                wrong = [k for k in truth if k in local and local[k] != truth[k]][:5]
                found.append(f"post {post}: missing {missing} extra {extra} parents {wrong}")
            unresolved = [r[0] for r in rows if r[1] and r[2] != r[1]]
            if unresolved:
                found.append(f"post {post}: parents not linked for {unresolved[:5]}")
        return found

    def trial(self, tally: Tally, trial: int, delay: float | None = None) -> None:
        tally.trials += 1
        full = self.rng.random() < 0.3
        self.add_comments()
        if delay is None:
            delay = self.rng.uniform(0, 1.2 * self.duration["full" if full else "incremental"])
        proc = subprocess.Popen(
            [*AGORA, *self.args(full)],
            env=agora_env(self.home),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        killed = kill_after(proc, delay)
        tally.outcomes["killed mid-sync" if killed else "finished before the kill"] += 1
        check_integrity(tally, trial, self.db)
        result = run_agora(self.home, *self.args(False))
        if error := shown_errors(result):
            tally.errors_shown += 1
            tally.problem(trial, f"the next agora sync: {error}")
        found = self.mismatches()
        if found:
            tally.sync_mismatches += 1
            tally.problem(trial, "; ".join(found))
        check_integrity_after_sync(tally, trial, self.db)


# -- the table ----------------------------------------------------------------------------------
COLUMNS = [
    ("scenario", "scenario"),
    ("trials", "trials"),
    ("integrity ok", "integrity_ok"),
    ("drafts lost", "drafts_lost"),
    ("pending lost", "pending_lost"),
    ("dup. server", "server_duplicates"),
    ("dup. local", "local_duplicates"),
    ("sync mismatch", "sync_mismatches"),
    ("errors shown", "errors_shown"),
]


def table(tallies: list[Tally]) -> str:
    widths = [max(len(h), *(len(str(getattr(t, a))) for t in tallies)) for h, a in COLUMNS]
    lines = ["  ".join(h.rjust(w) for (h, _), w in zip(COLUMNS, widths, strict=True))]
    for t in tallies:
        cells = [str(getattr(t, a)) for _, a in COLUMNS]
        lines.append("  ".join(c.rjust(w) for c, w in zip(cells, widths, strict=True)))
    for t in tallies:
        outcomes = ", ".join(f"{k}: {v}" for k, v in sorted(t.outcomes.items()))
        lines.append(f"{t.scenario}: {outcomes}")
    for t in tallies:
        lines.extend(t.problems)
    return "\n".join(lines)


def soak(
    scenario: Any, tally: Tally, trials: int, progress: Callable[[str], None] | None = None
) -> Tally:
    for trial in range(1, trials + 1):
        scenario.trial(tally, trial)
        if progress is not None:
            state = "ok" if tally.clean else f"{len(tally.problems)} problem(s)"
            progress(f"{tally.scenario} {trial}/{trials}: {state}")
    return tally


def main() -> None:  # pragma: no cover - run by hand
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=50, help="trials per scenario")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--scenarios", default="typing,posting,syncing")
    args = parser.parse_args()
    wanted = args.scenarios.split(",")
    rng = random.Random(args.seed)
    tallies: list[Tally] = []

    def say(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory(prefix="agora-soak-") as tmp:
        root = Path(tmp)
        began = time.monotonic()
        if "typing" in wanted:
            tallies.append(soak(Typing(root / "typing", rng), Tally("typing"), args.trials, say))
        if {"posting", "syncing"} & set(wanted):
            with WordPressServer() as server:
                if "posting" in wanted:
                    scenario = Posting(root / "posting", server, rng)
                    say(f"posting: one post takes {scenario.duration:.2f} s")
                    tallies.append(soak(scenario, Tally("posting"), args.trials, say))
                if "syncing" in wanted:
                    syncing = Syncing(root / "syncing", server, rng)
                    say(
                        "syncing: a full sync takes {full:.2f} s, an incremental one "
                        "{incremental:.2f} s".format(**syncing.duration)
                    )
                    tallies.append(soak(syncing, Tally("syncing"), args.trials, say))
        print(table(tallies))
        print(f"{sum(t.trials for t in tallies)} trials in {time.monotonic() - began:.0f} s")
    sys.exit(0 if all(t.clean for t in tallies) else 1)


if __name__ == "__main__":  # pragma: no cover
    main()
