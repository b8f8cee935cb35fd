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


_UNIT = {"utf-16": 2, "utf-32": 4}
#: Characters text never holds (C0 and C1 controls but tab, line breaks and form feed).
_CONTROLS = frozenset(map(chr, [*range(0x09), 0x0B, *range(0x0E, 0x20), *range(0x7F, 0xA0)]))


def binary_behind_bom(data: bytes) -> bool:
    """True when ``data`` starts with a UTF-16 or UTF-32 byte-order mark but what follows is
    no text in that encoding: a length that is not whole characters, code units that do not
    decode, control characters, or the signs of bytes read two at a time that never were:
    many characters ending in a zero byte (U+xx00), or not one space, line break or ASCII
    character in it (``\xff\xfe\x00garbage\x00\x81`` would read as "最牡慢敧脀")."""
    encoding = bom_encoding(data)
    unit = _UNIT.get(encoding or "")
    if unit is None:
        return False  # UTF-8's mark: decode_text's checks see the bytes as they are
    body = data[unit:]
    if len(body) % unit:
        return True
    try:
        text = data.decode(encoding or "", errors="strict")
    except UnicodeDecodeError:
        return True
    sample = text[:65_536]
    if not sample:
        return False
    if any(ch in _CONTROLS for ch in sample):
        return True
    if unit == 2:
        low = 0 if data.startswith(codecs.BOM_UTF16_LE) else 1  # where a U+xx00's zero is
        units = body[: 2 * len(sample)]
        zeros = sum(1 for i in range(low, len(units), 2) if units[i] == 0 and units[i ^ 1])
        if len(units) >= 64 and 4 * zeros > len(units) // 2:
            return True
    return not any(ch.isspace() or ch.isascii() for ch in sample)


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
    if binary_behind_bom(data):
        raise fail(path, "looks like a binary file, not text (despite its byte-order mark)")
    return data
