"""Two agora processes on one home at once, against a real WordPress: one syncing (full
re-reads of a thousand comments, so it writes all the time), the other posting. No "database
is locked" reaches the user, nothing is lost and nothing is sent twice."""

from __future__ import annotations

import datetime as dt
import threading
import time
import uuid
from pathlib import Path

from tests.benchmarks.soak_kill import integrity_problems, query, run_agora
from tests.wordpress.server import WordPressServer
from tests.wpsites import approved_guest


def test_sync_and_post_at_once(tmp_path: Path, wordpress: WordPressServer) -> None:
    tag = uuid.uuid4().hex[:8]
    busy = wordpress.create_post(f"Busy {tag}")
    wordpress.bulk_comments(busy, 1000, parents=[i // 2 if i % 3 else None for i in range(1000)])
    quiet = wordpress.create_post(f"Quiet {tag}")
    name, email = approved_guest(wordpress, quiet, "Concurrent")
    home = tmp_path / "home"
    for url in (wordpress.post_url(busy), wordpress.post_url(quiet)):
        assert run_agora(home, "site", "add", url).returncode == 0
    assert run_agora(home, "sync", "--posts", "0").returncode == 0
    db = home / "agora.db"
    [(article,)] = query(db, "SELECT id FROM articles WHERE origin_id = ?", (str(quiet),))

    syncs: list = []
    stop = threading.Event()

    syncing: list[tuple[float, float]] = []  # when each sync ran

    def keep_syncing() -> None:
        while not stop.is_set():
            wordpress.bulk_comments(busy, 30, start=dt.datetime.now(dt.UTC))
            began = time.monotonic()
            syncs.append(run_agora(home, "sync", "--posts", "0", "--full"))
            syncing.append((began, time.monotonic()))

    syncer = threading.Thread(target=keep_syncing)
    syncer.start()
    posts = []
    posting: list[tuple[float, float]] = []
    try:
        time.sleep(0.3)
        for i in range(10):
            body = f"Posted during a sync {i} {tag}"
            args = ["post", str(article), "--name", name, "--email", email, "--body", body]
            began = time.monotonic()
            posts.append((body, run_agora(home, *args)))
            posting.append((began, time.monotonic()))
    finally:
        stop.set()
        syncer.join(300)

    for result in [r for _, r in posts] + syncs:
        assert result.returncode == 0, result.stderr
        assert "locked" not in result.stderr and "Traceback" not in result.stderr
    states = [r.stdout.split()[1].rstrip(":") for _, r in posts]
    assert set(states) <= {"posted", "pending"}, states  # pending: the sync sent it
    overlapping = [p for p in posting if any(s[0] < p[1] and p[0] < s[1] for s in syncing)]
    assert len(overlapping) >= 8, (posting, syncing)  # they really ran at the same time

    final = run_agora(home, "sync", "--posts", "0")
    assert final.returncode == 0, final.stderr
    server = [c for c in wordpress.comments_of(quiet) if c["content"].startswith("Posted during")]
    assert sorted(c["content"] for c in server) == sorted(body for body, _ in posts)  # once each
    for body, _ in posts:
        rows = query(
            db,
            "SELECT c.origin_id, c.is_own, o.comment_id FROM comments c "
            "LEFT JOIN outbox o ON o.comment_id = c.id WHERE c.body = ?",
            (body,),
        )
        remote = next(str(c["id"]) for c in server if c["content"] == body)
        assert rows == [(remote, 1, None)], (body, rows)
    truth = {str(c["id"]) for c in wordpress.comments_of(busy) if c["status"] == "approved"}
    local = query(
        db,
        "SELECT c.origin_id FROM comments c JOIN articles a ON a.id = c.article_id "
        "WHERE a.origin_id = ?",
        (str(busy),),
    )
    assert sorted(r[0] for r in local) == sorted(truth)
    assert integrity_problems(db) == []
