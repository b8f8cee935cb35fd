"""An article's Markdown split into blocks by a cheap line scan, a step at a time.

An article may be tens of megabytes. Nothing here parses it: :class:`BlockIndex` only finds
where its blocks are (text between blank lines, fenced code), in steps that a reader can take
as far as it needs (the first screen) while a worker thread takes the rest. Only the blank
and fence lines are visited by Python (a regular expression skips the others), and every
block is kept to :data:`MAX_BLOCK` characters, so that drawing one is always cheap: a longer
one is cut at a line break (or a space) into parts that join the one before.

The same pass collects the article's web links in order of appearance, numbered as the ``o``
picker lists them (the article's own address first), so that a link drawn as ``[n]`` is the
picker's ``n``-th while the rest of the article is still being scanned.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from array import array
from typing import Protocol

from agora.core.errors import AgoraError
from agora.core.text import is_web_url
from agora.core.weblinks import new_links

#: Kinds of block: Markdown text, or the lines inside a code fence.
TEXT, CODE = 0, 1
#: A flag on a block's kind: it continues the block before (cut for its length).
JOINS = 2
#: The most characters a block holds (a longer one is cut into parts).
MAX_BLOCK = 8192
#: How many characters a step scans.
STEP = 256 * 1024

#: How many bytes of a :class:`BodySource` are read at a time.
LOAD = 1 << 20


class BodySource(Protocol):
    """A stored body read a piece at a time (``size`` bytes of UTF-8 in all)."""

    size: int

    def read(self, offset: int, length: int) -> bytes:
        """Raises :class:`~agora.core.errors.AgoraError` when the body cannot be read."""
        ...

    def close(self) -> None: ...


_MARKS = re.compile(rb"^[ \t]*$|^ {0,3}(`{3,}|~{3,})(.*)$", re.MULTILINE)


class BlockIndex:
    """Where the blocks of ``text`` (UTF-8) are: ``starts``, ``ends`` and ``kinds``, filled by
    :meth:`advance` (thread safe) until :attr:`done`. ``first_links``: the links the picker
    lists before the text's own (the article's address); ``fences``: False for plain text."""

    def __init__(
        self,
        text: bytes | BodySource,
        first_links: tuple[str, ...] = (),
        *,
        fences: bool = True,
    ) -> None:
        self._buffer = bytearray()  # the body read so far, when it is read in pieces
        if isinstance(text, bytes | bytearray):
            self.text: bytes | bytearray = text
            self._source: BodySource | None = None
            self.loaded = len(text)
        else:  # read a piece at a time, as far as the scan (or a reader) needs
            self._buffer = bytearray(text.size)
            self.text, self._source, self.loaded = self._buffer, text, 0
        self.starts = array("q")
        self.ends = array("q")
        self.kinds = array("b")
        #: Every web link found so far, in order, with its number in the picker.
        self.links: dict[str, int] = {}
        #: Where (in bytes) each of :attr:`links` first appears, in their order.
        self.link_offsets = array("q")
        for url in first_links:
            self._link(url, 0)
        self.scanned = 0  # characters scanned: always the start of a line
        self.done = not self.text
        self._after = 0  # where the next block may start (the line after a boundary)
        self._fence = b""  # the open code fence (empty outside one)
        self._fences = fences  # False: plain text, where no line opens code
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.starts)

    def _link(self, url: str, offset: int) -> None:
        if url not in self.links and is_web_url(url):
            self.links[url] = len(self.links) + 1
            self.link_offsets.append(offset)

    def load(self, length: int = LOAD) -> bool:
        """Read the next ``length`` bytes of the body (True: there is more to read)."""
        with self._lock:
            self._load(self.loaded + length)
            return self._source is not None

    def _load(self, limit: int) -> None:
        source = self._source
        if source is None:
            return
        limit = min(limit, len(self.text))
        try:
            while self.loaded < limit:
                chunk = source.read(self.loaded, min(LOAD, limit - self.loaded))
                if not chunk:
                    raise AgoraError("the article's text ended early")
                self._buffer[self.loaded : self.loaded + len(chunk)] = chunk
                self.loaded += len(chunk)
        except AgoraError:  # changed while read: keep what was read
            del self._buffer[self.loaded :]
        if self.loaded >= len(self.text):
            source.close()
            self._source = None

    def release(self) -> None:
        """Let go of the text (the reader has gone): the scan stops, nothing is left."""
        with self._lock:
            if self._source is not None:
                self._source.close()
                self._source = None
            self.text = self._buffer = bytearray()
            self.done = True
            for numbers in (self.starts, self.ends, self.kinds):
                del numbers[:]

    def block(self, index: int) -> tuple[str, int, bool]:
        """Block ``index``: its source, its kind (TEXT or CODE) and whether it joins the one
        before it."""
        kind = self.kinds[index]
        source = self.text[self.starts[index] : self.ends[index]].decode("utf-8", "replace")
        return source, kind & ~JOINS, bool(kind & JOINS)

    def offset_of(self, index: int) -> int:
        """Where block ``index`` starts in the text (the text's length past the last)."""
        return self.starts[index] if index < len(self.starts) else len(self.text)

    def ensure(self, count: int) -> bool:
        """Scan until ``count`` blocks are known or the text ends (True: there are)."""
        while len(self.starts) < count and not self.done:
            self.advance()
        return len(self.starts) >= count

    def finish(self) -> None:
        """Scan to the end of the text."""
        while not self.done:
            self.advance()

    def advance(self, step: int = STEP) -> None:
        """Scan the next ``step`` characters (to the end of a line)."""
        with self._lock:
            if self.done:
                return
            pos = self.scanned
            self._load(pos + step + 4096)
            text = self.text
            newline = text.find(b"\n", pos + step, self.loaded)
            while newline < 0 and self.loaded < len(text):
                self._load(self.loaded + LOAD)
                newline = text.find(b"\n", pos + step, self.loaded)
            text = self.text  # shorter if the body changed while it was read
            end = len(text) if newline < 0 else newline + 1
            at = pos
            for url in new_links(text[pos:end].decode("utf-8", "replace"), self.links):
                self.links[url] = len(self.links) + 1
                found = text.find(url.encode("utf-8", "replace"), at, end)
                at = found if found >= 0 else at  # in order of first appearance
                self.link_offsets.append(at)
            for match in _MARKS.finditer(text, pos, end):
                start = match.start()
                if start >= end:
                    break
                self._line(start, match.group(1), match.group(2))
            self.scanned = end
            if end >= len(text):
                self._close(len(text))
                self.done = True

    def _line(self, start: int, fence: bytes | None, rest: bytes | None) -> None:
        """A blank line, or one that opens or closes a fence, at ``start``."""
        text = self.text
        newline = text.find(b"\n", start)
        line_end = len(text) if newline < 0 else newline
        if self._fence:
            closes = fence and fence[:1] == self._fence[:1] and len(fence) >= len(self._fence)
            if closes and not (rest or "").strip():
                self._emit(self._after, max(self._after, start - 1), CODE)
                self._fence = b""
                self._after = line_end + 1
            return
        if fence and (not self._fences or (fence[:1] == b"`" and b"`" in (rest or b""))):
            return  # a code span at the start of a line, not a fence
        self._emit(self._after, start - 1, TEXT)
        if fence:
            self._fence = fence
        self._after = line_end + 1

    def _close(self, end: int) -> None:
        self._emit(self._after, end, CODE if self._fence else TEXT)
        self._after = end

    def _emit(self, start: int, end: int, kind: int) -> None:
        """Add the block ``text[start:end]`` (nothing if it is blank text), cut to parts."""
        text = self.text
        while end > start and text[end - 1] in b"\r\n":
            end -= 1
        if end <= start or (kind == TEXT and not text[start:end].strip()):
            return
        joins = 0
        while end - start > MAX_BLOCK:
            cut = text.rfind(b"\n", start + MAX_BLOCK // 2, start + MAX_BLOCK)
            if cut < 0:
                cut = text.rfind(b" ", start + MAX_BLOCK // 2, start + MAX_BLOCK)
            if cut < 0:
                cut = _safe_cut(text, start + MAX_BLOCK, start)
            self._add(start, cut, kind | joins)
            start, joins = cut + (text[cut] in b"\n "), JOINS
        if end > start:
            self._add(start, end, kind | joins)

    def _add(self, start: int, end: int, kind: int) -> None:
        self.starts.append(start)
        self.ends.append(end)
        self.kinds.append(kind)


def _safe_cut(text: bytes | bytearray, cut: int, start: int) -> int:
    """``cut``, moved back so that it splits no character, nor a character from the marks,
    joiners and selectors that go with it."""
    while cut > start + 1:
        if text[cut] & 0xC0 == 0x80:  # inside a character's UTF-8
            cut -= 1
            continue
        char = text[cut : cut + 4].decode("utf-8", "ignore")[:1]
        before = text[max(start, cut - 3) : cut].decode("utf-8", "ignore")[-1:]
        if not (
            unicodedata.combining(char)
            or "\u200d" in (char, before)
            or "\ufe00" <= char <= "\ufe0f"
            or "\U0001f3fb" <= char <= "\U0001f3ff"
            or "\U000e0000" <= char <= "\U000e007f"
        ):
            break
        cut -= 1
    return cut
