"""How the article list is sorted and filtered (pure: the store turns it into SQL)."""

from __future__ import annotations

from dataclasses import dataclass

#: The sorts, in the order the sort key cycles through them; the first is the default.
SORTS: tuple[str, ...] = ("newest", "activity", "comments", "unread")
SORT_LABELS: dict[str, str] = {
    "newest": "newest",
    "activity": "last activity",
    "comments": "most comments",
    "unread": "unread first",
}
DEFAULT_SORT = SORTS[0]
#: Setting: the sort the user chose last.
SORT_SETTING = "articles.sort"


def valid_sort(sort: str | None) -> str:
    """``sort`` when it is a known sort, else the default (for remembered settings)."""
    return sort if sort in SORTS else DEFAULT_SORT


def next_sort(sort: str) -> str:
    """The sort after ``sort`` in the cycle."""
    return SORTS[(SORTS.index(valid_sort(sort)) + 1) % len(SORTS)]


@dataclass(frozen=True, slots=True)
class ArticleView:
    """Which articles the list shows, and in what order."""

    sort: str = DEFAULT_SORT
    source_id: int | None = None  #: only this source's articles
    unread_only: bool = False  #: only articles never opened or with new comments
