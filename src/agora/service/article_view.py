"""The article list's sort (kept in settings) and marking articles read or unread."""

from __future__ import annotations

from agora.core.article_sort import SORT_SETTING, valid_sort
from agora.service.library import Library


def remember_sort(library: Library, sort: str) -> None:
    """Keep ``sort`` for the next start."""
    library.store.settings.set(SORT_SETTING, valid_sort(sort))


def mark_read(library: Library, article_id: int, read: bool) -> None:
    """Every comment of the article counts as shown (``read``), or the article is as if never
    opened: every comment by others counts as new."""
    if read:
        library.store.read_state.mark_read(article_id)
    else:
        library.store.read_state.mark_unread(article_id)


def source_choices(library: Library) -> list[tuple[int, str]]:
    """Every source holding articles, as (id, name), by name: what the list filters by."""
    return library.store.sources.with_articles()
