"""Feeds from a real WordPress: entries become articles, comment feeds fill threads."""

from __future__ import annotations

from agora.importers.feeds import feed_batch
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

    result = store.imports.add(batch)
    again = store.imports.add(feed_batch(wordpress.base_url + "/feed/"))
    assert again.articles_new == 0 and again.comments_new == 0
    assert result.comments_new >= 2


def test_feed_cli_add_and_refresh(wordpress: WordPressServer, capsys) -> None:
    from agora.cli.main import main
    from agora.service.library import Library

    post = wordpress.create_post("Feed CLI post", "<p>" + "Body text. " * 80 + "</p>")
    assert main(["feed", "add", wordpress.base_url + "/feed/"]) == 0
    out = capsys.readouterr().out
    assert "new)" in out
    library = Library.open()
    article = next(a for a in library.article_entries() if a.title == "Feed CLI post")
    assert article.source_name
    wordpress.create_comment(post, "Refresh Rita", "<p>after the first fetch</p>")
    assert main(["feed", "refresh"]) == 0
    thread = library.open_thread(article.id)
    authors = [c.author_name for c in library.comments(thread.thread.ids).values()]
    assert "Refresh Rita" in authors
    # Read-only: a feed's discussion cannot be answered through agora.
    assert main(["post", str(article.id), "--name", "N", "--email", "n@x.org", "--body", "hi"]) == 2
    assert "read-only" in capsys.readouterr().err
    library.close()
