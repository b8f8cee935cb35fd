"""Shared fixtures. Every test runs with its own AGORA_HOME, an in-memory keyring and no
real clipboard, so nothing touches the developer's own data."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from agora.model import ImportBatch, ImportedArticle, ImportedComment
from agora.service import Library
from agora.store import Store

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
            ImportedComment(f"x{i}", None, f"Reader {i}", f"Comment number {i}",
                            created=base.replace(hour=13, minute=i % 60))
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
    monkeypatch.setattr("agora.humanize.current_time", lambda: FROZEN_NOW)
    return FROZEN_NOW
