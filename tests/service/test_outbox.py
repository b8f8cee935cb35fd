"""The outbox: one transaction in, claims that never collide, backoff, drafts coming back, and
check-before-resend against the real test WordPress (no mocks of WordPress; network failures
are real: a port nobody listens on)."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from agora.core.errors import InvalidInput
from agora.core.model import ImportBatch, ImportedArticle, ImportedComment
from agora.engines.wordpress.client import WordPressClient
from agora.engines.wordpress.convert import to_wordpress
from agora.service.library import Library
from agora.service.outbox import BACKOFF_BASE, BACKOFF_CAP, LEASE, Outbox, backoff
from agora.service.processes import is_gone, this_process
from agora.service.sites import site
from agora.store import Store
from tests.wordpress.server import WordPressServer, free_port
from tests.wpsites import MemoryKeyring, approved_guest, point_site_at, unique, using_keyring

DEAD = "http://127.0.0.1:{}/wp-json/"


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    backend = MemoryKeyring()
    with using_keyring(backend):
        yield backend


def dead_site(library: Library, comments: int = 1) -> tuple[int, int]:
    """A WordPress site whose server is gone: (source id, article id)."""
    home = f"http://127.0.0.1:{free_port()}"
    article = ImportedArticle(
        "7",
        "A post",
        "Body",
        url=home + "/a-post/",
        comments=[ImportedComment(str(i + 1), None, f"R{i}", f"c{i}") for i in range(comments)],
    )
    result = library.store.imports.add(ImportBatch("wordpress", home, "Gone", [article]))
    point_site_at(library, result.source_id, DEAD.format(home.rsplit(":", 1)[1]))
    return result.source_id, result.article_ids[0]


def queue_row(library: Library, comment_id: int) -> dict:
    return library.store.query("SELECT * FROM outbox WHERE comment_id = ?", [comment_id])[0]


# -- in and out of the queue ----------------------------------------------------------------------


def test_post_stores_pending_and_queues_in_one_go(library: Library) -> None:
    _, article_id = dead_site(library)
    library.save_draft(article_id, None, "draft text")
    guest = library.use_guest("Gina", "gina@example.com", "https://gina.example")
    comment = library.post(article_id, None, "Hello\x1b[31m world", guest, from_draft=True)
    assert (comment.status, comment.is_own, comment.body) == ("pending", True, "Hello[31m world")
    assert comment.status_reason == "waiting to be sent"
    row = queue_row(library, comment.id)
    assert (row["action"], row["attempts"], row["uncertain"]) == ("post", 0, 0)
    assert library.draft(article_id, None) is None
    assert library.outbox.pending() == 1


def test_a_post_that_is_not_the_draft_leaves_the_draft_alone(library: Library) -> None:
    """``agora post`` while the app holds a draft for the same target: the draft stays."""
    _, article_id = dead_site(library)
    library.save_draft(article_id, None, "still writing this")
    guest = library.use_guest("Gina", "gina@example.com")
    library.post(article_id, None, "a quick one from a script", guest)
    assert library.draft(article_id, None).body == "still writing this"


def test_local_articles_do_not_use_the_outbox(library: Library) -> None:
    result = library.store.imports.add(
        ImportBatch("file", "/x.md", "x.md", [ImportedArticle("a", "Local", "Body")])
    )
    guest = library.use_guest("Gina", "gina@example.com")
    comment = library.post(result.article_ids[0], None, "Just here", guest)
    assert comment.status == "approved" and library.outbox.pending() == 0


def test_an_account_of_another_site_cannot_post(library: Library) -> None:
    _, article_id = dead_site(library)
    other = library.store.identities.add("wordpress", "Me", site="https://elsewhere", username="me")
    with pytest.raises(InvalidInput, match="signed in to https://elsewhere"):
        library.post(article_id, None, "Hi", other)
    assert library.outbox.pending() == 0


def test_backoff_doubles_up_to_a_cap() -> None:
    for attempts, base in [(1, BACKOFF_BASE), (2, 2 * BACKOFF_BASE), (3, 4 * BACKOFF_BASE)]:
        assert 0.9 * base <= backoff(attempts) <= 1.1 * base
    assert backoff(40) <= 1.1 * BACKOFF_CAP


def test_claims_never_collide_between_processes(library: Library) -> None:
    _, article_id = dead_site(library)
    guest = library.use_guest("Gina", "gina@example.com")
    ids = [library.post(article_id, None, f"c{i}", guest).id for i in range(3)]
    other = Store(library.store.path)
    first, second = library.outbox, Outbox(other, library.secrets)
    claims = [first.claim(), second.claim(), first.claim(), second.claim()]
    assert [c.comment_id for c in claims if c] == ids and claims[-1] is None
    assert not any(c.uncertain for c in claims if c)
    assert second.claim(force=True) is None  # leased rows stay with their owner
    # The first process dies mid-send: once the lease runs out the row is taken over, and
    # since its outcome is unknown it will be looked for before it is sent again.
    with library.store.write() as db:
        db.execute(
            "UPDATE outbox SET next_attempt = '2000-01-01T00:00:00+00:00' WHERE comment_id = ?",
            [ids[0]],
        )
    taken = second.claim()
    assert taken is not None and taken.comment_id == ids[0] and taken.uncertain
    other.close()


# A real agora process that claims queued comments (and, with "send", sends them as far as the
# site's answer) and then hangs until it is killed, as a process stopped mid-send would.
_SENDER = """
import sys, time
from agora.service import outbox
from agora.service.library import Library
from agora.store import Store

def hang(*args, **kwargs):
    print("claimed" if sys.argv[2] == "claim" else "sent", flush=True)
    time.sleep(600)

library = Library(Store(sys.argv[1]))
if sys.argv[2] == "claim":
    library.outbox.claim()
    hang()
outbox.Outbox.posted = hang  # the comment is on the site; the outcome never gets recorded
library.send_outbox()
"""


def start_sender(db: Path, mode: str) -> subprocess.Popen[str]:
    """The sender, once it has claimed (``claim``) or sent (``send``) the first due comment."""
    proc = subprocess.Popen(
        [sys.executable, "-c", _SENDER, str(db), mode],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert proc.stdout is not None
    if proc.stdout.readline().strip() not in ("claimed", "sent"):
        proc.kill()
        proc.wait()
        raise AssertionError(f"the sender stopped early (status {proc.wait()})")
    return proc


def kill_9(proc: subprocess.Popen[str]) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(30)


def test_a_live_process_keeps_its_lease_and_a_killed_ones_is_taken_over(
    library: Library,
) -> None:
    _, article_id = dead_site(library)
    comment = library.post(article_id, None, "Mine", library.use_guest("Kim", "kim@example.com"))
    sender = start_sender(library.store.path, "claim")
    try:
        row = queue_row(library, comment.id)
        assert row["action"] == "sending" and f" {sender.pid} " in row["owner"]
        assert library.outbox.claim(force=True) is None  # alive: its lease holds
    finally:
        kill_9(sender)
    # Dead, with most of its five-minute lease left: taken over at once, and looked for on
    # the site before it is sent again.
    assert queue_row(library, comment.id)["action"] == "sending"
    taken = library.outbox.claim()
    assert taken is not None and taken.comment_id == comment.id and taken.uncertain
    row = queue_row(library, comment.id)
    assert row["owner"] == this_process()
    assert dt.datetime.fromisoformat(row["next_attempt"]) > dt.datetime.now(dt.UTC) + LEASE / 2


def test_a_process_name_outlives_its_pid() -> None:
    host, boot, pid, start = this_process().split()
    assert pid == str(os.getpid()) and not is_gone(this_process())
    assert is_gone(f"{host} {boot} {pid} {int(start) + 1}")  # the pid, reused by another
    assert not is_gone(f"elsewhere {boot} {pid} {int(start) + 1}")  # cannot tell: alive
    assert is_gone(f"{host} another-boot {pid} {start}")  # the machine restarted since
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    name = f"{host} {boot} {child.pid} -"
    assert not is_gone(name)
    kill_9(child)  # type: ignore[arg-type]
    assert is_gone(name)


def test_refused_comments_come_back_as_drafts_with_their_replies(library: Library) -> None:
    _, article_id = dead_site(library)
    remote = library.store.comments.thread_pairs(article_id)[0][0]  # a comment from the site
    guest = library.use_guest("Gina", "gina@example.com")
    parent = library.post(article_id, remote, "Parent text", guest)
    child = library.post(article_id, parent.id, "Child text", guest)
    library.save_draft(article_id, remote, "Newer thoughts")
    delivery = library.outbox.returned(parent.id, "Sorry, comments are closed for this item.")
    assert delivery.state == "returned"
    draft = library.draft(article_id, remote)
    assert draft.body == "Newer thoughts\n\nParent text"
    assert draft.note == "Sorry, comments are closed for this item."
    orphan = library.draft(article_id, None)
    assert orphan.body == "Child text" and "could not be posted" in orphan.note
    assert library.outbox.pending() == 0
    assert not library.store.comments.many([parent.id, child.id])
    # Typing in the draft keeps its note; a new note replaces it.
    library.save_draft(article_id, remote, "Edited")
    assert library.draft(article_id, remote).note == draft.note
    library.store.drafts.save(article_id, remote, "Edited", note="")
    assert [d.note for d in library.drafts() if d.parent_id == remote] == [""]


# -- sending, with the network really failing -----------------------------------------------------


def test_unreachable_site_keeps_it_pending_with_backoff(library: Library) -> None:
    _, article_id = dead_site(library)
    guest = library.use_guest("Gina", "gina@example.com")
    parent = library.post(article_id, None, "Parent", guest)
    child = library.post(article_id, parent.id, "Child", guest)
    before = dt.datetime.now(dt.UTC)
    deliveries = library.send_outbox()
    assert [(d.comment_id, d.state) for d in deliveries] == [
        (parent.id, "pending"),
        (child.id, "pending"),
    ]
    assert deliveries[0].message.startswith("cannot connect to 127.0.0.1")
    assert deliveries[1].message == "waiting for the parent comment to be posted"
    assert library.comment(parent.id).status_reason == deliveries[0].message
    row = queue_row(library, parent.id)
    due = dt.datetime.fromisoformat(row["next_attempt"])
    assert row["attempts"] == 1 and row["action"] == "post" and not row["uncertain"]
    assert before + dt.timedelta(seconds=10) < due < before + dt.timedelta(seconds=20)
    assert queue_row(library, child.id)["attempts"] == 0  # waiting is not trying
    assert library.send_outbox() == []  # nothing due yet
    assert len(library.send_outbox(force=True)) == 2
    assert queue_row(library, parent.id)["attempts"] == 2


def test_account_comments_wait_for_a_login(library: Library) -> None:
    source_id, article_id = dead_site(library)
    home = site(library.store, source_id).home
    me = library.store.identities.add("wordpress", "Me", site=home, username="me")
    comment = library.post(article_id, None, "Signed", me)
    [delivery] = library.send_outbox()
    assert (
        delivery.state == "pending"
        and delivery.message == "sign in to Gone as me to send this comment"
    )
    assert library.comment(comment.id).status == "pending"


def test_passwords_never_travel_over_plain_http(library: Library) -> None:
    from agora.engines.wordpress import WordPressError

    source_id, _ = dead_site(library)
    point_site_at(library, source_id, "http://example.com/wp-json/")
    with pytest.raises(WordPressError, match="refusing to send the application password"):
        library.login(source_id, "me", "abcd efgh ijkl")
    assert library.identities() == [] and library.secrets.get("http://example.com", "me") is None


# -- against the real WordPress -------------------------------------------------------------------


@pytest.fixture
def wp(wordpress: WordPressServer) -> WordPressServer:
    """The session's real WordPress (see tests/conftest.py)."""
    return wordpress


def follow(library: Library, wp: WordPressServer) -> tuple[int, int, int]:
    post = wp.create_post(unique("Outbox"), "x")
    source = library.add_site(wp.post_url(post))
    library.sync(source.id, posts=0)
    article_id = int(
        library.store.scalar("SELECT id FROM articles WHERE origin_id = ?", [str(post)])
    )
    return post, source.id, article_id


def _stale(library: Library, comment_id: int, first: dt.datetime) -> None:
    """As if a process died while sending: leased long ago, first attempt made."""
    with library.store.write() as db:
        db.execute(
            "UPDATE outbox SET action = 'sending', next_attempt = '2000-01-01T00:00:00+00:00', "
            "first_attempt = ? WHERE comment_id = ?",
            [first.isoformat(), comment_id],
        )


def test_a_send_that_arrived_before_a_crash_is_linked_not_repeated(
    wp: WordPressServer, library: Library
) -> None:
    post, source_id, article_id = follow(library, wp)
    name, email = approved_guest(wp, post, "Known")
    comment = library.post(article_id, None, "It did arrive", library.use_guest(name, email))
    first = dt.datetime.now(dt.UTC)
    # The dead process's request reached WordPress:
    result = asyncio.run(_guest_post(library, source_id, post, name, email, "It did arrive"))
    _stale(library, comment.id, first)
    [delivery] = library.send_outbox()
    assert (delivery.state, delivery.remote_id) == ("posted", result)
    assert [c["content"] for c in wp.comments_of(post)].count("It did arrive") == 1
    assert (
        library.store.scalar("SELECT origin_id FROM comments WHERE id = ?", [comment.id]) == result
    )


def test_a_duplicate_answer_to_a_resend_means_already_posted(
    wp: WordPressServer, library: Library
) -> None:
    post, source_id, article_id = follow(library, wp)
    name = unique("Newbie")  # a first-time guest: held, so a guest cannot find it again
    email = f"{name.split()[1]}@example.com"
    comment = library.post(article_id, None, "Held and invisible", library.use_guest(name, email))
    first = dt.datetime.now(dt.UTC)
    asyncio.run(_guest_post(library, source_id, post, name, email, "Held and invisible"))
    _stale(library, comment.id, first)
    [delivery] = library.send_outbox()
    assert delivery.state == "held" and "earlier" in delivery.message
    assert [c["content"] for c in wp.comments_of(post)].count("Held and invisible") == 1
    assert library.comment(comment.id).status == "hold"


def test_a_permanent_refusal_is_the_sites_own_message(
    wp: WordPressServer, library: Library
) -> None:
    _, _, article_id = follow(library, wp)
    with library.store.write() as db:  # the post is gone from the site
        db.execute("UPDATE articles SET origin_id = '999999' WHERE id = ?", [article_id])
    guest = library.use_guest("Lost", "lost@example.com")
    library.post(article_id, None, "Hello?", guest)
    [delivery] = library.send_outbox()
    assert delivery.state == "returned" and "without saying why" in delivery.message
    assert library.draft(article_id, None).note == delivery.message


def test_a_comment_sent_by_a_killed_process_is_taken_over_at_once_and_never_doubled(
    wp: WordPressServer, library: Library
) -> None:
    post, _, article_id = follow(library, wp)
    name, email = approved_guest(wp, post, "Killed")
    comment = library.post(article_id, None, "Sent, then kill -9", library.use_guest(name, email))
    sender = start_sender(library.store.path, "send")
    kill_9(sender)
    assert queue_row(library, comment.id)["action"] == "sending"
    began = time.monotonic()
    [delivery] = library.send_outbox()
    assert time.monotonic() - began < 60  # not the five-minute lease
    on_site = [c for c in wp.comments_of(post) if c["content"] == "Sent, then kill -9"]
    assert len(on_site) == 1
    assert (delivery.state, delivery.remote_id) == ("posted", str(on_site[0]["id"]))
    assert library.store.scalar("SELECT count(*) FROM outbox") == 0


async def _guest_post(
    library: Library, source_id: int, post: int, name: str, email: str, text: str
) -> str:
    async with WordPressClient(site(library.store, source_id).api_root) as client:
        made = await client.post_guest_comment(post, 0, name, email, "", to_wordpress(text))
    return str(made.comment_id)
