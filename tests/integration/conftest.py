"""Fixtures for integration tests against a real WordPress (see tests/wordpress/server.py).

On CI (``CI=true``) a missing package or a server that does not come up fails the run loudly;
on a workstation without the packages (or without root) the tests are skipped with the reason.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.wordpress.server import CONFIG_DIR, WordPressServer, missing_programs

_STARTUP: dict[str, float] = {}


def _on_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def _unavailable(reason: str) -> None:
    message = f"WordPress integration tests: {reason}"
    if _on_ci():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def wordpress() -> Iterator[WordPressServer]:
    """A fresh WordPress on http://127.0.0.1:PORT for the whole test session."""
    missing = missing_programs()
    if missing:
        _unavailable(
            "missing Debian packages "
            + " ".join(missing)
            + " (install them with: sudo tests/wordpress/install.sh)"
        )
    if not os.access(CONFIG_DIR if CONFIG_DIR.exists() else CONFIG_DIR.parent, os.W_OK):
        _unavailable(f"{CONFIG_DIR} is not writable (the WordPress test server needs root)")
    server = WordPressServer()
    server.start()  # raises with the server logs when it cannot start: never a skip
    _STARTUP["seconds"] = server.startup_seconds or 0.0
    try:
        yield server
    finally:
        server.stop()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if "seconds" in _STARTUP:
        terminalreporter.write_line(f"WordPress test server came up in {_STARTUP['seconds']:.2f} s")
