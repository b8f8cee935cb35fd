"""The welcome article shown on first launch, with a sample discussion that teaches the keys."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from agora.core.model import BodyFormat, CommentKind, ImportBatch, ImportedArticle, ImportedComment

AUTHOR = "The agora team"

BODY = """\
agora lets you read articles and take part in their discussions without leaving the terminal.
Everything works from the keyboard, and everything you write is saved as you type.

## Getting around

| Key | Where | What it does |
|-----|-------|--------------|
| `tab` / `shift+tab` | anywhere | move between the article and the comments |
| `j` / `k` | article | scroll a line; in comments, next / previous comment |
| `space` / `b` | article | page down / up |
| `g` / `G` | both | top / bottom |
| `h` / `l` | comments | collapse / expand a thread (`h` again goes to the parent) |
| `p`, `]`, `[` | comments | parent, next sibling, previous sibling |
| `n` / `N` | comments | next / previous top-level thread |
| `y` / `Y` | comments | copy the comment / its link |
| `o` | both | the links of the article or the comment: open one or copy it |
| `c` / `r` | comments | leave a reply on the article / answer the selected comment |
| `?` | anywhere | every key, on one screen |
| `q` | anywhere | back, and quit from the article list |

## Bringing your own reading

```
agora import page.txt notes.md saved.html site-export.xml
agora list
agora open 2
```

Saved page text, Markdown, HTML pages and WordPress exports (WXR) all work. The discussion on
the right is a sample: try the keys on it, and reply to it, as nothing leaves this computer.
"""

# (key, parent key, author, minutes ago, body, kind, by the article's author)
_COMMENTS = [
    (
        "1",
        None,
        AUTHOR,
        300,
        "Welcome! This is a threaded discussion. Press j and k to move from comment to comment.",
        "comment",
        True,
    ),
    (
        "2",
        "1",
        "Grace",
        290,
        "Replies are indented under what they answer. Press h here to collapse this whole thread, "
        "and l to open it again.",
        "comment",
        False,
    ),
    (
        "3",
        "2",
        "Alan",
        280,
        "Deep in a thread, p jumps to the parent, and ] / [ move between siblings.",
        "comment",
        False,
    ),
    (
        "4",
        "3",
        "Grace",
        270,
        "And when a thread is long, h twice folds it and takes you up a level.",
        "comment",
        False,
    ),
    (
        "5",
        "2",
        "Ken",
        240,
        "y copies the selected comment, Y copies a link to it. Both tell you when they are done.",
        "comment",
        False,
    ),
    (
        "6",
        None,
        "Margaret",
        200,
        "n and N jump between top-level threads, g and G to the first and last comment.",
        "comment",
        False,
    ),
    (
        "7",
        "6",
        "Dennis",
        150,
        "To join in, press r to reply to the selected comment, or c to leave a reply on the "
        "article. The first time, agora asks for your name and email.",
        "comment",
        False,
    ),
    (
        "8",
        "7",
        AUTHOR,
        120,
        "Drafts are saved while you type, so quitting or a crash never loses a word.",
        "comment",
        True,
    ),
    (
        "9",
        None,
        "A blog about terminals",
        90,
        "Pingback: Reading the web's discussions from a terminal",
        "pingback",
        False,
    ),
    (
        "10",
        None,
        "Barbara",
        30,
        "Press ? at any time for every key. Keys can be changed in config.toml.",
        "comment",
        False,
    ),
]


def welcome_batch(now: datetime | None = None) -> ImportBatch:
    """The welcome article as an import batch, dated relative to ``now``."""
    now = (now or datetime.now(UTC)).replace(microsecond=0)
    comments = [
        ImportedComment(
            origin_id=key,
            parent_origin=parent,
            author_name=author,
            body=body,
            created=now - timedelta(minutes=ago),
            kind=CommentKind(kind),
            is_article_author=by_author,
        )
        for key, parent, author, ago, body, kind, by_author in _COMMENTS
    ]
    article = ImportedArticle(
        origin_id="welcome",
        title="Welcome to agora",
        body=BODY,
        body_format=BodyFormat.MARKDOWN,
        author=AUTHOR,
        published=now - timedelta(minutes=360),
        url="",
        comments=comments,
    )
    return ImportBatch("builtin", "welcome", "agora", [article])
