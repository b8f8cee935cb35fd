"""What the sources screen's table shows of each source, as plain text."""

from __future__ import annotations

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
#: The longest a name or an error is in the table (the line below shows it whole).
CELL_MAX = 28


def _cut(text: str, width: int = CELL_MAX) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def account_text(source: SourceInfo) -> str:
    """Who you are there: the account's name, 'guest', or '—' for a feed."""
    if not source.is_site:
        return "—"
    return source.account or "guest"


def row_cells(source: SourceInfo) -> tuple[str, ...]:
    return (
        source.label,
        _cut(source.name),
        _cut(account_text(source), 20),
        relative_time(source.synced) or "never",
        f"{source.articles:,}",
        _cut(source.last_error) or "—",
    )
