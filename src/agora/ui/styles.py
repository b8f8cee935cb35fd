"""Finding the stylesheets: inside the installed package, else in the source tree."""

from __future__ import annotations

from pathlib import Path, PurePath

_NAMES = ["agora.tcss", "composer.tcss", "find.tcss", "document.tcss", "inbox.tcss", "sources.tcss"]


def stylesheet_paths() -> list[str | PurePath]:
    """The .tcss files, from ``agora/styles`` (wheel) or the repo's ``styles/`` (editable)."""
    package = Path(__file__).resolve().parent.parent
    for folder in (package / "styles", package.parent.parent / "styles"):
        if (folder / _NAMES[0]).is_file():
            paths: list[str | PurePath] = [folder / name for name in _NAMES]
            return paths
    raise FileNotFoundError(
        f"agora's stylesheets are missing (looked in {package / 'styles'}); reinstall agora"
    )
