"""``agora replies [--json]``: the inbox of replies to you on the command line."""

from __future__ import annotations

import json

import pytest

from agora.cli.main import main
from agora.service.library import Library
from tests.conftest import sample_batch

FIELDS = {
    "comment",
    "article",
    "title",
    "source",
    "author",
    "created",
    "reason",
    "parent",
    "unread",
    "text",
    "url",
}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_replies_lists_answers_and_mentions_newest_first(
    capsys: pytest.CaptureFixture[str],
) -> None:
    library = Library.open()
    article = library.store.imports.add(sample_batch()).article_ids[0]
    library.close()
    code, out, _ = run(
        capsys, "post", str(article), "--name", "Zoë", "--email", "z@example.org", "--body", "Mine"
    )
    assert code == 0
    mine = int(out)
    library = Library.open()
    reply = library.store.comments.add(
        article, mine, author_name="Ann", body="**Answering** you", is_own=False
    )
    mention = library.store.comments.add(
        article, None, author_name="Bob", body="ask ZOË about it", is_own=False
    )
    library.store.comments.add(
        article, None, author_name="Cy", body="Zoëlle is not her", is_own=False
    )
    with library.store.write() as db:  # as a formatted comment from a site is stored
        db.execute("UPDATE comments SET body_format = 'markdown' WHERE id = ?", [reply.id])
    library.close()

    code, out, _ = run(capsys, "replies", "--json")
    assert code == 0
    rows = json.loads(out)
    assert [(r["comment"], r["reason"]) for r in rows] == [
        (mention.id, "mention"),
        (reply.id, "reply"),
    ]
    assert all(set(r) == FIELDS for r in rows)
    assert rows[1]["parent"] == mine and rows[0]["parent"] is None
    assert rows[1]["text"] == "Answering you"  # plain text, whatever the comment's format
    assert rows[1]["title"] == "Sample article" and rows[1]["author"] == "Ann"
    assert rows[1]["unread"] is True and rows[1]["created"].endswith("+00:00")

    code, out, err = run(capsys, "replies")
    assert code == 0
    assert "2 replies, 2 unread" in err
    lines = out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("•") and f"{article}#{mention.id}" in lines[0]
    assert "mention" in lines[0] and "Bob" in lines[0] and "ask ZOË about it" in lines[0]
    assert "reply" in lines[1] and "Answering you" in lines[1]


def test_replies_when_there_are_none(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "replies")
    assert (code, out) == (0, "")
    assert "No replies to you yet." in err
    code, out, _ = run(capsys, "replies", "--json")
    assert (code, json.loads(out)) == (0, [])
