"""The shell commands end to end: `agora login --provider` through $BROWSER and with
--device, `whoami --json`, `logout --provider`, against oidc-provider and a real Secret Service
(gnome-keyring on a private D-Bus); afterwards no token is anywhere on disk and every one is
revoked."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import httpx

from tests.conftest import _unavailable
from tests.signin.oidc import OidcServer

ROOT = Path(__file__).resolve().parents[2]


def test_provider_sign_in_from_the_shell(oidc: OidcServer, tmp_path: Path) -> None:
    for program in ("dbus-run-session", "gnome-keyring-daemon"):
        if shutil.which(program) is None:
            _unavailable(f"{program} is not installed (sudo tests/wordpress/install.sh)")
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
        OIDC_ISSUER=oidc.issuer,
        PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
        PYTHON=sys.executable,
    )
    script = (
        "printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null || exit 90\n"
        '"$PYTHON" -m tests.signin.shell_session\n'
    )
    result = subprocess.run(
        ["dbus-run-session", "--", "sh", "-c", script],
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["backend"] == "keyring.backends.SecretService"

    code, out, err = seen["browser_login"]
    assert code == 0, err
    assert out.strip() == (
        "You are commenting using your Test provider account (Test ada) — the site receives "
        "your name, email and profile address"
    )
    assert "Your browser was opened" in err
    ada = seen["ada_tokens"]
    assert len(ada) == 2 and all(ada)

    code, out, err = seen["device_login"]
    assert code == 0, err
    assert f"Go to {oidc.issuer}/device on any device and enter the code" in seen["device_prompt"]
    assert "(Test bob)" in out
    bob = seen["bob_tokens"]
    assert len(bob) == 2 and all(bob)

    whoami = seen["whoami"]
    assert [w["name"] for w in whoami] == ["Test bob", "Test ada"]
    assert whoami[0]["current"] and whoami[0]["how"] == "Test provider profile"
    assert whoami[1]["email"] == "ada@example.test"
    assert whoami[1]["website"] == "https://example.test/ada"

    code, out, err = seen["logout"]
    assert code == 0 and out.count("signed out and forgot") == 2, err
    assert seen["after_logout"] == []
    assert seen["whoami_after"].startswith("nobody")

    secrets = ada + bob
    for token in (ada[0], bob[0]):  # revoked at the provider, not only forgotten here
        answer = httpx.get(f"{oidc.issuer}/me", headers={"Authorization": f"Bearer {token}"})
        assert answer.status_code == 401
    said = json.dumps([v for k, v in seen.items() if not k.endswith("_tokens")]) + result.stderr
    assert not any(s in said for s in secrets)  # agora's own output shows no token
    files = [p for p in tmp_path.rglob("*") if p.is_file() and "keyrings" not in p.parts]
    assert any(p.name == "agora.db" for p in files) and any(p.name == "config.toml" for p in files)
    for path in files:
        data = path.read_bytes()
        for token in secrets:
            assert token.encode() not in data, path
