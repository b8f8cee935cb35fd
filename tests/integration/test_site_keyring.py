"""Where application passwords go: a real Secret Service (gnome-keyring on a private D-Bus), or,
with no secure keyring, nowhere but this process's memory."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest

from agora.service.library import Library
from agora.service.secrets import NoSecureKeyring
from tests.conftest import _unavailable
from tests.wordpress.server import WordPressServer
from tests.wpsites import unique, using_keyring


@pytest.fixture(scope="module")
def account(wordpress: WordPressServer) -> tuple[str, str]:
    login = "keyring_user"
    uid = wordpress.create_user(login, "author", display_name="Kay Ring")
    return login, wordpress.app_password(uid)


@pytest.fixture
def no_keyring() -> Iterator[None]:
    with using_keyring(keyring.backends.fail.Keyring()):
        yield


def test_real_secret_service_keeps_and_forgets_the_password(
    wordpress: WordPressServer, account: tuple[str, str], tmp_path: Path
) -> None:
    for program in ("dbus-run-session", "gnome-keyring-daemon"):
        if shutil.which(program) is None:
            _unavailable(f"{program} is not installed (sudo tests/wordpress/install.sh)")
    user, password = account
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DBUS_", "XDG_", "GNOME_KEYRING"))
    }
    env.update(
        HOME=str(tmp_path / "home"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_RUNTIME_DIR=str(runtime),
        AGORA_HOME=str(tmp_path / "agora"),
        AGORA_SITE=wordpress.base_url,
        AGORA_USER=user,
        AGORA_PW=password,
        PYTHON=sys.executable,
    )
    check = textwrap.dedent(
        """
        import os, sys, keyring
        from agora.service.secrets import service_name
        backend = type(keyring.get_keyring())
        assert backend.__module__ == "keyring.backends.SecretService", backend
        site, user, pw = (os.environ[k] for k in ("AGORA_SITE", "AGORA_USER", "AGORA_PW"))
        found = keyring.get_password(service_name(site), user)
        print("present" if found == pw else "absent" if found is None else "other")
        """
    )
    script = (
        "printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null || exit 90\n"
        '"$PYTHON" -m agora site add "$AGORA_SITE" >/dev/null || exit 95\n'
        'printf "%s\\n" "$AGORA_PW" | "$PYTHON" -m agora login "$AGORA_SITE" --user "$AGORA_USER"'
        " || exit 91\n"
        f"\"$PYTHON\" -c '{check}' || exit 92\n"
        '"$PYTHON" -m agora logout "$AGORA_SITE" || exit 93\n'
        f"\"$PYTHON\" -c '{check}' || exit 94\n"
    )
    result = subprocess.run(
        ["dbus-run-session", "--", "sh", "-c", script],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith("signed in to") for line in lines)
    assert [line for line in lines if line in ("present", "absent", "other")] == [
        "present",
        "absent",
    ]
    assert password not in result.stdout + result.stderr
    for path in (tmp_path / "agora").rglob("*"):
        if path.is_file():
            assert password.encode() not in path.read_bytes(), path


def test_no_secure_keyring_offers_session_only(
    wordpress: WordPressServer, account: tuple[str, str], library: Library, no_keyring: None
) -> None:
    user, password = account
    post = wordpress.create_post(unique("Keyless"), "x")
    site = library.add_site(wordpress.post_url(post))
    with pytest.raises(NoSecureKeyring, match="session only") as info:
        library.login(site.id, user, password)
    assert "inside the app" in str(info.value)
    assert [i for i in library.identities() if i.kind == "wordpress"] == []

    identity = library.login(site.id, user, password, session_only=True)
    assert identity.username == user and library.secrets.get(site.home, user) == password
    library.sync(site.id, posts=0)
    article_id = int(
        library.store.scalar("SELECT id FROM articles WHERE origin_id = ?", [str(post)])
    )
    library.post(article_id, None, "Keyless but signed in", identity)
    [delivery] = library.send_outbox()
    assert delivery.state in ("posted", "held")
    assert wordpress.comments_of(post)[-1]["user_id"] > 0

    # A new process does not know the password: the account's comments wait for a login.
    later = Library(library.store)
    later.post(article_id, None, "After a restart", identity)
    [delivery] = later.send_outbox()
    assert delivery.state == "pending" and "sign in to" in delivery.message

    home = Path(os.environ["AGORA_HOME"])
    for path in [*home.rglob("*"), *Path(library.store.path).parent.rglob("*")]:
        if path.is_file():
            assert password.encode() not in path.read_bytes(), path


def test_cli_login_without_keyring_says_what_to_do(
    wordpress: WordPressServer,
    account: tuple[str, str],
    no_keyring: None,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import io

    from agora.cli.main import main

    user, password = account
    assert main(["site", "add", wordpress.base_url]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    assert main(["login", wordpress.base_url, "--user", user]) == 2
    out, err = capsys.readouterr()
    assert "no secure keyring" in err and "inside the app" in err
    assert len(err.strip().splitlines()) == 1 and password not in out + err
    # --session-only would keep it only until the command ends: refused, with the reason.
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    assert main(["login", wordpress.base_url, "--user", user, "--session-only"]) == 2
    out, err = capsys.readouterr()
    assert "cannot work from the command line" in err and "until you quit" in err
