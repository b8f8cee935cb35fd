"""kill -9 of a real ``agora post`` to a real Isso, at moments spread over the command's life,
then ``agora sync``: the comment is on the server once and in the store once (or, killed before
it was stored, nowhere), never twice. Seeded, so each run picks the same moments."""

from __future__ import annotations

import random
import subprocess
import time
import uuid
from pathlib import Path

from tests.benchmarks.soak_kill import AGORA, agora_env, kill_after, query, run_agora
from tests.isso.server import Blog, IssoServer
from tests.isso.test_isso_sync import unique_path


def test_kill_while_posting_to_isso(tmp_path: Path, isso: IssoServer, blog: Blog) -> None:
    home = tmp_path / "home"
    home.mkdir()
    path = unique_path("kill")
    url = blog.page(path, "Kill me while I post", isso.url)
    for args in (("site", "add", url), ("sync", "--posts", "0")):
        assert run_agora(home, *args).returncode == 0
    [(article,)] = query(home / "agora.db", "SELECT id FROM articles WHERE origin_id = ?", (path,))

    def command(body: str) -> list[str]:
        who = ["--name", "Killed Kim", "--email", "kim@example.com"]
        return [*AGORA, "post", str(article), *who, "--body", body]

    began = time.monotonic()
    assert subprocess.run(command("A first, whole post"), env=agora_env(home)).returncode == 0
    duration = time.monotonic() - began
    rng = random.Random(13)
    problems = []
    outcomes: list = []
    for trial, share in enumerate((0.45, 0.6, 0.7, 0.8, 0.9), start=1):
        body = f"Killed post {trial} {uuid.uuid4().hex[:8]}"
        proc = subprocess.Popen(command(body), env=agora_env(home))
        killed = kill_after(proc, duration * (share + rng.uniform(-0.03, 0.03)))
        before = query(
            home / "agora.db",
            "SELECT o.action FROM comments c JOIN outbox o ON o.comment_id = c.id WHERE c.body = ?",
            (body,),
        )
        assert run_agora(home, "sync", "--posts", "0").returncode == 0
        on_server = [c for c in isso.thread(path) if body in c["text"]]
        stored = query(
            home / "agora.db", "SELECT origin_id, status FROM comments WHERE body = ?", (body,)
        )
        pending = [s for s in stored if s[1] == "pending"]
        outcomes.append((killed, before, len(on_server), [s[1] for s in stored]))
        if len(on_server) > 1 or len(stored) > 1:
            problems.append(f"trial {trial}: {len(on_server)} on the server, {stored} stored")
        elif stored and not pending and [str(c["id"]) for c in on_server] != [stored[0][0]]:
            problems.append(f"trial {trial}: stored {stored}, server has {on_server}")
        elif on_server and not stored:
            problems.append(f"trial {trial}: on the server but not in the store")
    print("killed?, outbox before the sync, on the server, stored:", outcomes)
    assert problems == [], outcomes
