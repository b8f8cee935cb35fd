"""Typed errors: each carries a message fit to show a person as it is."""

from __future__ import annotations


class AgoraError(Exception):
    """Base of every error agora reports to the user without a traceback."""


class StoreError(AgoraError):
    """The database cannot be opened, migrated or written."""


class ImportFailed(AgoraError):
    """An input could not be imported; nothing of it was stored."""


class NotFound(AgoraError):
    """An article, comment or identity that does not exist."""


class InvalidInput(AgoraError):
    """Something the user gave (a comment, a field) that cannot be accepted."""
