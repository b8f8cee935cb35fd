"""The WordPress.com engine against the real WordPress.com: runs only when ``AGORA_LIVE_WPCOM``
names a site hosted there (``example.wordpress.com`` or a custom domain).

- ``AGORA_LIVE_WPCOM_TOKEN``: an access token of a WordPress.com account (scope ``global``);
  then who it is and what it may do to a comment are checked too.
- ``AGORA_LIVE_WPCOM_POST``: a post id on that site where a test comment may be written (and
  then deleted when the account may); nothing is written without it.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid

import pytest

from agora.engines.base import Credentials, Outgoing, SignIn
from agora.engines.registry import discover, engine
from agora.engines.sync_contract import FetchedThread, KnownThread

SITE = os.environ.get("AGORA_LIVE_WPCOM", "")
TOKEN = os.environ.get("AGORA_LIVE_WPCOM_TOKEN", "")
POST = os.environ.get("AGORA_LIVE_WPCOM_POST", "")

pytestmark = pytest.mark.skipif(not SITE, reason="set AGORA_LIVE_WPCOM=site to run")


class _State:
    synced = None

    def known(self) -> list[str]:
        return []

    def thread(self, article: str) -> KnownThread:
        return KnownThread({}, None)


class _Sink:
    def __init__(self) -> None:
        self.threads: list[FetchedThread] = []

    def total(self, count: int) -> None:
        pass

    async def thread(self, fetched: FetchedThread, title: str) -> None:
        self.threads.append(fetched)


async def test_the_live_site_is_found_and_read() -> None:
    found = await discover(SITE)
    assert found.site.kind == "wpcom", found.site
    assert found.site.options["wpcom_blog"].isdigit()
    sink = _Sink()
    async with engine("wpcom").session(found.site) as session:
        await session.sync(_State(), sink, newest=2)
    assert sink.threads and all(t.article.title for t in sink.threads)


@pytest.mark.skipif(not TOKEN, reason="set AGORA_LIVE_WPCOM_TOKEN to sign in")
async def test_the_live_account_is_named_and_its_rights_known() -> None:
    site = (await discover(SITE)).site
    credentials = Credentials("live", TOKEN, method=SignIn.OAUTH)
    async with engine("wpcom").session(site, credentials) as session:
        assert await session.account_name()
        if not POST:
            return
        text = f"agora live test {uuid.uuid4().hex[:8]}"
        since = dt.datetime.now(dt.UTC)
        posted = await session.post(Outgoing(POST, None, text, None))
        assert posted.remote_id
        found = await session.find(Outgoing(POST, None, text, None), since)
        assert found is not None and found.remote_id == posted.remote_id
        rights = await session.rights(posted.remote_id)
        if rights.delete:
            await session.delete(posted.remote_id)
        else:
            assert "editors" in rights.reason
