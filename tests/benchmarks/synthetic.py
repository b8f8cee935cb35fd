"""Realistic synthetic discussions for benchmarks, as
:class:`~agora.core.model.ImportBatch` objects.

Everything is deterministic for a given seed. A discussion of ``n`` comments mixes top-level
comments and replies; replies mostly answer something recent (so chains form and nest), depth
is capped at 12 (top level is depth 0), and bodies are 1 to 40 lines of lorem-ish words, most of
them short. :func:`batch_with_big_thread` also grows one top-level comment with exactly
``descendants`` replies below it, interleaved in time with the rest of the discussion, for
measuring collapse and expand of a large subtree.

Loading goes through the real :meth:`Store.import_batch` (see :func:`load`), so what is
measured is what an import of that size costs.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from agora.core.model import ImportBatch, ImportedArticle, ImportedComment
from agora.store import Store

MAX_DEPTH = 12
BIG_THREAD_DESCENDANTS = 5_000
BASE_TIME = datetime(2024, 1, 1, 8, 0, tzinfo=UTC)

_LOREM = """lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt
    ut labore et dolore magna aliqua enim ad minim veniam quis nostrud exercitation ullamco
    laboris nisi aliquip ex ea commodo consequat duis aute irure in reprehenderit voluptate
    velit esse cillum eu fugiat nulla pariatur excepteur sint occaecat cupidatat non proident
    sunt culpa qui officia deserunt mollit anim id est laborum the a of and to is that it for
    on with as was this but not you are have be at by I they we or from an what so if about
    which their one all there would more when can like just also because really think point
    argument however actually evidence article author source disagree agree interesting
    probably — indeed, perhaps: well... (honestly) "quoted" https://example.org/some/long/path
    internationalization counterproductive misunderstanding"""
WORDS = tuple(_LOREM.split())
FIRST = (
    "Ada",
    "Bob",
    "Chloé",
    "Dmitri",
    "Eve",
    "Farah",
    "Gus",
    "Hiro",
    "Ines",
    "José",
    "Kofi",
    "Lena",
    "Mei",
    "Nils",
    "Olu",
    "Priya",
    "Quinn",
    "Rosa",
    "Sven",
    "Tariq",
)
LAST = (
    "Lovelace",
    "Smith",
    "Nakamura",
    "Okafor",
    "García",
    "Müller",
    "Ivanova",
    "Chen",
    "Dubois",
    "Rossi",
    "Kowalski",
    "Haddad",
    "O'Brien",
    "Silva",
    "Nguyen",
    "Jensen",
)


@dataclass(slots=True)
class Synthetic:
    """A generated batch, and which comment roots the big subtree (if one was asked for)."""

    batch: ImportBatch
    big_root: str | None = None  # origin id of the top-level comment with the big subtree
    big_descendants: int = 0

    @property
    def comments(self) -> list[ImportedComment]:
        return self.batch.articles[0].comments


def _body(rng: random.Random) -> str:
    """1-40 lines: most comments are a few lines, a tail is long."""
    roll = rng.random()
    if roll < 0.6:
        lines = rng.randint(1, 3)
    elif roll < 0.9:
        lines = rng.randint(4, 12)
    else:
        lines = rng.randint(13, 40)
    return "\n".join(
        " ".join(rng.choices(WORDS, k=rng.randint(3, 18))).capitalize() for _ in range(lines)
    )


#: How likely a reply is to sit at each depth 1..MAX_DEPTH: each level is 3/4 as common.
_DEPTH_WEIGHTS = [0.75**d for d in range(MAX_DEPTH)]


def _pick_parent(rng: random.Random, by_depth: list[list[int]]) -> int:
    """A parent for a new reply: a depth drawn from a decaying distribution, then a recent
    comment at that depth (people mostly answer what they just read)."""
    d = rng.choices(range(MAX_DEPTH), _DEPTH_WEIGHTS)[0]
    while not by_depth[d]:
        d -= 1
    members = by_depth[d]
    back = min(len(members) - 1, int(rng.expovariate(1 / 25)))
    return members[len(members) - 1 - back]


def _comments(
    n: int,
    rng: random.Random,
    *,
    top_share: float,
    big_at: int | None = None,
    big: int = 0,
) -> Iterator[tuple[int, int | None, bool]]:
    """Yield ``(index, parent index, is_big_root)`` in conversation (time) order.

    When ``big_at`` is set, comment ``big_at`` is a top-level comment and exactly ``big`` of the
    later comments land in its subtree (and no others do).
    """
    depth: list[int] = []
    general: list[list[int]] = [[] for _ in range(MAX_DEPTH + 1)]  # outside the big subtree
    in_big: list[list[int]] = [[] for _ in range(MAX_DEPTH + 1)]
    big_slots: set[int] = set()
    if big_at is not None:
        big_slots = set(rng.sample(range(big_at + 1, n), big))
    for i in range(n):
        if i == big_at:
            parent, pool = -1, in_big
        elif i in big_slots:
            parent, pool = _pick_parent(rng, in_big), in_big
        elif not general[0] or rng.random() < top_share:
            parent, pool = -1, general
        else:
            parent, pool = _pick_parent(rng, general), general
        d = depth[parent] + 1 if parent >= 0 else 0
        depth.append(d)
        pool[d].append(i)
        yield i, (parent if parent >= 0 else None), i == big_at


def _batch(
    rows: Iterator[tuple[int, int | None, bool]], rng: random.Random, n: int, title: str
) -> tuple[ImportBatch, str | None]:
    authors = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(max(1, n // 20))]
    when = BASE_TIME
    comments: list[ImportedComment] = []
    big_root: str | None = None
    for i, parent, is_big in rows:
        when += timedelta(seconds=1 + int(rng.expovariate(1 / 40)))
        pingback = parent is None and rng.random() < 0.01
        author = "Site Author" if rng.random() < 0.01 else rng.choice(authors)
        comments.append(
            ImportedComment(
                origin_id=f"c{i}",
                parent_origin=None if parent is None else f"c{parent}",
                author_name=f"{author}'s blog" if pingback else author,
                body=_body(rng),
                created=when,
                author_url="https://example.org/" if rng.random() < 0.2 else "",
                kind="pingback" if pingback else "comment",
                is_article_author=author == "Site Author",
            )
        )
        if is_big:
            big_root = f"c{i}"
    article = ImportedArticle(
        origin_id=f"synthetic-{n}",
        title=title,
        body="\n\n".join(_body(rng).replace("\n", " ") for _ in range(8)),
        author="Site Author",
        published=BASE_TIME,
        url=f"https://example.org/synthetic/{n}",
        comments=comments,
    )
    batch = ImportBatch("file", f"/synthetic/{n}.txt", f"synthetic-{n}.txt", [article])
    return batch, big_root


def synthetic_batch(n: int, *, seed: int = 0, top_share: float = 0.15) -> ImportBatch:
    """One article whose discussion has ``n`` comments (``top_share`` of them top level)."""
    rng = random.Random(seed)
    rows = _comments(n, rng, top_share=top_share)
    return _batch(rows, rng, n, f"Synthetic discussion of {n:,} comments")[0]


def batch_with_big_thread(
    n: int,
    *,
    descendants: int = BIG_THREAD_DESCENDANTS,
    seed: int = 0,
    top_share: float = 0.15,
) -> Synthetic:
    """``n`` comments, one top-level of which has exactly ``descendants`` replies below it.

    The big thread starts a tenth of the way into the conversation and its replies are spread
    over the rest of it. ``descendants`` must leave room: ``descendants <= n - 1 - n // 10``.
    """
    big_at = n // 10
    if descendants > n - 1 - big_at:
        raise ValueError(f"{descendants} descendants do not fit in {n} comments")
    rng = random.Random(seed)
    rows = _comments(n, rng, top_share=top_share, big_at=big_at, big=descendants)
    title = f"Synthetic discussion of {n:,} comments ({descendants:,} in one thread)"
    batch, big_root = _batch(rows, rng, n, title)
    return Synthetic(batch, big_root, descendants)


def default_descendants(n: int) -> int:
    """5,000, or for a discussion too small to hold that, half of the room there is."""
    room = n - 1 - n // 10
    return BIG_THREAD_DESCENDANTS if room >= BIG_THREAD_DESCENDANTS else room // 2


@dataclass(frozen=True, slots=True)
class Loaded:
    article_id: int
    seconds: float


def load(store: Store, batch: ImportBatch) -> Loaded:
    """Import ``batch`` (one article) through the real importer; returns its id and the time."""
    start = time.perf_counter()
    result = store.imports.add(batch)
    return Loaded(result.article_ids[0], time.perf_counter() - start)


def comment_id(store: Store, article_id: int, origin_id: str) -> int:
    """The store id given to an imported comment."""
    found = store.scalar(
        "SELECT id FROM comments WHERE article_id = ? AND origin_id = ?", [article_id, origin_id]
    )
    if found is None:
        raise LookupError(origin_id)
    return int(found)


def shape(batch: ImportBatch) -> dict[str, object]:
    """A short description of the generated discussion: counts, depth histogram, body lines."""
    comments = batch.articles[0].comments
    parent = {c.origin_id: c.parent_origin for c in comments}
    depth: dict[str, int] = {}
    for c in comments:  # parents always come first
        p = c.parent_origin
        depth[c.origin_id] = 0 if p is None else depth[p] + 1
    hist: dict[int, int] = {}
    for d in depth.values():
        hist[d] = hist.get(d, 0) + 1
    lines = sorted(c.body.count("\n") + 1 for c in comments)
    return {
        "comments": len(comments),
        "top_level": sum(1 for p in parent.values() if p is None),
        "max_depth": max(hist, default=0),
        "depths": dict(sorted(hist.items())),
        "body_lines_median": lines[len(lines) // 2] if lines else 0,
        "body_lines_max": lines[-1] if lines else 0,
    }
