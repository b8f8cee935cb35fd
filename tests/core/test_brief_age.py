"""The article list's Activity column: short ages that never outgrow their column."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from agora.core.humanize import BRIEF_WIDTH, brief_age

NOW = datetime(2026, 5, 1, 12, tzinfo=UTC)


def test_brief_ages() -> None:
    ago = [
        timedelta(seconds=5),
        timedelta(minutes=3),
        timedelta(hours=5),
        timedelta(days=2),
        timedelta(days=15),
        timedelta(days=200),
        timedelta(days=800),
    ]
    assert [brief_age(NOW - d, NOW) for d in ago] == [
        "now",
        "3m ago",
        "5h ago",
        "2d ago",
        "2w ago",
        "6mo ago",
        "2y ago",
    ]
    assert brief_age(None, NOW) == ""
    assert brief_age(NOW + timedelta(days=3), NOW) == "now"  # a clock ahead of ours
    assert brief_age(datetime(2026, 5, 1, 11), NOW) == "1h ago"  # naive: read as UTC


@given(st.datetimes(max_value=datetime(9000, 1, 1), timezones=st.just(UTC)))
def test_a_brief_age_fits_its_column(when: datetime) -> None:
    assert len(brief_age(when, NOW)) <= BRIEF_WIDTH
