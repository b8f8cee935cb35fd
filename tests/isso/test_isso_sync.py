"""Finding and reading an Isso site against a real Isso server (no mocks)."""

from __future__ import annotations

import itertools

import pytest

from agora.core.errors import AgoraError
from agora.core.html_text import comment_body
from agora.service.library import Library
from tests.isso.server import Blog, IssoServer

_n = itertools.count(1)


def unique_path(stem: str = "post") -> str:
    return f"/posts/{stem}-{next(_n)}/"


def rows(library: Library, article_id: int) -> dict[str, dict]:
    found = library.store.query(
        "SELECT c.origin_id, p.origin_id AS parent, c.author_name, c.author_url, c.body, "
        "c.status, c.likes, c.dislikes FROM comments c LEFT JOIN comments p ON p.id = c.parent_id "
        "WHERE c.article_id = ?",
        [article_id],
    )
    return {r["origin_id"]: r for r in found}


def article_id(library: Library, uri: str) -> int:
    return int(library.store.scalar("SELECT id FROM articles WHERE origin_id = ?", [uri]))


def assert_exact(library: Library, isso: IssoServer, uri: str) -> None:
    """The stored thread is the server's JSON: ids, parents, authors, text and votes."""
    server = isso.thread(uri)
    stored = rows(library, article_id(library, uri))
    assert set(stored) == {str(c["id"]) for c in server}
    for c in server:
        row = stored[str(c["id"])]
        assert row["parent"] == (str(c["parent"]) if c["parent"] else None)
        assert row["author_name"] == (c["author"] or "Anonymous")
        assert row["body"] == comment_body(c["text"])[0]
        assert (row["likes"], row["dislikes"]) == (c["likes"], c["dislikes"])
        assert row["status"] == ("deleted" if c["mode"] == 4 else "approved")


def test_a_blog_page_that_embeds_isso_is_found(
    isso: IssoServer, blog: Blog, library: Library
) -> None:
    path = unique_path()
    url = blog.page(path, "Hello Isso", isso.url)
    site = library.add_site(url)
    assert (site.kind, site.home, site.api_root) == ("isso", blog.url, isso.url)
    assert site.name == "Static Test Blog"
    assert site.options == {"blog": blog.url, "feed": blog.url + "/feed.xml"}
    article = library.article(article_id(library, path))
    assert article.title == "Hello Isso" and "The text of Hello Isso." in article.body
    assert article.url == url

    custom = blog.page(unique_path("custom"), "Custom id", isso.url, thread_id="my-thread")
    library.add_site(custom)
    assert library.article(article_id(library, "my-thread")).title == "Custom id"


def test_the_server_address_with_a_page_uri_is_found(isso: IssoServer, library: Library) -> None:
    site = library.add_site(isso.url + "/?uri=/some/page/")
    assert (site.kind, site.home, site.api_root) == ("isso", isso.url, isso.url)
    assert library.article(article_id(library, "/some/page/")).title == "/some/page/"
    with pytest.raises(AgoraError, match=r"Isso server: add a page of it as .*\?uri="):
        library.add_site(isso.url + "/")


def test_a_page_without_isso_is_not_taken(blog: Blog, library: Library) -> None:
    url = blog.write("/plain/", "<html><head><title>Plain</title></head><body>x</body></html>")
    with pytest.raises(AgoraError):
        library.add_site(url)
    assert library.sites() == []


def test_a_thread_is_synced_exactly_and_then_incrementally(
    isso: IssoServer, blog: Blog, library: Library
) -> None:
    path = unique_path()
    first = isso.seed(path, "First *comment*", "Ada", website="https://ada.example")
    reply = isso.seed(path, "A reply", "Bob", parent=first["id"])
    deeper = isso.seed(path, "A reply to the reply", "Cy", parent=reply["id"])
    isso.seed(path, "Second top", None)
    isso.vote(first["id"], True, "10.200.1.1")
    isso.vote(first["id"], True, "10.200.2.1")
    isso.vote(first["id"], False, "10.200.3.1")
    site = library.add_site(blog.page(path, "Synced", isso.url))
    report = library.sync(site.id, posts=0)
    assert report.errors == []
    assert_exact(library, isso, path)
    stored = rows(library, article_id(library, path))
    assert stored[str(deeper["id"])]["parent"] == str(first["id"])  # Isso's one level
    assert stored[str(first["id"])]["author_url"] == "https://ada.example"
    assert (stored[str(first["id"])]["likes"], stored[str(first["id"])]["dislikes"]) == (2, 1)

    late = isso.seed(path, "Arrived later", "Dee", parent=first["id"])
    isso.vote(reply["id"], False, "10.200.4.1")
    report = library.sync(site.id, posts=0)
    assert report.errors == [] and report.sites[0].comments_new == 1
    assert_exact(library, isso, path)
    assert str(late["id"]) in rows(library, article_id(library, path))


def test_the_feed_brings_the_newest_articles(
    isso: IssoServer, blog: Blog, library: Library
) -> None:
    paths = [unique_path("feed"), unique_path("feed")]
    for p in paths:
        blog.page(p, f"Feed {p}", isso.url)
        isso.seed(p, f"On {p}", "Eve")
    blog.feed([(paths[0], "Newest"), (paths[1], "Older")])
    site = library.add_site(blog.url + paths[0])
    report = library.sync(site.id, posts=2)
    assert report.errors == []
    assert library.article(article_id(library, paths[1])).title == "Older"
    for p in paths:
        assert_exact(library, isso, p)


def test_hostile_text_in_comments_is_inert(isso: IssoServer, blog: Blog, library: Library) -> None:
    path = unique_path("hostile")
    isso.seed(
        path,
        "<script>alert(1)</script> \x1b[31mred\x1b[0m [bold]x[/bold] \u202egnp.exe",
        "\x1b]0;pwned\x07Mallory\u202e",
    )
    site = library.add_site(blog.page(path, "Hostile", isso.url))
    assert library.sync(site.id, posts=0).errors == []
    [row] = rows(library, article_id(library, path)).values()
    text = row["body"] + row["author_name"] + row["author_url"]
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert "<script>alert(1)</script>" in row["body"]  # shown as text, never run
    assert "Mallory" in row["author_name"]
