"""Self-hosted WordPress behind the engine protocol (:mod:`agora.engines.base`).

:class:`~.engine.WordPressEngine` is what the registry hands out: discovery (:mod:`.discovery`)
and sessions (:mod:`.session`) over :class:`~.client.WordPressClient` (posting and
moderating), built on :mod:`.reader` (posts and comments), :mod:`.pagination`, :mod:`.rest`
(requests, retries, error answers) and :mod:`.transport` (HTTP helpers, credentials); guest
posting through the comment form is :mod:`.guest`, the incremental read of a site
:mod:`.thread_sync`, and the conversion of WordPress's JSON to agora's model :mod:`.convert`.
The package itself holds only what needs no network, so importing it does not load httpx.
"""

from agora.engines.wordpress.models import (
    CommentCount,
    GuestPostResult,
    SiteInfo,
    WordPressError,
    WPComment,
    WPPost,
    WPUser,
)

__all__ = [
    "CommentCount",
    "GuestPostResult",
    "SiteInfo",
    "WPComment",
    "WPPost",
    "WPUser",
    "WordPressError",
]
