"""WordPress sites: discovery, reading posts and comments, and posting comments.

The package itself holds only what needs no network (the results and the error), so that
importing them does not load httpx: the client is :mod:`.client`
(:class:`~agora.sources.wordpress.client.WordPressClient`, over :mod:`.rest` and
:mod:`.transport`), discovery is :mod:`.discovery`, guest posting :mod:`.guest`.
"""

from agora.sources.wordpress.models import (
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
