"""Posting, editing, voting and moderating on a real Isso server, through the outbox."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest

from agora.core.errors import AgoraError, InvalidInput
from agora.core.model import DeliveryState
from agora.service.library import Library
from tests.isso.server import ADMIN_PASSWORD, Blog, IssoServer
from tests.isso.test_isso_sync import article_id, rows, unique_path
from tests.wpsites import FaultyProxy, MemoryKeyring, _pump, point_site_at


class PostCuttingProxy(FaultyProxy):
    """In ``cut`` mode only ``POST /new`` loses its answer (after Isso stored the comment)."""

    def _serve(self, client: socket.socket) -> None:
        if self.mode == "cut" and not client.recv(9, socket.MSG_PEEK).startswith(b"POST /new"):
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            threading.Thread(target=_pump, args=(client, upstream), daemon=True).start()
            _pump(upstream, client)
            return
        super()._serve(client)


def follow(library: Library, isso: IssoServer, blog: Blog, title: str = "Post") -> tuple:
    path = unique_path("w")
    site = library.add_site(blog.page(path, title, isso.url))
    assert library.sync(site.id, posts=0).errors == []
    return site, path, article_id(library, path)


def send(library: Library, article: int, body: str, parent: int | None = None):  # type: ignore[no-untyped-def]
    comment = library.post(article, parent, body, library.current_identity())
    [delivery] = library.send_outbox(force=True)
    return comment, delivery


def remote(library: Library, comment_id: int) -> str:
    return str(library.store.scalar("SELECT origin_id FROM comments WHERE id = ?", [comment_id]))


def test_a_guest_post_is_accepted_and_its_edit_key_kept_in_the_keyring_only(
    isso: IssoServer, blog: Blog, library: Library, memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    site, path, article = follow(library, isso, blog)
    library.use_guest("Gail Guest", "gail@example.com", "https://gail.example")
    comment, delivery = send(library, article, "Hello from **agora**")
    assert delivery.state == DeliveryState.POSTED
    assert "change or delete it for 15 min" in delivery.message
    rid = remote(library, comment.id)
    [on_server] = [c for c in isso.thread(path) if str(c["id"]) == rid]
    assert on_server["author"] == "Gail Guest" and on_server["website"] == "https://gail.example"
    assert on_server["text"] == "<p>Hello from <strong>agora</strong></p>"
    [(service, user)] = [k for k in memory_keyring.items if k[1].startswith("edit-key:")]
    assert (service, user) == (f"agora:{site.home}", f"edit-key:{rid}")
    secret = memory_keyring.items[(service, user)]
    key = secret.split('"key": "')[1].split('"')[0]
    library.store.close()
    for file in tmp_path.glob("agora.db*"):
        assert key.encode() not in file.read_bytes()


def test_edit_and_delete_inside_the_window(isso: IssoServer, blog: Blog, library: Library) -> None:
    _, path, article = follow(library, isso, blog)
    library.use_guest("Ed", "ed@example.com")
    comment, _ = send(library, article, "First version")
    rid = int(remote(library, comment.id))
    library.edit(comment.id, "Second *version*")
    assert [c["text"] for c in isso.thread(path) if c["id"] == rid] == [
        "<p>Second <em>version</em></p>"
    ]
    library.edit(comment.id, "Third version")  # the renewed key works too
    library.delete(comment.id)
    assert rid not in [c["id"] for c in isso.thread(path)]


def test_after_the_window_agora_says_so_before_trying_and_in_isso_words_after(
    isso_brief: IssoServer, blog: Blog, library: Library, memory_keyring: MemoryKeyring
) -> None:
    _site, path, article = follow(library, isso_brief, blog)
    library.use_guest("Late", "late@example.com")
    comment, delivery = send(library, article, "Soon frozen")
    assert "for 1 min" in delivery.message
    time.sleep(2.2)
    with pytest.raises(InvalidInput, match="the time to change or delete this comment ran out"):
        library.edit(comment.id, "Too late")
    # The server's clock decides: with a key agora thinks valid, Isso refuses in its words.
    [entry] = [k for k in memory_keyring.items if k[1].startswith("edit-key:")]
    value = memory_keyring.items[entry]
    memory_keyring.items[entry] = (
        value.split('"expires"')[0] + '"expires": "2999-01-01T00:00:00+00:00"}'
    )
    with pytest.raises(AgoraError, match=r"Isso said: .*\(403 FORBIDDEN\)"):
        library.delete(comment.id)
    assert int(remote(library, comment.id)) in [c["id"] for c in isso_brief.thread(path)]


def test_votes_are_sent_counted_and_stored(isso: IssoServer, blog: Blog, library: Library) -> None:
    path = unique_path("votes")
    other = isso.seed(path, "Vote for me", "Vera")
    site = library.add_site(blog.page(path, "Votes", isso.url))
    library.sync(site.id, posts=0)
    article = article_id(library, path)
    local = int(
        library.store.scalar("SELECT id FROM comments WHERE origin_id = ?", [str(other["id"])])
    )
    assert library.vote(local, True) == (1, 0)
    assert library.vote(local, False) == (1, 0)  # Isso counts one vote per reader
    assert rows(library, article)[str(other["id"])]["likes"] == 1
    [on_server] = [c for c in isso.thread(path) if c["id"] == other["id"]]
    assert (on_server["likes"], on_server["dislikes"]) == (1, 0)


def test_moderated_posts_are_held_and_the_admin_approves_or_deletes(
    isso_moderated: IssoServer, blog: Blog, library: Library
) -> None:
    site, path, article = follow(library, isso_moderated, blog)
    library.use_guest("Held", "held@example.com")
    _kept, first = send(library, article, "Please approve me")
    _dropped, second = send(library, article, "Please delete me")
    assert first.state == second.state == DeliveryState.HELD
    assert isso_moderated.thread(path) == []
    library.login(site.id, "admin", ADMIN_PASSWORD)
    queue = library.moderation_queue(site.id)
    assert [(h.body, h.author_name, h.post_id) for h in queue] == [
        ("Please approve me", "Held", path),
        ("Please delete me", "Held", path),
    ]
    library.moderate(site.id, queue[0].remote_id, "approved")
    library.moderate(site.id, queue[1].remote_id, "trash")
    assert [c["text"] for c in isso_moderated.thread(path)] == ["<p>Please approve me</p>"]
    assert library.moderation_queue(site.id) == []
    with pytest.raises(AgoraError, match="can only approve or delete"):
        library.moderate(site.id, queue[0].remote_id, "spam")


def test_the_server_rules_and_refusals_come_in_isso_words(
    isso_moderated: IssoServer, isso: IssoServer, blog: Blog, library: Library
) -> None:
    _, _, article = follow(library, isso_moderated, blog)
    identity = library.use_guest("Nomail", "nomail@example.com")
    with library.store.write() as db:
        db.execute("UPDATE identities SET email = '' WHERE id = ?", [identity.id])
    _, delivery = send(library, article, "No email given")
    assert delivery.state == DeliveryState.RETURNED
    assert "asks for an email address" in delivery.message
    _, _, article = follow(library, isso, blog)
    library.use_guest("Short", "short@example.com")
    _, delivery = send(library, article, "ab ")
    assert delivery.state == DeliveryState.RETURNED
    assert delivery.message == "Isso said: text is too short (minimum length: 3) (400 BAD REQUEST)"


@pytest.mark.parametrize("mode", ["cut", "refuse"])
def test_the_server_lost_mid_post_means_one_comment_never_two(
    mode: str, isso: IssoServer, blog: Blog, library: Library
) -> None:
    site, path, article = follow(library, isso, blog)
    proxy = PostCuttingProxy(isso.port)
    try:
        point_site_at(library, site.id, f"http://127.0.0.1:{proxy.port}")
        library.use_guest("Flaky", "flaky@example.com")
        proxy.mode = mode
        comment, delivery = send(library, article, f"Sent through a {mode} proxy")
        assert delivery.state == DeliveryState.PENDING
        assert len([c for c in isso.thread(path) if c["author"] == "Flaky"]) == (mode == "cut")
        proxy.mode = "pass"
        [delivery] = library.send_outbox(force=True)
        assert delivery.state == DeliveryState.POSTED
        mine = [c for c in isso.thread(path) if c["author"] == "Flaky"]
        assert len(mine) == 1 and str(mine[0]["id"]) == remote(library, comment.id)
    finally:
        proxy.close()


def test_a_reply_to_a_reply_lost_mid_post_is_found_under_the_top_comment(
    isso: IssoServer, blog: Blog, library: Library
) -> None:
    path = unique_path("nest")
    top = isso.seed(path, "Top of the thread", "Tom")
    reply = isso.seed(path, "A reply to Tom", "Rae", parent=top["id"])
    site = library.add_site(blog.page(path, "Nesting", isso.url))
    library.sync(site.id, posts=0)
    article = article_id(library, path)
    local = rows(library, article)
    assert local[str(reply["id"])]["parent"] == str(top["id"])
    parent = int(
        library.store.scalar("SELECT id FROM comments WHERE origin_id = ?", [str(reply["id"])])
    )
    proxy = PostCuttingProxy(isso.port)
    try:
        point_site_at(library, site.id, f"http://127.0.0.1:{proxy.port}")
        library.use_guest("Nested Ned", "ned@example.com")
        proxy.mode = "cut"
        comment, delivery = send(library, article, "Answering Rae", parent)
        assert delivery.state == DeliveryState.PENDING
        proxy.mode = "pass"
        [delivery] = library.send_outbox(force=True)
        assert delivery.state == DeliveryState.POSTED
    finally:
        proxy.close()
    mine = [c for c in isso.thread(path) if c["author"] == "Nested Ned"]
    assert len(mine) == 1 and mine[0]["parent"] == top["id"]  # Isso's one level
    assert remote(library, comment.id) == str(mine[0]["id"])
