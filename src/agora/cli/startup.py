"""The ``agora`` entry point (the console script and ``python -m agora``): it pauses the
garbage collector before anything is imported (see :mod:`agora.cli.gc_pause`), then runs the
command line."""

from __future__ import annotations

from agora.cli.gc_pause import pause


def main() -> int:
    """Run ``agora``."""
    pause()
    from agora.cli.main import main as run

    return run()
