"""Finding the web links in a piece of text (pure: no I/O, no Textual).

Only ``http`` and ``https`` addresses are found; anything else (``javascript:``, ``file:``,
``mailto:``) is never offered. Each link is returned exactly as it appears in the text, so
what the user is shown is the real target.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable

from agora.core.text import is_web_url

_URL = re.compile(r"https?://[^\s<>\"'`\x00-\x1f\x7f]+", re.IGNORECASE)
#: Left off the end of a link: sentence punctuation, closing quotes and Markdown emphasis.
_TRAILING = ".,;:!?*_~'\"”’»›"
_CLOSERS = {")": "(", "]": "[", "}": "{"}


def _trim(url: str) -> str:
    """Drop punctuation that ends the sentence rather than the link.

    A closing bracket stays when the link opened it (``…/Foo_(bar)``), and goes when it closes
    text around the link (``(see https://x.org)``, Markdown's ``[label](https://x.org)``).
    """
    while url:
        last = url[-1]
        unbalanced = last in _CLOSERS and url.count(last) > url.count(_CLOSERS[last])
        if last in _TRAILING or unbalanced:
            url = url[:-1]
        else:
            break
    return url


def extract_links(text: str) -> list[str]:
    """The http(s) links in ``text``, in order of appearance, each once."""
    found: list[str] = []
    seen: set[str] = set()
    for match in _URL.finditer(text):
        url = _trim(match.group())
        if url not in seen and is_web_url(url):
            seen.add(url)
            found.append(url)
    return found


def new_links(text: str, known: Container[str]) -> list[str]:
    """The http(s) links in ``text`` that are not in ``known``, in order, each once (for
    scanning a long text a piece at a time: only a new link's address is checked)."""
    found: list[str] = []
    for match in _URL.finditer(text):
        url = _trim(match.group())
        if url not in known and url not in found and is_web_url(url):
            found.append(url)
    return found


def unique_links(links: Iterable[str]) -> list[str]:
    """``links`` without repeats or non-web addresses, keeping the first of each."""
    out: list[str] = []
    for url in links:
        if url and url not in out and is_web_url(url):
            out.append(url)
    return out
