"""The HTML a WordPress export stores, as the store's text: WordPress's own paragraphs
(:func:`wpautop`) before the HTML converter, and :func:`comment_text`, the fast way for the
common shapes of comment.
"""

from __future__ import annotations

import html
import re
from itertools import pairwise

from agora.core.html_text import FORMATTED, INERT_TAGS, html_to_text, inline_line
from agora.core.model import BodyFormat
from agora.core.text import fold_spaces, printable_fold, sanitize

_BLOCKS = (
    "address|article|aside|blockquote|caption|dd|details|div|dl|dt|figcaption|figure|footer|form"
    "|h[1-6]|header|hr|li|main|nav|ol|p|pre|section|summary|table|tbody|td|tfoot|th|thead|tr|ul"
)
_STARTS_BLOCK = re.compile(rf"\s*(?:<!--|</?(?:{_BLOCKS})\b)", re.I)
_BLOCK_TAG = re.compile(rf"</?(?:{_BLOCKS})\b[^>]*>\s*", re.I)
_PRE = re.compile(r"(<pre\b.*?</pre>)", re.I | re.S)
_PARAGRAPHS = re.compile(r"\n[ \t]*\n")
_SHORTCODE = re.compile(
    r"\[/?(?:caption|wp_caption|gallery|audio|video|playlist|embed|wpvideo|youtube|vimeo"
    r"|tweet|googlemaps|soundcloud)\b[^\]\n]{0,2000}\]",
    re.I,
)


def _ends_block(line: str) -> bool:
    line = line.rstrip()
    return line.endswith("-->") or bool(_BLOCK_TAG.fullmatch(line[line.rfind("<") :]))


def wpautop(text: str | None) -> str:
    """A light WordPress ``wpautop``: blank lines end paragraphs, single newlines break lines.

    ``<pre>`` blocks are left alone and common shortcode tags (``[caption]``...) are dropped,
    keeping what they enclose.
    """
    if not text:
        return ""
    text = _SHORTCODE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    out = []
    for i, piece in enumerate(_PRE.split(text)):
        if i % 2:
            out.append(piece)
            continue
        for paragraph in filter(str.strip, _PARAGRAPHS.split(piece)):
            lines = paragraph.strip("\n").split("\n")
            joined = lines[0]
            for previous, line in pairwise(lines):
                plain = not (_ends_block(previous) or _STARTS_BLOCK.match(line))
                joined += ("<br>\n" if plain else "\n") + line
            out.append(joined if _STARTS_BLOCK.match(joined) else f"<p>{joined}</p>")
    return "\n".join(out)


#: Tags that only hold text, for the converter and for ``wpautop`` alike (not block tags).
_INLINE = frozenset(t for t in INERT_TAGS if not _STARTS_BLOCK.match(f"<{t}>"))
_QUOTE_START, _QUOTE_END = "<blockquote>", "</blockquote>"


def comment_body(content: str | None) -> tuple[str, BodyFormat]:
    """A comment's stored HTML as it is stored: light Markdown when it is formatted (see
    :func:`~agora.core.html_text.comment_body`), else plain text."""
    if content and FORMATTED.search(content):
        return html_to_text(wpautop(content), markdown=True), BodyFormat.MARKDOWN
    return comment_text(content), BodyFormat.TEXT


def comment_text(content: str | None) -> str:
    """A comment's stored HTML as text: ``html_to_text(wpautop(content))``, to the character.

    Most comments are paragraphs (ended by blank lines) of lines (ended by newlines) holding
    text, entities, inline tags (``<em>``, ``<code>``...) and links, some paragraphs quoted
    whole (``<blockquote>...</blockquote>``). Those are converted here directly, line by line
    (:func:`~agora.core.html_text.inline_line`), several times faster than through the HTML
    parser: for such input ``wpautop`` only adds ``<p>`` and ``<br>``, and the converter writes
    each line on its own, each paragraph after a blank line, and quoted lines after ``"> "``.
    Anything else (another tag, a line left empty, an ``-->`` that ``wpautop`` treats as the
    end of an HTML comment) takes the full path.
    """
    if not content or "-->" in content:
        return html_to_text(wpautop(content))
    text = content.replace("\r\n", "\n").replace("\r", "\n") if "\r" in content else content
    if "[" in text:
        text = _SHORTCODE.sub("", text)
    lines: list[str] = []
    clean = True  # every line is printable: there is nothing for sanitize to remove
    quoted = False  # the last paragraph was quoted
    for paragraph in filter(str.strip, _PARAGRAPHS.split(text)):
        paragraph = paragraph.strip("\n")
        quote = paragraph.startswith(_QUOTE_START) and paragraph.endswith(_QUOTE_END)
        if quote:
            paragraph = paragraph[len(_QUOTE_START) : -len(_QUOTE_END)]
        if lines:  # the blank line between paragraphs, quoted when both sides are
            lines.append(">" if quote and quoted else "")
        for raw in paragraph.split("\n"):
            if "<" in raw:
                line = inline_line(raw, _INLINE)
                if line and not line.isprintable():
                    clean = False
            else:
                plain = html.unescape(raw) if "&" in raw else raw
                line = printable_fold(plain)
                if line is None:
                    line = fold_spaces(plain)
                    clean = False
            if not line:
                return html_to_text(wpautop(content))
            lines.append("> " + line if quote else line)
        quoted = quote
    converted = "\n".join(lines)
    if clean:
        return converted
    # Every line holds text and ends in none of white space: unless sanitize removes
    # something (a line may then be left blank), the text is the converter's.
    clean_text = sanitize(converted)
    return clean_text if clean_text == converted else html_to_text(wpautop(content))
