"""Real Isso servers for the tests in this folder, one of each kind per test session: ``isso``
(comments shown at once, edits for 15 minutes), ``isso_moderated`` (comments held, an email
required) and ``isso_brief`` (edits for 1 second), all in front of one static ``blog``.

Isso lives in its own venv (``tests/isso/install.sh``, run by ``.ci/run``). Without it the
tests are skipped with the reason, except on CI (``CI=true``), where that fails the run.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.isso.server import Blog, IssoServer, isso_program
from tests.wpsites import MemoryKeyring, using_keyring


def _program():  # type: ignore[no-untyped-def]
    program = isso_program()
    if program is None:
        reason = "Isso tests: Isso is not installed (run tests/isso/install.sh)"
        if os.environ.get("CI", "").strip().lower() in ("1", "true", "yes"):
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    return program


@pytest.fixture(scope="session")
def blog() -> Iterator[Blog]:
    site = Blog()
    yield site
    site.stop()


def _server(blog: Blog, **kwargs: object) -> Iterator[IssoServer]:
    server = IssoServer(blog=blog.url, program=_program(), **kwargs)  # type: ignore[arg-type]
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def isso(blog: Blog) -> Iterator[IssoServer]:
    yield from _server(blog)


@pytest.fixture(scope="session")
def isso_moderated(blog: Blog) -> Iterator[IssoServer]:
    yield from _server(blog, moderated=True)


@pytest.fixture(scope="session")
def isso_brief(blog: Blog) -> Iterator[IssoServer]:
    yield from _server(blog, max_age="1s")


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    backend = MemoryKeyring()
    with using_keyring(backend):
        yield backend
