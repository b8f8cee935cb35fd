"""Writing one line of the HTML walker's output as light Markdown.

:class:`~agora.core.html_converter.HtmlConverter` collects, per line, raw text pieces (``str``),
pieces written as they are (:class:`Raw`: list markers, code in ``pre``) and :class:`Mark`
tokens (emphasis, strong, strike, code and links opening and closing). Here a line becomes
Markdown: text escaped, each run of one style wrapped in its delimiters (white space left
outside them, so that CommonMark reads them too), a link's label and target as
``[label](<target>)`` when the link opens and closes on the line (else its target follows as
text, as in the plain output). :mod:`agora.core.markdown_light` reads exactly this back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from agora.core.document import CODE, EM, STRIKE, STRONG
from agora.core.text import is_web_url, sanitize

#: The delimiters of each style (code spans are fenced apart).
DELIMITERS = {EM: "*", STRONG: "**", STRIKE: "~~"}
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#+!|~])")
_NUMBERED = re.compile(r"^(\s*\d+)\.")
_RULE = re.compile(r"^(\s*)([-=])")
_TICKS = re.compile(r"`+")
_FENCE_LIKE = re.compile(r"\s*(`{3,})\s*$")

#: Inline tags whose style the Markdown output keeps.
INLINE_STYLES = {
    "em": EM,
    "i": EM,
    "strong": STRONG,
    "b": STRONG,
    "code": CODE,
    "kbd": CODE,
    "samp": CODE,
    "tt": CODE,
    "del": STRIKE,
    "s": STRIKE,
    "strike": STRIKE,
}


class Raw(str):
    """Text written as it is in both outputs (a list marker, a line of preformatted code)."""

    __slots__ = ()


class Mark(str):
    """A style or a link opening or closing; no text of its own (it joins as ``""``)."""

    style: int  # EM, STRONG, CODE, STRIKE; 0 for a link
    opening: bool
    link: int  # the link's number, for a link
    target: str  # the link's target (on its closing mark)
    suffix: bool  # the plain output writes " (target)" after the label

    def __new__(
        cls, style: int, opening: bool, link: int = 0, target: str = "", suffix: bool = False
    ) -> Mark:
        mark = super().__new__(cls, "")
        mark.style, mark.opening, mark.link = style, opening, link
        mark.target, mark.suffix = target, suffix
        return mark


class Heading(Raw):
    """A heading's ``#`` marks (a line with nothing else is left out, as in plain text)."""

    __slots__ = ()


class Fence(Raw):
    """A line that opens or closes preformatted text in the Markdown output."""

    __slots__ = ()


def fence_lines(lines: list[tuple[int, list[str]]]) -> dict[int, str]:
    """The fence lines among the walker's ``lines``, each as long as it must be to hold its
    text's own runs of backticks (a fence is added to close the text when it ended open)."""
    fences: dict[int, str] = {}
    start, longest = -1, 2
    for i, (_, parts) in enumerate(lines):
        if any(isinstance(part, Fence) for part in parts):
            if start < 0:
                start, longest = i, 2
            else:
                fences[start] = fences[i] = "`" * (longest + 1)
                start = -1
        elif start >= 0:
            match = _FENCE_LIKE.match("".join(parts))
            if match:
                longest = max(longest, len(match.group(1)))
    if start >= 0:
        fences[start] = "`" * (longest + 1)
        lines.append((lines[start][0], [Fence("")]))
        fences[len(lines) - 1] = fences[start]
    return fences


@dataclass(slots=True)
class LineState:
    """Styles open across lines: how many of each kind of element are open."""

    counts: dict[int, int] = field(default_factory=lambda: {EM: 0, STRONG: 0, CODE: 0, STRIKE: 0})

    def style(self) -> int:
        return sum(kind for kind, count in self.counts.items() if count > 0)


def escape(text: str, at_start: bool) -> str:
    """``text`` with Markdown's special characters escaped (and, at a line's start, what
    would read as a numbered list or a rule)."""
    text = _SPECIAL.sub(r"\\\1", text)
    if at_start:
        text = _RULE.sub(r"\1\\\2", _NUMBERED.sub(r"\1\\.", text))
    return text


def code_span(text: str) -> str:
    """``text`` as a code span, fenced by a run of backticks that it does not hold."""
    runs = {len(run) for run in _TICKS.findall(text)}
    n = 1
    while n in runs:
        n += 1
    pad = text.startswith("`") or text.endswith("`")
    pad = pad or (text[:1] == " " == text[-1:] and bool(text.strip()))
    inner = f" {text} " if pad else text
    return "`" * n + inner + "`" * n


def _runs(parts: list[str], state: LineState) -> list[tuple[str, int, int]]:
    """The line's pieces as ``(text, style, link)`` runs (style -2 for raw text, -1 for the
    end of a link's label). A link counts only when it opens and closes on this line with a
    web target, outside any other link; otherwise its target follows its label as text,
    where the plain output has it."""
    closing = {p.link: p for p in parts if isinstance(p, Mark) and p.link and not p.opening}
    runs: list[tuple[str, int, int]] = []
    link = 0
    for part in parts:
        if isinstance(part, Mark):
            if part.link:
                if part.opening:
                    close = closing.get(part.link)
                    if not link and close is not None and is_web_url(close.target):
                        link = part.link
                elif part.link == link:
                    runs.append(("", -1, link))
                    link = 0
                elif part.suffix:
                    runs.append((f" ({part.target})", state.style() & ~CODE, link))
                continue
            if part.opening:
                state.counts[part.style] += 1
            elif state.counts[part.style]:
                state.counts[part.style] -= 1
        elif part:
            text = part if part.isprintable() else sanitize(part).replace("\u00a0", " ")
            if not text:
                continue
            style = -2 if isinstance(part, Raw) else state.style()
            if runs and runs[-1][1:] == (style, link) and style >= 0:
                runs[-1] = (runs[-1][0] + text, style, link)
            else:
                runs.append((text, style, link))
    return runs


def markdown_line(parts: list[str], state: LineState) -> str:
    """One line of the walker's pieces as Markdown (``state`` carries styles across lines)."""
    out: list[str] = []
    open_style = 0
    pending = ""  # white space waiting to see whether a style closes before it
    at_start = True  # nothing but white space written yet
    in_label = False
    for text, style, link in _runs(parts, state):
        if link and not in_label:
            out.append(_close(open_style) + pending + "[")
            open_style, pending, at_start, in_label = 0, "", False, True
        if style == -1:  # the link's label ends
            out.append(_close(open_style) + pending + "](<" + _target(parts, link) + ">)")
            open_style, pending, in_label = 0, "", False
            continue
        if style == -2:  # raw text
            out.append(_close(open_style) + pending + text)
            open_style, pending, at_start = 0, "", False
            continue
        if style & CODE:
            core, lead, trail = text, "", ""
        else:
            core = text.strip()
            if not core:
                pending += text
                continue
            lead = text[: len(text) - len(text.lstrip())]
            trail = text[len(text.rstrip()) :]
        inline = style & ~CODE
        out.append(_close(open_style & ~inline) + pending + lead + _open(inline & ~open_style))
        open_style = inline
        out.append(code_span(core) if style & CODE else escape(core, at_start))
        at_start = False
        pending = trail
    out.append(_close(open_style) + pending)
    return "".join(out)


def _target(parts: list[str], link: int) -> str:
    for part in parts:
        if isinstance(part, Mark) and part.link == link and not part.opening:
            return part.target.replace("<", "\\<").replace(">", "\\>")
    return ""  # pragma: no cover - a link's run is made only when it closes on the line


def _open(style: int) -> str:
    return "".join(DELIMITERS[k] for k in (STRIKE, STRONG, EM) if style & k)


def _close(style: int) -> str:
    return "".join(DELIMITERS[k] for k in (EM, STRONG, STRIKE) if style & k)
