"""Failures said in words: a feed that cannot be fetched names the reason, not httpx's class;
a file with a UTF-16 byte-order mark but binary content is refused as binary."""

from __future__ import annotations

import codecs
import socket
import ssl
from pathlib import Path

import httpx
import pytest

from agora.core.errors import ImportFailed
from agora.importers import parse_file
from agora.importers.feeds import FeedError, fetch
from agora.importers.interface import binary_behind_bom, read_input
from agora.importers.network_reasons import network_reason


def _wrapped(cause: BaseException) -> httpx.ConnectError:
    try:
        try:
            raise cause
        except BaseException as inner:
            raise httpx.ConnectError(str(inner)) from inner
    except httpx.ConnectError as exc:
        return exc


@pytest.mark.parametrize(
    ("exc", "words"),
    [
        (_wrapped(socket.gaierror(-2, "Name or service not known")), "cannot find h.example"),
        (_wrapped(ConnectionRefusedError(111, "Connection refused")), "refused the connection"),
        (_wrapped(ssl.SSLCertVerificationError(1, "bad")), "certificate is not valid"),
        (_wrapped(OSError(101, "Network is unreachable")), "network is unreachable"),
        (httpx.ConnectTimeout("x"), "did not accept a connection in time"),
        (httpx.ReadTimeout("x"), "did not answer in time"),
        (httpx.RemoteProtocolError("x"), "closed the connection"),
        (httpx.TooManyRedirects("x"), "without end"),
        (httpx.ProxyError("x"), "proxy"),
    ],
)
def test_network_errors_become_sentences(exc: httpx.HTTPError, words: str) -> None:
    reason = network_reason(exc, "h.example")
    assert words in reason
    assert "Error" not in reason and "h.example" in reason


def test_feed_add_of_a_closed_port_says_so() -> None:
    with pytest.raises(FeedError, match=r"127\.0\.0\.1:9 refused the connection") as caught:
        fetch("http://127.0.0.1:9/feed")
    assert "ConnectError" not in str(caught.value)


def test_feed_add_on_the_command_line_names_the_reason(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from agora.cli.main import main

    assert main(["feed", "add", "http://127.0.0.1:9/feed"]) == 2
    err = capsys.readouterr().err
    assert "refused the connection" in err and "ConnectError" not in err


def test_utf16_mark_before_binary_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "odd.txt"
    path.write_bytes(b"\xff\xfe\x00garbage\x00\x81")
    with pytest.raises(ImportFailed, match="binary file"):
        read_input(path)
    with pytest.raises(ImportFailed, match="binary file"):
        parse_file(path)


@pytest.mark.parametrize(
    "data",
    [
        b"\xff\xfe\x00garbage\x00\x81",
        b"\xfe\xff\x00garbage\x00\x81",  # big-endian
        b"\xff\xfe" + b"odd length",  # not whole characters
        b"\xff\xfe\x00\xd8\x41\x00",  # a lone surrogate
        b"\xff\xfe" + "ok\x01\x02".encode("utf-16-le"),  # control characters
        b"\xff\xfe" + bytes(range(32, 127)) * 4,  # ASCII bytes read two at a time
    ],
)
def test_binary_behind_a_byte_order_mark(data: bytes) -> None:
    assert binary_behind_bom(data)


@pytest.mark.parametrize(
    "text",
    ["Hello world\n", "日本語のテキストです。\n", "一万一千\n", "Résumé — 一 test 🎉\n", "x"],
)
@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_text_behind_a_byte_order_mark_is_read(text: str, encoding: str, tmp_path: Path) -> None:
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    assert not binary_behind_bom(data)
    path = tmp_path / "doc.txt"
    path.write_bytes(data)
    assert parse_file(path).articles
