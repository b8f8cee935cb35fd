"""The HTML walker behind :func:`~agora.core.html_text.html_to_text`: html.parser's events in,
lines of plain text (or light Markdown) out.

It acts on block tags (paragraphs, quotes, lists, headings, ``pre``), line breaks, links and
images, and passes over every other tag, keeping only its text. It imports ``html.parser``, so
only :mod:`agora.core.html_text` imports it, and the app's start-up imports neither.
"""

from __future__ import annotations

from html.parser import HTMLParser

from agora.core.document import MAX_DEPTH
from agora.core.markdown_lines import (
    INLINE_STYLES,
    Fence,
    Heading,
    LineState,
    Mark,
    Raw,
    fence_lines,
    markdown_line,
)
from agora.core.text import collapse_spaces, is_web_url, sanitize, sanitize_line

#: Tags that stand on lines of their own: text before and after them is on other lines.
BLOCK_TAGS = {
    "p",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "aside",
    "main",
    "nav",
    "figure",
    "figcaption",
    "table",
    "tr",
    "form",
    "fieldset",
    "address",
    "dl",
    "dt",
    "dd",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "blockquote",
    "pre",
    "details",
    "summary",
    "caption",
}
_SKIP = {"script", "style", "head", "title", "noscript", "template", "iframe", "object", "svg"}
#: The tags whose start or end the converter acts on; it passes over any other.
START_TAGS = BLOCK_TAGS | {"br", "a", "img", "td", "th"}
END_TAGS = BLOCK_TAGS | {"a"}


def _bare_heading(parts: list[str]) -> bool:
    """The line is a heading's marks and nothing else."""
    texts = [part for part in parts if part and not isinstance(part, Mark)]
    rest = "".join(texts[1:])
    return bool(texts) and isinstance(texts[0], Heading) and not sanitize(rest).strip()


class HtmlConverter(HTMLParser):
    """A forgiving HTML walker that writes plain text (or light Markdown), line by line."""

    def __init__(self, markdown: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.markdown = markdown
        self.lines: list[tuple[int, list[str]]] = []  # (quote depth, parts)
        self.pending = 0  # 1: start a new line before the next text; 2: leave a blank line
        self.skip = 0
        self.pre = 0
        self.quote = 0
        self.lists: list[int] = []  # next number per open list; -1 for bullets
        self.links: list[tuple[str, list[str], int]] = []  # (href, label parts, number)
        self.opens: list[Mark] = []  # styles and links opened, written with the next text
        self.link_count = 0

    def _break(self, n: int) -> None:
        if self.lines:
            self.pending = max(self.pending, n)

    def _write(self, data: str) -> None:
        if not self.lines:
            self.lines.append((self.quote, []))
        elif self.pending:
            if self.pending > 1:
                self.lines.append((min(self.quote, self.lines[-1][0]), []))
            self.lines.append((self.quote, []))
        self.pending = 0
        parts = self.lines[-1][1]
        if self.opens:
            parts.extend(self.opens)
            self.opens.clear()
        parts.append(Raw(data) if self.pre and self.markdown and type(data) is str else data)
        if not isinstance(data, Fence):  # a code fence is Markdown's, not the link's words
            for _, label, _ in self.links:
                label.append(data)

    def _at_line_start(self) -> bool:
        if not self.lines or self.pending:
            return True
        parts = self.lines[-1][1]
        if "".join(parts).strip():
            return False
        return not any(isinstance(part, Mark) and part.suffix for part in parts)

    def _after_space(self) -> bool:
        """The last text written on the line ends with a space."""
        if not self.lines:
            return False
        for part in reversed(self.lines[-1][1]):
            if part:
                return part.endswith(" ")
            if isinstance(part, Mark) and part.suffix:
                return False  # the target written after a link's label ends with ")"
        return False

    def _close(self, mark: Mark, ends_line: bool = True) -> bool:
        """End a style or a link; False when it held no text (it is then left out), or
        when not ``ends_line`` (a link ending after a block: its target is text)."""
        for i in range(len(self.opens) - 1, -1, -1):
            opened = self.opens[i]
            if opened.style == mark.style and opened.link == mark.link:
                del self.opens[i]
                return False
        if self.lines and ends_line:
            self.lines[-1][1].append(mark)
        return ends_line

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
            return
        if self.skip:
            return
        if self.markdown and tag in INLINE_STYLES:
            if not self.pre:
                self.opens.append(Mark(INLINE_STYLES[tag], True))
            return
        if tag not in START_TAGS:
            return
        if tag == "br":
            if self.pending:
                self.pending = 2  # a break after a block leaves a blank line
            elif self.lines:
                self.lines.append((self.quote, []))
        elif tag in ("ul", "ol"):
            self._break(1 if self.lists else 2)
            self.lists.append(1 if tag == "ol" else -1)
        elif tag == "li":
            self._break(1)
            marker = "- "
            if self.lists and self.lists[-1] > 0:
                marker = f"{self.lists[-1]}. "
                self.lists[-1] += 1
            self._write(Raw("  " * min(MAX_DEPTH, max(0, len(self.lists) - 1)) + marker))
        elif tag == "blockquote":
            self._break(2)
            self.quote += 0 if self.pre else 1  # preformatted text stays at its depth
        elif tag == "pre":
            self._break(2)
            self.pre += 1
            if self.markdown and self.pre == 1:
                self._write(Fence("```"))
                self._break(1)
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._break(2)
            if self.markdown and not self.pre:
                self._write(Heading("#" * int(tag[1]) + " "))
        elif tag == "hr":
            self._break(2)
            self._write(Raw("---") if self.markdown and not self.pre else "―" * 3)
            self._break(2)
        elif tag in BLOCK_TAGS:
            self._break(2)
        elif tag == "a":
            self.link_count += 1
            self.links.append(({k: v or "" for k, v in attrs}.get("href", ""), [], self.link_count))
            if self.markdown and not self.pre:
                self.opens.append(Mark(0, True, self.link_count))
        elif tag == "img":
            alt = sanitize_line({k: v or "" for k, v in attrs}.get("alt", ""))
            if alt:
                self._write(f"[image: {alt}]")
        elif tag in ("td", "th"):
            self._write(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if self.markdown and tag in INLINE_STYLES:
            if not self.pre:
                self._close(Mark(INLINE_STYLES[tag], False))
            return
        if tag not in END_TAGS:
            return
        if tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            self._break(1 if self.lists else 2)
        elif tag == "blockquote":
            self._break(2)
            self.quote = self.quote if self.pre else max(0, self.quote - 1)
        elif tag == "pre":
            if self.markdown and self.pre == 1:
                self._break(1)
                self._write(Fence("```"))
            self.pre = max(0, self.pre - 1)
            self._break(2)
        elif tag == "a" and self.links:
            href, label_parts, number = self.links.pop()
            label = "".join(label_parts).strip().replace("\\", "")
            href = sanitize_line(href)
            suffix = is_web_url(href) and href.rstrip("/") != label.rstrip("/")
            mark = Mark(0, False, number, href, suffix)
            if self.markdown and self._close(mark, ends_line=not self.pending and not self.pre):
                pass
            elif suffix:
                self._write(f" ({href})")
        elif tag == "li":
            self._break(1)
        elif tag in BLOCK_TAGS:
            self._break(2)

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.pre:
            for i, piece in enumerate(data.split("\n")):
                if i and self.pending:
                    self._write("")  # a break is pending: it takes this line break
                elif i:
                    self.lines.append((self.quote, []))
                if piece:
                    self._write(Raw(piece) if self.markdown else piece)
            return
        data = collapse_spaces(data)
        if self._at_line_start() or self._after_space():
            data = data.lstrip()
        if data:
            self._write(data)

    def text(self) -> str:
        """The lines written, quoted by depth; every run of blank lines (and every change of
        depth) as one blank line, quoted as deep as the lines on both sides of it."""
        out: list[str] = []
        last = 0  # the depth of the last line written
        gap = False
        state = LineState()
        fences = fence_lines(self.lines) if self.markdown else {}
        for i, (depth, parts) in enumerate(self.lines):
            if self.markdown:
                line = markdown_line(parts, state).rstrip()
                line = fences.get(i, line)
                if line[:1] == "#" and _bare_heading(parts):
                    line = ""
            else:
                line = "".join(parts).rstrip()
            if not line.isprintable():
                line = sanitize(line).replace("\u00a0", " ").rstrip()
            if not line.strip():
                gap = bool(out)
                continue
            depth = min(depth, MAX_DEPTH)
            if out and (gap or depth != last):
                out.append(">" * min(depth, last))
            out.append(">" * depth + " " + line if depth else line)
            last, gap = depth, False
        return "\n".join(out)
