"""Feeds from a real WordPress: entries become articles, comment feeds fill threads."""

from __future__ import annotations

from agora.sources.feeds import feed_batch
from agora.store import Store
from tests.wordpress.server import WordPressServer


def test_wordpress_feed_entries_and_comment_feeds(wordpress: WordPressServer, store: Store) -> None:
    long_text = "<p>" + " ".join(["Feeds carry whole posts."] * 60) + "</p>"
    post = wordpress.create_post("A post from the feed [bold]x[/bold]", long_text)
    first = wordpress.create_comment(post, "Ann Feed", "<p>First from the feed</p>")
    wordpress.create_comment(post, "Bob Feed", "<p>A reply, flat in feeds</p>", parent=first)

    batch = feed_batch(wordpress.base_url + "/feed/")
    titles = [a.title for a in batch.articles]
    assert "A post from the feed [bold]x[/bold]" in titles
    article = batch.articles[titles.index("A post from the feed [bold]x[/bold]")]
    assert "Feeds carry whole posts." in article.body
    assert article.url == wordpress.post_url(post)
    assert article.comment_status == "readonly"
    authors = [c.author_name for c in article.comments]
    assert authors == ["Ann Feed", "Bob Feed"]
    assert all(c.parent_origin is None for c in article.comments)
    assert article.comments[0].body == "First from the feed"

    result = store.import_batch(batch)
    again = store.import_batch(feed_batch(wordpress.base_url + "/feed/"))
    assert again.articles_new == 0 and again.comments_new == 0
    assert result.comments_new >= 2
