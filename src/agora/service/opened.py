"""What opening an article gives: the article and the shape of its discussion."""

from __future__ import annotations

from dataclasses import dataclass

from agora.core.model import Article
from agora.core.thread import Thread


@dataclass(frozen=True, slots=True)
class OpenThread:
    """An article with the shape of its discussion; comment bodies load on demand."""

    article: Article
    thread: Thread
