"""Feeds: parsing, summaries made whole from the linked page, bad input."""

from __future__ import annotations

import pytest

from agora.importers.feeds import FeedError, feed_batch, fetch
from tests.hostile import FORBIDDEN_OUTPUT

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Example \x1b[31mfeed</title>
  <entry>
    <id>tag:example.org,2024:1</id>
    <title>[bold]Whole[/bold] entry</title>
    <link href="https://example.org/whole"/>
    <author><name>Ann \u202eEvil</name></author>
    <updated>2024-03-01T10:00:00Z</updated>
    <content type="html">&lt;p&gt;{long}&lt;/p&gt;</content>
  </entry>
  <entry>
    <id>tag:example.org,2024:2</id>
    <title>Only a summary</title>
    <link href="https://example.org/summary"/>
    <updated>2024-03-02T10:00:00Z</updated>
    <summary>A short teaser […]</summary>
  </entry>
</feed>
""".replace("{long}", "Long text. " * 100)

PAGE = b"""<html><head><title>Summary page</title></head><body><article>
<h1>Only a summary</h1><p>The whole story, fetched from the page itself, is much longer
than the teaser in the feed and has several sentences.</p><p>Second paragraph.</p>
</article></body></html>"""


def fake_fetch(pages: dict[str, bytes]):
    def fetcher(url: str) -> bytes:
        if url not in pages:
            raise FeedError(f"cannot reach {url}")
        return pages[url]

    return fetcher


def test_entries_become_articles_with_full_text() -> None:
    batch = feed_batch(
        "https://example.org/feed",
        fake_fetch(
            {"https://example.org/feed": ATOM.encode(), "https://example.org/summary": PAGE}
        ),
    )
    assert batch.source_kind == "feed" and batch.source_name == "Example [31mfeed"
    whole, summary = batch.articles
    assert whole.title == "[bold]Whole[/bold] entry"
    assert whole.author == "Ann Evil"
    assert whole.published.isoformat() == "2024-03-01T10:00:00+00:00"
    assert "whole story, fetched from the page itself" in summary.body
    for text in (batch.source_name, whole.title, whole.author, whole.body, summary.body):
        assert not any(bad in text for bad in FORBIDDEN_OUTPUT)


def test_titles_marked_as_html_show_their_words_not_their_tags() -> None:
    atom = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">
      <title type="html">&lt;b&gt;My&lt;/b&gt; &amp;amp; blog</title>
      <entry><id>e1</id>
        <title type="html">&lt;b&gt;&amp;#27;[31mBold&lt;/b&gt; &lt;i&gt;it&lt;/i&gt;</title>
        <content type="html">&lt;p&gt;Body&lt;/p&gt;</content></entry>
      <entry><id>e2</id><title>a &lt;tag&gt; as text</title><content>x</content></entry>
    </feed>"""
    url = "https://example.org/feed"
    batch = feed_batch(url, fake_fetch({url: atom}), full_text=False, comments=False)
    assert batch.source_name == "My & blog"
    assert [a.title for a in batch.articles] == ["[31mBold it", "a <tag> as text"]


def test_a_page_that_cannot_be_fetched_keeps_the_summary() -> None:
    batch = feed_batch(
        "https://example.org/feed", fake_fetch({"https://example.org/feed": ATOM.encode()})
    )
    assert batch.articles[1].body.startswith("A short teaser")


@pytest.mark.parametrize("data", [b"", b"<html><body>not a feed</body></html>", b"\x00\xff" * 50])
def test_not_a_feed_is_a_clear_error(data: bytes) -> None:
    with pytest.raises(FeedError, match="not an RSS or Atom feed"):
        feed_batch("https://example.org/x", fake_fetch({"https://example.org/x": data}))


def test_unreachable_and_bad_urls() -> None:
    with pytest.raises(FeedError, match="not a web address"):
        fetch("file:///etc/passwd")
    with pytest.raises(FeedError, match=r"refused the connection"):
        fetch("http://127.0.0.1:9/feed")
