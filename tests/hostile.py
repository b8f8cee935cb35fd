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

#: Text carrying terminal controls or invisible characters that must never reach the terminal,
#: paired with what must remain of it.
CONTROLS = [
    ("red\x1b[31mtext\x1b[0m", "red[31mtext[0m"),
    ("title\x1b]0;pwned\x07", "title]0;pwned"),
    ("osc52\x1b]52;c;ZXZpbA==\x07", "osc52]52;c;ZXZpbA=="),
    ("c1\x9b31mcsi", "c131mcsi"),
    ("bidi\u202eevil\u202c", "bidievil"),
    ("iso\u2066late\u2069", "isolate"),
    ("zero\u200bwidth\u200d\ufeff", "zerowidth"),
    ("bell\x07nul\x00del\x7f", "bellnuldel"),
    ("back\x08space", "backspace"),
    ("tag\U000e0041chars", "tagchars"),
    ("whole\U000e0000tag\U000e0002block\U000e001f", "wholetagblock"),  # unassigned, still tags
]

#: Ordinary text that must survive unchanged.
ORDINARY = [
    "Plain ASCII, with punctuation: (a) [b] {c}.",
    "Ελληνικά ονόματα: Γιώργος Παπαδόπουλος",
    "日本語のコメントです",
    "مرحبا بالعالم",
    "emoji 👍🏽 and 🇬🇷",
    "tab\tseparated\nand two lines",
]

ALL = MARKUP + [c for c, _ in CONTROLS] + ORDINARY

FORBIDDEN_OUTPUT = ["\x1b", "\x9b", "\u202e", "\u2066", "\u200b", "\x07", "\x00"]

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
