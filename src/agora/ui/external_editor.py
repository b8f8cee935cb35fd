"""Writing a comment in the user's own editor ($VISUAL or $EDITOR), with the app suspended."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path

from textual.app import App, SuspendNotSupported

from agora.core.errors import AgoraError
from agora.core.text import sanitize


def run_editor(app: App, command: str, text: str) -> str:
    """Hand ``text`` to the user's editor (the app is suspended meanwhile); return the result."""
    try:
        argv = shlex.split(command)
    except ValueError:
        argv = []
    if not argv:
        raise AgoraError(f"Cannot understand the editor command {command!r}.")
    fd, name = tempfile.mkstemp(prefix="agora-comment-", suffix=".md")
    path = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        try:
            with app.suspend():
                code = subprocess.call([*argv, str(path)])
        except SuspendNotSupported:
            raise AgoraError("This terminal cannot hand over to an editor.") from None
        except OSError as exc:
            raise AgoraError(f"Could not start {argv[0]}: {exc.strerror or exc}.") from None
        if code != 0:
            raise AgoraError(f"{argv[0]} exited with status {code}; your text was not changed.")
        return sanitize(path.read_text(encoding="utf-8", errors="replace")).rstrip("\n")
    finally:
        path.unlink(missing_ok=True)
