"""Contract test through the app: on a WordPress.com site, a plain commenter pressing e or d on
their own comment is told why not at once, and no composer or delete question opens (against
tests/wpcom's contract server)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from agora.service.library import Library
from agora.ui.app import AgoraApp
from agora.ui.modals.confirm import ConfirmScreen
from agora.ui.screens.article import ArticleScreen
from agora.ui.screens.composer import ComposerScreen
from tests.pilot import notifications, wait_for
from tests.ui.test_ui_compose import open_article, select
from tests.wpcom.contract_server import ContractServer
from tests.wpcom.test_wpcom_contract_library import _article, _signed_in


@pytest.fixture
def server(library: Library) -> Iterator[ContractServer]:
    with ContractServer() as srv:
        yield srv
        library.engines.close()  # its sessions, before the server goes
        assert srv.violations == []


async def test_a_commenter_is_told_why_not_before_editing_or_deleting(
    library: Library, server: ContractServer
) -> None:
    _signed_in(library, server, "Ada Lovelace", "tok-ada")
    article = _article(library)
    library.post(article, None, "Hello from agora", library.current_identity())
    library.send_outbox(force=True)
    app = AgoraApp(library, open_article=article)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_article(pilot)
        select(view, "Ada Lovelace")
        await pilot.press("e")
        await wait_for(pilot, lambda: "only the site's editors" in notifications(app))
        assert "does not let you edit this comment" in notifications(app)
        await pilot.press("d")
        await wait_for(pilot, lambda: "does not let you delete" in notifications(app))
        await pilot.pause(0.2)
        assert isinstance(app.screen, ArticleScreen)
        assert not isinstance(app.screen, ComposerScreen | ConfirmScreen)
