"""The secrets gate: account passwords, and the keys that let a guest change a comment for a
while (:class:`~agora.engines.base.EditKey`), live only in the OS keyring.

Nothing else in agora sees a password except through :class:`Secrets`. When the machine has
no secure keyring (keyring's ``fail`` or ``null`` backend, or a plaintext one such as
``keyrings.alt``), secrets can be kept for this session only, in memory, and are never written
anywhere.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import threading
from typing import TYPE_CHECKING

from agora.core.errors import AgoraError

if TYPE_CHECKING:
    from agora.engines.base import EditKey  # the engine protocol loads with the first engine

SERVICE_PREFIX = "agora"
#: The keyring "user" an edit key is filed under, before the comment's remote id.
EDIT_KEY = "edit-key:"
_INSECURE_MODULES = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")


class NoSecureKeyring(AgoraError):
    """There is no OS keyring to keep a secret in."""


def service_name(site: str) -> str:
    """The keyring service an account's secret is filed under."""
    return f"{SERVICE_PREFIX}:{site}"


class Secrets:
    """Read, write and forget account secrets, keyed by site and user."""

    def __init__(self) -> None:
        self._session: dict[tuple[str, str], str] = {}
        self._lock = threading.Lock()

    @staticmethod
    def backend_name() -> str:
        import keyring

        backend = keyring.get_keyring()
        return f"{type(backend).__module__}.{type(backend).__name__}"

    def secure(self) -> bool:
        """True when a real OS keyring is available."""
        try:
            import keyring

            backend = keyring.get_keyring()
        except Exception:
            return False
        modules = [type(backend).__module__]
        modules += [type(b).__module__ for b in getattr(backend, "backends", [])]
        return not any(m.startswith(_INSECURE_MODULES) for m in modules)

    def store(self, site: str, user: str, secret: str, *, session_only: bool = False) -> None:
        """Keep ``secret`` in the OS keyring (or only in memory with ``session_only``)."""
        if session_only:
            with self._lock:
                self._session[(site, user)] = secret
            return
        if not self.secure():
            raise NoSecureKeyring(
                "there is no secure keyring on this system (no Secret Service, KWallet or "
                "macOS Keychain); the password can be kept for this session only"
            )
        import keyring
        from keyring.errors import KeyringError

        try:
            keyring.set_password(service_name(site), user, secret)
        except KeyringError as exc:
            raise NoSecureKeyring(
                f"the keyring refused to store the password ({type(exc).__name__})"
            ) from None

    def get(self, site: str, user: str) -> str | None:
        """The secret for ``user`` at ``site``, or None."""
        with self._lock:
            if (site, user) in self._session:
                return self._session[(site, user)]
        if not self.secure():
            return None
        import keyring
        from keyring.errors import KeyringError

        try:
            return keyring.get_password(service_name(site), user)
        except KeyringError:
            return None

    def forget(self, site: str, user: str) -> None:
        """Delete the secret from memory and from the keyring (missing is fine)."""
        with self._lock:
            self._session.pop((site, user), None)
        if not self.secure():
            return
        import keyring
        from keyring.errors import KeyringError, PasswordDeleteError

        with contextlib.suppress(PasswordDeleteError, KeyringError):
            keyring.delete_password(service_name(site), user)

    def store_edit_key(self, site: str, remote_id: str, key: EditKey) -> None:
        """Keep a comment's edit key (in memory only when there is no secure keyring: it
        is never written anywhere else)."""
        value = json.dumps({"key": key.secret, "expires": key.expires.isoformat()})
        secure = self.secure()
        try:
            self.store(site, EDIT_KEY + remote_id, value, session_only=not secure)
        except NoSecureKeyring:
            self.store(site, EDIT_KEY + remote_id, value, session_only=True)

    def edit_key(self, site: str, remote_id: str) -> EditKey | None:
        """The edit key kept for a comment (expired or not), or None."""
        from agora.engines.base import EditKey

        value = self.get(site, EDIT_KEY + remote_id)
        if not value:
            return None
        try:
            found = json.loads(value)
            return EditKey(found["key"], dt.datetime.fromisoformat(found["expires"]))
        except (TypeError, ValueError, KeyError):
            return None

    def forget_edit_key(self, site: str, remote_id: str) -> None:
        self.forget(site, EDIT_KEY + remote_id)
