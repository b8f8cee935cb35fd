"""WordPress sites: discovery, reading posts and comments, and posting comments.

The package itself holds only what needs no network (the results and the error), so that
importing them does not load httpx. The client is
:class:`~agora.engines.wordpress.client.WordPressClient` (:mod:`.client`: posting and
moderating), built on :mod:`.reading` (posts and comments), :mod:`.pagination`, :mod:`.rest`
(requests, retries, error answers) and :mod:`.transport` (HTTP helpers, credentials);
discovery is :mod:`.discovery`, guest posting through the comment form :mod:`.guest`.
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
