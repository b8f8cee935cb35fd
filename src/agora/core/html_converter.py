"""The HTML walker behind :func:`~agora.core.html_text.html_to_text`: html.parser's events in,
lines of plain text (or light Markdown) out.

It acts on block tags (paragraphs, quotes, lists, headings, ``pre``), line breaks, links and
images, and passes over every other tag, keeping only its text. It imports ``html.parser``, so
only :mod:`agora.core.html_text` imports it, and the app's start-up imports neither.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from agora.core.text import collapse_spaces, is_web_url, sanitize_line

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
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#+!|~])")
_MD_NUMBERED = re.compile(r"^(\s*\d+)\.")
_MD_RULE = re.compile(r"^(\s*)([-=])")


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
        self.links: list[tuple[str, list[str]]] = []  # (href, label parts)

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
        self.lines[-1][1].append(data)
        for _, label in self.links:
            label.append(data)

    def _at_line_start(self) -> bool:
        return not self.lines or bool(self.pending) or not "".join(self.lines[-1][1]).strip()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
            return
        if self.skip or tag not in START_TAGS:
            return
        if tag == "br":
            if self.lines:
                self.lines.append((self.quote, []))
                self.pending = 0
        elif tag in ("ul", "ol"):
            self._break(1 if self.lists else 2)
            self.lists.append(1 if tag == "ol" else -1)
        elif tag == "li":
            self._break(1)
            marker = "- "
            if self.lists and self.lists[-1] > 0:
                marker = f"{self.lists[-1]}. "
                self.lists[-1] += 1
            self._write("  " * max(0, len(self.lists) - 1) + marker)
        elif tag == "blockquote":
            self._break(2)
            self.quote += 1
        elif tag == "pre":
            self._break(2)
            self.pre += 1
            if self.markdown:
                self._write("```")
                self._break(1)
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._break(2)
            if self.markdown:
                self._write("#" * int(tag[1]) + " ")
        elif tag == "hr":
            self._break(2)
            self._write("---" if self.markdown else "―" * 3)
            self._break(2)
        elif tag in BLOCK_TAGS:
            self._break(2)
        elif tag == "a":
            self.links.append(({k: v or "" for k, v in attrs}.get("href", ""), []))
        elif tag == "img":
            alt = sanitize_line({k: v or "" for k, v in attrs}.get("alt", ""))
            if alt:
                self._write(f"\\[image: {alt}\\]" if self.markdown else f"[image: {alt}]")
        elif tag in ("td", "th"):
            self._write(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip or tag not in END_TAGS:
            return
        if tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            self._break(1 if self.lists else 2)
        elif tag == "blockquote":
            self._break(2)
            self.quote = max(0, self.quote - 1)
        elif tag == "pre":
            if self.markdown:
                self._break(1)
                self._write("```")
            self.pre = max(0, self.pre - 1)
            self._break(2)
        elif tag == "a" and self.links:
            href, label_parts = self.links.pop()
            label = "".join(label_parts).strip().replace("\\", "")
            href = sanitize_line(href)
            if is_web_url(href) and href.rstrip("/") != label.rstrip("/"):
                self._write(f" (<{href}>)" if self.markdown else f" ({href})")
        elif tag == "li":
            self._break(1)
        elif tag in BLOCK_TAGS:
            self._break(2)

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.pre:
            for i, piece in enumerate(data.split("\n")):
                if i:
                    self.lines.append((self.quote, []))
                    self.pending = 0
                if piece:
                    self._write(piece)
            return
        data = collapse_spaces(data)
        last = self.lines[-1][1] if self.lines else None
        if self._at_line_start() or (last and last[-1].endswith(" ")):
            data = data.lstrip()
        if not data:
            return
        if self.markdown:
            data = _MD_SPECIAL.sub(r"\\\1", data)
            if self._at_line_start():
                data = _MD_RULE.sub(r"\1\\\2", _MD_NUMBERED.sub(r"\1\\.", data))
        self._write(data)

    def text(self) -> str:
        out = []
        for depth, parts in self.lines:
            line = "".join(parts)
            if depth:
                line = ">" * depth + (" " + line if line.strip() else "")
            out.append(line)
        return "\n".join(out)
