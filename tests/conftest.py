"""Shared fixtures. Every test runs with its own AGORA_HOME, an in-memory keyring and no
real clipboard, so nothing touches the developer's own data."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from agora.core.model import ImportBatch, ImportedArticle, ImportedComment
from agora.service.library import Library
from agora.store import Store
from tests.wordpress.server import CONFIG_DIR, WordPressServer, missing_programs

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = next(iter(sorted((SHARED / "seeds").glob("*.txt"))), None) if SHARED.exists() else None
WXR = SHARED / "data" / "wordpress-theme-unit-test.xml"


@pytest.fixture(autouse=True)
def _isolate(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("AGORA_HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "xdg-config"))
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    import pyperclip

    def no_clipboard(text: str) -> None:
        raise pyperclip.PyperclipException("no clipboard in tests")

    monkeypatch.setattr(pyperclip, "copy", no_clipboard)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "agora.db")
    yield s
    s.close()


@pytest.fixture
def library(store: Store) -> Library:
    return Library(store)


def sample_batch(comments: int = 0, *, title: str = "Sample article") -> ImportBatch:
    """A small article with a known thread shape (times fixed, so output is stable).

    1 Ada ─ 2 Bob ─ 3 Cy
          └ 4 Dee
    5 Eve ─ 6 Fay
    7 Gus (pingback)
    """
    base = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
    shape = [
        ("1", None, "Ada", "First!"),
        ("2", "1", "Bob", "A reply to Ada."),
        ("3", "2", "Cy", "Deeper still."),
        ("4", "1", "Dee", "Another reply to Ada."),
        ("5", None, "Eve", "A second thread."),
        ("6", "5", "Fay", "Reply to Eve."),
        ("7", None, "Gus's blog", "Pingback: somewhere"),
    ]
    items = [
        ImportedComment(
            origin_id=o,
            parent_origin=p,
            author_name=a,
            body=b,
            created=base.replace(minute=i),
            kind="pingback" if a.endswith("blog") else "comment",
            is_article_author=a == "Ada",
        )
        for i, (o, p, a, b) in enumerate(shape)
    ]
    for i in range(comments):
        items.append(
            ImportedComment(
                f"x{i}",
                None,
                f"Reader {i}",
                f"Comment number {i}",
                created=base.replace(hour=13, minute=i % 60),
            )
        )
    article = ImportedArticle(
        origin_id="a1",
        title=title,
        body="First paragraph.\n\nSecond paragraph.",
        author="Ada",
        published=base,
        url="https://example.org/sample",
        comments=items,
    )
    return ImportBatch("file", "/sample.txt", "sample.txt", [article])


FROZEN_NOW = datetime(2024, 3, 2, 12, 0, tzinfo=UTC)


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> datetime:
    """Stop the clock used for relative times, so screens render the same every day."""
    monkeypatch.setattr("agora.core.humanize.current_time", lambda: FROZEN_NOW)
    return FROZEN_NOW


# -- a real WordPress for integration tests (tests/wordpress/server.py) ---------------------
# On CI (CI=true) a missing package or a server that does not come up fails the run loudly;
# on a workstation without the packages (or without root) the tests are skipped with the reason.

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
