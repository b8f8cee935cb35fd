"""SVG snapshots of the composer and its modals (regenerate with `pytest --snapshot-update`)."""

from __future__ import annotations

from datetime import datetime

from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from agora.service.library import Library
from agora.ui.app import AgoraApp
from agora.ui.modals.confirm import ConfirmScreen
from agora.ui.modals.identity import IdentityScreen
from agora.ui.screens.article import ArticleScreen
from agora.ui.screens.composer import ComposerScreen
from tests.conftest import sample_batch

SIZE = (100, 30)


async def _until(pilot: Pilot, check) -> None:
    for _ in range(100):
        if check():
            break
        await pilot.pause(0.05)
    await pilot.pause()


async def _article(pilot: Pilot) -> None:
    app = pilot.app
    await _until(pilot, lambda: isinstance(app.screen, ArticleScreen) and app.screen.article)
    await pilot.press("tab")


def _still(app: AgoraApp) -> None:
    """No blinking cursors, so every run draws the same frame."""
    for widget in app.screen.query("Input, TextArea"):
        assert isinstance(widget, Input | TextArea)
        widget.cursor_blink = False


def _app(library: Library) -> AgoraApp:
    aid = library.store.imports.add(sample_batch()).article_ids[0]
    return AgoraApp(library, open_article=aid)


def test_composer_reply(snap_compare, library: Library, frozen_clock: datetime) -> None:
    library.use_guest("Jane Doe", "jane@example.org")
    app = _app(library)

    async def run_before(pilot: Pilot) -> None:
        await _article(pilot)
        await pilot.press("j", "r")
        await _until(pilot, lambda: isinstance(pilot.app.screen, ComposerScreen))
        _still(pilot.app)
        await pilot.press(*"I agree with **most** of this.", "enter", "enter", *"[not markup]")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_composer_preview(snap_compare, library: Library, frozen_clock: datetime) -> None:
    library.use_guest("Jane Doe", "jane@example.org")
    app = _app(library)

    async def run_before(pilot: Pilot) -> None:
        await _article(pilot)
        await pilot.press("c")
        await _until(pilot, lambda: isinstance(pilot.app.screen, ComposerScreen))
        _still(pilot.app)
        await pilot.press(*"# Heading", "enter", "enter", *"Some **bold** and `code`.")
        await pilot.press("ctrl+t")
        await pilot.pause(0.2)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_identity_modal_errors(snap_compare, library: Library, frozen_clock: datetime) -> None:
    app = _app(library)

    async def run_before(pilot: Pilot) -> None:
        await _article(pilot)
        await pilot.press("c")
        await _until(pilot, lambda: isinstance(pilot.app.screen, IdentityScreen))
        _still(pilot.app)
        await pilot.press("tab", *"jane@", "tab", *"ftp://x", "enter")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_identity_modal_remembered(snap_compare, library: Library, frozen_clock: datetime) -> None:
    library.use_guest("Jane Doe", "jane@example.org", "https://jane.example")
    library.use_no_identity()
    app = _app(library)

    async def run_before(pilot: Pilot) -> None:
        await _article(pilot)
        await pilot.press("c")
        await _until(pilot, lambda: isinstance(pilot.app.screen, IdentityScreen))
        _still(pilot.app)

    assert snap_compare(app, terminal_size=(100, 40), run_before=run_before)


def test_confirm_delete(snap_compare, library: Library, frozen_clock: datetime) -> None:
    identity = library.use_guest("Jane Doe", "jane@example.org")
    app = _app(library)
    aid = app.initial_article
    assert aid is not None
    library.post(aid, None, "A comment I regret.", identity)
    with library.store.write() as db:
        db.execute("UPDATE comments SET created = '2024-03-02T11:00:00+00:00' WHERE is_own = 1")

    async def run_before(pilot: Pilot) -> None:
        await _article(pilot)
        await pilot.press("G", "d")
        await _until(pilot, lambda: isinstance(pilot.app.screen, ConfirmScreen))

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def _sign_in_tab(library: Library, theme: str) -> tuple[AgoraApp, object]:
    home = library.store.path.parent
    (home / "config.toml").write_text(
        '[providers.google]\nclient_id = "1234.apps.googleusercontent.com"\n'
        '[providers.myid]\nissuer = "https://id.example.org"\nlabel = "My ID"\n'
    )
    app = _app(library)
    app.theme = theme

    async def run_before(pilot: Pilot) -> None:
        await _article(pilot)
        await pilot.press("c")
        await _until(pilot, lambda: isinstance(pilot.app.screen, IdentityScreen))
        _still(pilot.app)
        pilot.app.screen.query_one("#identity-providers").active = "provider-sign-in"
        await pilot.pause()
        pilot.app.screen.query_one("#signin-list").focus()
        await pilot.press("down")
        await pilot.pause()

    return app, run_before


def test_identity_modal_sign_in_rows(
    snap_compare, library: Library, frozen_clock: datetime
) -> None:
    app, run_before = _sign_in_tab(library, "textual-dark")
    assert snap_compare(app, terminal_size=(100, 40), run_before=run_before)


def test_identity_modal_sign_in_rows_light(
    snap_compare, library: Library, frozen_clock: datetime
) -> None:
    app, run_before = _sign_in_tab(library, "textual-light")
    assert snap_compare(app, terminal_size=(100, 40), run_before=run_before)
