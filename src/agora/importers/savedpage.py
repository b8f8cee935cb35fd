"""Saved web pages as plain text: a title line, then paragraphs separated by blank lines.

This module also holds the small helpers every file importer shares: decoding bytes (with
binary detection), parsing dates, naming a file source and guarding ``parse`` so that nothing
but :class:`~agora.core.errors.ImportFailed` escapes.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from agora.core.errors import ImportFailed
from agora.core.model import ImportBatch, ImportedArticle, SourceKind
from agora.core.text import sanitize, sanitize_line, tidy_paragraphs
from agora.importers.interface import bom_encoding, fail

T = TypeVar("T")

#: A first line longer than this is a paragraph, not a title.
TITLE_MAX_CHARS = 150

_NOISE = re.compile("[\ufffd\x00-\x08\x0e-\x1f]")


def guarded(path: Path, what: str, parse: Callable[[], T]) -> T:
    """Run ``parse``; any error but ImportFailed becomes a one-line ImportFailed."""
    try:
        return parse()
    except ImportFailed:
        raise
    except Exception as exc:  # parsers of untrusted input can fail in any way
        detail = sanitize_line(str(exc))[:200] or type(exc).__name__
        raise fail(path, f"could not read {what} ({detail})") from None


def file_source(path: Path) -> tuple[str, str]:
    """``(locator, name)`` of a file source: its absolute path and its file name."""
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):
        resolved = path.absolute()
    return sanitize(str(resolved)), sanitize_line(path.name) or sanitize_line(str(resolved))


def decode_text(path: Path, data: bytes, declared: str | None = None) -> str:
    """Decode an input file as text (BOM first, then UTF-8, then ``declared``).

    Raise ImportFailed for binary data: NUL bytes near the start (more than a few), or text that
    is mostly undecodable or control characters. A stray NUL, as in hostile text, is tolerated
    (the text gate removes it).
    """
    encoding = bom_encoding(data)
    if encoding is None:
        head = data[:4096]
        if head.count(0) > max(8, len(head) // 100):
            raise fail(path, "looks like a binary file, not text")
        try:
            return _checked(path, data.decode("utf-8"))
        except UnicodeDecodeError:
            encoding = _legacy_or_damaged_utf8(data)
            if declared and not declared.lower().startswith(("utf-16", "utf-32", "utf_")):
                try:
                    codecs.lookup(declared)
                    encoding = declared
                except LookupError:
                    pass
    return _checked(path, data.decode(encoding, errors="replace"))


def _legacy_or_damaged_utf8(data: bytes) -> str:
    """The encoding of text that is not valid UTF-8: UTF-8 still when most of its non-ASCII
    characters decode as UTF-8 (a damaged file), else Windows-1252, the superset of Latin-1
    that old Western pages and editors wrote (as browsers assume)."""
    head = data[:65_536]
    if len(head.translate(None, _TEXT_BYTES)) > len(head) // 50:
        return "utf-8"  # control bytes: binary data, which the noise check then refuses
    sample = head.decode("utf-8", errors="replace")
    damaged = sample.count("\ufffd")
    decoded = sum(1 for ch in sample if ch > "\x7f") - damaged
    return "utf-8" if decoded >= damaged else "cp1252"


#: Bytes that text is made of (all but the C0 controls other than tab, newlines and form feed).
_TEXT_BYTES = bytes(b for b in range(256) if b >= 0x20 or b in b"\t\n\r\x0c")


def _checked(path: Path, text: str) -> str:
    sample = text[:100_000]
    if sample and len(_NOISE.findall(sample)) > 0.3 * len(sample):
        raise fail(path, "looks like a binary file, not text")
    return text.removeprefix("\ufeff")


def parse_date(value: str | None) -> datetime | None:
    """An ISO 8601 date or date-time as an aware datetime in UTC (UTC assumed); else None."""
    value = sanitize_line(value).strip("'\"")
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
        if parsed.tzinfo is None:
            return parsed.replace(tzinfo=UTC)
        return parsed.astimezone(UTC)
    except (ValueError, OverflowError):
        return None


def shorten(line: str, limit: int = 100) -> str:
    """``line`` cut at a word boundary to at most ``limit`` characters, with an ellipsis."""
    if len(line) <= limit:
        return line
    cut = line[: limit - 1].rsplit(" ", 1)[0] or line[: limit - 1]
    return cut.rstrip() + "…"


# --- WordPress.com comment-form boilerplate --------------------------------------------------

# A line that only the comment form writes: its presence is what allows a cut.
_STRONG = re.compile(
    r"leave a (?:reply|comment)(?: to .{1,80})?(?: cancel reply)?"
    r"|fill in your details below or click an icon to log in\b.*"
    r"|you are commenting using your\b.*"
    r"|connecting to %s"
    r"|notify me of (?:new|follow-up) (?:comments|posts) (?:via|by) e-?mail\.?"
    r"|save my name, email, and website in this browser for the next time i comment\.?"
    r"|your email address will not be published\..*",
    re.IGNORECASE,
)
# Sharing and liking lines, which come just before the form.
_SHARE = re.compile(
    r"share this:?|like this:?|like loading\W*|loading\.*|be the first to like this\.?"
    r"|(?:\d+|one) bloggers? likes? this[.:]?|%d bloggers like this:?"
    r"|click to (?:share on|email|print)\b.*\(opens in new window\)",
    re.IGNORECASE,
)
# Lines that are boilerplate only once the form has started.
_WEAK = re.compile(
    r"\(?\s*log ?out\s*/\s*change\s*\)?|log ?out|change|cancel(?: reply)?|post (?:comment|reply)"
    r"|comment|logo|δ|more|print|e-?mail|twitter|facebook|linkedin|reddit|tumblr|pinterest"
    r"|pocket|telegram|whatsapp|skype|google\+?|press this"
    r"|name(?: \(required\))?\s*\*?|website(?: \(optional\))?"
    r"|e-?mail(?: \(required\))?(?: \(address never made public\))?\s*\*?"
    r"|.{1,40} (?:picture|photo|avatar|logo)|required fields are marked \*"
    r"|post was not sent - check your email addresses!|email check failed, please try again"
    r"|sorry, your blog cannot share posts by email\.|this site uses akismet to reduce spam\..*",
    re.IGNORECASE,
)


def _line_kind(line: str) -> str | None:
    text = line.strip()
    if not text:
        return "blank"
    for kind, pattern in (("strong", _STRONG), ("share", _SHARE), ("weak", _WEAK)):
        if pattern.fullmatch(text):
            return kind
    return None


def strip_comment_form(lines: list[str]) -> list[str]:
    """Drop a trailing WordPress.com comment form (and the sharing block just before it).

    Only a trailing block made wholly of such lines, holding at least one line that only the
    form writes (such as "Leave a Reply"), is cut; article text after it prevents any cut. The
    cut starts at that line, or earlier at a "Share this:"-like line of the same block.
    """
    kinds = [_line_kind(line) for line in lines]
    start = len(lines)
    while start and kinds[start - 1] is not None:
        start -= 1
    first = next((i for i in range(start, len(lines)) if kinds[i] == "strong"), None)
    if first is None:
        return lines
    first = next((i for i in range(start, first) if kinds[i] == "share"), first)
    while first > start and kinds[first - 1] == "blank":
        first -= 1
    return lines[:first]


class SavedPageImporter:
    """A saved web page as plain text (the fallback for any text file)."""

    kind = "text"

    def sniff(self, path: Path, head: str) -> bool:
        """Any other file is read as plain text; parse() rejects binary data."""
        return True

    def parse(self, path: Path, data: bytes) -> ImportBatch:
        """Title from the first non-empty line; the rest, less the comment form, is the body."""
        return guarded(path, "this text file", lambda: self._parse(path, data))

    def _parse(self, path: Path, data: bytes) -> ImportBatch:
        text = decode_text(path, data)
        if text.lstrip()[:5].lower().startswith(("<?xml", "<rss", "<feed")):
            raise fail(
                path,
                "is an XML file but not a WordPress export (WXR); "
                "for a feed, use agora feed add URL",
            )
        lines = strip_comment_form(sanitize(text).split("\n"))
        index = next((i for i, line in enumerate(lines) if line.strip()), None)
        if index is None:
            raise fail(path, "no text to import")
        first = sanitize_line(lines[index])
        if len(first) > TITLE_MAX_CHARS:
            title, rest = shorten(first), lines[index:]
        else:
            title, rest = first, lines[index + 1 :]
        locator, name = file_source(path)
        article = ImportedArticle(
            origin_id="page", title=title, body=tidy_paragraphs("\n".join(rest))
        )
        return ImportBatch(SourceKind.FILE, locator, name, [article])
