"""A disk that fills up, a home that turns read-only: the text being written is never lost.

In the app (writes made to fail inside the store, as SQLite fails them): one clear warning,
the text kept in the composer and in memory, saved by itself once writes work again; a post
the disk refuses gives the text back. For real, as root: a tiny tmpfs (in a user and mount
namespace, so no privileges are needed) that agora fills while typing, and a home bind-mounted
read-only for the CLI (root ignores file modes, so ``chmod`` would prove nothing).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Static, TextArea

import agora.store.access as access_module
import agora.ui.screens.composer as composer_module
from agora.core.errors import StoreError
from agora.service.library import Library
from agora.ui.app import AgoraApp
from agora.ui.draft_keeper import DraftKeeper, Target, save_problem
from agora.ui.screens.article import ArticleScreen
from tests.pilot import notifications, wait_for
from tests.service.test_kill_draft import CTRL_S, Terminal, open_welcome_comments
from tests.ui.test_ui_compose import (
    aid,  # noqa: F401 - a fixture
    composer,
    jane,  # noqa: F401 - a fixture
    open_article,
    own_comments,
    type_text,
)

CTRL_Q = b"\x11"
FULL = "database or disk is full"
READ_ONLY = "attempt to write a readonly database"
WARNING = (
    "Cannot save your draft: the disk is full; it is kept in memory and will be saved when "
    "possible."
)


class FailingWrites:
    """Every store write fails like SQLite does (``sqlite3.OperationalError``) while ``on``."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, message: str = FULL) -> None:
        self.on = False
        self.message = message
        self.refused = 0
        real = access_module.immediate

        @contextlib.contextmanager
        def immediate(db: object) -> Iterator[None]:
            if self.on:
                self.refused += 1
                raise sqlite3.OperationalError(self.message)
            with real(db):
                yield

        monkeypatch.setattr(access_module, "immediate", immediate)


@pytest.fixture
def fast_retry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(composer_module, "SAVE_RETRY", 0.2)


def status_line(app: AgoraApp) -> str:
    return str(app.screen.query_one("#composer-message", Static).render())


# -- the keeper ----------------------------------------------------------------------------------
def test_an_early_save_running_late_never_overwrites_newer_text(
    library: Library,
    aid: int,  # noqa: F811
) -> None:
    keeper = DraftKeeper(library, Target(aid))
    early = keeper.remember("early text")
    later = keeper.remember("early text, then more")
    keeper.save("early text, then more", later)
    keeper.save("early text", early)  # the first worker ran last
    assert library.draft(aid, None).body == "early text, then more"


def test_a_post_the_disk_refuses_keeps_the_text_in_memory(
    library: Library,
    aid: int,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    identity = library.use_guest("Jane Doe", "jane@example.org")
    keeper = DraftKeeper(library, Target(aid))
    writes = FailingWrites(monkeypatch)
    writes.on = True
    with pytest.raises(StoreError, match=FULL):  # the post's own error, not the draft's
        keeper.commit("final", lambda: library.post(aid, None, "final", identity))
    assert keeper.unsaved and keeper.problem is not None and FULL in keeper.problem
    assert keeper.load() == "final"
    writes.on = False
    keeper.save("final", keeper.generation)
    assert not keeper.unsaved and keeper.problem is None
    assert library.draft(aid, None).body == "final"


@pytest.mark.parametrize(
    ("error", "said"),
    [
        (f"could not save to /home/full-time/agora.db: {FULL}", "the disk is full"),
        (f"could not save to /srv/locked/agora.db: {READ_ONLY}", "the database is read-only"),
        ("could not save to /srv/a.db: disk I/O error", "the disk could not be written"),
        (
            "could not save to /srv/full/a.db: something new.",
            "could not save to /srv/full/a.db: something new",
        ),
    ],
)
def test_why_a_draft_was_not_saved_reads_the_error_not_the_path(error: str, said: str) -> None:
    assert save_problem(error) == said


# -- in the app, writes failing inside the store ------------------------------------------------
@pytest.mark.parametrize(
    ("message", "reason"), [(FULL, "the disk is full"), (READ_ONLY, "the database is read-only")]
)
async def test_typing_while_writes_fail_keeps_the_text_and_saves_it_later(
    library: Library,
    aid: int,  # noqa: F811
    jane: None,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    fast_retry: None,
    message: str,
    reason: str,
) -> None:
    writes = FailingWrites(monkeypatch, message)
    app = AgoraApp(library, open_article=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_article(pilot)
        await pilot.press("c")
        await composer(pilot)
        writes.on = True
        text = "Written while"
        await type_text(pilot, text)
        await wait_for(pilot, lambda: writes.refused >= 1)
        for more in (" the disk", " is full", " or read-only"):
            await type_text(pilot, more)
            text += more
            await pilot.pause(0.7)  # a save per pause, and retries in between: all refused
        assert writes.refused >= 4
        warning = f"Cannot save your draft: {reason}; it is kept in memory and will be saved"
        assert notifications(app).count(warning) == 1, notifications(app)  # once, not per save
        assert "Something went wrong" not in notifications(app)
        assert app.screen.query_one(TextArea).text == text
        assert f"Draft not saved ({reason}): kept in memory" in status_line(app)
        assert library.draft(aid, None) is None

        await pilot.press("escape")  # closing keeps it in memory...
        await wait_for(pilot, lambda: isinstance(app.screen, ArticleScreen))
        await pilot.press("c")
        screen = await composer(pilot)
        assert screen.query_one(TextArea).text == text  # ...and reopening shows it again
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ArticleScreen))

        writes.on = False  # space freed: the retry saves it, with no key pressed
        await wait_for(pilot, lambda: (d := library.draft(aid, None)) and d.body == text)
        await wait_for(pilot, lambda: "Your draft is saved now." in notifications(app))
        assert notifications(app).count(warning) == 1

        await pilot.press("c")  # the composer no longer warns
        await composer(pilot)
        assert "not saved" not in status_line(app)


async def test_posting_while_the_disk_is_full_keeps_the_text(
    library: Library,
    aid: int,  # noqa: F811
    jane: None,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    fast_retry: None,
) -> None:
    writes = FailingWrites(monkeypatch)
    app = AgoraApp(library, open_article=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_article(pilot)
        await pilot.press("c")
        await composer(pilot)
        await type_text(pilot, "Saved before")
        await wait_for(pilot, lambda: (d := library.draft(aid, None)) and d.body == "Saved before")
        writes.on = True
        await type_text(pilot, ", posted after the disk filled")
        await pilot.press("ctrl+s")  # at once: the end of the text was never saved
        text = "Saved before, posted after the disk filled"
        await wait_for(pilot, lambda: FULL in notifications(app))
        screen = await composer(pilot)  # back, with every word
        assert screen.query_one(TextArea).text == text
        assert WARNING in notifications(app)
        assert "Draft not saved (the disk is full)" in status_line(app)
        assert library.draft(aid, None).body == "Saved before"
        assert own_comments(library, aid) == []

        writes.on = False
        await wait_for(pilot, lambda: library.draft(aid, None).body == text)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: own_comments(library, aid))
        assert [c.body for c in own_comments(library, aid)] == [text]
        assert library.drafts() == []


# -- for real: a full tmpfs, a read-only bind mount --------------------------------------------
def _namespaces_work() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = Path(__file__).parent  # any directory: mounted over in a throw-away namespace
    result = subprocess.run(
        ["unshare", "-Urm", "sh", "-c", f"mount -t tmpfs -o size=64k tmpfs {probe}"],
        capture_output=True,
    )
    return result.returncode == 0


needs_namespaces = pytest.mark.skipif(
    sys.platform != "linux" or not _namespaces_work(),
    reason="needs unshare(1) and user namespaces to mount a small tmpfs without privileges",
)


def seeded_home(path: Path) -> Path:
    """A home with the welcome article and a guest identity, closed cleanly (no WAL left)."""
    path.mkdir(parents=True, exist_ok=True)
    library = Library.open(path)
    library.ensure_welcome()
    library.use_guest("Jane Doe", "jane@example.org")
    library.close()
    return path


def fill(directory: Path) -> Path:
    """Take every free byte of ``directory``'s filesystem; returns the file to delete."""
    filler = directory / "filler"
    with open(filler, "wb", buffering=0) as handle:
        for size in (1 << 20, 4096, 1):
            with contextlib.suppress(OSError):  # ENOSPC: on to smaller pieces
                while handle.write(bytes(size)):
                    pass
    return filler


@contextlib.contextmanager
def snapshot(home: Path, into: Path) -> Iterator[sqlite3.Connection]:
    """The database in ``home`` as it is now, copied out (SQLite resolves ``/proc/PID/root``
    to our own ``/``, so it cannot open the file through it) and opened."""
    shutil.rmtree(into, ignore_errors=True)
    into.mkdir()
    for name in ("agora.db", "agora.db-wal"):
        if (home / name).exists():
            shutil.copyfile(home / name, into / name)
    db = sqlite3.connect(into / "agora.db")
    try:
        yield db
    finally:
        db.close()


class NamespacedTerminal(Terminal):
    """``python -m agora`` in a pseudo-terminal (as :class:`Terminal`), its home a copy of
    ``seed`` on a tmpfs of ``size`` in a mount namespace of its own."""

    def __init__(self, seed: Path, mountpoint: Path, size: str) -> None:
        self.mountpoint = mountpoint
        script = (
            f"mount -t tmpfs -o size={size} tmpfs {mountpoint} && "
            f"cp {seed}/agora.db {mountpoint}/ && exec {sys.executable} -m agora"
        )
        super().__init__(mountpoint, ["unshare", "-Urm", "sh", "-c", script])

    @property
    def home(self) -> Path:
        """The home as this process sees it (through the app's view of the mounts)."""
        return Path(f"/proc/{self.proc.pid}/root") / str(self.mountpoint).lstrip("/")


@contextlib.contextmanager
def composing_on_a_small_disk(tmp_path: Path) -> Iterator[NamespacedTerminal]:
    """agora on a 4 MB home with the composer open on the welcome article."""
    mountpoint = tmp_path / "home"
    mountpoint.mkdir()
    term = NamespacedTerminal(seeded_home(tmp_path / "seed"), mountpoint, "4m")
    try:
        open_welcome_comments(term)
        term.send(b"c")
        term.wait_for(b"Commenting as")
        yield term
    finally:
        term.close()


@needs_namespaces
def test_a_real_full_disk_while_typing_and_posting(tmp_path: Path) -> None:
    with composing_on_a_small_disk(tmp_path) as term:
        term.type("Saved before the disk filled.")
        term.read(1.5)
        filler = fill(term.home)
        term.type(" Typed on a full disk.")
        term.wait_for(b"Cannot save your draft: the disk is full")
        term.wait_for(b"Draft not saved (the disk is full)")
        term.send(CTRL_S, 1.0)  # posting cannot store it either
        term.wait_for(b"database or disk is full")
        term.wait_for(b"Typed on a full disk.")  # the composer is back with the text

        def stored(sql: str) -> list[tuple]:
            with snapshot(term.home, tmp_path / "copy") as db:
                return db.execute(sql).fetchall()

        assert stored("SELECT body FROM drafts") == [("Saved before the disk filled.",)]
        filler.unlink()  # space again: saved by itself, no key pressed
        term.wait_for(b"Your draft is saved now.", timeout=10)
        assert stored("SELECT body FROM drafts") == [
            ("Saved before the disk filled. Typed on a full disk.",)
        ]
        assert stored("SELECT count(*) FROM comments WHERE is_own") == [(0,)]
        term.send(CTRL_S, 1.0)
        term.wait_for(b"Your comment was posted")
        own = stored("SELECT body FROM comments WHERE is_own")
        assert own == [("Saved before the disk filled. Typed on a full disk.",)]
        assert stored("SELECT count(*) FROM drafts") == [(0,)]
        assert stored("PRAGMA integrity_check") == [("ok",)]


@needs_namespaces
def test_quitting_while_the_disk_is_full_prints_the_draft(tmp_path: Path) -> None:
    with composing_on_a_small_disk(tmp_path) as term:
        term.read(0.5)
        fill(term.home)
        term.type("Nowhere to save this.")
        term.wait_for(b"Cannot save your draft: the disk is full")
        term.send(CTRL_Q, 1.0)  # quit with the disk still full
        term.wait_for(b"1 draft could not be saved")
        term.wait_for(b"Nowhere to save this.")
        assert term.proc.wait(10) == 3


def run_in_namespace(script: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["unshare", "-Urm", "sh", "-c", script],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@needs_namespaces
def test_cli_on_a_read_only_home_fails_in_one_line(tmp_path: Path) -> None:
    home = seeded_home(tmp_path / "home")
    before = (home / "agora.db").read_bytes()
    agora = f"{sys.executable} -m agora"
    result = run_in_namespace(
        f"mount --bind {home} {home} && mount -o remount,bind,ro {home} && "
        f"{agora} post 1 --body 'Read-only'; echo rc=$?; {agora} list; echo rc=$?; "
        f"AGORA_HOME={home}/new {agora} list; echo rc=$?",
        AGORA_HOME=str(home),
    )
    assert result.stdout.split() == ["rc=2", "rc=2", "rc=2"], result
    lines = result.stderr.splitlines()
    assert len(lines) == 3 and all(line.startswith("agora: ") for line in lines), lines
    assert "Traceback" not in result.stderr
    assert (home / "agora.db").read_bytes() == before


@needs_namespaces
def test_cli_on_a_read_only_home_says_why(tmp_path: Path) -> None:
    home = seeded_home(tmp_path / "home")
    result = run_in_namespace(
        f"mount --bind {home} {home} && mount -o remount,bind,ro {home} && "
        f"{sys.executable} -m agora list",
        AGORA_HOME=str(home),
    )
    assert result.returncode == 2
    assert "read-only" in result.stderr and "move it aside" not in result.stderr


@needs_namespaces
def test_cli_post_on_a_full_disk_fails_in_one_line(tmp_path: Path) -> None:
    """Another agora holds the database open (so its shared memory exists) when the disk
    fills: the CLI's post is refused with one line, and nothing is half-written."""
    seed = seeded_home(tmp_path / "seed")
    home = tmp_path / "home"
    home.mkdir()
    holder = tmp_path / "holder.py"
    holder.write_text(
        textwrap.dedent(
            f"""
            import subprocess, sys
            from pathlib import Path
            from agora.service.library import Library

            library = Library.open()  # like an open app: its -shm and -wal files exist
            with open(Path({str(home)!r}) / "filler", "wb", buffering=0) as filler:
                try:
                    while filler.write(bytes(4096)):
                        pass
                except OSError:
                    pass
            post = [sys.executable, "-m", "agora", "post", "1", "--body", "No room"]
            result = subprocess.run(post, capture_output=True, text=True)
            print(result.returncode)
            sys.stderr.write(result.stderr)
            print(library.store.scalar("SELECT count(*) FROM comments WHERE is_own"))
            print(library.store.scalar("PRAGMA integrity_check"))
            """
        )
    )
    result = run_in_namespace(
        f"mount -t tmpfs -o size=2m tmpfs {home} && cp {seed}/agora.db {home}/ && "
        f"{sys.executable} {holder}",
        AGORA_HOME=str(home),
    )
    assert result.stdout.split() == ["2", "0", "ok"], result
    [line] = result.stderr.splitlines()
    assert line.startswith("agora: ") and "disk is full" in line, line


@needs_namespaces
def test_cli_on_a_full_disk_says_so_when_opening(tmp_path: Path) -> None:
    seed = seeded_home(tmp_path / "seed")
    home = tmp_path / "home"
    home.mkdir()
    result = run_in_namespace(
        f"mount -t tmpfs -o size=1m tmpfs {home} && cp {seed}/agora.db {home}/ && "
        f"cat /dev/zero > {home}/filler 2>/dev/null; {sys.executable} -m agora list",
        AGORA_HOME=str(home),
    )
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert "full" in line and "move it aside" not in line, line
