"""What the sources screen's table shows of each source, as plain text."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size

from agora.core.humanize import relative_time
from agora.service.source_admin import SourceInfo

#: The table's columns: (key, label).
COLUMNS = (
    ("kind", "Kind"),
    ("name", "Name"),
    ("account", "Account"),
    ("synced", "Last sync"),
    ("articles", "Articles"),
    ("error", "Last error"),
)
#: The most cells a name, an account and an error take, on a narrow screen (under 100 cells)
#: and a wide one; the line below the table shows the selected one's whole.
NARROW = (16, 12, 10)
WIDE = (28, 20, 30)


def cut(text: str, width: int) -> str:
    """``text`` on one line, in at most ``width`` cells (cut with "…")."""
    text = " ".join(text.split())
    return text if cell_len(text) <= width else set_cell_size(text, width - 1) + "…"


def account_text(source: SourceInfo) -> str:
    """Who you are there: the account's name, 'guest', or '—' for a feed."""
    if not source.is_site:
        return "—"
    return source.account or "guest"


def row_cells(source: SourceInfo, screen_width: int = 120) -> tuple[str, ...]:
    """The text of each column (:data:`COLUMNS`) for ``source``."""
    name, account, error = NARROW if screen_width < 100 else WIDE
    return (
        source.label,
        cut(source.name, name),
        cut(account_text(source), account),
        relative_time(source.synced) or "never",
        f"{source.articles:>8,}",
        cut(source.last_error, error) or "—",
    )
