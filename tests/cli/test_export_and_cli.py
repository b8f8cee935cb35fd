"""The command line: list, export, post, errors and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from agora.cli.main import main
from agora.core.thread import Thread
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


def test_list_json(capsys: pytest.CaptureFixture[str], article_id: int) -> None:
    code, out, _ = run(capsys, "list", "--json")
    assert code == 0
    assert json.loads(out) == [
        {"id": article_id, "title": "Sample article", "source": "sample.txt", "comments": 7}
    ]


def test_export_json_nests_the_whole_thread(
    capsys: pytest.CaptureFixture[str], article_id: int
) -> None:
    code, out, _ = run(capsys, "export", str(article_id), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["article"]["title"] == "Sample article"
    assert data["article"]["published"] == "2024-03-01T12:00:00+00:00"
    assert set(data["article"]) == {"id", "title", "author", "published", "url", "body"}
    tops = data["comments"]
    assert [c["author"] for c in tops] == ["Ada", "Eve", "Gus's blog"]
    ada = tops[0]
    assert set(ada) == {"id", "parent", "author", "created", "body", "body_format", "replies"}
    assert [r["author"] for r in ada["replies"]] == ["Bob", "Dee"]
    assert ada["replies"][0]["replies"][0]["author"] == "Cy"
    assert ada["replies"][0]["replies"][0]["parent"] == ada["replies"][0]["id"]
    assert ada["created"].endswith("+00:00")


def test_export_markdown(capsys: pytest.CaptureFixture[str], article_id: int) -> None:
    code, out, _ = run(capsys, "export", str(article_id), "--format", "md")
    assert code == 0
    assert out.startswith("# Sample article")
    assert "> > **Cy**" in out


def test_export_of_a_100000_deep_chain_is_valid_json(library: Library) -> None:
    from agora.service import export

    n = 100_000
    thread = Thread([(i, i - 1 if i > 1 else None) for i in range(1, n + 1)])
    article = library.store.articles.get(library.store.imports.add(sample_batch()).article_ids[0])
    from agora.core.model import Comment

    comments = {
        i: Comment(i, article.id, i - 1 if i > 1 else None, "a", "", "b", None)
        for i in range(1, n + 1)
    }
    text = export.to_json(article, thread, comments)
    # json.loads recurses in C; walk with a decoder that counts depth instead.
    assert text.count('"replies": [') == n
    assert text.endswith("]}" * n + "]}")


def test_markdown_of_a_50000_deep_chain_stops_nesting_quotes(library: Library) -> None:
    from agora.core.model import Comment
    from agora.service import export

    n = 50_000
    thread = Thread([(i, i - 1 if i > 1 else None) for i in range(1, n + 1)])
    article = library.store.articles.get(library.store.imports.add(sample_batch()).article_ids[0])
    comments = {
        i: Comment(i, article.id, i - 1 if i > 1 else None, "a", "", f"level {i}", None)
        for i in range(1, n + 1)
    }
    lines = list(export.iter_markdown(article, thread, comments))
    deepest = "> " * export.MAX_QUOTE_DEPTH
    assert max(len(line) for line in lines) < 100  # not 50,000 quote marks a line
    assert f"{deepest}**a** ·  · #{n} · depth {n - 1}" in lines
    assert f"{deepest}level {n}" in lines
    assert "> **a** ·  · #2" in lines  # shallow replies as before


@pytest.mark.parametrize(
    "args",
    [
        ["export", "99999999999999999999"],
        ["open", "0"],
        ["post", "-1", "--body", "x"],
        ["post", "1", "--parent", "9223372036854775808", "--body", "x"],
    ],
)
def test_ids_sqlite_cannot_hold_are_refused(
    capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(args)
    assert exit_.value.code == 2
    assert "no such id" in capsys.readouterr().err


def test_search_arguments_that_sqlite_would_choke_on(
    capsys: pytest.CaptureFixture[str], article_id: int
) -> None:
    code, _, err = run(capsys, "search", "author:" + "x" * 60_000)
    assert (code, err) == (0, "no matches\n")
    code, _, err = run(capsys, "search", "\udcff")  # an undecodable argument byte
    assert (code, err) == (0, "no matches\n")
    code, _, err = run(capsys, "search", "x", "--limit", str(2**63))
    assert code == 2 and err == "agora: --limit must be between 1 and 10,000\n"
    code, out, _ = run(capsys, "search", "author:ADA")  # any case, as before
    assert code == 0 and "Ada" in out


def test_an_empty_home_is_refused_not_taken_as_the_default(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(capsys, "--home", "", "list")
    assert code == 2 and "--home is empty" in err
    code, _, err = run(capsys, "--home", "~no-such-user-here/agora", "list")
    assert code == 2 and "cannot find the home directory" in err


def test_import_refuses_pipes_and_keeps_odd_names_on_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import os

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    odd = tmp_path / "a\x1b]0;title\x07\nb\u202e.txt"
    odd.write_text("Title\n\nbody\n")
    code, out, err = run(capsys, "import", str(fifo), "/dev/zero", "~no-such-user-here/x", str(odd))
    assert code == 2
    assert err.splitlines() == [
        f"agora: {fifo}: is not a regular file (a pipe or a device?)",
        "agora: /dev/zero: is not a regular file (a pipe or a device?)",
        "agora: ~no-such-user-here/x: no such user's home directory",
    ]
    assert out.startswith(f"{tmp_path}/a]0;title b.txt: 1 article (1 new, 0 updated)")
    assert out.count("\n") == 1


def test_post_reads_stdin_and_prints_the_new_id(
    capsys: pytest.CaptureFixture[str], article_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO("Hello from a script\n"))
    code, out, err = run(
        capsys, "post", str(article_id), "--name", "Jane", "--email", "jane@example.org"
    )
    assert code == 0, err
    new_id = int(out)
    code, out, _ = run(
        capsys, "post", str(article_id), "--parent", str(new_id), "--body", "and a reply"
    )
    assert code == 0
    data = json.loads(run(capsys, "export", str(article_id))[1])
    mine = next(c for c in data["comments"] if c["id"] == new_id)
    assert mine["author"] == "Jane"
    assert mine["body"] == "Hello from a script"
    assert mine["replies"][0]["body"] == "and a reply"


def test_post_as_someone_else_neither_changes_who_the_app_is_nor_drops_its_draft(
    capsys: pytest.CaptureFixture[str], article_id: int
) -> None:
    library = Library.open()
    jane = library.use_guest("Jane", "jane@example.org")
    library.save_draft(article_id, None, "Jane is still writing this")
    library.close()
    code, out, err = run(
        capsys, "post", str(article_id), "--name", "Bot", "--email", "bot@example.org",
        "--body", "posted from a script",
    )  # fmt: skip
    assert code == 0, err
    library = Library.open()
    assert library.current_identity() == jane
    assert library.draft(article_id, None).body == "Jane is still writing this"
    assert library.comment(int(out)).author_name == "Bot"
    assert "Bot" in [i.name for i in library.identities()]  # remembered for next time
    library.close()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["post", "{aid}", "--body", "  "], "no identity"),
        (["post", "{aid}", "--name", "J", "--email", "nope", "--body", "x"], "valid email"),
        (["post", "{aid}", "--name", "J", "--email", "j@x.org", "--body", " \n "], "empty"),
        (
            [
                "post",
                "{aid}",
                "--name",
                "J",
                "--email",
                "j@x.org",
                "--parent",
                "999",
                "--body",
                "x",
            ],
            "no comment 999",
        ),
        (["export", "999"], "no article 999"),
        (["import", "/nonexistent/file.txt"], "no such file"),
    ],
)
def test_errors_are_one_line_with_exit_status_2(
    capsys: pytest.CaptureFixture[str], article_id: int, args: list[str], message: str
) -> None:
    code, _, err = run(capsys, *[a.format(aid=article_id) for a in args])
    assert code == 2
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_home_flag_moves_all_state(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    home = tmp_path / "elsewhere"
    code, out, _ = run(capsys, "--home", str(home), "list", "--json")
    assert code == 0 and json.loads(out) == []
    assert (home / "agora.db").exists()


def test_python_dash_m_agora_runs(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "agora", "--home", str(tmp_path), "list", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


def test_a_home_that_is_a_file_is_one_clear_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "afile").write_text("not a folder")
    code, _, err = run(capsys, "--home", str(tmp_path / "afile"), "list")
    assert code == 2
    assert err.strip() == (
        f"agora: cannot open the database {tmp_path / 'afile' / 'agora.db'}: "
        f"{tmp_path / 'afile'} is not a directory"
    )


def test_counts_read_as_english(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "note.md").write_text("# A note\n\nSome text.")
    code, out, _ = run(capsys, "import", str(tmp_path / "note.md"))
    assert code == 0
    assert out.strip().endswith("note.md: 1 article (1 new, 0 updated), 0 new comments, 0 updated")
    assert "0 comments" in run(capsys, "list")[1]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["search", ""], "agora: nothing to search for: give some words"),
        (["search", "x", "--limit", "0"], "agora: --limit must be between 1 and 10,000"),
        (["feed", "refresh"], "No feeds yet: add one with agora feed add URL"),
    ],
)
def test_empty_asks_get_a_clear_answer(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = run(capsys, *args)
    assert (out, err.strip()) == ("", message)
    assert code == (0 if args[0] == "feed" else 2)
