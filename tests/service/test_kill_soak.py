"""kill -9 of a real agora while it types, posts to a real WordPress and syncs one: a few
trials of each scenario of ``tests/benchmarks/soak_kill.py`` (see there for what each checks;
run it for fifty trials and more). Seeded, so each run picks the same moments."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from tests.benchmarks.soak_kill import Posting, Syncing, Tally, Typing, table
from tests.wordpress.server import WordPressServer

pytestmark = pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")


def assert_clean(tally: Tally) -> None:
    assert tally.clean, table([tally])


def test_kill_while_typing_and_posting_in_the_app(tmp_path: Path) -> None:
    rng = random.Random(5)
    typing = Typing(tmp_path / "home", rng)
    tally = Tally("typing")
    for trial, post in enumerate((False, True, False), start=1):
        typing.trial(tally, trial, post=post)
    assert_clean(tally)


def test_kill_while_posting_to_wordpress(tmp_path: Path, wordpress: WordPressServer) -> None:
    rng = random.Random(7)
    posting = Posting(tmp_path / "home", wordpress, rng)
    tally = Tally("posting")
    # Spread over the command's life: starting up, storing, sending, recording the result.
    for trial, share in enumerate((0.55, 0.75, 0.85, 0.95), start=1):
        posting.trial(tally, trial, delay=posting.duration * (share + rng.uniform(-0.05, 0.05)))
    assert_clean(tally)


def test_kill_while_syncing_wordpress(tmp_path: Path, wordpress: WordPressServer) -> None:
    rng = random.Random(11)
    syncing = Syncing(tmp_path / "home", wordpress, rng, comments=300)
    tally = Tally("syncing")
    for trial, share in enumerate((0.7, 0.9), start=1):
        mode = syncing.duration["incremental"]
        syncing.trial(tally, trial, delay=mode * share)
    assert_clean(tally)
