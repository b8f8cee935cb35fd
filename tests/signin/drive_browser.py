"""A $BROWSER for the shell tests: `python drive_browser.py URL` returns at once, as a real
browser's launcher does, and a detached child goes through the provider's login and consent
pages for URL with a real HTTP client (as BROWSER_ACCOUNT, default "ada")."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

if __name__ == "__main__":
    if sys.argv[1] != "--child":
        subprocess.Popen(
            [sys.executable, __file__, "--child", sys.argv[1]],
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        sys.exit(0)
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from tests.signin.oidc import Browser

    url = sys.argv[2]
    parts = urlsplit(url)
    server = SimpleNamespace(issuer=f"{parts.scheme}://{parts.netloc}")
    Browser(server, os.environ.get("BROWSER_ACCOUNT", "ada")).authorize(url)  # type: ignore[arg-type]
