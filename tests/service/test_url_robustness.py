"""Hostile and malformed addresses: bounded reads, one-line errors, no credentials shown."""

from __future__ import annotations

import asyncio
import gzip
import http.server
import io
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from agora.cli.main import main
from agora.engines.wordpress import WordPressError, transport
from agora.engines.wordpress.discovery import discover
from agora.engines.wordpress.rest import RestClient
from agora.engines.wordpress.transport import RetryPolicy
from agora.service.sites import Site, host_of

NO_RETRY = RetryPolicy(retries=0)
JUNK = ["http://256.256.256.256/", "http://xn--/", "http://xn--a.com/", "http://[::1/"]


class Hostile(http.server.BaseHTTPRequestHandler):
    """Answers by path: an endless body, a gzip bomb, bad Link headers and redirects."""

    sent = 0  #: bytes of endless body written, over all requests

    def log_message(self, *args: object) -> None:
        pass

    def _empty(self, status: int, **headers: str) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:
        if self.path.startswith("/endless"):
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            chunk = b"x" * 65536
            try:
                while True:
                    self.wfile.write(chunk)
                    Hostile.sent += len(chunk)
            except OSError:
                return
        elif self.path.startswith("/gzip"):
            body = gzip.compress(b"\0" * (4 * 1_048_576))
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif self.path.startswith("/link"):
            self._empty(200, Link='<http://xn--/wp-json/>; rel="https://api.w.org/"')
        elif self.path.startswith("/redirect"):
            self._empty(302, Location="http://xn--/feed")
        else:
            self._empty(404)


@pytest.fixture(scope="module")
def hostile() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hostile)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def run_cli(capsys: pytest.CaptureFixture[str], tmp_path: Path, *argv: str) -> tuple[int, str]:
    code = main(["--home", str(tmp_path), *argv])
    out, err = capsys.readouterr()
    return code, out + err


# -- 1: bodies are read up to a limit -----------------------------------------------------------


async def test_an_endless_page_stops_at_the_limit(
    hostile: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(transport, "MAX_BODY", 1_048_576)
    Hostile.sent = 0
    with pytest.raises(WordPressError, match=r"answered with more than 1 MB"):
        await asyncio.wait_for(discover(f"{hostile}/endless", retry=NO_RETRY), 10)
    assert Hostile.sent < 32 * 1_048_576


async def test_the_limit_counts_decompressed_bytes(
    hostile: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(transport, "MAX_BODY", 1_048_576)
    async with RestClient(f"{hostile}/gzip/", retry=NO_RETRY) as client:
        with pytest.raises(WordPressError, match=r"more than 1 MB"):
            await client.call("GET", "/wp/v2/posts")


async def test_a_body_within_the_limit_is_read(hostile: str) -> None:
    async with RestClient(f"{hostile}/gzip/", retry=NO_RETRY) as client:
        response = await client.send("GET", f"{hostile}/gzip", idempotent=True)
    assert response.content == b"\0" * (4 * 1_048_576)


# -- 2: malformed addresses, given or sent, are one-line errors ---------------------------------


def assert_one_error_line(code: int, output: str) -> None:
    assert code == 2, output
    errors = [line for line in output.splitlines() if line.startswith("agora: ")]
    assert len(errors) == 1, output
    assert "Traceback" not in output and "\x1b" not in output


@pytest.mark.parametrize("url", JUNK)
@pytest.mark.parametrize("command", ["site", "feed"])
def test_junk_addresses_are_refused(
    command: str, url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, output = run_cli(capsys, tmp_path, command, "add", url)
    assert_one_error_line(code, output)
    assert "not a web address" in output


def test_control_characters_in_a_feed_address(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert_one_error_line(*run_cli(capsys, tmp_path, "feed", "add", "http://127.0.0.1:1/\x1b[31m"))


@pytest.mark.parametrize("site", ["256.256.256.256", "xn--"])
def test_login_to_a_junk_address(
    site: str,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("pw\n"))
    code, output = run_cli(capsys, tmp_path, "login", site, "--user", "x")
    assert_one_error_line(code, output)
    # agora login never adds a site: one it does not know is named, with how to add it.
    assert "is not one of your sites: add it first" in output


@pytest.mark.parametrize(
    ("command", "path"), [("site", "/link"), ("site", "/redirect"), ("feed", "/redirect")]
)
def test_junk_addresses_from_a_server(
    command: str, path: str, hostile: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert_one_error_line(*run_cli(capsys, tmp_path, command, "add", hostile + path))


# -- 3: user names and passwords in addresses are never shown -----------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["site", "add", "http://user:pass@127.0.0.1:1/"],
        ["site", "add", "http://user:pass@[::1/"],
        ["feed", "add", "http://user:pass@127.0.0.1:1/"],
        ["feed", "add", "http://user:pass@256.256.256.256/"],
        ["login", "user:pass@127.0.0.1:1", "--user", "x"],
    ],
)
def test_credentials_in_an_address_are_never_printed(
    argv: list[str],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("pw\n"))
    code, output = run_cli(capsys, tmp_path, *argv)
    assert_one_error_line(code, output)
    assert "pass" not in output.replace("password", "")


def test_hosts_are_shown_without_user_info() -> None:
    assert host_of("http://user:pass@127.0.0.1:8080/x") == "127.0.0.1:8080"
    assert host_of("a@b@[::1]:80/path?q=@") == "[::1]:80"
    assert Site(
        1, "wordpress", "x", "https://u:p@example.org", "https://example.org/wp-json/"
    ).host == ("example.org")
