"""The extreme corpus through the importers, the store and every screen."""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import pytest

from agora.core.errors import ImportFailed
from agora.core.model import ImportBatch, ImportedArticle, ImportedComment
from agora.core.text import sanitize, sanitize_line
from agora.importers import parse_file
from agora.service.library import Library
from agora.ui.app import AgoraApp
from agora.ui.widgets.comment_view import CommentView
from tests.hostile import FORBIDDEN_OUTPUT, INVALID_UTF8, LONG_NAME, extreme_batch


async def test_extreme_thread_opens_and_every_key_works(library: Library) -> None:
    aid = library.store.imports.add(extreme_batch()).article_ids[0]
    app = AgoraApp(library, open_article=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        view = app.screen.query_one(CommentView)
        for _ in range(200):
            if len(view.thread):
                break
            await pilot.pause(0.05)
        assert len(view.thread) > 50_000
        view.focus()
        start = time.perf_counter()
        await pilot.press("j", "j", "G", "p", "h", "l", "g", "n", "N", "space", "space")
        await pilot.press("question_mark", "escape")
        assert time.perf_counter() - start < 30  # generous: this is about not hanging
        lines = [view.render_line(y).text for y in range(view.size.height)]
        for bad in FORBIDDEN_OUTPUT:
            assert not any(bad in line for line in lines)
        # the 10,000-character name is cut to the pane, not wrapped forever
        view.action_first()
        await pilot.press("j")
        assert view.selected_comment.author_name == LONG_NAME
        await pilot.pause()
        assert all(
            len(view.render_line(y).text) <= view.size.width for y in range(view.size.height)
        )


def test_export_of_the_extreme_thread(library: Library) -> None:
    import json

    aid = library.store.imports.add(extreme_batch(deep=300)).article_ids[0]
    data = json.loads(library.export(aid, "json"))
    assert len(data["comments"][0]["body"]) == 10 * 1024 * 1024


def test_invalid_utf8_and_nul_bytes_in_files(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_bytes(INVALID_UTF8)
    try:
        batch = parse_file(path)
    except ImportFailed as exc:
        assert "\n" not in str(exc)
        return
    for text in (batch.articles[0].title, batch.articles[0].body):
        assert "\x00" not in text and not any(bad in text for bad in FORBIDDEN_OUTPUT)


@pytest.mark.parametrize("size", [(60, 20), (200, 60)])
def test_extreme_snapshot(snap_compare, library: Library, frozen_clock, size) -> None:
    aid = library.store.imports.add(extreme_batch(deep=300)).article_ids[0]

    async def run_before(pilot) -> None:
        view = pilot.app.screen.query_one(CommentView)
        for _ in range(100):
            if len(view.thread):
                break
            await pilot.pause(0.05)
        view.focus()
        await pilot.press("j", "j", "j")
        await pilot.pause()

    assert snap_compare(
        AgoraApp(library, open_article=aid), terminal_size=size, run_before=run_before
    )


# -- the raw bytes a real terminal receives ------------------------------------------------------

#: What no byte stream to the terminal may hold outside agora's own escape sequences: C0
#: controls but CR, LF and TAB, DEL, C1 controls (as UTF-8), bidi embeddings, overrides and
#: isolates, the byte order mark and a stray tag character.
_RAW_FORBIDDEN = re.compile(
    rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]"
    rb"|\xef\xbb\xbf|\xf3\xa0\x81\x81"
)
#: Payloads of the corpus's OSC sequences (its CSI ones are checked as shown text).
_PAYLOADS = [b"pwned", b"ZXZpbA", b"0;x\x07"]


def test_the_hostile_corpus_is_inert_in_the_raw_pty_bytes(tmp_path: Path) -> None:
    from tests.hostile import ALL, FAMILY, SCOTLAND, all_clean
    from tests.service.test_kill_draft import _ESCAPES, Terminal

    home = tmp_path / "home"
    home.mkdir()
    comments = [
        ImportedComment(f"h{i}", None, sanitize_line(t), sanitize(t)) for i, t in enumerate(ALL)
    ]
    batch = ImportBatch(
        "file",
        "/hostile",
        "hostile",
        [
            ImportedArticle(
                "hostile", sanitize_line(" ".join(ALL)), "\n\n".join(all_clean()), comments=comments
            )
        ],
    )
    library = Library.open(home)
    try:
        aid = library.store.imports.add(batch).article_ids[0]
    finally:
        library.close()
    term = Terminal(home, [sys.executable, "-m", "agora", "open", str(aid)])
    try:
        term.wait_for(b"comments")
        term.read(1.0)
        term.send(b"\t", 0.5)
        for _ in range(len(ALL)):  # every comment selected in turn, the article scrolled
            term.send(b"j", 0.05)
        term.read(1.0)
        assert term.proc.poll() is None, "agora exited early"
    finally:
        term.close()
    raw = bytes(term.output)
    sequences = [m.group(0) for m in _ESCAPES.finditer(raw)]
    for seq in sequences:
        assert not any(p in seq for p in _PAYLOADS), seq  # no sequence of the corpus's making
    text = _ESCAPES.sub(b"", raw)
    bad = _RAW_FORBIDDEN.search(text)
    assert bad is None, text[max(0, bad.start() - 80) : bad.end() + 80]
    assert b"\x1b" not in text and b"\x07" not in text
    assert b"red[31mtext[0m" in text and b"title]0;pwned" in text  # shown, inert
    # what scripts and emoji need did reach the terminal
    assert "\u200c".encode() in raw and FAMILY.encode() in raw
    assert SCOTLAND.encode() in raw
