"""The untrusted-text gate.

Every string from outside (files, servers, the user) passes through :func:`sanitize` before it
is stored, so the store only ever holds inert text: no C0/C1 control characters (bar newline and
tab), no bidi overrides or isolates, no zero-width or other invisible format characters, no
lone surrogates. Display code still renders it as plain content, never as markup.

:mod:`agora.core.html_text` turns remote HTML into that same kind of text.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# Unicode categories Cc, Cf, Cs, Zl and Zp, less "\n" and "\t" (generated from unicodedata,
# widened with the format characters later Unicode versions added).
_INVISIBLE = re.compile(
    "["
    "\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2"
    "\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ud800-\udfff\ufeff"
    "\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001345f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e007f"
    "]+"
)
_LINE_BREAKS = re.compile("\r\n|[\r\u2028\u2029\x85\x0b\x0c]")
_BLANK_RUNS = re.compile(r"\n[ \t]*(?:\n[ \t]*){2,}")


def sanitize(text: str | None) -> str:
    """Return ``text`` with every invisible or terminal-controlling character removed.

    Line breaks of any kind become ``\\n``; ordinary printable text is never changed.
    """
    if not text:
        return ""
    if text.isprintable() or text.replace("\n", "").isprintable():
        return text  # no Cc, Cf, Cs, Zl or Zp character (bar newlines): nothing to remove
    text = _LINE_BREAKS.sub("\n", text)
    return _INVISIBLE.sub("", text)


def sanitize_line(text: str | None) -> str:
    """Sanitize and fold to one line: for names, titles and URLs."""
    if not text:
        return ""
    if text.isprintable() and "  " not in text and text[0] != " " != text[-1]:
        return text  # printable text's only white space is " ": nothing to remove or fold
    return " ".join(sanitize(text).split())


def tidy_paragraphs(text: str) -> str:
    """Strip trailing spaces and collapse runs of blank lines to one."""
    lines = [line.rstrip() for line in text.split("\n")]
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip("\n")


#: The scheme and the authority (``user:password@host:port``) at the start of a URL.
_AUTHORITY = re.compile(r"([a-z][a-z0-9+.-]*://)([^/?#]*)", re.I)


def without_credentials(url: str) -> str:
    """``url`` without its ``user:password@`` (for logs and messages; any text is taken)."""
    match = _AUTHORITY.match(url)
    if match is None or "@" not in match.group(2):
        return url
    return match.group(1) + match.group(2).rpartition("@")[2] + url[match.end() :]


def url_host(url: str) -> str:
    """``host[:port]`` of a URL, sanitized, never with a user name or password (the whole
    text, sanitized, when it has no host)."""
    match = _AUTHORITY.match(url.strip())
    host = match.group(2).rpartition("@")[2] if match else ""
    return sanitize_line(host) or sanitize_line(url)


def is_web_url(url: str) -> bool:
    """True for an absolute http(s) URL with a host."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def fold_spaces(text: str) -> str:
    """Every run of white space as one space, and none at the ends: ``" ".join(text.split())``."""
    if text.isprintable() and "  " not in text and text[:1] != " " != text[-1:]:
        return text  # printable text's only white space is " ": nothing to fold
    return " ".join(text.split())


def printable_fold(text: str) -> str | None:
    """:func:`fold_spaces` of ``text`` when that is printable (:func:`sanitize` keeps it as it
    is), else None; printable text is read once."""
    if text.isprintable():
        if "  " not in text and text[:1] != " " != text[-1:]:
            return text
        return " ".join(text.split())
    folded = " ".join(text.split())
    return folded if folded.isprintable() else None


def collapse_spaces(text: str) -> str:
    """Every run of white space as one space: ``re.sub(r"\\s+", " ", text)``, but faster."""
    if text.isprintable() and "  " not in text:
        return text  # printable text's only white space is " ": nothing to collapse
    words = text.split()
    if not words:
        return " " if text else ""
    out = " ".join(words)
    if text[0].isspace():
        out = " " + out
    if text[-1].isspace():
        out += " "
    return out
