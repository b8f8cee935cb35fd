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
    #: The home directory the file was read from (None: settings are not saved).
    home: Path | None = None


def load_config(home: Path) -> Config:
    """Read ``home/config.toml``; a missing file means defaults, a broken one a clear error.

    ``[keymap]`` maps binding ids (shown on the help screen) to comma-separated keys, e.g.
    ``"comments.next" = "j,down,ctrl+n"``.
    """
    path = home / "config.toml"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config(home=home)
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
    return Config(keymap=dict(keymap), theme=theme if isinstance(theme, str) else "", home=home)


def save_setting(home: Path, key: str, value: str) -> None:
    """Set the top-level string ``key`` in ``home/config.toml``, keeping the rest of the file
    (tables, comments, layout) as it is: only the line of ``key`` is replaced, or added
    before the first table. The result is parsed before it is written; a file it cannot
    change safely is left alone (an :class:`AgoraError` says why)."""
    import json
    import re
    import tomllib

    path = home / "config.toml"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    except (OSError, UnicodeDecodeError) as exc:
        raise AgoraError(f"cannot read {path}: {exc}") from None
    try:
        before = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise AgoraError(f"cannot change {path}: {exc}") from None
    line = f"{key} = {json.dumps(value, ensure_ascii=False)}"  # a TOML basic string
    lines = text.splitlines(keepends=True)
    first_table = next((i for i, s in enumerate(lines) if s.lstrip().startswith("[")), len(lines))
    own = re.compile(rf"\s*{re.escape(key)}\s*=")
    at = next((i for i in range(first_table) if own.match(lines[i])), None)
    if at is not None:
        end = "\n" if lines[at].endswith("\n") else ""
        lines[at] = line + end
    else:
        if first_table and not lines[first_table - 1].endswith("\n"):
            lines[first_table - 1] += "\n"
        lines.insert(first_table, line + "\n")
    new = "".join(lines)
    try:
        after = tomllib.loads(new)
    except tomllib.TOMLDecodeError:
        after = {}
    if after != {**before, key: value}:
        raise AgoraError(f"cannot change {key!r} in {path} safely: set it by hand")
    home.mkdir(parents=True, exist_ok=True)
    target = path.resolve()  # a linked config.toml stays a link
    temp = target.with_name(f".config.toml.{os.getpid()}.tmp")
    try:
        temp.write_text(new, encoding="utf-8")
        os.replace(temp, target)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise AgoraError(f"cannot write {path}: {exc}") from None
