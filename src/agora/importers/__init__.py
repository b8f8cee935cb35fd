"""Importers: each turns one kind of input into an :class:`~agora.core.model.ImportBatch`.

They share one small interface (:class:`~.interface.Importer`) and never touch the store; the
store writes a batch in one transaction. Every failure is an
:class:`~agora.core.errors.ImportFailed` with a one-line message.
"""

from __future__ import annotations

from pathlib import Path

from agora.core.model import ImportBatch
from agora.importers.interface import Importer, bom_encoding, fail, read_input


def _importers() -> list[Importer]:
    from agora.importers.htmlpage import HtmlImporter
    from agora.importers.markdown import MarkdownImporter
    from agora.importers.savedpage import SavedPageImporter
    from agora.importers.wxr import WxrImporter

    # Most specific first; the saved-page importer takes any other text.
    return [WxrImporter(), HtmlImporter(), MarkdownImporter(), SavedPageImporter()]


def _head(data: bytes) -> str:
    """The first 4 KiB as text for sniffing: in the encoding a byte-order mark gives, else
    UTF-8."""
    return data[:4096].decode(bom_encoding(data) or "utf-8", errors="replace")


def parse_file(path: Path | str) -> ImportBatch:
    """Pick the importer for ``path`` and parse it."""
    try:
        path = Path(path).expanduser()
    except RuntimeError:  # "~someone" with no such user
        raise fail(Path(path), "no such user's home directory") from None
    data = read_input(path)
    head = _head(data)
    for importer in _importers():
        if importer.sniff(path, head):
            return importer.parse(path, data)
    raise fail(path, "not a kind of file agora can import")  # pragma: no cover
