"""Which engine serves a site: the one place that knows the engines by name.

Adding an engine is a package under :mod:`agora.engines` and one line in :data:`_ENGINES`. Each
engine is imported on first use, so a start-up that never goes online loads none of them.
"""

from __future__ import annotations

import importlib
from functools import cache

from agora.core.errors import InvalidInput
from agora.engines.base import RECOGNISED, UNRECOGNISED, Discovered, Engine, EngineError

#: Engine name -> the module whose ``ENGINE`` serves it, in the order :func:`discover` tries.
_ENGINES = {
    # Before WordPress: WordPress.com's sites are WordPress too, and it claims only those.
    "wpcom": "agora.engines.wpcom.hosted_engine",
    "wordpress": "agora.engines.wordpress.engine",
    "isso": "agora.engines.isso.isso_engine",
}


def names() -> list[str]:
    """Every engine's name (also the source kind of its sites)."""
    return list(_ENGINES)


def is_engine(kind: str) -> bool:
    return kind in _ENGINES


@cache
def engine(name: str) -> Engine:
    """The engine called ``name``."""
    module = _ENGINES.get(name)
    if module is None:
        raise InvalidInput(f"agora has no engine called {name!r}")
    found: Engine = importlib.import_module(module).ENGINE
    return found


async def discover(url: str) -> Discovered:
    """The first engine that recognises the site at ``url``; when none does, the reason of the
    engine that knew it as its own (:data:`RECOGNISED`), else of the first engine that found
    something there, else the first one's (a site that cannot be reached says so)."""
    reasons: list[EngineError] = []
    for name in _ENGINES:
        try:
            return await engine(name).discover(url)
        except EngineError as exc:
            if exc.transient or exc.code == RECOGNISED:
                raise
            reasons.append(exc)
    raise next((e for e in reasons if e.code != UNRECOGNISED), reasons[0])
