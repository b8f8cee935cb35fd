"""The sign-in tests' authorization server (one per module; see tests/signin/oidc.py), a
keyring that remembers every secret it was given, and the bearer-token test engine."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from agora.engines import registry
from tests.signin import bearer_engine
from tests.signin.oidc import OidcServer
from tests.wpsites import MemoryKeyring, using_keyring


@pytest.fixture(scope="module")
def oidc() -> Iterator[OidcServer]:
    server = OidcServer()
    yield server
    server.stop()


class RecordingKeyring(MemoryKeyring):
    """A keyring in memory that remembers every secret it was ever given."""

    def __init__(self) -> None:
        super().__init__()
        self.ever: list[str] = []

    def set_password(self, service: str, username: str, password: str) -> None:
        self.ever.append(password)
        super().set_password(service, username, password)

    def tokens(self) -> set[str]:
        found = set()
        for text in self.ever:
            doc = json.loads(text)
            found |= {doc["access_token"], doc["refresh_token"]} - {""}
        return found


@pytest.fixture
def keyring_() -> Iterator[RecordingKeyring]:
    backend = RecordingKeyring()
    with using_keyring(backend):
        yield backend


@pytest.fixture
def bearer(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    engines = {"bearer": "tests.signin.bearer_engine", **registry._ENGINES}
    monkeypatch.setattr(registry, "_ENGINES", engines)
    registry.engine.cache_clear()
    bearer_engine.DELIVERED.clear()
    yield
    registry.engine.cache_clear()
