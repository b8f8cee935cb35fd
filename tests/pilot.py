"""What the UI tests share: reading the screen, and waiting for the app."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from textual.app import App
from textual.pilot import Pilot


def screen_text(app: App[object]) -> str:
    """Everything on screen as plain text."""
    svg = app.export_screenshot()
    return html.unescape(re.sub(r"<[^>]+>", "", svg.replace("&#160;", " ")))


def notifications(app: App[object]) -> str:
    """The messages of the notifications shown so far, one per line."""
    return "\n".join(str(n.message) for n in app._notifications)


async def wait_for(pilot: Pilot, check: Callable[[], object], timeout: float = 5.0) -> None:
    """Let the app run until ``check()`` holds; fail after ``timeout`` seconds."""
    for _ in range(int(timeout / 0.02)):
        if check():
            return
        await pilot.pause(0.02)
    raise AssertionError(
        f"timed out waiting for the app; on screen:\n{screen_text(pilot.app)}\n"
        f"notifications:\n{notifications(pilot.app)}"
    )
