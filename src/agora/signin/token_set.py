"""The tokens of one signed-in account, as the keyring keeps them."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

from agora.signin.signin_error import SignInError


@dataclass(frozen=True, slots=True)
class TokenSet:
    """The tokens of one signed-in account. Only the keyring keeps them (:meth:`dump`); the
    ``repr`` shows none of them."""

    access_token: str
    refresh_token: str = ""
    expires_at: float | None = None
    scope: str = ""

    def __repr__(self) -> str:
        refresh = "yes" if self.refresh_token else "no"
        return f"TokenSet(access=…, refresh={refresh}, expires_at={self.expires_at!r})"

    def expired(self, leeway: float = 30.0) -> bool:
        return self.expires_at is not None and self.expires_at - leeway <= time.time()

    def dump(self) -> str:
        """The text the keyring keeps: every token in one entry, so a rotation is atomic."""
        return json.dumps(
            {
                "access_token": self.access_token,
                "refresh_token": self.refresh_token,
                "expires_at": self.expires_at,
                "scope": self.scope,
            }
        )

    @classmethod
    def load(cls, text: str) -> TokenSet | None:
        try:
            doc = json.loads(text)
            return cls(
                str(doc["access_token"]),
                str(doc.get("refresh_token") or ""),
                float(doc["expires_at"]) if doc.get("expires_at") is not None else None,
                str(doc.get("scope") or ""),
            )
        except (ValueError, KeyError, TypeError):
            return None

    @classmethod
    def from_answer(cls, answer: dict[str, Any], refresh_token: str = "") -> TokenSet:
        """From a token endpoint's answer (keeping ``refresh_token`` when none is new)."""
        if not answer.get("access_token"):
            raise SignInError("the sign-in server answered without an access token")
        expires_at = answer.get("expires_at")
        if expires_at is None and answer.get("expires_in") is not None:
            expires_at = time.time() + float(answer["expires_in"])
        return cls(
            str(answer["access_token"]),
            str(answer.get("refresh_token") or refresh_token),
            float(expires_at) if expires_at is not None else None,
            str(answer.get("scope") or ""),
        )
