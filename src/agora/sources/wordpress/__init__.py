"""WordPress sites: discovery, reading posts and comments, and posting comments."""

from agora.sources.wordpress.client import (
    GuestPostResult,
    RetryPolicy,
    SiteInfo,
    WordPressClient,
    WordPressError,
    WPComment,
    WPPost,
    WPUser,
    discover,
)

__all__ = [
    "GuestPostResult",
    "RetryPolicy",
    "SiteInfo",
    "WPComment",
    "WPPost",
    "WPUser",
    "WordPressClient",
    "WordPressError",
    "discover",
]
