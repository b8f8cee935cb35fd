"""The sources' service: adding by address (engines first, then feeds), syncing one or all,
recording each one's last error, removing, signing out; generic over the engine registry."""

from __future__ import annotations

import pytest

from agora.core.errors import AgoraError, InvalidInput
from agora.engines import registry
from agora.engines.base import EngineError
from agora.service.library import Library
from agora.service.source_admin import (
    add_source,
    remove_source,
    sign_out,
    source_list,
    sync_sources,
    what_removal_does,
)
from tests.ui import test_ui_sources as ui
from tests.ui.test_ui_sources import _Server, add_site

#: The loopback web server (a feed at /feed.xml, a plain page elsewhere) and a refused port.
web = ui.web
refused = ui.refused


def test_a_feed_is_followed_when_no_engine_knows_the_address(library: Library, web: str) -> None:
    added = add_source(library, web + "/feed.xml")
    assert (added.kind, added.label, added.name, added.articles) == (
        "feed",
        "Feed",
        "Loopback News",
        1,
    )
    assert added.synced is not None and added.account == "" and not added.is_site


def test_a_refused_address_is_the_engines_own_message(library: Library, refused: str) -> None:
    with pytest.raises(EngineError) as caught:
        add_source(library, refused)
    assert caught.value.transient and "cannot connect to 127.0.0.1" in str(caught.value)
    assert source_list(library) == []


def test_neither_site_nor_feed(library: Library, web: str) -> None:
    with pytest.raises(InvalidInput, match=r"WordPress site.*\. It is not a feed either\.$"):
        add_source(library, web + "/page")


def test_labels_come_from_the_registry(library: Library) -> None:
    add_site(library)
    [site] = source_list(library)
    assert site.label == registry.engine(site.kind).label
    assert site.kind in registry.names()


def test_sync_one_feed_then_all_records_errors(library: Library, web: str) -> None:
    feed = add_source(library, web + "/feed.xml")
    _Server.feed = {"title": "Another", "guid": "e2", "body": "x"}
    report = sync_sources(library, feed.id)
    assert [(s.name, s.articles_new, s.error) for s in report.sites] == [("Loopback News", 1, "")]
    site = add_site(library, "http://127.0.0.1:9", "Nowhere")  # nothing listens on port 9
    report = sync_sources(library)
    errors = {s.name: s.error for s in report.sites}
    assert errors["Loopback News"] == "" and "cannot connect" in errors["Nowhere"]
    shown = {s.name: s for s in source_list(library)}
    assert "cannot connect" in shown["Nowhere"].last_error
    assert shown["Loopback News"].articles == 2
    assert site.id in {s.id for s in source_list(library)}


def test_removal_is_refused_while_comments_wait(library: Library) -> None:
    site = add_site(library)
    [aid] = library.store.articles.of_source("wordpress", site.home).values()
    library.post(aid, None, "queued", library.use_guest("Ann", "ann@example.org"))
    [info] = source_list(library)
    found, _ = what_removal_does(library, info)
    assert found.queued == 1
    with pytest.raises(InvalidInput, match="still wait to be sent"):
        remove_source(library, site.id)


def test_removal_words_and_sign_out(library: Library) -> None:
    site = add_site(library)
    library.store.identities.add("wordpress", "Zoe", site=site.home, username="zoe")
    [info] = source_list(library)
    assert info.account == "Zoe"
    _, words = what_removal_does(library, info)
    assert words.startswith("Its 1 article is removed from agora.")
    assert "Your account stays signed in until you sign out (o)." in words
    assert sign_out(library, site.id) == ["Zoe"]
    assert source_list(library)[0].account == ""
    remove_source(library, site.id)
    assert source_list(library) == []
    with pytest.raises(AgoraError):
        remove_source(library, site.id)
