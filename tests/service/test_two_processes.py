"""Two agora processes on one home: one importing in bulk, one posting. Nothing is lost and
no 'database is locked' reaches the user."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

IMPORTER = r"""
import sys
from datetime import UTC, datetime
from agora.core.model import ImportBatch, ImportedArticle, ImportedComment
from agora.service.library import Library

library = Library.open()
for round in range(6):
    comments = [ImportedComment(f"{round}-{i}", None, f"Reader {i}", "words " * 40,
                                created=datetime(2024, 1, 1, tzinfo=UTC)) for i in range(4000)]
    article = ImportedArticle(f"bulk{round}", f"Bulk {round}", "body", comments=comments)
    batch = ImportBatch("file", f"/bulk{round}", f"bulk{round}", [article])
    library.store.imports.add(batch)
print("imported")
"""


def test_a_bulk_import_and_posts_at_once(tmp_path: Path) -> None:
    env = {**os.environ, "AGORA_HOME": str(tmp_path)}
    agora = [sys.executable, "-m", "agora"]
    seed = subprocess.run(
        [*agora, "post", "0", "--body", "x"], env=env, capture_output=True, text=True
    )
    assert seed.returncode == 2  # no article 0 yet: a clear error
    subprocess.run(
        [
            sys.executable,
            "-c",
            "from agora.service.library import Library; Library.open().ensure_welcome()",
        ],
        env=env,
        check=True,
    )
    importer = subprocess.Popen(
        [sys.executable, "-c", IMPORTER],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    posted = []
    for i in range(15):
        result = subprocess.run(
            [
                *agora,
                "post",
                "1",
                "--name",
                "Poster",
                "--email",
                "p@example.org",
                "--body",
                f"concurrent comment {i}",
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        assert "locked" not in result.stderr
        posted.append(int(result.stdout))
    _out, err = importer.communicate(timeout=300)
    assert importer.returncode == 0, err
    assert "locked" not in err

    export = subprocess.run(
        [*agora, "export", "1"], env=env, capture_output=True, text=True, check=True
    )
    ids = {c["id"] for c in json.loads(export.stdout)["comments"]}
    assert set(posted) <= ids
    listing = json.loads(
        subprocess.run(
            [*agora, "list", "--json"], env=env, capture_output=True, text=True, check=True
        ).stdout
    )
    assert sum(a["comments"] for a in listing if a["title"].startswith("Bulk")) == 6 * 4000
    check = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sqlite3,sys; print(sqlite3.connect(sys.argv[1])"
            ".execute('PRAGMA integrity_check').fetchone()[0])",
            str(tmp_path / "agora.db"),
        ],
        capture_output=True,
        text=True,
    )
    assert check.stdout.strip() == "ok"


def test_a_corrupt_database_is_reported_not_overwritten(tmp_path: Path) -> None:
    db = tmp_path / "agora.db"
    db.write_bytes(b"garbage" * 1000)
    env = {**os.environ, "AGORA_HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "agora", "list"], env=env, capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "agora.db.bak" in result.stderr and "Traceback" not in result.stderr
    assert db.read_bytes() == b"garbage" * 1000
