"""The identity dialog's "Log in with…" rows and the keyboard log out, driven key by key, with
oidc-provider as the sign-in server and its pages gone through by a real HTTP client."""

from __future__ import annotations

import threading
import webbrowser
from collections.abc import Iterator

import pytest
from textual.widgets import OptionList

from agora.service.library import Library
from agora.ui.app import AgoraApp
from agora.ui.modals.identity import IdentityScreen, RememberedList
from agora.ui.screens.article import ArticleScreen
from agora.ui.widgets.identity_bar import IdentityBar, identity_line
from tests.conftest import sample_batch
from tests.pilot import notifications, screen_text, wait_for
from tests.signin.conftest import RecordingKeyring
from tests.signin.oidc import Browser, OidcServer

pytestmark = pytest.mark.usefixtures("bearer")


@pytest.fixture
def browser(oidc: OidcServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """webbrowser.open, as agora calls it, hands the address to a real HTTP client."""
    opened: list[str] = []

    def open_(url: str, new: int = 0) -> bool:
        opened.append(url)
        user = Browser(oidc, "ada")
        threading.Thread(target=user.authorize, args=(url,), daemon=True).start()
        return True

    monkeypatch.setattr(webbrowser, "open", open_)
    yield opened


def bar_text(app: AgoraApp) -> str:
    """The bar's whole line (a narrow pane shows it cut at a word, with "…")."""
    bar = app.screen.query_one(IdentityBar)
    shown = str(bar.render())
    whole = identity_line(bar.identity, bar.via).plain
    assert shown == whole or whole.startswith(shown.removesuffix("…").rstrip())
    return whole


async def test_wordpress_com_style_account_from_the_dialog_and_log_out_by_key(
    oidc: OidcServer,
    library: Library,
    keyring_: RecordingKeyring,
    browser: list[str],
) -> None:
    site = library.add_site(f"{oidc.issuer}/bearer-site")
    library.sync(site.id)
    [entry] = [e for e in library.article_entries() if e.title.startswith("Hello from")]
    app = AgoraApp(library, open_article=entry.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ArticleScreen) and app.screen.article)
        await pilot.press("L")
        await wait_for(pilot, lambda: isinstance(app.screen, IdentityScreen))
        app.screen.query_one("#identity-providers").active = "provider-sign-in"
        await pilot.pause()
        listing = app.screen.query_one("#signin-list", OptionList)
        listing.focus()
        await pilot.pause()
        first = listing.get_option_at_index(0)
        assert "Test OIDC account" in str(first.prompt) and site.host in str(first.prompt)
        labels = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        assert [label.split(" · ")[0] for label in labels[1:]] == [
            "Google",
            "Facebook",
            "X (Twitter)",
            "Google+",
        ]
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ArticleScreen), timeout=20)
        assert browser and browser[0].startswith(f"{oidc.issuer}/auth?")
        await wait_for(pilot, lambda: "Test OIDC account" in bar_text(app))
        assert bar_text(app) == (
            "You are commenting using your Test OIDC account (Test ada) · Log out / Change"
        )
        assert keyring_.items  # the tokens, in the keyring

        await pilot.press("O")  # log out from the keyboard: forgotten and revoked
        await wait_for(pilot, lambda: app.identity is None, timeout=10)
        await wait_for(pilot, lambda: "Leave a Reply" in bar_text(app))
        assert keyring_.items == {} and library.identities() == []
        assert "forgot Test ada's sign-in" in notifications(app)


async def test_provider_needing_a_client_id_says_how(
    library: Library,
    keyring_: RecordingKeyring,
) -> None:
    library.store.imports.add(sample_batch())
    [entry] = library.article_entries()
    app = AgoraApp(library, open_article=entry.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ArticleScreen) and app.screen.article)
        await pilot.press("L")
        await wait_for(pilot, lambda: isinstance(app.screen, IdentityScreen))
        app.screen.query_one("#identity-providers").active = "provider-sign-in"
        await pilot.pause()
        app.screen.query_one("#signin-list", OptionList).focus()
        await pilot.press("down", "down", "enter")  # X (Twitter): no client id yet
        await pilot.pause()
        text = screen_text(app)
        assert "X (Twitter) needs a client id" in text and "developer.x.com" in text
        await pilot.press("down", "enter")  # Google+
        await pilot.pause()
        assert "Google+ closed in 2019" in screen_text(app)
        assert isinstance(app.screen, IdentityScreen)


async def test_forgetting_an_account_in_the_dialog_deletes_its_password(
    library: Library,
    keyring_: RecordingKeyring,
) -> None:
    library.secrets.store("https://blog.example", "jane", "abcd efgh ijkl mnop")
    library.store.identities.add("wordpress", "Jane", site="https://blog.example", username="jane")
    library.store.imports.add(sample_batch())
    [entry] = library.article_entries()
    app = AgoraApp(library, open_article=entry.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ArticleScreen) and app.screen.article)
        await pilot.press("L")
        await wait_for(pilot, lambda: isinstance(app.screen, IdentityScreen))
        app.screen.query_one(RememberedList).focus()
        await pilot.press("delete")
        await wait_for(pilot, lambda: library.identities() == [])
        await wait_for(pilot, lambda: keyring_.items == {})


async def test_profile_provider_fills_the_guest_details(
    oidc: OidcServer, library: Library, keyring_: RecordingKeyring, browser: list[str]
) -> None:
    (library.store.path.parent / "config.toml").write_text(
        f'[providers.test]\nissuer = "{oidc.issuer}"\nlabel = "Test provider"\n'
    )
    library.store.imports.add(sample_batch())
    [entry] = library.article_entries()
    app = AgoraApp(library, open_article=entry.id)
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ArticleScreen) and app.screen.article)
        await pilot.press("L")
        await wait_for(pilot, lambda: isinstance(app.screen, IdentityScreen))
        app.screen.query_one("#identity-providers").active = "provider-sign-in"
        await pilot.pause()
        app.screen.query_one("#signin-list", OptionList).focus()
        await pilot.press("down", "down", "down")
        await pilot.pause()
        assert "the site receives your name, email and profile address" in screen_text(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ArticleScreen), timeout=20)
        await wait_for(pilot, lambda: "Test provider" in bar_text(app))
        assert bar_text(app) == (
            "You are commenting using your Test provider account (Test ada) — the site "
            "receives your name, email and profile address · Log out / Change"
        )
        identity = app.identity
        assert identity is not None and not identity.is_account
        assert (identity.email, identity.website) == (
            "ada@example.test",
            "https://example.test/ada",
        )


async def test_any_openid_issuer_from_the_dialog(
    oidc: OidcServer, library: Library, keyring_: RecordingKeyring, browser: list[str]
) -> None:
    library.store.imports.add(sample_batch())
    [entry] = library.article_entries()
    app = AgoraApp(library, open_article=entry.id)
    host = oidc.issuer.removeprefix("http://")
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ArticleScreen) and app.screen.article)
        await pilot.press("L")
        await wait_for(pilot, lambda: isinstance(app.screen, IdentityScreen))
        app.screen.query_one("#identity-providers").active = "provider-sign-in"
        await pilot.pause()
        app.screen.query_one("#signin-issuer").focus()
        await pilot.press(*oidc.issuer, "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ArticleScreen), timeout=20)
        await wait_for(pilot, lambda: host in bar_text(app))
        assert bar_text(app).startswith(f"You are commenting using your {host} account (Test ada)")
        assert keyring_.items
        # Forgetting it revokes at the issuer through the client agora registered there.
        identity = app.identity
        assert identity is not None
        assert library.forget_identity(identity) == "" and keyring_.items == {}


async def test_device_flow_from_the_dialog_with_the_code_to_copy(
    oidc: OidcServer, library: Library, keyring_: RecordingKeyring
) -> None:
    (library.store.path.parent / "config.toml").write_text(
        f'[providers.test]\nissuer = "{oidc.issuer}"\nlabel = "Test provider"\n'
    )
    library.store.imports.add(sample_batch())
    [entry] = library.article_entries()
    app = AgoraApp(library, open_article=entry.id)
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ArticleScreen) and app.screen.article)
        await pilot.press("L")
        await wait_for(pilot, lambda: isinstance(app.screen, IdentityScreen))
        app.screen.query_one("#identity-providers").active = "provider-sign-in"
        await pilot.pause()
        app.screen.query_one("#signin-device").focus()
        await pilot.press("space")  # "No browser here"
        app.screen.query_one("#signin-list", OptionList).focus()
        await pilot.press("down", "down", "down", "enter")  # Test provider
        panel = app.screen.query_one("#panel-sign-in")
        await wait_for(pilot, lambda: getattr(panel, "prompt", None) is not None, timeout=10)
        code = panel.prompt.code  # type: ignore[attr-defined]
        status = app.screen.query_one("#signin-status")
        await wait_for(pilot, lambda: f"enter the code {code}" in str(status.render()))
        await pilot.press("y")  # no clipboard in tests: the code is shown to copy by hand
        await wait_for(pilot, lambda: code in notifications(app))
        user = Browser(oidc, "bob")
        threading.Thread(target=user.confirm_device, args=(code,), daemon=True).start()
        await wait_for(pilot, lambda: isinstance(app.screen, ArticleScreen), timeout=30)
        await wait_for(pilot, lambda: "(Test bob)" in bar_text(app))
