"""Who holds a lease: a name for this process that outlives it, and whether the process a name
points at is demonstrably gone.

A name is ``HOST BOOT PID START``: the host name, the kernel's boot id, the process id and the
process's start time (clock ticks after boot), the last three read from ``/proc`` on Linux
(``-`` where there is no ``/proc``). A pid alone is not enough: after the process dies another
one may get its number, but not its start time. "Gone" is only ever said when it is certain:
the same host and a different boot (the machine restarted), no process with that pid, a
process with that pid that started at another moment, or one that has already exited and
waits to be reaped (a zombie). A name from another host, or one that cannot be checked,
counts as alive.
"""

from __future__ import annotations

import functools
import os
import socket
from pathlib import Path

_PROC = Path("/proc")
UNKNOWN = "-"


@functools.cache
def _boot_id() -> str:
    try:
        return (_PROC / "sys/kernel/random/boot_id").read_text().strip() or UNKNOWN
    except OSError:
        return UNKNOWN


def _stat(pid: int) -> tuple[str, str] | None:
    """(state, start time) of a process from ``/proc/PID/stat``; None when unreadable."""
    try:
        text = (_PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    # The command name (field 2) may hold spaces and parentheses: split after its last ')'.
    fields = text[text.rfind(")") + 2 :].split()
    if len(fields) < 20:
        return None
    return fields[0], fields[19]


@functools.cache
def _name_of(pid: int) -> str:
    stat = _stat(pid)
    start = stat[1] if stat else UNKNOWN
    host = socket.gethostname().replace(" ", "_") or UNKNOWN
    return f"{host} {_boot_id()} {pid} {start}"


def this_process() -> str:
    """The name of this process (a fork gets its own)."""
    return _name_of(os.getpid())


def is_gone(name: str) -> bool:
    """True only when the process called ``name`` has certainly ended (see the module doc)."""
    parts = name.split()
    if len(parts) != 4 or not parts[2].isdigit():
        return False
    host, boot, pid_text, start = parts
    if host != this_process().split()[0]:
        return False
    if UNKNOWN not in (boot, _boot_id()) and boot != _boot_id():
        return True
    pid = int(pid_text)
    if pid == os.getpid():  # this process, or one that had its pid before it
        return start not in (UNKNOWN, this_process().split()[3])
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        pass  # it exists, under another user
    except OSError:
        return False
    stat = _stat(pid)
    if stat is None:
        return False
    state, started = stat
    return state in ("Z", "X") or (start != UNKNOWN and started != start)
