"""The guest's website: an address typed without a scheme gets https://, as WordPress adds
one; anything else is kept as typed and judged by guest_errors."""

from __future__ import annotations

import pytest

from agora.core.validation import guest_errors, website_address


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("example.org/zoe", "https://example.org/zoe"),
        ("  www.example.org  ", "https://www.example.org"),
        ("blog.example.co.uk:8080/Me?x=1#top", "https://blog.example.co.uk:8080/Me?x=1#top"),
        ("//example.org/zoe", "https://example.org/zoe"),
        ("bücher.example/zoë", "https://bücher.example/zoë"),
        ("http://example.org/Zoe", "http://example.org/Zoe"),  # kept as typed
        ("HTTPS://Example.org", "HTTPS://Example.org"),
        ("", ""),
        ("example", "example"),  # no dot: not an address, left for the error
        ("mailto:zoe@example.org", "mailto:zoe@example.org"),
        ("javascript:alert(1)", "javascript:alert(1)"),
        ("zoe@example.org", "zoe@example.org"),
        ("example.org/a b", "example.org/a b"),
    ],
)
def test_website_address(typed: str, stored: str) -> None:
    assert website_address(typed) == stored


@pytest.mark.parametrize("website", ["example.org/zoe", "https://example.org", ""])
def test_accepted_websites(website: str) -> None:
    assert guest_errors("Zoe", "zoe@example.org", website) == {}


@pytest.mark.parametrize(
    "website", ["example", "ftp://example.org", "javascript:alert(1)", "zoe@example.org"]
)
def test_refused_websites(website: str) -> None:
    assert "web address" in guest_errors("Zoe", "zoe@example.org", website)["website"]
