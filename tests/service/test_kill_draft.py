"""A real agora process in a pseudo-terminal, killed with SIGKILL while the user types.

What was typed a second and a half before the kill must be in the database, and the next
launch must put it back in the composer.
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from agora.service.library import Library

pytestmark = pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")

ENTER, TAB, CTRL_S, CTRL_Q = b"\r", b"\t", b"\x13", b"\x11"
_ESCAPES = re.compile(rb"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")


def visible(output: bytes) -> bytes:
    """The text drawn, without the escape sequences between its pieces."""
    return _ESCAPES.sub(b"", output)


class Terminal:
    """``python -m agora`` (or ``command``, which runs it) in a 120x40 pseudo-terminal."""

    def __init__(self, home: Path, command: list[str] | None = None) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        env = {k: v for k, v in os.environ.items() if k not in ("VISUAL", "EDITOR", "TEXTUAL")}
        env.update(AGORA_HOME=str(home), TERM="xterm-256color", COLUMNS="120", LINES="40")
        self.proc = subprocess.Popen(
            command or [sys.executable, "-m", "agora"],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
        )
        os.close(slave)
        self.fd = master
        self.output = bytearray()
        self.mark = 0  # where the output after the last key starts

    def read(self, seconds: float) -> None:
        """Collect output for ``seconds`` (the app blocks if nobody reads it)."""
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:
                    return
                if not chunk:
                    return
                self.output += chunk

    def wait_for(self, text: bytes, timeout: float = 15.0) -> None:
        """Wait until ``text`` is drawn (after the last key sent)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if text in visible(self.output[self.mark :]):
                return
            self.read(0.1)
        shown = visible(self.output[self.mark :]).decode(errors="replace")
        raise AssertionError(f"{text!r} never appeared; the app drew:\n{shown[-3000:]}")

    def send(self, data: bytes, pause: float = 0.3) -> None:
        self.mark = len(self.output)
        os.write(self.fd, data)
        self.read(pause)

    def type(self, text: str) -> None:
        """Type like a person: a key at a time."""
        mark = len(self.output)
        for ch in text.encode():
            self.send(bytes([ch]), 0.02)
        self.mark = mark
        self.read(0.2)

    def kill(self) -> None:
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)

    def close(self) -> None:
        self.kill()
        os.close(self.fd)


def open_welcome_comments(term: Terminal) -> None:
    term.wait_for(b"1 article")  # the list (its only row is the welcome article)
    term.read(0.5)
    term.send(ENTER)
    term.wait_for(b"comments")
    term.read(0.5)
    term.send(TAB)


def test_kill_9_mid_typing_keeps_the_draft(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    text = "Typed in a real terminal,\rthen the power went out."
    expected = text.replace("\r", "\n")

    term = Terminal(home)
    try:
        open_welcome_comments(term)
        term.send(b"c")
        term.wait_for(b"Fill in your details")
        term.type("Jane Doe")
        term.send(TAB)
        term.type("jane@example.org")
        term.send(ENTER)
        term.wait_for(b"Commenting as")
        term.type(text)
        term.read(1.5)
        assert term.proc.poll() is None, "agora exited early"
        term.kill()  # SIGKILL: no chance to save anything on the way out
    finally:
        term.close()

    library = Library.open(home)
    try:
        [article] = library.article_entries()
        draft = library.draft(article.id, None)
        assert draft is not None, "the draft was lost"
        assert draft.body == expected
        assert library.current_identity() is not None
    finally:
        library.close()

    term = Terminal(home)
    try:
        open_welcome_comments(term)
        term.send(b"c")
        term.wait_for(b"then the power went out.")  # the composer shows the draft again
        term.send(CTRL_S, 1.0)
        term.send(CTRL_Q, 1.0)
        term.proc.wait(10)
    finally:
        term.close()

    library = Library.open(home)
    try:
        posted = [c for c in library.comments(range(1, 100)).values() if c.is_own]
        assert [c.body for c in posted] == [expected]
        assert library.drafts() == []
    finally:
        library.close()
