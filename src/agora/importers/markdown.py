"""Markdown files, with optional YAML-style front matter (simple ``key: value`` lines only)."""

from __future__ import annotations

import re
from pathlib import Path

from agora.core.model import BodyFormat, ImportBatch, ImportedArticle, SourceKind
from agora.core.text import is_web_url, sanitize, sanitize_line
from agora.importers.interface import fail
from agora.importers.savedpage import decode_text, file_source, guarded, parse_date

SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd", ".mkdn"})
_NOT_MARKDOWN = frozenset({".html", ".htm", ".xhtml", ".xml"})
_KEY = re.compile(r"([A-Za-z][\w-]*)[ \t]*:[ \t]*(.*)")
_ATX_H1 = re.compile(r" {0,3}#[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*")
_SETEXT_H1 = re.compile(r" {0,3}=+[ \t]*")
_FENCE = re.compile(r" {0,3}(?:```|~~~)")
_BLOCK_SCALARS = frozenset({"|", ">", "|-", ">-", "|+", ">+"})


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return "" if value in _BLOCK_SCALARS else value


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """``(fields, rest)``: the ``key: value`` fields of leading ``---`` front matter, if any.

    Keys are lower-cased; the first occurrence of a key wins. Text without front matter (or
    whose ``---`` block holds no ``key: value`` line) comes back whole, with no fields.
    """
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, text
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            fields: dict[str, str] = {}
            for line in lines[1:end]:
                match = _KEY.fullmatch(line.rstrip())
                if match:
                    fields.setdefault(match[1].lower(), _unquote(match[2]))
            if not any(_KEY.fullmatch(line.rstrip()) for line in lines[1:end]):
                return {}, text
            return fields, "\n".join(lines[end + 1 :])
    return {}, text


def take_heading(lines: list[str]) -> str:
    """The text of the first level-1 heading outside code fences, or "".

    When only blank lines precede it, the heading is removed from ``lines``.
    """
    in_fence = False
    for i, line in enumerate(lines):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        span = 0
        match = _ATX_H1.fullmatch(line)
        if match:
            text, span = match[1], 1
        elif line.strip() and i + 1 < len(lines) and _SETEXT_H1.fullmatch(lines[i + 1]):
            text, span = line, 2
        if span:
            title = sanitize_line(text)
            if title and not any(previous.strip() for previous in lines[:i]):
                del lines[i : i + span]
            if title:
                return title
    return ""


def _trim_blank_lines(lines: list[str]) -> str:
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return "\n".join(lines[start:end])


class MarkdownImporter:
    """A Markdown file; the body stays Markdown (sanitized)."""

    kind = "markdown"

    def sniff(self, path: Path, head: str) -> bool:
        """A Markdown suffix, or text that opens with ``---`` front matter."""
        suffix = path.suffix.lower()
        if suffix in SUFFIXES:
            return True
        if suffix in _NOT_MARKDOWN:
            return False
        fields, _ = split_front_matter(sanitize(head.removeprefix("\ufeff")))
        return bool(fields)

    def parse(self, path: Path, data: bytes) -> ImportBatch:
        """Title from front matter, else the first ``#`` heading, else the file name."""
        return guarded(path, "this Markdown file", lambda: self._parse(path, data))

    def _parse(self, path: Path, data: bytes) -> ImportBatch:
        fields, rest = split_front_matter(sanitize(decode_text(path, data)))
        lines = rest.split("\n")
        title = sanitize_line(fields.get("title")) or take_heading(lines)
        body = _trim_blank_lines(lines)
        if not body.strip() and not title:
            raise fail(path, "no text to import")
        url = next(
            (
                u
                for key in ("url", "link", "permalink", "canonical")
                if is_web_url(u := sanitize_line(fields.get(key)))
            ),
            "",
        )
        locator, name = file_source(path)
        article = ImportedArticle(
            origin_id="page",
            title=title or sanitize_line(path.stem) or name,
            body=body,
            body_format=BodyFormat.MARKDOWN,
            author=sanitize_line(fields.get("author")),
            published=parse_date(fields.get("date")),
            url=url,
        )
        return ImportBatch(SourceKind.FILE, locator, name, [article])
