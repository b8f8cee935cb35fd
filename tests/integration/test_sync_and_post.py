"""Sites, sync and the outbox against a real WordPress (no mocks): a comment arriving and a
comment leaving, with the failures in between."""

from __future__ import annotations

import datetime as dt
import random
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from agora.cli.main import main
from agora.core.errors import AgoraError, InvalidInput
from agora.core.markdown_light import as_plain
from agora.engines.wordpress import WordPressError
from agora.engines.wordpress.transport import basic_auth_token
from agora.service.library import Library
from agora.store import Store
from tests.wordpress.server import WordPressServer, free_port
from tests.wpsites import (
    FaultyProxy,
    MemoryKeyring,
    approved_guest,
    point_site_at,
    unique,
    using_keyring,
)


class Users:
    def __init__(self, server: WordPressServer) -> None:
        self.editor = "sync_editor"
        uid = server.create_user(self.editor, "editor", display_name="Eddie Editor")
        self.editor_password = server.app_password(uid)
        self.subscriber = "sync_sub"
        uid = server.create_user(self.subscriber, "subscriber", display_name="Sue Sub")
        self.subscriber_password = server.app_password(uid)


@pytest.fixture(scope="module")
def users(wordpress: WordPressServer) -> Users:
    return Users(wordpress)


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    backend = MemoryKeyring()
    with using_keyring(backend):
        yield backend


@pytest.fixture
def post_id(wordpress: WordPressServer) -> int:
    return wordpress.create_post(unique("Post"), "<p>An article to <em>discuss</em>.</p>")


def follow(library: Library, wordpress: WordPressServer, post: int) -> tuple[int, int]:
    """Add the site through the post's address, sync it; returns (source id, article id)."""
    site = library.add_site(wordpress.post_url(post))
    report = library.sync(site.id, posts=0)
    assert report.errors == []
    return site.id, article_of(library, post)


def article_of(library: Library, post: int) -> int:
    return int(library.store.scalar("SELECT id FROM articles WHERE origin_id = ?", [str(post)]))


def local_rows(library: Library, article_id: int) -> list[dict]:
    return library.store.query(
        "SELECT id, origin_id, parent_id, origin_parent, author_name, body, status, is_own "
        "FROM comments WHERE article_id = ? ORDER BY created, id",
        [article_id],
    )


def run(capsys: pytest.CaptureFixture[str], *args: str, stdin: str | None = None) -> tuple:
    if stdin is not None:
        import io
        import sys

        old = sys.stdin
        sys.stdin = io.StringIO(stdin)
        try:
            code = main(list(args))
        finally:
            sys.stdin = old
    else:
        code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# -- a comment arriving ---------------------------------------------------------------------------


def test_site_add_discovers_the_site(
    wordpress: WordPressServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "site", "add", wordpress.base_url + "/")
    assert code == 0, err
    host = wordpress.base_url.removeprefix("http://")
    assert out.splitlines()[0] == f"Connecting to {host}..."
    assert out.splitlines()[1] == wordpress.title
    code, out, _ = run(capsys, "site", "list")
    assert code == 0 and wordpress.title in out and "never synced" in out
    library = Library.open()
    [site] = library.sites()
    assert (site.home, site.api_root) == (wordpress.base_url, wordpress.base_url + "/wp-json/")
    library.close()

    code, out, err = run(capsys, "site", "add", f"http://127.0.0.1:{free_port()}/")
    assert code == 2 and err.startswith("agora: cannot connect") and len(err.splitlines()) == 1
    assert "Traceback" not in err


def test_ten_deep_thread_is_synced_exactly(
    wordpress: WordPressServer, library: Library, post_id: int
) -> None:
    start = dt.datetime(2024, 3, 30, 23, 0, tzinfo=dt.UTC)  # across Athens' DST change
    parent = 0
    ids: list[int] = []
    for depth in range(10):
        parent = wordpress.create_comment(
            post_id,
            f"Author {depth}",
            f"<p>Depth {depth} &amp; <b>more</b></p>",
            parent=parent,
            date=start + dt.timedelta(minutes=7 * depth),
        )
        ids.append(parent)
    wordpress.create_comment(
        post_id, "Sibling", "same time", parent=ids[2], date=start + dt.timedelta(minutes=21)
    )
    wordpress.create_comment(post_id, "Held", "wait", approved=0, date=start)
    wordpress.create_comment(post_id, "Spammer", "buy", approved="spam", date=start)

    _, article_id = follow(library, wordpress, post_id)

    truth = [c for c in wordpress.comments_of(post_id) if c["status"] == "approved"]
    truth.sort(key=lambda c: (c["date_gmt"], c["id"]))
    rows = local_rows(library, article_id)
    assert [
        (int(r["origin_id"]), int(r["origin_parent"] or 0), r["author_name"]) for r in rows
    ] == [(c["id"], c["parent"], c["author"]) for c in truth]
    by_id = {r["id"]: r for r in rows}
    for r in rows:  # parents resolved to local ids
        if r["origin_parent"]:
            assert by_id[r["parent_id"]]["origin_id"] == r["origin_parent"]
    # <b> is formatting: the comment is stored as light Markdown, its plain text unchanged.
    assert rows[0]["body"] == "Depth 0 & **more**"
    first = library.store.comments.get(rows[0]["id"])
    assert first.body_format == "markdown"
    assert as_plain(first.body, first.body_format) == "Depth 0 & more"
    thread = library.open_thread(article_id).thread
    assert thread.depth[:10] == list(range(10))
    assert max(thread.depth) == 9 and len(thread) == 11
    article = library.article(article_id)
    assert article.body_format == "markdown" and "discuss" in article.body
    assert article.author == "admin" and article.url == wordpress.post_url(post_id)


def test_thousand_comments_paginate(
    wordpress: WordPressServer, library: Library, post_id: int
) -> None:
    rng = random.Random(11)
    n = 1234
    parents = [None if i < 5 or rng.random() < 0.3 else rng.randrange(i) for i in range(n)]
    ids = wordpress.bulk_comments(post_id, n, parents=parents)
    _, article_id = follow(library, wordpress, post_id)
    rows = local_rows(library, article_id)
    assert [int(r["origin_id"]) for r in rows] == ids
    assert [int(r["origin_parent"] or 0) for r in rows] == [
        0 if p is None else ids[p] for p in parents
    ]
    assert library.article(article_id).comment_count == n


def test_incremental_sync_reads_only_what_is_new(
    wordpress: WordPressServer, library: Library, post_id: int
) -> None:
    old = wordpress.bulk_comments(post_id, 30, start=dt.datetime.now(dt.UTC) - dt.timedelta(days=2))
    source_id, article_id = follow(library, wordpress, post_id)
    assert len(local_rows(library, article_id)) == 30
    synced = library.site(source_id).synced
    assert synced is not None

    fresh = [wordpress.create_comment(post_id, f"Later {i}", f"New {i}") for i in range(3)]
    reply = wordpress.create_comment(post_id, "Replier", "To an old one", parent=old[4])
    wordpress.php_json(
        "wp_update_post( array( 'ID' => $args, 'post_title' => 'Renamed' ) ); return 1;", post_id
    )
    steps: list = []
    report = library.sync(source_id, steps.append, posts=0)
    [result] = report.sites
    assert (result.comments_new, result.comments_updated, result.error) == (4, 0, "")
    assert steps[-1].done == steps[-1].total == 1
    rows = local_rows(library, article_id)
    assert sorted(int(r["origin_id"]) for r in rows) == sorted([*old, *fresh, reply])
    replied = next(r for r in rows if r["origin_id"] == str(reply))
    assert replied["parent_id"] == next(r["id"] for r in rows if r["origin_id"] == str(old[4]))
    assert library.article(article_id).title == "Renamed"

    again = library.sync(source_id, posts=0).sites[0]
    assert (again.comments_new, again.comments_updated) == (0, 0)
    full = library.sync(source_id, posts=0, full=True).sites[0]
    assert (full.comments_new, full.comments_updated) == (0, 0)
    assert len(local_rows(library, article_id)) == 34


def test_late_approvals_and_removals_reach_an_incremental_sync(
    wordpress: WordPressServer, library: Library, post_id: int
) -> None:
    two_days_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=2)
    old = wordpress.bulk_comments(post_id, 12, start=two_days_ago)
    late = wordpress.create_comment(post_id, "Late", "Held for days", approved=0, date=two_days_ago)
    source_id, article_id = follow(library, wordpress, post_id)
    assert str(late) not in origins(library, article_id)

    # Nothing changed: one small request says so, and nothing is read.
    quiet = library.sync(source_id, posts=0).sites[0]
    assert (quiet.comments_new, quiet.comments_updated, quiet.comments_removed) == (0, 0, 0)

    # Approved two days after it was written: a read of what is newer than the last sync
    # cannot see it, and the number of comments is the same as before (one went away).
    wordpress.moderate(late, "approve")
    wordpress.moderate(old[3], "trash")
    report = library.sync(source_id, posts=0).sites[0]
    assert (report.comments_new, report.comments_removed, report.error) == (1, 1, "")
    assert origins(library, article_id) == {str(c) for c in [*old, late] if c != old[3]}

    # One more late approval beside a brand-new comment.
    later = wordpress.create_comment(post_id, "Later", "Also held", approved=0, date=two_days_ago)
    fresh = wordpress.create_comment(post_id, "Fresh", "Just now")
    wordpress.moderate(later, "approve")
    report = library.sync(source_id, posts=0).sites[0]
    assert (report.comments_new, report.comments_removed) == (2, 0)
    server = {str(c["id"]) for c in wordpress.comments_of(post_id) if c["status"] == "approved"}
    assert origins(library, article_id) == server and {str(later), str(fresh)} <= server


def test_full_sync_removes_what_the_site_no_longer_shows_but_keeps_own_work(
    wordpress: WordPressServer, library: Library, post_id: int
) -> None:
    keep, trashed, spammed, unapproved, deleted = (
        wordpress.create_comment(post_id, name, f"Comment by {name}")
        for name in ("Keep", "Trashed", "Spammed", "Unapproved", "Deleted")
    )
    child = wordpress.create_comment(post_id, "Child", "Replying to spam", parent=spammed)
    drafted = wordpress.create_comment(post_id, "Drafted", "Someone answers me")
    answered = wordpress.create_comment(post_id, "Answered", "A queued reply answers me")
    source_id, article_id = follow(library, wordpress, post_id)
    local = {r["origin_id"]: r["id"] for r in local_rows(library, article_id)}
    name = unique("Newbie")  # a first-time guest: held
    newbie = library.use_guest(name, f"{name.split()[1]}@example.com")
    held = library.post(article_id, None, "Held for moderation", newbie)
    assert library.send_outbox()[0].state == "held"
    queued = library.post(article_id, local[str(answered)], "Not sent yet", newbie)
    library.save_draft(article_id, local[str(drafted)], "A reply I am writing")
    for comment, status in [
        (trashed, "trash"),
        (spammed, "spam"),
        (unapproved, "hold"),
        (deleted, "delete"),
        (drafted, "trash"),
        (answered, "trash"),
    ]:
        wordpress.moderate(comment, status)

    report = library.sync(source_id, posts=0, full=True, send=False).sites[0]
    assert (report.comments_removed, report.error) == (4, "")
    rows = {r["id"]: r for r in local_rows(library, article_id)}
    assert {r["origin_id"] for r in rows.values() if not r["is_own"]} == {
        str(keep),
        str(child),
        str(drafted),
        str(answered),
    }
    assert rows[local[str(child)]]["parent_id"] is None  # its parent went away
    assert rows[held.id]["status"] == "hold" and rows[queued.id]["status"] == "pending"
    assert library.draft(article_id, local[str(drafted)]).body == "A reply I am writing"
    assert library.outbox.pending() == 1

    # Once the draft and the queued reply are gone, so are the comments they answered.
    library.save_draft(article_id, local[str(drafted)], "")
    library.store.comments.delete(queued.id)
    report = library.sync(source_id, posts=0, full=True, send=False).sites[0]
    assert report.comments_removed == 2
    rows = {r["id"]: r for r in local_rows(library, article_id)}
    assert {r["origin_id"] for r in rows.values() if not r["is_own"]} == {str(keep), str(child)}
    assert rows[held.id]["status"] == "hold"


def origins(library: Library, article_id: int) -> set[str]:
    return {r["origin_id"] for r in local_rows(library, article_id) if r["origin_id"]}


def test_sync_cli_shows_progress(
    wordpress: WordPressServer, capsys: pytest.CaptureFixture[str], post_id: int
) -> None:
    wordpress.bulk_comments(post_id, 5)
    assert run(capsys, "site", "add", wordpress.post_url(post_id))[0] == 0
    code, out, err = run(capsys, "sync", "--posts", "0")
    assert code == 0, err
    assert "[########################] 1/1" in err
    assert "5 new comment(s)" in out and "removed" not in out
    gone = wordpress.create_comment(post_id, "Soon gone", "Trashed before the next sync")
    assert run(capsys, "sync", "--posts", "0")[0] == 0
    wordpress.moderate(gone, "trash")
    code, out, err = run(capsys, "sync", "--posts", "0", "--full")
    assert code == 0, err
    assert "0 new comment(s), 0 updated, 1 removed" in out
    code, _, err = run(capsys, "sync", "nowhere.example")
    assert code == 2 and "no site matches" in err


# -- a comment leaving ----------------------------------------------------------------------------


def test_guest_comment_is_held_then_shown_approved_after_moderation(
    wordpress: WordPressServer, library: Library, users: Users, post_id: int
) -> None:
    source_id, article_id = follow(library, wordpress, post_id)
    guest = library.use_guest(unique("Newcomer"), "newcomer@example.com", "https://example.org")
    comment = library.post(article_id, None, "Hello <there> & all", guest)
    assert comment.status == "pending" and comment.is_own
    [delivery] = library.send_outbox()
    assert delivery.state == "held" and delivery.comment_id == comment.id
    held = library.comment(comment.id)
    assert held.status == "hold" and "awaiting moderation" in held.status_reason
    server = wordpress.comments_of(post_id)[-1]
    assert str(server["id"]) == delivery.remote_id and server["status"] == "unapproved"
    assert server["content"] == "Hello &lt;there&gt; &amp; all"
    assert (server["author"], server["url"]) == (guest.name, "https://example.org")

    moderator = Library(library.store, library.secrets)
    moderator.login(source_id, users.editor, users.editor_password)
    queue = moderator.moderation_queue(source_id)
    mine = next(h for h in queue if h.remote_id == delivery.remote_id)
    assert mine.body == "Hello <there> & all" and mine.article_id == article_id
    result = moderator.moderate(source_id, delivery.remote_id, "approved")
    assert result.status == "approved"
    assert wordpress.comments_of(post_id)[-1]["status"] == "approved"
    assert library.comment(comment.id).status == "approved"
    assert delivery.remote_id not in [h.remote_id for h in moderator.moderation_queue(source_id)]
    library.sync(source_id, posts=0)
    assert [r["id"] for r in local_rows(library, article_id) if r["is_own"]] == [comment.id]


def test_a_held_comment_approved_on_the_site_shows_approved_after_a_sync(
    wordpress: WordPressServer, library: Library, post_id: int
) -> None:
    source_id, article_id = follow(library, wordpress, post_id)
    guest = library.use_guest(unique("Patient"), "patient@example.com")
    comment = library.post(article_id, None, "Waiting my turn", guest)
    [delivery] = library.send_outbox()
    assert delivery.state == "held"
    library.sync(source_id, posts=0)
    assert library.comment(comment.id).status == "hold"
    # Approved two days after it was written: an incremental read by date would miss it.
    wordpress.php_json(
        """
$gmt = gmdate( 'Y-m-d H:i:s', time() - 2 * DAY_IN_SECONDS );
wp_update_comment( array( 'comment_ID' => $args, 'comment_date_gmt' => $gmt,
	'comment_date' => get_date_from_gmt( $gmt ) ) );
wp_set_comment_status( $args, 'approve' );
return 1;
""",
        delivery.remote_id,
    )
    assert library.sync(source_id, posts=0).sites[0].comments_updated == 1
    shown = library.comment(comment.id)
    assert (shown.status, shown.status_reason) == ("approved", "")
    assert len([r for r in local_rows(library, article_id) if r["body"] == "Waiting my turn"]) == 1


def test_subscriber_cannot_moderate(
    wordpress: WordPressServer, library: Library, users: Users, post_id: int
) -> None:
    source_id, _ = follow(library, wordpress, post_id)
    library.login(source_id, users.subscriber, users.subscriber_password)
    with pytest.raises(WordPressError) as info:
        library.moderation_queue(source_id)
    assert info.value.status in (401, 403)


def test_approved_guest_posts_and_replies_without_duplicates(
    wordpress: WordPressServer, library: Library, post_id: int
) -> None:
    name, email = approved_guest(wordpress, post_id)
    source_id, article_id = follow(library, wordpress, post_id)
    guest = library.use_guest(name, email)
    top = library.post(article_id, None, "A top-level thought", guest)
    reply = library.post(article_id, top.id, "And a reply to myself", guest)
    deliveries = library.send_outbox()
    assert [(d.comment_id, d.state) for d in deliveries] == [
        (top.id, "posted"),
        (reply.id, "posted"),
    ]
    server = {str(c["id"]): c for c in wordpress.comments_of(post_id)}
    assert str(server[deliveries[1].remote_id]["parent"]) == deliveries[0].remote_id
    assert library.comment(top.id).url.endswith(f"#comment-{deliveries[0].remote_id}")
    library.sync(source_id, posts=0)
    rows = local_rows(library, article_id)
    assert len(rows) == 3 and [r["id"] for r in rows if r["is_own"]] == [top.id, reply.id]
    assert library.comment(reply.id).parent_id == top.id


def test_post_cli_reports_the_state(
    wordpress: WordPressServer, capsys: pytest.CaptureFixture[str], post_id: int
) -> None:
    name, email = approved_guest(wordpress, post_id)
    run(capsys, "site", "add", wordpress.post_url(post_id))
    article = str(article_of(Library.open(), post_id))
    code, out, err = run(
        capsys, "post", article, "--name", name, "--email", email, "--body", "CLI!"
    )
    assert code == 0, err
    local_id, state = out.split()[:2]
    assert state == "posted" and local_id.isdigit()
    code, out, _ = run(
        capsys,
        "post",
        article,
        "--name",
        unique("Stranger"),
        "--email",
        "s@example.com",
        "--body",
        "Who am I?",
    )
    assert code == 0 and out.split()[1] == "held:" and "awaiting moderation" in out
    wordpress.set_comment_status_of_post(post_id, "closed")
    code, out, err = run(capsys, "post", article, "--body", "Too late")
    assert code == 2 and out == "" and "closed" in err.lower() and "kept as a draft" in err
    assert len(err.strip().splitlines()) == 1


def test_signed_in_post_edit_and_delete(
    wordpress: WordPressServer, library: Library, users: Users, post_id: int
) -> None:
    _, article_id = follow(library, wordpress, post_id)
    identity = library.login(wordpress.base_url, users.editor, users.editor_password)
    assert (identity.kind, identity.name, identity.username) == (
        "wordpress",
        "Eddie Editor",
        users.editor,
    )
    assert library.current_identity() == identity
    comment = library.post(article_id, None, "Signed, sealed", identity)
    [delivery] = library.send_outbox()
    assert delivery.state == "posted"
    server = wordpress.comments_of(post_id)[-1]
    assert (str(server["id"]), server["user_id"] > 0, server["status"]) == (
        delivery.remote_id,
        True,
        "approved",
    )

    library.edit(comment.id, "Signed, sealed, <delivered>")
    assert wordpress.comments_of(post_id)[-1]["content"] == "Signed, sealed, &lt;delivered&gt;"
    assert library.comment(comment.id).body == "Signed, sealed, <delivered>"
    assert [i.username for i, _ in library.sign_out(wordpress.base_url)] == [users.editor]
    assert library.current_identity() is None
    with pytest.raises(InvalidInput, match="sign in to"):
        library.delete(comment.id)
    library.login(wordpress.base_url, users.editor, users.editor_password)
    assert library.delete(comment.id) is True
    assert wordpress.comments_of(post_id)[-1]["status"] == "trash"
    with pytest.raises(AgoraError):
        library.comment(comment.id)


def test_guest_comments_cannot_be_edited_remotely(
    wordpress: WordPressServer, library: Library, post_id: int
) -> None:
    name, email = approved_guest(wordpress, post_id)
    _, article_id = follow(library, wordpress, post_id)
    comment = library.post(article_id, None, "Typo heer", library.use_guest(name, email))
    library.send_outbox()
    with pytest.raises(InvalidInput, match="posted as a guest"):
        library.edit(comment.id, "Typo here")
    with pytest.raises(InvalidInput, match="posted as a guest"):
        library.delete(comment.id)
    assert library.comment(comment.id).body == "Typo heer"


def test_wrong_password_is_refused_and_nothing_is_kept(
    wordpress: WordPressServer,
    users: Users,
    post_id: int,
    capsys: pytest.CaptureFixture[str],
    memory_keyring: MemoryKeyring,
) -> None:
    wrong = "abcd efgh ijkl mnop qrst uvwx"
    assert run(capsys, "site", "add", wordpress.base_url)[0] == 0
    code, out, err = run(
        capsys, "login", wordpress.base_url, "--user", users.editor, stdin=wrong + "\n"
    )
    assert code == 2
    assert err.startswith("agora: wrong username or application password")
    assert len(err.strip().splitlines()) == 1
    assert wrong not in out + err and basic_auth_token(users.editor, wrong) not in out + err
    assert memory_keyring.items == {}
    library = Library.open()
    assert [i for i in library.identities() if i.kind == "wordpress"] == []
    library.close()


def test_closed_post_gives_the_text_back_as_a_draft(
    wordpress: WordPressServer, library: Library, post_id: int
) -> None:
    name, email = approved_guest(wordpress, post_id)
    _, article_id = follow(library, wordpress, post_id)
    library.save_draft(article_id, None, "Half a thought")
    guest = library.use_guest(name, email)
    # Posted from the composer: the draft was this text, and goes with the post.
    comment = library.post(article_id, None, "My considered reply", guest, from_draft=True)
    assert library.draft(article_id, None) is None
    wordpress.set_comment_status_of_post(post_id, "closed")
    [delivery] = library.send_outbox()
    assert delivery.state == "returned" and "closed" in delivery.message.lower()
    with pytest.raises(AgoraError):
        library.comment(comment.id)
    draft = library.draft(article_id, None)
    assert draft is not None and draft.body == "My considered reply"
    assert draft.note == delivery.message
    assert library.outbox.pending() == 0


def test_flood_control_keeps_it_pending_then_it_goes(
    wordpress: WordPressServer, library: Library, post_id: int
) -> None:
    name, email = approved_guest(wordpress, post_id)
    _, article_id = follow(library, wordpress, post_id)
    guest = library.use_guest(name, email)
    wordpress.set_flood_control(True)
    try:
        first = library.post(article_id, None, "First, quickly", guest)
        second = library.post(article_id, None, "Second, too quickly", guest)
        deliveries = {d.comment_id: d for d in library.send_outbox()}
        assert deliveries[second.id].state == "pending"
        assert "too quickly" in deliveries[second.id].message
        shown = library.comment(second.id)
        assert shown.status == "pending" and "too quickly" in shown.status_reason
        assert library.send_outbox() == []  # backing off: not due yet
    finally:
        wordpress.set_flood_control(False)
    later = library.send_outbox(force=True)
    assert {d.state for d in later} == {"posted"}
    texts = [c["content"] for c in wordpress.comments_of(post_id)]
    assert texts.count("First, quickly") == 1 and texts.count("Second, too quickly") == 1
    assert library.comment(first.id).status == library.comment(second.id).status == "approved"


def test_a_real_duplicate_is_refused(
    wordpress: WordPressServer, library: Library, post_id: int
) -> None:
    name, email = approved_guest(wordpress, post_id)
    _, article_id = follow(library, wordpress, post_id)
    guest = library.use_guest(name, email)
    library.post(article_id, None, "Say it once", guest)
    assert library.send_outbox()[0].state == "posted"
    library.post(article_id, None, "Say it once", guest)
    [delivery] = library.send_outbox()
    assert delivery.state == "returned" and "Duplicate comment" in delivery.message
    assert library.draft(article_id, None).note == delivery.message


def test_server_errors_keep_it_pending_and_it_is_sent_once(
    wordpress: WordPressServer, library: Library, users: Users, post_id: int
) -> None:
    source_id, article_id = follow(library, wordpress, post_id)
    identity = library.login(source_id, users.editor, users.editor_password)
    comment = library.post(article_id, None, "Through the storm", identity)
    wordpress.fail_next_rest_requests(1, 503)
    try:
        [delivery] = library.send_outbox()
    finally:
        wordpress.fail_next_rest_requests(0)
    assert delivery.state == "pending" and "Injected failure" in delivery.message
    assert library.comment(comment.id).status_reason == delivery.message
    assert [c["content"] for c in wordpress.comments_of(post_id)] == []
    [delivery] = library.send_outbox(force=True)
    assert delivery.state == "posted"
    assert [c["content"] for c in wordpress.comments_of(post_id)] == ["Through the storm"]


@pytest.mark.parametrize("who", ["guest", "held guest", "editor"])
def test_connection_cut_after_the_server_got_it_sends_exactly_once(
    wordpress: WordPressServer, library: Library, users: Users, post_id: int, who: str
) -> None:
    source_id, article_id = follow(library, wordpress, post_id)
    if who == "editor":
        identity = library.login(source_id, users.editor, users.editor_password)
    elif who == "guest":
        identity = library.use_guest(*approved_guest(wordpress, post_id))
    else:
        identity = library.use_guest(unique("Shy"), "shy@example.com")
    text = f"Sent into the void ({who})"
    comment = library.post(article_id, None, text, identity)
    proxy = FaultyProxy(int(wordpress.base_url.rsplit(":", 1)[1]))
    try:
        point_site_at(library, source_id, proxy.api_root)
        proxy.mode = "cut"
        [delivery] = library.send_outbox()
        assert delivery.state == "pending" and proxy.cuts >= 1
        assert library.comment(comment.id).status == "pending"
        assert [c["content"] for c in wordpress.comments_of(post_id)].count(text) == 1
        proxy.mode = "pass"
        [delivery] = library.send_outbox(force=True)
    finally:
        proxy.close()
    on_server = [c for c in wordpress.comments_of(post_id) if c["content"] == text]
    assert len(on_server) == 1
    if who == "held guest":
        assert delivery.state == "held"
        assert library.comment(comment.id).status == "hold"
        # Approved later, a sync links it instead of adding it again.
        wordpress.php_json(
            "wp_set_comment_status( $args, 'approve' ); return 1;", on_server[0]["id"]
        )
        point_site_at(library, source_id, wordpress.base_url + "/wp-json/")
        library.sync(source_id, posts=0)
        rows = [r for r in local_rows(library, article_id) if r["body"] == text]
        assert [(r["id"], r["origin_id"]) for r in rows] == [(comment.id, str(on_server[0]["id"]))]
    else:
        assert delivery.state == "posted" and delivery.remote_id == str(on_server[0]["id"])


def test_dead_server_keeps_replies_waiting_and_loses_nothing(
    wordpress: WordPressServer, library: Library, post_id: int
) -> None:
    name, email = approved_guest(wordpress, post_id)
    source_id, article_id = follow(library, wordpress, post_id)
    guest = library.use_guest(name, email)
    parent = library.post(article_id, None, "Parent in waiting", guest)
    child = library.post(article_id, parent.id, "Child in waiting", guest)
    point_site_at(library, source_id, f"http://127.0.0.1:{free_port()}/wp-json/")
    deliveries = {d.comment_id: d for d in library.send_outbox()}
    assert "cannot connect" in deliveries[parent.id].message
    assert deliveries[child.id].message == "waiting for the parent comment to be posted"
    assert library.comment(child.id).status == "pending"
    # A new process (a new launch) finds both still queued.
    again = Library(Store(library.store.path))
    point_site_at(again, source_id, wordpress.base_url + "/wp-json/")
    sent = again.send_outbox(force=True)
    assert [(d.comment_id, d.state) for d in sent] == [(parent.id, "posted"), (child.id, "posted")]
    server = {c["content"]: c for c in wordpress.comments_of(post_id)}
    assert server["Child in waiting"]["parent"] == server["Parent in waiting"]["id"]
    assert len(wordpress.comments_of(post_id)) == 3
    again.close()


def test_two_processes_send_each_comment_once(
    wordpress: WordPressServer, library: Library, post_id: int
) -> None:
    name, email = approved_guest(wordpress, post_id)
    _, article_id = follow(library, wordpress, post_id)
    guest = library.use_guest(name, email)
    texts = [f"Race {i}" for i in range(6)]
    for text in texts:
        library.post(article_id, None, text, guest)
    others = [Library(Store(library.store.path)) for _ in range(3)]
    results: list = []
    threads = [threading.Thread(target=lambda o=o: results.extend(o.send_outbox())) for o in others]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for other in others:
        other.close()
    assert sorted(d.comment_id for d in results if d.state == "posted") == sorted(
        r["id"] for r in local_rows(library, article_id) if r["is_own"]
    )
    contents = [c["content"] for c in wordpress.comments_of(post_id)]
    assert all(contents.count(t) == 1 for t in texts)


# -- secrets --------------------------------------------------------------------------------------


def test_the_password_never_reaches_the_disk(
    wordpress: WordPressServer,
    users: Users,
    post_id: int,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
) -> None:
    import os

    home = Path(os.environ["AGORA_HOME"])
    run(capsys, "site", "add", wordpress.post_url(post_id))
    code, out, err = run(
        capsys,
        "login",
        wordpress.base_url,
        "--user",
        users.editor,
        stdin=users.editor_password + "\n",
    )
    assert code == 0, err
    assert "signed in" in out and users.editor_password not in out + err
    assert list(memory_keyring.items.values()) == [users.editor_password]
    article = str(article_of(Library.open(), post_id))
    code, out, err = run(capsys, "post", article, "--body", "Posted while signed in")
    assert code == 0 and out.split()[1] == "posted", err
    code, out, _ = run(capsys, "logout", wordpress.base_url)
    assert code == 0 and "signed out" in out
    assert memory_keyring.items == {}
    needles = [
        users.editor_password.encode(),
        users.editor_password.replace(" ", "").encode(),
        basic_auth_token(users.editor, users.editor_password).encode(),
    ]
    files = [p for p in home.rglob("*") if p.is_file()]
    assert any(p.name == "agora.db" for p in files)
    for path in files:
        data = path.read_bytes()
        for needle in needles:
            assert needle not in data, f"the application password is in {path}"
