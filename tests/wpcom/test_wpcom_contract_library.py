"""Contract tests through the library: a WordPress.com site synced, a comment sent by the
outbox as the signed-in account, editing refused (with the reason) before anything is written
for a plain commenter and allowed for a moderator, and a refused token keeping the comment
queued (against tests/wpcom's contract server)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from agora.core.errors import InvalidInput
from agora.core.model import DeliveryState
from agora.engines.wpcom.hosted_engine import WPComEngine
from agora.service.library import Library
from agora.service.sites import Site, save_site
from tests.wpcom.contract_server import BLOG, ContractServer


@pytest.fixture
def server(library: Library) -> Iterator[ContractServer]:
    with ContractServer() as srv:
        yield srv
        library.engines.close()  # its sessions, before the server goes
        assert srv.violations == []


def _signed_in(library: Library, server: ContractServer, name: str, token: str) -> Site:
    found = library.engines.run(lambda: WPComEngine(api=server.url).discover(server.url))
    site = save_site(library.store, found.site)
    library.sync(site.id, send=False)
    identity = library.store.identities.add("wpcom", name, site=site.home, username=name)
    library.secrets.store(site.home, name, token, session_only=True)
    library.use_identity(identity)
    return site


def _article(library: Library) -> int:
    [entry] = library.article_entries()
    return entry.id


def test_a_commenter_is_told_before_editing_that_only_editors_may(
    library: Library, server: ContractServer
) -> None:
    _signed_in(library, server, "Ada Lovelace", "tok-ada")
    article = _article(library)
    comment = library.post(article, None, "Hello from agora", library.current_identity())
    [sent] = library.send_outbox(force=True)
    assert sent.state == DeliveryState.POSTED
    [new] = server.requests("POST", f"/rest/v1.1/sites/{BLOG}/posts/7/replies/new")
    assert new.headers["Authorization"] == "Bearer tok-ada"
    with pytest.raises(InvalidInput, match="only the site's editors") as caught:
        library.check_change(comment.id)
    assert "does not let you edit this comment" in str(caught.value)
    with pytest.raises(InvalidInput, match="delete"):
        library.check_change(comment.id, delete=True)
    assert not [s for s in server.seen if s.method == "POST" and "/comments/" in s.path]


def test_a_moderator_may_edit_and_delete_their_comment(
    library: Library, server: ContractServer
) -> None:
    _signed_in(library, server, "Grace Hopper", "tok-mod")
    article = _article(library)
    comment = library.post(article, None, "Moderated words", library.current_identity())
    library.send_outbox(force=True)
    library.check_change(comment.id)
    library.edit(comment.id, "Better words")
    library.check_change(comment.id, delete=True)
    library.delete(comment.id)
    remote = next(c for c in server.state.comments.values() if c.author == 9)
    assert remote.content == "Better words" and remote.status == "trash"


def test_a_refused_token_keeps_the_comment_waiting_for_a_new_sign_in(
    library: Library, server: ContractServer
) -> None:
    _signed_in(library, server, "Ada Lovelace", "tok-revoked")
    article = _article(library)
    comment = library.post(article, None, "Wait for me", library.current_identity())
    [sent] = library.send_outbox(force=True)
    assert sent.state == DeliveryState.PENDING and "sign in again" in sent.message
    assert library.comment(comment.id).body == "Wait for me"
    assert library.store.outbox.any()
