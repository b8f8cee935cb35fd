"""Layering: nothing below the UI imports Textual, even when every module is loaded; the wheel
carries the stylesheets."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"


def below_the_ui() -> list[str]:
    """Every module of agora outside ``agora.ui``, found on disk (no hand-kept list)."""
    found = []
    for path in sorted((SRC / "agora").rglob("*.py")):
        parts = path.relative_to(SRC).with_suffix("").parts
        if parts[1:2] == ("ui",) or parts[-1] == "__main__":
            continue
        found.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return found


def test_core_modules_never_import_textual() -> None:
    code = (
        "import sys\n"
        f"for name in {below_the_ui()!r}:\n"
        "    __import__(name)\n"
        "import agora.importers\n"
        "for imp in agora.importers._importers():\n"
        "    pass\n"
        "bad = [m for m in sys.modules if m == 'textual' or m.startswith('textual.')]\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_styles_are_found_from_the_package() -> None:
    from agora.ui.styles import stylesheet_paths

    paths = stylesheet_paths()
    assert paths and all(p.is_file() and p.suffix == ".tcss" for p in paths)


def test_the_wheel_ships_the_stylesheets(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(tmp_path),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    wheel = next(tmp_path.glob("agora-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for tcss in (ROOT / "styles").glob("*.tcss"):
        assert f"agora/styles/{tcss.name}" in names
    assert "agora/ui/app.py" in names
