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
