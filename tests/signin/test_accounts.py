"""Signing in to a site's account over OAuth, posting through the outbox with its token,
refreshing, a revoked token, and signing out for good, against oidc-provider and a keyring."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

from agora.core.errors import InvalidInput
from agora.service.library import Library
from agora.service.oauth_tokens import client_for, token_key
from agora.signin.prompt import Prompt
from tests.signin import bearer_engine
from tests.signin.conftest import RecordingKeyring
from tests.signin.oidc import Browser, OidcServer


def browser_for(oidc: OidcServer, account: str = "ada"):  # type: ignore[no-untyped-def]
    def open_(url: str) -> bool:
        user = Browser(oidc, account)
        threading.Thread(target=user.authorize, args=(url,), daemon=True).start()
        return True

    return open_


def stored(keyring_: RecordingKeyring, where: str, user: str) -> dict[str, object]:
    return dict(json.loads(keyring_.items[(f"agora:{token_key(where)}", user)]))


def test_site_account_end_to_end(
    oidc: OidcServer, library: Library, keyring_: RecordingKeyring, bearer: None
) -> None:
    site = library.add_site(f"{oidc.issuer}/bearer-site")
    shown: list[Prompt] = []
    identity = library.signins.site_login(site.id, show=shown.append, browser=browser_for(oidc))
    assert shown and shown[0].opened
    assert (identity.kind, identity.name, identity.username) == ("bearer", "Test ada", "ada")
    assert library.current_identity() == identity
    how = library.signins.how(identity)
    assert how is not None and how.label == "Test OIDC" and how.issuer == oidc.issuer
    [who] = library.signins.whoami()
    assert who.current and who.how == "Test OIDC account" and who.site == site.home

    library.sync(site.id)
    [entry] = [e for e in library.article_entries() if e.title.startswith("Hello from")]
    library.post(entry.id, None, "Signed in over OAuth", identity)
    [delivery] = library.send_outbox()
    assert delivery.state == "posted" and bearer_engine.DELIVERED == [
        ("ada", "Signed in over OAuth")
    ]

    # An expired access token is refreshed before use, the rotated refresh token kept first.
    before = stored(keyring_, site.home, "ada")
    keyring_.items[(f"agora:{token_key(site.home)}", "ada")] = json.dumps(
        {**before, "expires_at": 1}
    )
    library.post(entry.id, None, "After the token expired", identity)
    [delivery] = library.send_outbox()
    assert delivery.state == "posted"
    after = stored(keyring_, site.home, "ada")
    assert after["refresh_token"] != before["refresh_token"]
    assert after["access_token"] != before["access_token"]

    # Revoked at the provider: the refresh fails too, the comment waits, asking to sign in.
    from agora.signin import grants
    from agora.signin.token_set import TokenSet

    client = library.engines.run(lambda: client_for(library.store, oidc.issuer, ()))
    assert library.engines.run(lambda: grants.revoke(client, TokenSet(**after)))  # type: ignore[arg-type]
    waiting = library.post(entry.id, None, "Written after the revocation", identity)
    [delivery] = library.send_outbox()
    assert delivery.state == "pending" and "sign in to Bearer site again" in delivery.message
    assert library.comment(waiting.id).status_reason == delivery.message
    assert len(bearer_engine.DELIVERED) == 2

    # Signing in again sends it.
    library.signins.site_login(site.id, show=lambda p: None, browser=browser_for(oidc))
    [delivery] = library.send_outbox(force=True)
    assert delivery.state == "posted" and delivery.comment_id == waiting.id
    assert bearer_engine.DELIVERED[-1] == ("ada", "Written after the revocation")

    # Log out: revoked at the provider, gone from the keyring and the store.
    last = stored(keyring_, site.home, "ada")
    [(gone, note)] = library.sign_out(site.id)
    assert gone.id == identity.id and note == ""
    assert keyring_.items == {} and library.signins.whoami() == []
    with pytest.raises(Exception, match="sign in again"):
        library.engines.run(lambda: grants.userinfo(client, str(last["access_token"])))

    # No token anywhere on disk: home, database, config, logs.
    tokens = keyring_.tokens()
    assert len(tokens) >= 6
    home = Path(os.environ["AGORA_HOME"])
    files = [
        p for root in {home, library.store.path.parent} for p in root.rglob("*") if p.is_file()
    ]
    assert any(p.name == "agora.db" for p in files)
    for path in files:
        data = path.read_bytes()
        for token in tokens:
            assert token.encode() not in data, path


def test_login_on_a_site_never_added_says_to_add_it(library: Library, bearer: None) -> None:
    with pytest.raises(InvalidInput, match="add it first"):
        library.signins.site_login("https://nowhere.example/blog", show=lambda p: None)


def test_forgetting_an_application_password_account_deletes_its_keyring_entry(
    library: Library, keyring_: RecordingKeyring
) -> None:
    library.secrets.store("https://blog.example", "ada", "app pass word")
    identity = library.store.identities.add(
        "wordpress", "Ada", site="https://blog.example", username="ada"
    )
    assert library.forget_identity(identity) == ""
    assert keyring_.items == {} and library.identities() == []
