"""Markdown posted to a real WordPress (no mocks) comes back as the HTML the composer's
preview showed: the rendered comment (``content.rendered``, after kses, wpautop and
wptexturize) read back into agora.core.markdown_subset's document equals the preview's model,
as a guest and signed in (a subscriber: kses filters what they post), and a comment posted
with markup is still found by the check before a resend."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import AsyncIterator
from html.parser import HTMLParser

import pytest

from agora.core.markdown_subset import Block, Mark, Paragraph, Quote, Span, parse
from agora.engines.base import Guest, Outgoing
from agora.engines.wordpress.client import WordPressClient
from agora.engines.wordpress.session import WordPressSession
from agora.engines.wordpress.transport import RetryPolicy
from tests.wordpress.server import WordPressServer
from tests.wpsites import approved_guest, unique

NO_WAIT = RetryPolicy(retries=2, base=0, cap=0, jitter=0)

MARKDOWN = """\
# A heading with *style*

Some **bold words**, an _emphasis_, `a < b && c` in code and ~~struck out~~ text.
A second line [with a link](https://example.org/page?a=1&b=2 "Its title").

> A quote
> on two lines
>
> > and a nested quote

- first item
- second **item**
  1. nested one

Last words.
"""

_MARKS = {"strong": Mark.STRONG, "em": Mark.EM, "del": Mark.DEL, "code": Mark.CODE}


class _Document(HTMLParser):
    """WordPress's rendered HTML as the subset's blocks: ``<p>`` a paragraph, ``<br>`` a line
    break, ``<blockquote>`` a quote; any other tag fails the comparison."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.levels: list[list[Block]] = [[]]
        self.spans: list[list[Span]] = [[]]
        self.open: list[tuple[str, dict[str, str | None]]] = []
        self.after_br = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.spans[-1].append(Span("\n"))
            self.after_br = True
        elif tag == "blockquote":
            self.levels.append([])
        elif tag == "p":
            self.spans = [[]]
        else:
            assert tag in (*_MARKS, "a"), tag
            self.open.append((tag, dict(attrs)))
            self.spans.append([])

    def handle_endtag(self, tag: str) -> None:
        if tag == "p":
            self.levels[-1].append(Paragraph(_merged(self.spans[0])))
            self.spans = [[]]
        elif tag == "blockquote":
            inner = self.levels.pop()
            self.levels[-1].append(Quote(tuple(inner)))
        elif tag in (*_MARKS, "a"):
            name, attrs = self.open.pop()
            assert name == tag
            children = _merged(self.spans.pop())
            if tag == "code":
                span = Span(children[0].text if children else "", Mark.CODE)
            elif tag == "a":
                assert attrs.get("rel") == "nofollow ugc"
                span = Span(
                    mark=Mark.LINK,
                    children=children,
                    href=attrs.get("href") or "",
                    title=attrs.get("title") or "",
                )
            else:
                span = Span(mark=_MARKS[tag], children=children)
            self.spans[-1].append(span)

    def handle_data(self, data: str) -> None:
        if self.after_br:
            data = data.removeprefix("\n")
            self.after_br = False
        if self.open or data.strip():
            self.spans[-1].append(Span(data))


def _merged(spans: list[Span]) -> tuple[Span, ...]:
    out: list[Span] = []
    for span in spans:
        if span.mark is None and out and out[-1].mark is None:
            out[-1] = Span(out[-1].text + span.text)
        elif span.mark is not None or span.text:
            out.append(span)
    return tuple(out)


def document(rendered: str) -> tuple[Block, ...]:
    parser = _Document()
    parser.feed(rendered)
    parser.close()
    assert parser.levels[1:] == [] and parser.open == []
    return tuple(parser.levels[0])


@pytest.fixture(scope="module")
def accounts(wordpress: WordPressServer) -> dict[str, str]:
    writer = wordpress.create_user("mdwriter", "subscriber", display_name="Mark Down")
    editor = wordpress.create_user("mdeditor", "editor", display_name="Ed Markdown")
    return {"mdwriter": wordpress.app_password(writer), "mdeditor": wordpress.app_password(editor)}


def _session(server: WordPressServer, login: str | None, password: str = "") -> WordPressSession:
    root = server.base_url + "/wp-json/"
    if login is None:
        return WordPressSession(WordPressClient(root, retry=NO_WAIT))
    return WordPressSession(WordPressClient(root, username=login, password=password, retry=NO_WAIT))


@pytest.fixture
async def editor(
    wordpress: WordPressServer, accounts: dict[str, str]
) -> AsyncIterator[WordPressClient]:
    async with _session(wordpress, "mdeditor", accounts["mdeditor"]) as session:
        yield session.client


def check_structure(rendered: str) -> None:
    """What a reader of the page sees, checked piece by piece."""
    for piece in (
        "<p><strong>A heading with <em>style</em></strong></p>",
        "<strong>bold words</strong>",
        "<em>emphasis</em>",
        "<code>a &lt; b &amp;&amp; c</code>",
        "<del>struck out</del>",
        '<a href="https://example.org/page?a=1&amp;b=2" title="Its title" rel="nofollow ugc">',
        "<blockquote>",
        "<br />\nA second line",
        "<p>• first item<br />\n• second <strong>item</strong><br />\n",
        "1. nested one</p>",
        "<p>Last words.</p>",
    ):
        assert piece in rendered, (piece, rendered)
    assert rendered.count("<blockquote>") == 2
    assert "*" not in rendered and "~~" not in rendered and "#" not in rendered
    assert "<h1" not in rendered and "<ul" not in rendered and "<li" not in rendered


@pytest.mark.parametrize("who", ["guest", "subscriber"])
async def test_markdown_posts_as_it_previews(
    wordpress: WordPressServer,
    accounts: dict[str, str],
    editor: WordPressClient,
    who: str,
) -> None:
    post = wordpress.create_post(unique("Markdown"), "<p>Say it with Markdown.</p>")
    since = dt.datetime.now(dt.UTC)
    if who == "guest":
        name, email = approved_guest(wordpress, post, "Marky")
        session = _session(wordpress, None)
        outgoing = Outgoing(str(post), None, MARKDOWN, Guest(name, email, ""))
    else:
        session = _session(wordpress, "mdwriter", accounts["mdwriter"])
        outgoing = Outgoing(str(post), None, MARKDOWN, None)
    async with session:
        posted = await session.post(outgoing)
        assert posted.remote_id
        if posted.held:  # a subscriber's first comment waits for a moderator
            assert who == "subscriber"
            wordpress.moderate(int(posted.remote_id), "approve")
        found = await session.find(outgoing, since)
    assert found is not None and found.remote_id == posted.remote_id

    comment = await editor.comment(int(posted.remote_id), context="edit")
    rendered = comment.content_html
    check_structure(rendered)
    assert document(rendered) == parse(MARKDOWN)
    assert comment.content_raw is not None and "•" in comment.content_raw


async def test_an_edit_posts_markdown_too(
    wordpress: WordPressServer, accounts: dict[str, str], editor: WordPressClient
) -> None:
    post = wordpress.create_post(unique("Markdown edit"), "<p>Edit it.</p>")
    async with _session(wordpress, "mdeditor", accounts["mdeditor"]) as session:
        posted = await session.post(Outgoing(str(post), None, "plain <b>words</b> & more", None))
        assert posted.remote_id
        first = await editor.comment(int(posted.remote_id), context="edit")
        assert first.content_raw == "plain &lt;b&gt;words&lt;/b&gt; &amp; more"
        assert html.unescape(first.content_html).strip() == "<p>plain <b>words</b> & more</p>"
        await session.edit(posted.remote_id, MARKDOWN)
    edited = await editor.comment(int(posted.remote_id), context="edit")
    check_structure(edited.content_html)
    assert document(edited.content_html) == parse(MARKDOWN)
