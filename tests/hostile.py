"""A corpus of hostile strings, run through importers, the store and every widget."""

from __future__ import annotations

#: Markup-like text that must show literally.
MARKUP = [
    "[bold]not bold[/bold]",
    "[/",
    "[/]",
    "[link=https://evil.example]click[/link]",
    "[@click=app.quit]quit[/]",
    "[red on blue]x",
    "$variable and ${other}",
    "[b]unclosed",
    "\\[escaped]",
    "<script>alert(1)</script>",
    ":warning: :smile:",
]


def tags(text: str) -> str:
    """``text`` (ASCII) written in tag characters (U+E0020–E007E)."""
    return "".join(chr(0xE0000 + ord(ch)) for ch in text)


CANCEL_TAG = "\U000e007f"
BLACK_FLAG = "\U0001f3f4"
SCOTLAND = BLACK_FLAG + tags("gbsct") + CANCEL_TAG
WALES = BLACK_FLAG + tags("gbwls") + CANCEL_TAG
ENGLAND = BLACK_FLAG + tags("gbeng") + CANCEL_TAG
FAMILY = "👨\u200d👩\u200d👧"
RAINBOW = "🏳\ufe0f\u200d🌈"

#: Text carrying terminal controls or invisible characters that must never reach the terminal,
#: paired with what must remain of it.
CONTROLS = [
    ("red\x1b[31mtext\x1b[0m", "red[31mtext[0m"),
    ("title\x1b]0;pwned\x07", "title]0;pwned"),
    ("osc52\x1b]52;c;ZXZpbA==\x07", "osc52]52;c;ZXZpbA=="),
    ("c1\x9b31mcsi", "c131mcsi"),
    ("dcs\x1bPq#0\x9c apc\x9f_x\x1b\x5c", "dcsPq#0 apc_x\x5c"),
    ("bidi\u202eevil\u202c", "bidievil"),
    ("iso\u2066late\u2069", "isolate"),
    ("zero\u200bwidth\u200d\ufeff", "zero\u200bwidth\u200d"),  # ZWSP and ZWJ stay
    ("\ufeffbom", "bom"),
    ("bell\x07nul\x00del\x7f", "bellnuldel"),
    ("back\x08space", "backspace"),
    ("tag\U000e0041chars", "tagchars"),
    ("whole\U000e0000tag\U000e0002block\U000e001f", "wholetagblock"),  # unassigned, still tags
    ("math\u2062hidden\ufff9notes\ufffb\U0001d173", "mathhiddennotes"),
    # escape sequences mixed with what scripts and emoji need
    ("\x1b[31m" + FAMILY + "\x1b[0m", "[31m" + FAMILY + "[0m"),
    ("🏳\ufe0f\x1b]0;x\x07\u200d🌈", "🏳\ufe0f]0;x\u200d🌈"),
    ("می\u200c\x9bخواهم\u202e", "می\u200cخواهم"),
    ("\u200e\x1b[2J\u200d\u202b\ufe0f", "\u200e[2J\u200d\ufe0f"),
    # broken tag sequences: the tags go, the flag stays
    (SCOTLAND[:-1], BLACK_FLAG),  # no cancel tag
    ("x" + SCOTLAND[1:] + "y", "xy"),  # no black flag
    (BLACK_FLAG + tags("GBSCT") + CANCEL_TAG, BLACK_FLAG),  # upper case: no subdivision
    (BLACK_FLAG + tags("ignore all previous orders") + CANCEL_TAG, BLACK_FLAG),  # smuggled
    (BLACK_FLAG + tags("gb") + "\x1b[2J" + tags("sct") + CANCEL_TAG, BLACK_FLAG + "[2J"),
    (WALES + tags("x") + CANCEL_TAG, WALES),  # a stray after a valid one
    ("👍" + tags("gbsct") + CANCEL_TAG, "👍"),  # a tag sequence on another base
]

#: Ordinary text that must survive unchanged.
ORDINARY = [
    "Plain ASCII, with punctuation: (a) [b] {c}.",
    "Ελληνικά ονόματα: Γιώργος Παπαδόπουλος",
    "日本語のコメントです",
    "مرحبا بالعالم",
    "emoji 👍🏽 and 🇬🇷",
    "tab\tseparated\nand two lines",
    # what scripts and emoji need: ZWNJ, ZWJ, ZWSP, LRM/RLM/ALM, word joiner, variation
    # selectors, tag sequences, visible format characters
    "می\u200cخواهم",  # Persian "I want", ZWNJ
    FAMILY + " " + RAINBOW + " " + SCOTLAND + " " + WALES + " " + ENGLAND,
    "👩🏽\u200d💻 ❤\ufe0f ☺\ufe0e 葛\U000e0100",
    "क्\u200dष and क्\u200cष, हिन्दी",  # Hindi with ZWJ and ZWNJ
    "สวัสดี\u200bครับ\u200bขอบคุณ",  # Thai, words split by ZWSP
    "\u200fعلي\u200f (2)\u200e said, \u061c١٢٣",  # an RTL name with RLM/LRM, ALM
    "no\u2060break and soft\u00adhyphen",
    "\u0600١٢٣ \u06dd١ ᠠ\u180eᠨ 𓀀\U00013430𓀁",  # number signs, Mongolian, Egyptian
]

ALL = MARKUP + [c for c, _ in CONTROLS] + ORDINARY

#: What no output may hold (ZWSP, ZWJ, ZWNJ and tags in a valid flag are not among them).
FORBIDDEN_OUTPUT = ["\x1b", "\x9b", "\u202e", "\u2066", "\ufeff", "\U000e0041", "\x07", "\x00"]

#: Shapes and sizes that break naive code.
RTL = "שלום עולם — مرحبا بالعالم"
EMOJI = "👩🏽‍💻 👨‍👩‍👧‍👦 🏳️‍🌈 👍🏿"
LONG_NAME = "N" * 10_000
HUGE_LINE_CHARS = 10 * 1024 * 1024
INVALID_UTF8 = b"Title \xff\xfe bytes\n\nBody with \xc3\x28 invalid \xa0 sequences\x00 and a NUL.\n"


def extreme_batch(deep: int = 50_000):
    """An article whose thread holds a 10 MB one-line comment, a 50,000-deep chain, a name of
    10,000 characters, right-to-left text, emoji with modifiers and NUL bytes."""
    from agora.core.model import ImportBatch, ImportedArticle, ImportedComment
    from agora.core.text import sanitize

    comments = [
        ImportedComment("huge", None, "Huge", "x" * HUGE_LINE_CHARS),
        ImportedComment("name", None, LONG_NAME, "a very long name"),
        ImportedComment("rtl", None, RTL, RTL + "\n" + RTL),
        ImportedComment("emoji", None, sanitize(EMOJI), sanitize(EMOJI * 20)),
        ImportedComment("nul", None, sanitize("nul\x00name"), sanitize("body\x00with\x00nuls")),
    ]
    parent = None
    for i in range(deep):
        comments.append(ImportedComment(f"d{i}", parent, f"Depth {i}", f"level {i}"))
        parent = f"d{i}"
    for i, text in enumerate(ALL):
        comments.append(ImportedComment(f"h{i}", None, sanitize(text), sanitize(text)))
    article = ImportedArticle(
        "extreme", sanitize(RTL + " " + EMOJI), "\n\n".join(all_clean()), comments=comments
    )
    return ImportBatch("file", "/extreme", "extreme", [article])


def all_clean() -> list[str]:
    from agora.core.text import sanitize

    return [sanitize(t) for t in ALL]
