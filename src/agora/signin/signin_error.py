"""What can go wrong while signing in, in words fit to show."""

from __future__ import annotations

from agora.core.errors import AgoraError


class SignInError(AgoraError):
    """Signing in, refreshing or revoking failed; ``str()`` is fit to show.

    ``code`` is the server's OAuth error code when it gave one; ``again`` is true when the
    tokens at hand are no good any more and the user must sign in again.
    """

    def __init__(self, message: str, *, code: str | None = None, again: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.again = again

    def __repr__(self) -> str:
        return f"SignInError({self.message!r}, code={self.code!r}, again={self.again!r})"


#: The server's OAuth error codes, as the user should read them.
_WORDS = {
    "access_denied": "you declined the sign-in (consent was denied)",
    "invalid_grant": "the server refused the sign-in grant (a used, expired or mismatched code "
    "or verifier, or a revoked refresh token): sign in again",
    "expired_token": "the sign-in code expired before it was confirmed: sign in again",
    "invalid_client": "the server does not know agora's client id: check it, or register again",
    "unauthorized_client": "the server does not let this client use that way of signing in",
    "invalid_scope": "the server refused the permissions agora asked for",
    "invalid_token": "the server refused the access token: sign in again",
    "temporarily_unavailable": "the sign-in server is busy: try again in a moment",
    "server_error": "the sign-in server failed: try again later",
}


def oauth_error(where: str, code: str, description: str | None = None) -> SignInError:
    """A :class:`SignInError` for the OAuth error ``code`` answered by ``where``."""
    words = _WORDS.get(code, f"the sign-in failed ({code})")
    detail = f" — {description}" if description and code not in ("access_denied",) else ""
    again = code in ("invalid_grant", "expired_token", "invalid_token")
    return SignInError(f"{where}: {words}{detail}", code=code, again=again)
