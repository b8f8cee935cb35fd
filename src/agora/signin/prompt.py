"""What the user is asked to do while a sign-in waits for them."""

from __future__ import annotations

import webbrowser
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Prompt:
    """Open ``url`` (a browser was opened on it when ``opened``), or, for the device flow,
    go to ``url`` on any device and enter ``code``; ``complete`` carries the code already."""

    url: str
    code: str = ""
    complete: str = ""
    opened: bool = False

    def words(self) -> str:
        if self.code:
            return f"Go to {self.url} on any device and enter the code {self.code}"
        if self.opened:
            return f"Your browser was opened to sign in. If it did not show up, open: {self.url}"
        return f"No browser could be opened here. Open this address to sign in: {self.url}"


ShowFn = Callable[[Prompt], None]
OpenFn = Callable[[str], bool]


def open_browser(url: str) -> bool:
    """Open ``url`` in the user's browser (``$BROWSER`` first); False when none can be."""
    try:
        return webbrowser.open(url, new=2)
    except webbrowser.Error:
        return False
