"""Friendly renderings of times and counts."""

from __future__ import annotations

from datetime import UTC, datetime

_UNITS = [
    (365 * 86400, "year"),
    (30 * 86400, "month"),
    (7 * 86400, "week"),
    (86400, "day"),
    (3600, "hour"),
    (60, "minute"),
]


def current_time() -> datetime:
    """Now, in UTC (one place to stop the clock in tests)."""
    return datetime.now(UTC)


def relative_time(when: datetime | None, now: datetime | None = None) -> str:
    """'3 hours ago', 'just now', 'in 2 days'; '' for an unknown time."""
    if when is None:
        return ""
    now = now or current_time()
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    seconds = int((now - when).total_seconds())
    future = seconds < 0
    seconds = abs(seconds)
    if seconds < 60:
        return "just now"
    for size, name in _UNITS:
        if seconds >= size:
            count = seconds // size
            label = f"{count} {name}{'s' if count != 1 else ''}"
            return f"in {label}" if future else f"{label} ago"
    return "just now"  # pragma: no cover


_BRIEF = ["y", "mo", "w", "d", "h", "m"]
#: The widest :func:`brief_age` ("11mo ago").
BRIEF_WIDTH = 8


def brief_age(when: datetime | None, now: datetime | None = None) -> str:
    """'3h ago', '2d ago', '5mo ago', 'now'; '' for an unknown time (at most 8 cells)."""
    if when is None:
        return ""
    now = now or current_time()
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    seconds = max(0, int((now - when).total_seconds()))  # a clock ahead reads as now
    for (size, _), short in zip(_UNITS, _BRIEF, strict=True):
        if seconds >= size:
            return f"{min(seconds // size, 99)}{short} ago"
    return "now"


def plural(count: int, word: str, many: str | None = None) -> str:
    """'1 comment', '2 comments', '10,000 comments'."""
    return f"{count:,} {word if count == 1 else (many or word + 's')}"
