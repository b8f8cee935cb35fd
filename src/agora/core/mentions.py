"""Replies to you: what an inbox entry is, and when a comment mentions a name.

Pure: the store finds the candidates (replies to comments marked as yours, comments whose
words hold a name) and this decides which of them mention it as a whole word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class InboxReason(StrEnum):
    """Why a comment is in the inbox (a reply that also mentions you is a reply)."""

    REPLY = "reply"
    MENTION = "mention"


@dataclass(frozen=True, slots=True)
class InboxEntry:
    """A comment by someone else that answers one of yours or mentions your name."""

    comment_id: int
    article_id: int
    article_title: str
    source_name: str
    author_name: str
    created: datetime | None
    text: str  #: the comment as plain text
    reason: InboxReason
    #: The comment of yours it answers (None for a mention that answers someone else).
    parent_id: int | None
    unread: bool
    url: str = ""


#: Characters of the scripts written without spaces between words: a name in one of them has
#: no word boundary to look for on that side (``山田さん`` mentions ``山田``).
_UNSEGMENTED = re.compile(
    "[\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f\u1100-\u11ff\u1780-\u17ff\u2e80-\u2fdf"
    "\u3005-\u3007\u3040-\u312f\u3130-\u318f\u31a0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\ua000-\ua4cf\uac00-\ud7ff\uf900-\ufaff\uff65-\uffdc\U00020000-\U0003134f]"
)


def clean_names(names: Iterable[str]) -> list[str]:
    """The distinct non-blank names (spaces folded), longest first."""
    seen: dict[str, str] = {}
    for name in names:
        folded = " ".join(name.split())
        if folded:
            seen.setdefault(folded.casefold(), folded)
    return sorted(seen.values(), key=lambda n: (-len(n), n))


def mention_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    """A pattern finding any of ``names`` as a whole word, in any case (None: no names).

    Spaces inside a name match any run of white space; a name's edge in a script written
    without spaces needs no boundary there.
    """
    parts = []
    for name in clean_names(names):
        body = r"\s+".join(re.escape(word) for word in name.split(" "))
        left = "" if _UNSEGMENTED.match(name[0]) else r"(?<!\w)"
        right = "" if _UNSEGMENTED.match(name[-1]) else r"(?!\w)"
        parts.append(f"{left}{body}{right}")
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def mentions(text: str, pattern: re.Pattern[str] | None) -> bool:
    """Whether ``text`` names someone ``pattern`` (from :func:`mention_pattern`) looks for."""
    return pattern is not None and pattern.search(text) is not None
