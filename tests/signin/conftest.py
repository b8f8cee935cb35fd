"""The sign-in tests' authorization server (one per module; see tests/signin/oidc.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.signin.oidc import OidcServer


@pytest.fixture(scope="module")
def oidc() -> Iterator[OidcServer]:
    server = OidcServer()
    yield server
    server.stop()
