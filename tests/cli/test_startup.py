"""The entry point pauses the collector during start-up, then runs agora with it on again."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

from agora.cli.gc_pause import settle

ROOT = Path(__file__).resolve().parents[2]

#: Runs the ``agora`` entry point with ``sys.argv[2:]`` and writes to ``sys.argv[1]`` whether
#: the collector is on and the heap frozen: when the first frame is drawn for the TUI, else at
#: exit. The TUI is made headless and ends at that frame.
PROBE = """
import atexit, gc, sys
import textual.app

out, sys.argv = sys.argv[1], ["agora", *sys.argv[2:]]
tui = "list" not in sys.argv

def probe():
    with open(out, "w") as f:
        f.write(f"{gc.isenabled()} {gc.get_freeze_count() > 0}")

run, display = textual.app.App.run, textual.app.App._display

def headless_run(self, *args, **kwargs):
    kwargs["headless"] = True
    return run(self, *args, **kwargs)

def first_frame(self, screen, renderable):
    display(self, screen, renderable)
    if renderable is not None and not hasattr(self, "probed"):
        self.probed = True
        probe()
        self.exit()

textual.app.App.run, textual.app.App._display = headless_run, first_frame
if not tui:
    atexit.register(probe)
from agora.cli.startup import main
sys.exit(main())
"""


def _probe(tmp_path: Path, *args: str) -> str:
    out = tmp_path / "probe.txt"
    home = tmp_path / "home"
    subprocess.run(
        [sys.executable, "-c", PROBE, str(out), "--home", str(home), *args],
        check=True,
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=60,
    )
    return out.read_text()


def test_the_app_draws_with_the_collector_on_and_the_start_up_heap_frozen(tmp_path: Path) -> None:
    assert _probe(tmp_path) == "True True"


def test_a_command_runs_with_the_collector_on(tmp_path: Path) -> None:
    assert _probe(tmp_path, "list") == "True True"


def test_settle_leaves_a_running_collector_alone() -> None:
    """Used as a library (here, under pytest), nothing is frozen and the collector stays on."""
    frozen = gc.get_freeze_count()
    settle()
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen
