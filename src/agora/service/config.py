"""Where agora keeps its state, and the user's settings file.

``AGORA_HOME`` (or ``agora --home DIR``) moves everything: database, config and logs. Without
it, the platform's user data directory is used. Nothing is computed at import time.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from agora.core.errors import AgoraError

ENV_HOME = "AGORA_HOME"


def home_dir(override: str | Path | None = None) -> Path:
    """The directory holding all of agora's state (an empty ``AGORA_HOME`` counts as unset)."""
    chosen = override or os.environ.get(ENV_HOME)
    if chosen:
        try:
            return Path(chosen).expanduser()
        except RuntimeError:  # "~someone" with no such user
            raise AgoraError(f"cannot find the home directory in {str(chosen)!r}") from None
    import platformdirs

    return Path(platformdirs.user_data_dir("agora", appauthor=False))


@dataclass(frozen=True)
class Config:
    """Settings read from ``config.toml`` in the home directory."""

    keymap: dict[str, str] = field(default_factory=dict)
    theme: str = ""


def load_config(home: Path) -> Config:
    """Read ``home/config.toml``; a missing file means defaults, a broken one a clear error.

    ``[keymap]`` maps binding ids (shown on the help screen) to comma-separated keys, e.g.
    ``"comments.next" = "j,down,ctrl+n"``.
    """
    path = home / "config.toml"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config()
    except (OSError, UnicodeDecodeError) as exc:
        raise AgoraError(f"cannot read {path}: {exc}") from None
    import tomllib  # most homes have no config file: no need to load the parser

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise AgoraError(f"cannot read {path}: {exc}") from None
    keymap = data.get("keymap", {})
    if not isinstance(keymap, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in keymap.items()
    ):
        raise AgoraError(f"{path}: [keymap] must map binding ids to key strings")
    theme = data.get("theme", "")
    return Config(keymap=dict(keymap), theme=theme if isinstance(theme, str) else "")
