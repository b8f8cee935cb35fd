"""`agora login`, `whoami` and `logout` say what is wrong in one line, before any network."""

from __future__ import annotations

import json

import pytest

from agora.cli.main import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (
            ["login", "blog.example.org", "--wordpress-com"],
            "is not one of your sites: add it first",
        ),
        (["login", "blog.example.org", "--user", "jane"], "add it first with agora site add"),
        (["login", "--provider", "google"], "Google needs a client id: create an OAuth client"),
        (["login", "--provider", "x"], "X (Twitter) needs a client id"),
        (["login", "--provider", "google+"], "Google+ closed in 2019"),
        (["login", "--provider", "nobody"], "add one as [providers.nobody] with its issuer"),
        (["login", "blog.example.org", "--user", "jane", "--session-only"], "until you quit"),
        (["logout"], "give a site or --provider NAME"),
    ],
)
def test_login_mistakes_are_one_line(
    capsys: pytest.CaptureFixture[str], args: list[str], words: str
) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and words in err, err


def test_whoami_before_and_after_choosing(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "whoami")[1].startswith("nobody")
    from agora.service.library import Library

    library = Library.open()
    library.use_guest("Jane Doe", "jane@example.org", "https://jane.example")
    library.close()
    code, out, _ = run(capsys, "whoami", "--json")
    [who] = json.loads(out)
    assert code == 0 and who["current"] and who["how"] == "guest details"
    assert (who["name"], who["email"], who["website"]) == (
        "Jane Doe",
        "jane@example.org",
        "https://jane.example",
    )
    assert run(capsys, "whoami")[1] == "* Jane Doe <jane@example.org>: guest details\n"
