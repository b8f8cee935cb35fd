"""Paginated REST collections: every page of a listing, read concurrently and handed over as
each arrives, and the pages that items added meanwhile push past the end."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from agora.core.text import url_host
from agora.engines.wordpress.models import WordPressError, as_int

if TYPE_CHECKING:
    import httpx

    from agora.engines.wordpress.rest import RestClient

#: REST API pages hold at most this many items.
MAX_PER_PAGE = 100
_PAST_THE_END = (
    "rest_post_invalid_page_number",
    "rest_comment_invalid_page_number",
    "rest_invalid_page_number",
)


async def pages(
    rest: RestClient,
    route: str,
    params: dict[str, Any],
    *,
    per_page: int = MAX_PER_PAGE,
    max_items: int | None = None,
) -> AsyncIterator[tuple[int, list[Any]]]:
    """Every page of a collection as ``(number, items)``, as soon as each arrives.

    Page 1 comes first (its ``X-WP-TotalPages`` tells how many there are); the others are
    requested at once (bounded by ``concurrency``) and handed over in whatever order they
    arrive; then any pages that items added meanwhile pushed past the last one known (as
    later answers tell, or while pages come full when the site does not say).
    Use it in ``contextlib.aclosing`` when you may stop early.
    """
    params = {**params, "per_page": per_page}
    first, response = await _page(rest, route, params, 1)
    last = _total_pages(response)  # None when the site does not say
    wanted = last or 1
    if max_items is not None:
        wanted = min(wanted, -(-max_items // per_page))

    async def numbered(number: int) -> tuple[int, list[Any], int | None]:
        items, response = await _page(rest, route, params, number)
        return number, items, _total_pages(response)

    tasks = [asyncio.ensure_future(numbered(n)) for n in range(2, wanted + 1)]
    sizes = {1: len(first)}
    try:
        yield 1, first
        for arrived in asyncio.as_completed(tasks):
            number, items, total = await arrived
            sizes[number] = len(items)
            last = max(last, total) if last and total else last
            yield number, items
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    number = max(sizes)
    while (
        (max_items is None or sum(sizes.values()) < max_items)
        and sizes[number] >= per_page
        and (last is None or number < last)
    ):
        number += 1
        items, response = await _page(rest, route, params, number)
        if not items:
            break
        sizes[number] = len(items)
        total = _total_pages(response)
        last = max(last, total) if last and total else last
        yield number, items


async def collect(
    rest: RestClient,
    route: str,
    params: dict[str, Any],
    *,
    per_page: int = MAX_PER_PAGE,
    max_items: int | None = None,
) -> list[Any]:
    """Every item of a collection (at most ``max_items``), in the site's order."""
    numbered = {
        n: items
        async for n, items in pages(rest, route, params, per_page=per_page, max_items=max_items)
    }
    items = [item for n in sorted(numbered) for item in numbered[n]]
    return items if max_items is None else items[:max_items]


async def _page(
    rest: RestClient, route: str, params: dict[str, Any], page: int
) -> tuple[list[Any], httpx.Response | None]:
    try:
        data, response = await rest.call("GET", route, params={**params, "page": page})
    except WordPressError as exc:
        if exc.status == 400 and exc.code in _PAST_THE_END:
            return [], None
        raise
    if not isinstance(data, list):
        raise WordPressError(
            f"{url_host(rest.api_root)} answered {route} with something that is not a list"
        )
    return data, response


def _total_pages(response: httpx.Response | None) -> int | None:
    """The number of pages the site announces; None when it does not say."""
    if response is None or "x-wp-totalpages" not in response.headers:
        return None
    return as_int(response.headers["x-wp-totalpages"]) or None
