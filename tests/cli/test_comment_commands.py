"""``agora edit`` and ``agora delete`` (what e and d do in the app), ``search`` columns in
terminal cells, ids that are never given out twice, and feeds that fail in words."""

from __future__ import annotations

import io
import re
import sys

import pytest

from agora.cli.columns import cells, fit
from agora.cli.main import main
from agora.core.model import ImportBatch, ImportedArticle, ImportedComment
from agora.service.library import Library
from tests.conftest import sample_batch


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def article_id() -> int:
    library = Library.open()
    aid = library.store.imports.add(sample_batch()).article_ids[0]
    library.close()
    return aid


def _post(capsys: pytest.CaptureFixture[str], aid: int, body: str) -> int:
    code, out, err = run(
        capsys, "post", str(aid), "--name", "Jane", "--email", "jane@example.org", "--body", body
    )
    assert code == 0, err
    return int(out)


def test_edit_from_body_and_from_stdin(
    capsys: pytest.CaptureFixture[str], article_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    cid = _post(capsys, article_id, "first words")
    code, out, err = run(capsys, "edit", str(cid), "--body", "second words")
    assert (code, out, err) == (0, f"Comment {cid} updated.\n", "")
    monkeypatch.setattr(sys, "stdin", io.StringIO("third words\n"))
    assert run(capsys, "edit", str(cid))[0] == 0
    library = Library.open()
    assert library.comment(cid).body == "third words"
    library.close()


def test_edit_and_delete_refuse_what_the_app_refuses(
    capsys: pytest.CaptureFixture[str], article_id: int
) -> None:
    library = Library.open()
    others = library.open_thread(article_id).thread.ids[0]  # Ada's, not yours
    library.close()
    for args, message in (
        (["edit", str(others), "--body", "mine now"], "only edit your own"),
        (["delete", str(others)], "only delete your own"),
        (["edit", "999", "--body", "x"], "no comment 999"),
        (["delete", "999"], "no comment 999"),
    ):
        code, _, err = run(capsys, *args)
        assert code == 2
        assert message in err, (args, err)
        assert err.count("\n") == 1
    cid = _post(capsys, article_id, "kept")
    code, _, err = run(capsys, "edit", str(cid), "--body", "  \n ")
    assert code == 2 and "empty" in err


def test_delete_then_post_never_reuses_the_id(
    capsys: pytest.CaptureFixture[str], article_id: int
) -> None:
    newest = _post(capsys, article_id, "soon gone")
    code, out, _ = run(capsys, "delete", str(newest))
    assert (code, out) == (0, f"Comment {newest} deleted.\n")
    again = _post(capsys, article_id, "a new one")
    assert again == newest + 1
    # A script's --parent with the old id is refused, not taken as the new comment.
    code, _, err = run(
        capsys, "post", str(article_id), "--parent", str(newest), "--body", "reply to gone"
    )
    assert code == 2 and f"no comment {newest}" in err


def test_delete_with_replies_leaves_a_placeholder(
    capsys: pytest.CaptureFixture[str], article_id: int
) -> None:
    cid = _post(capsys, article_id, "answered")
    code, _, err = run(capsys, "post", str(article_id), "--parent", str(cid), "--body", "reply")
    assert code == 0, err
    code, out, _ = run(capsys, "delete", str(cid))
    assert code == 0 and "placeholder" in out


def test_delete_of_a_queued_site_comment_takes_it_out_of_the_outbox(
    capsys: pytest.CaptureFixture[str],
) -> None:
    library = Library.open()
    batch = ImportBatch(
        "wordpress",
        "https://blog.example",
        "Blog",
        [ImportedArticle("7", "Post", "body", comments=[ImportedComment("1", None, "Ann", "hi")])],
    )
    aid = library.store.imports.add(batch).article_ids[0]
    jane = library.use_guest("Jane", "jane@example.org")
    queued = library.post(aid, None, "not sent yet", jane)
    assert library.store.outbox.count() == 1
    library.close()
    code, _, err = run(capsys, "edit", str(queued.id), "--body", "changed before sending")
    assert code == 0, err
    library = Library.open()
    assert library.comment(queued.id).body == "changed before sending"
    assert library.store.outbox.count() == 1  # still queued, with the new text
    library.close()
    code, _, err = run(capsys, "delete", str(queued.id))
    assert code == 0, err
    library = Library.open()
    assert library.store.outbox.count() == 0
    library.close()


def test_columns_count_cells_and_end_long_names_with_an_ellipsis() -> None:
    assert cells("日本語") == 6 and cells("👍") == 2 and cells("e\u0301") == 1
    assert fit("Ann", 6) == "Ann   "
    assert fit("日本語の名前です", 8) == "日本語… "  # a wide character never split in two
    assert cells(fit("日本語の名前です", 8)) == 8
    assert fit("👩‍👩‍👧 family", 5) == "👩‍👩‍👧 f…"  # one grapheme, two cells
    assert fit("Christopher Columbus", 10) == "Christoph…"


def test_search_columns_stay_aligned_with_wide_names(
    capsys: pytest.CaptureFixture[str],
) -> None:
    library = Library.open()
    authors = ["Ann", "山田太郎", "🎉 Party 🎉", "Bartholomew Montgomery-Smythe the Third"]
    batch = ImportBatch(
        "markdown",
        "/t.md",
        "T",
        [
            ImportedArticle(
                "1",
                "Zebras",
                "body",
                comments=[
                    ImportedComment(str(i), None, name, "zebra crossing")
                    for i, name in enumerate(authors)
                ],
            )
        ],
    )
    library.store.imports.add(batch)
    library.close()
    code, out, _ = run(capsys, "search", "zebra")
    assert code == 0
    lines = [line for line in out.splitlines() if "crossing" in line]
    assert len(lines) == 4
    # The snippet starts in the same terminal column on every line.
    starts = {cells(line[: line.index("zebra")]) for line in lines}
    assert len(starts) == 1, lines
    long = next(line for line in lines if "Bartholomew" in line)
    assert re.search(r"Bartholomew Montgom…  ", long)


def test_list_source_column_in_cells(capsys: pytest.CaptureFixture[str]) -> None:
    library = Library.open()
    for name in ("plain.md", "日本語のとても長いファイルの名前.md"):
        library.store.imports.add(
            ImportBatch("markdown", f"/{name}", name, [ImportedArticle(name, "Title", "b")])
        )
    library.close()
    code, out, _ = run(capsys, "list")
    assert code == 0
    starts = {cells(line[: line.index("Title")]) for line in out.splitlines()}
    assert len(starts) == 1, out
    assert "…" in out
