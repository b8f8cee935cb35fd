"""The Isso engine's readers of HTML and feeds, on fixed text (no server)."""

from __future__ import annotations

import httpx

from agora.engines.isso.blog_page import read_page, thread_uri
from agora.engines.isso.finding import feed_articles
from agora.engines.isso.isso_admin import read_admin_page
from agora.engines.isso.isso_http import refusal


def test_the_embed_is_found_with_or_without_data_isso() -> None:
    base = "https://blog.example.org/posts/one/"
    with_attr = '<script data-isso="//comments.example.org/" src="x.js"></script>'
    assert read_page(with_attr, base).server == "https://comments.example.org"
    src_only = '<script src="/isso/js/embed.min.js"></script>'
    assert read_page(src_only, base).server == "https://blog.example.org/isso"
    relative = '<script data-isso="/c/" src="/c/js/embed.dev.js"></script>'
    assert read_page(relative, base).server == "https://blog.example.org/c"
    assert read_page("<script src='/app.js'></script>", base).server == ""


def test_the_thread_is_data_isso_id_or_the_path() -> None:
    page = '<div id="isso-thread" data-isso-id="post-7" data-title="Seven"></div>'
    info = read_page(page, "https://b.example/p/7/")
    assert (thread_uri(info, "https://b.example/p/7/"), info.thread_title) == ("post-7", "Seven")
    plain = read_page('<section id="isso-thread"></section>', "https://b.example/p/8/?x=1")
    assert thread_uri(plain, "https://b.example/p/8/?x=1") == "/p/8/"


def test_feed_entries_become_articles_by_path() -> None:
    rss = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>B</title>
    <item><title>One &amp; only</title><link>https://b.example/one/</link>
    <description>&lt;p&gt;Hi&lt;/p&gt;</description></item>
    <item><title>Two</title><link>javascript:alert(1)</link></item></channel></rss>"""
    [one] = feed_articles(rss, 5)
    assert (one.origin_id, one.title, one.url) == ("/one/", "One & only", "https://b.example/one/")
    assert feed_articles(rss, 0) == []


def test_the_admin_page_gives_ids_keys_and_raw_text() -> None:
    html = """<div class='isso-comment' id='isso-12'><div class='isso-comment-header'>
    <div>Thread: A post (<a href="/p/1/">/p/1/</a>)</div>
    <span class='isso-author' id="isso-author-12">Ann &lt;b&gt;</span>
    <span id="isso-website-12">https://ann.example</span>
    <span class="label label-pending">Pending</span></div>
    <pre id="isso-text-12">Hello *there* &lt;script&gt;</pre>
    <a class='validate' onClick="javascript:validate_com(12, 'MTI.sig-nature', 'x')">V</a></div>"""
    [c] = read_admin_page(html)
    assert (c.id, c.uri, c.title, c.author, c.website) == (
        12,
        "/p/1/",
        "A post",
        "Ann <b>",
        "https://ann.example",
    )
    assert (c.text, c.key, c.pending) == ("Hello *there* <script>", "MTI.sig-nature", True)


def test_refusals_keep_isso_words() -> None:
    page = "<!doctype html><title>403 Forbidden</title><h1>Forbidden</h1><p>ratelimit exceeded</p>"
    response = httpx.Response(403, text=page)
    assert refusal(response) == "ratelimit exceeded (403 Forbidden)"
    assert refusal(httpx.Response(404, text="")) == "404 Not Found"
