"""What every importer shares: the :class:`Importer` interface, reading an input file safely,
byte-order marks, and the one-line :func:`fail` error."""

from __future__ import annotations

import codecs
import stat
from pathlib import Path
from typing import Protocol

from agora.core.errors import ImportFailed
from agora.core.model import ImportBatch
from agora.core.text import sanitize_line

#: Largest input accepted, in bytes.
MAX_INPUT_BYTES = 512 * 1024 * 1024


class Importer(Protocol):
    """One kind of input."""

    kind: str

    def sniff(self, path: Path, head: str) -> bool:
        """True when this importer should read ``path`` (``head``: its first 4 KiB, decoded)."""
        ...

    def parse(self, path: Path, data: bytes) -> ImportBatch:
        """Parse the whole input; raise ImportFailed on anything unusable."""
        ...


#: Byte-order marks and the encodings they announce (UTF-32's first: it starts like UTF-16's).
BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


def bom_encoding(data: bytes) -> str | None:
    """The encoding a byte-order mark at the start of ``data`` announces, if any."""
    return next((encoding for bom, encoding in BOMS if data.startswith(bom)), None)


def fail(path: Path | str, reason: str) -> ImportFailed:
    """An ImportFailed whose message is one line, whatever the path holds: ``PATH: reason``."""
    return ImportFailed(sanitize_line(f"{path}: {reason}")[:500])


def read_input(path: Path) -> bytes:
    """Read a regular file for import, turning OS errors into one clear line.

    Anything else (a FIFO, a device, ``/dev/stdin``) is refused before it is opened: reading one
    could wait forever or never end.
    """
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise fail(path, "is a directory, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise fail(path, "is not a regular file (a pipe or a device?)")
        if info.st_size > MAX_INPUT_BYTES:
            raise fail(path, f"too large to import ({info.st_size:,} bytes)")
        with path.open("rb") as file:
            data = file.read(MAX_INPUT_BYTES + 1)  # the file may have grown since
    except FileNotFoundError:
        raise fail(path, "no such file") from None
    except PermissionError:
        raise fail(path, "permission denied") from None
    except OSError as exc:
        raise fail(path, f"cannot read ({exc.strerror or exc})") from None
    if len(data) > MAX_INPUT_BYTES:
        raise fail(path, f"too large to import (over {MAX_INPUT_BYTES:,} bytes)")
    return data
