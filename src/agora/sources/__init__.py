"""Importers: each turns one kind of input into an :class:`~agora.model.ImportBatch`.

They share one small interface (:class:`Importer`) and never touch the store; the store writes
a batch in one transaction. Every failure is an :class:`~agora.errors.ImportFailed` with a
one-line message.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from agora.errors import ImportFailed
from agora.model import ImportBatch

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


def _importers() -> list[Importer]:
    from agora.sources.htmlpage import HtmlImporter
    from agora.sources.markdown import MarkdownImporter
    from agora.sources.savedpage import SavedPageImporter
    from agora.sources.wxr import WxrImporter

    # Most specific first; the saved-page importer takes any other text.
    return [WxrImporter(), HtmlImporter(), MarkdownImporter(), SavedPageImporter()]


def read_input(path: Path) -> bytes:
    """Read a file for import, turning OS errors into one clear line."""
    try:
        if path.is_dir():
            raise ImportFailed(f"{path}: is a directory, not a file")
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise ImportFailed(f"{path}: too large to import ({size} bytes)")
        return path.read_bytes()
    except FileNotFoundError:
        raise ImportFailed(f"{path}: no such file") from None
    except PermissionError:
        raise ImportFailed(f"{path}: permission denied") from None
    except OSError as exc:
        raise ImportFailed(f"{path}: cannot read ({exc.strerror or exc})") from None


def parse_file(path: Path | str) -> ImportBatch:
    """Pick the importer for ``path`` and parse it."""
    path = Path(path).expanduser()
    data = read_input(path)
    head = data[:4096].decode("utf-8", errors="replace")
    for importer in _importers():
        if importer.sniff(path, head):
            return importer.parse(path, data)
    raise ImportFailed(f"{path}: not a kind of file agora can import")  # pragma: no cover
