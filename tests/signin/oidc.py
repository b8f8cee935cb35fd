"""oidc-provider (npm) on loopback, the real authorization server of the sign-in tests, and a
"browser": a real HTTP client that goes through its login and consent pages the way a user
would (tests/oidc/op.mjs; `npm ci` there installs it)."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import urljoin

import httpx
import pytest

OIDC_DIR = Path(__file__).resolve().parents[1] / "oidc"


def _unavailable(reason: str) -> None:
    message = f"sign-in tests need oidc-provider: {reason}"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class OidcServer:
    """One oidc-provider process on ``http://127.0.0.1:PORT``."""

    def __init__(self, device_ttl: int = 120) -> None:
        node = shutil.which("node")
        if node is None:
            _unavailable("node is not installed (apt-get install nodejs npm)")
        if not (OIDC_DIR / "node_modules" / "oidc-provider").is_dir():
            _unavailable(f"run `npm ci` in {OIDC_DIR}")
        self.port = free_port()
        self.issuer = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [str(node), str(OIDC_DIR / "op.mjs"), str(self.port), str(device_ttl)],
            cwd=OIDC_DIR,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line.startswith("ready"):
            self.stop()
            _unavailable(f"oidc-provider did not start ({line.strip() or 'no output'})")

    def stop(self) -> None:
        self.process.kill()
        self.process.wait(5)

    def slow_down(self, times: int) -> None:
        """Make the next ``times`` token requests answer ``slow_down``."""
        httpx.post(f"{self.issuer}/_test/slow_down", params={"n": times}).raise_for_status()


def _form(html: str) -> dict[str, str]:
    return dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html))


class Browser:
    """Goes through the provider's pages with one cookie jar, like a user at a browser."""

    def __init__(self, server: OidcServer, account: str = "ada", *, consent: bool = True) -> None:
        self.server = server
        self.account = account
        self.consent = consent
        self.http = httpx.Client(follow_redirects=False, timeout=10)

    def authorize(self, url: str) -> httpx.Response:
        """Follow ``url`` through login and consent; returns the answer of the last address
        that is not the provider's (agora's loopback redirect)."""
        for _ in range(20):
            if not url.startswith(self.server.issuer):
                return self.http.get(url)
            answer = self.http.get(url)
            if answer.status_code in (302, 303):
                url = urljoin(url, answer.headers["location"])
                continue
            if "/interaction/" in url:
                url = self._interact(url, answer.text)
                continue
            if answer.status_code == 200:  # the provider's own last page (the device flow's)
                return answer
            raise AssertionError(f"unexpected page {url}: {answer.status_code} {answer.text[:200]}")
        raise AssertionError("too many redirects")

    def _interact(self, url: str, page: str) -> str:
        if 'name="login"' in page:
            data = {"prompt": "login", "login": self.account, "password": "x"}
        elif not self.consent:
            return url.rstrip("/") + "/abort"
        else:
            data = {"prompt": "consent"}
        answer = self.http.post(url, data=data)
        assert answer.status_code in (302, 303), answer.text[:200]
        return urljoin(url, answer.headers["location"])

    def confirm_device(self, user_code: str) -> None:
        """Enter the device flow's code at the provider and sign in there."""
        page = self.http.get(f"{self.server.issuer}/device")
        xsrf = _form(page.text)["xsrf"]
        page = self.http.post(
            f"{self.server.issuer}/device", data={"xsrf": xsrf, "user_code": user_code}
        )
        xsrf = _form(page.text)["xsrf"]
        choice = {"confirm": "yes"} if self.consent else {"abort": "yes"}
        answer = self.http.post(
            f"{self.server.issuer}/device", data={"xsrf": xsrf, "user_code": user_code, **choice}
        )
        if answer.status_code in (302, 303):
            self.authorize(urljoin(self.server.issuer, answer.headers["location"]))


def wait_for(predicate: object, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if callable(predicate) and predicate():
            return
        time.sleep(0.05)
    raise AssertionError("timed out")
