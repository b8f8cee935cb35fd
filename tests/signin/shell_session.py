"""A whole shell session against a real Secret Service (run by test_shell.py inside
dbus-run-session with gnome-keyring unlocked): sign in with a profile provider through
$BROWSER and through the device flow, whoami, log out; prints what it saw as JSON."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path
from types import SimpleNamespace

import keyring

from tests.signin.oidc import Browser

ISSUER = os.environ["OIDC_ISSUER"]
HOME = Path(os.environ["AGORA_HOME"])
HERE = Path(__file__).resolve().parent
SERVICE = "agora:oauth:provider:test"


def agora(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "agora", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def tokens(user: str) -> list[str]:
    text = keyring.get_password(SERVICE, user)
    if text is None:
        return []
    doc = json.loads(text)
    return [doc["access_token"], doc["refresh_token"]]


def main() -> None:
    seen: dict[str, object] = {"backend": type(keyring.get_keyring()).__module__}
    HOME.mkdir(parents=True, exist_ok=True)
    (HOME / "config.toml").write_text(
        f'[providers.test]\nissuer = "{ISSUER}"\nlabel = "Test provider"\n'
        'scopes = ["openid", "profile", "email", "offline_access"]\n'
    )
    browser = f"{sys.executable} {HERE / 'drive_browser.py'} %s"
    done = agora("login", "--provider", "test", env={"BROWSER": browser})
    seen["browser_login"] = [done.returncode, done.stdout, done.stderr]
    seen["ada_tokens"] = tokens("ada")

    # The device flow, as over SSH: no browser, a code to enter elsewhere.
    env = {**os.environ, "BROWSER": ""}
    process = subprocess.Popen(
        [sys.executable, "-m", "agora", "login", "--provider", "test", "--device"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stderr is not None
    first = process.stderr.readline()
    seen["device_prompt"] = first
    code = re.search(r"enter the code (\S+)", first)
    if code:
        user = Browser(SimpleNamespace(issuer=ISSUER), "bob")  # type: ignore[arg-type]
        threading.Thread(target=user.confirm_device, args=(code.group(1),)).start()
    out, err = process.communicate(timeout=60)
    seen["device_login"] = [process.returncode, out, first + err]
    seen["bob_tokens"] = tokens("bob")

    done = agora("whoami", "--json")
    seen["whoami"] = json.loads(done.stdout) if done.returncode == 0 else done.stderr
    done = agora("logout", "--provider", "test")
    seen["logout"] = [done.returncode, done.stdout, done.stderr]
    seen["after_logout"] = tokens("ada") + tokens("bob")
    seen["whoami_after"] = agora("whoami").stdout
    print(json.dumps(seen))


if __name__ == "__main__":
    main()
