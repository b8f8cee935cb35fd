"""The untrusted-text gate.

Every string from outside (files, servers, the user) passes through :func:`sanitize` before it
is stored, so the store only ever holds inert text. The gate removes only what can control or
deceive a terminal, and what hides in text without serving any script; everything people write
with is kept, character for character. Display code still renders text as plain content, never
as markup.

Removed, by class:

- **C0 and C1 controls** (U+0000–001F, U+007F–009F) but newline and tab. Line breaks of any
  kind (CR LF, CR, VT, FF, NEL, U+2028, U+2029) first become ``"\\n"``. With ESC (U+001B), CSI
  (U+009B), OSC, DCS, SOS, PM, APC and ST gone, no escape sequence survives as one: what
  followed the introducer (``[31m``, ``]0;title``) stays as visible, inert text, so a reader
  sees that something was there instead of text vanishing without a trace.
- **Bidi embeddings, overrides and isolates** (U+202A–202E, U+2066–2069): they reorder what a
  terminal shows, so a name or a link can read as something it is not.
- **Lone surrogates** (U+D800–DFFF): not characters; they cannot even be written as UTF-8.
- **Tag characters** (U+E0000–E007F) outside a valid emoji tag sequence: invisible ASCII that
  can smuggle hidden text. A valid sequence is a black flag (U+1F3F4), a Unicode subdivision id
  in tag characters (a region of two letters or three digits, then one to four letters or
  digits, all lower case: ``gbsct``, ``gbwls``, ``gbeng``) and CANCEL TAG (U+E007F); it is kept
  whole, so the flags of Scotland and Wales stay flags.
- **U+FEFF** (byte order mark, the deprecated zero width no-break space): a stray of encodings;
  the word joiner U+2060 does its job in text.
- **Format characters with no writing use**: the invisible mathematical operators
  (U+2061–2064), the deprecated format characters (U+206A–206F), the interlinear annotation
  characters (U+FFF9–FFFB, for use inside one program only) and the musical beam and slur
  controls (U+1D173–1D17A). All invisible, so they could only hide.

Kept, because scripts and emoji need them (none of them moves the cursor or changes what a
terminal does with the text around them):

- ZWSP U+200B (the line-break hint of Thai, Khmer, Lao, Burmese), ZWNJ U+200C and ZWJ U+200D
  (Persian, Indic scripts, emoji sequences such as 👨‍👩‍👧 and 🏳️‍🌈), LRM/RLM U+200E/200F and ALM
  U+061C (the marks that place punctuation and numbers in right-to-left names; unlike the
  embeddings they reorder nothing beyond the characters next to them), the word joiner U+2060;
- variation selectors (U+FE00–FE0F, U+E0100–E01EF: emoji or text presentation, CJK variants);
- valid emoji tag sequences (above);
- the visible format characters of scripts: the soft hyphen U+00AD, the Arabic, Syriac and
  Kaithi number and end-of-ayah signs (U+0600–0605, U+06DD, U+070F, U+0890–0891, U+08E2,
  U+110BD, U+110CD), the Mongolian vowel separator U+180E, the Egyptian hieroglyph and Duployan
  shorthand format controls (U+13430–1345F, U+1BCA0–1BCA3);
- everything else: letters, marks, digits, punctuation, symbols, spaces, private use and
  unassigned code points.

Printable text (``str.isprintable``, newlines aside) holds none of what is removed and is
returned as it is, without any regular expression work.

:mod:`agora.core.html_text` turns remote HTML into that same kind of text.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_TAG_LETTERS = "\U000e0061-\U000e007a"  # tag a..z
_TAG_DIGITS = "\U000e0030-\U000e0039"  # tag 0..9
#: A valid emoji tag sequence: black flag, subdivision id in tags, cancel tag (UTS #51, ED-14c).
_FLAG = (
    f"\U0001f3f4(?:[{_TAG_LETTERS}]{{2}}|[{_TAG_DIGITS}]{{3}})"
    f"[{_TAG_LETTERS}{_TAG_DIGITS}]{{1,4}}\U000e007f"
)
#: Everything the gate removes (see the module's docstring), "\n" and "\t" kept.
REMOVED = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 and C1 controls
    "\u202a-\u202e\u2066-\u2069"  # bidi embeddings, overrides and isolates
    "\ud800-\udfff"  # lone surrogates
    "\U000e0000-\U000e007f"  # tag characters (kept only in a valid sequence: _FLAG)
    "\ufeff"  # byte order mark
    "\u2061-\u2064\u206a-\u206f\ufff9-\ufffb\U0001d173-\U0001d17a"  # no writing use
)
_REMOVE = re.compile(f"[{REMOVED}]+")
_GATE = re.compile(f"({_FLAG})|[{REMOVED}]+")  # for text with tag characters
_LINE_BREAKS = re.compile("\r\n|[\r\u2028\u2029\x85\x0b\x0c]")
_BLANK_RUNS = re.compile(r"\n[ \t]*(?:\n[ \t]*){2,}")


def sanitize(text: str | None) -> str:
    """Return ``text`` without what can control or deceive a terminal (see the module).

    Line breaks of any kind become ``\\n``; printable text is never changed, and neither are
    the invisible characters that scripts and emoji need (ZWJ, ZWNJ, ZWSP, LRM...).
    """
    if not text:
        return ""
    if text.isprintable() or text.replace("\n", "").isprintable():
        return text  # no Cc, Cf, Cs, Zl or Zp character (bar newlines): nothing to remove
    text = _LINE_BREAKS.sub("\n", text)
    if "\U000e007f" not in text:  # no cancel tag, so no flag sequence: every tag goes
        return _REMOVE.sub("", text)
    return _GATE.sub(r"\1", text)  # a valid flag sequence is put back as it was


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
