"""A real Isso comment server on loopback, and a static blog that embeds it.

:class:`IssoServer` runs ``isso -c CONFIG run`` from its own virtual environment
(``.venv-isso``, made by ``tests/isso/install.sh``) on a free ``127.0.0.1`` port, with a
temporary database and configuration, and :class:`Blog` serves the blog pages (with Isso's
``<script data-isso>`` embed) and an RSS feed from a temporary folder. Comments are seeded
through Isso's own API, as from another reader's address (``X-Forwarded-For`` from a trusted
proxy), so agora's votes count.

No pytest here: ``python -m tests.isso.server`` starts one and keeps it up until interrupted.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
ADMIN_PASSWORD = "isso-admin-password-for-tests"


def isso_program() -> Path | None:
    """The ``isso`` of ``.venv-isso`` (or ``$AGORA_ISSO``), None when it is not installed."""
    found = Path(os.environ.get("AGORA_ISSO") or ROOT / ".venv-isso" / "bin" / "isso")
    return found if found.exists() else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Blog:
    """Static pages on ``http://127.0.0.1:PORT`` from a temporary folder."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="agora-blog-"))
        handler = functools.partial(_QuietHandler, directory=str(self.root))
        self._httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.port = self._httpd.server_address[1]
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def write(self, path: str, text: str) -> str:
        """Serve ``text`` at ``path`` (a folder path gets an index.html); returns its URL."""
        target = self.root / path.strip("/")
        if path.endswith("/"):
            target = target / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        return self.url + path

    def page(self, path: str, title: str, isso: str, *, thread_id: str = "") -> str:
        """A blog post embedding Isso; ``thread_id`` sets ``data-isso-id``."""
        ident = f' data-isso-id="{thread_id}"' if thread_id else ""
        return self.write(
            path,
            f"""<!doctype html><html><head><title>{title}</title>
<meta property="og:site_name" content="Static Test Blog">
<link rel="alternate" type="application/rss+xml" href="/feed.xml">
<script data-isso="{isso}/" src="{isso}/js/embed.min.js"></script></head>
<body><nav>Home</nav><article><h1>{title}</h1><p>The text of {title}.</p></article>
<section id="isso-thread"{ident}></section></body></html>""",
        )

    def feed(self, entries: list[tuple[str, str]]) -> str:
        """An RSS feed of (path, title), newest first."""
        items = "".join(
            f"<item><title>{t}</title><link>{self.url}{p}</link>"
            f"<description>About {t}.</description>"
            f"<pubDate>Mon, 0{i + 1} Jun 2026 10:00:00 GMT</pubDate></item>"
            for i, (p, t) in enumerate(entries)
        )
        return self.write(
            "/feed.xml",
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>Static Test Blog'
            f"</title><link>{self.url}/</link>{items}</channel></rss>",
        )

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        shutil.rmtree(self.root, ignore_errors=True)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class IssoServer:
    """A throw-away Isso on ``http://127.0.0.1:PORT`` (see the module doc)."""

    def __init__(
        self, *, blog: str, moderated: bool = False, max_age: str = "15m", program: Path
    ) -> None:
        self.blog = blog
        self.moderated = moderated
        self.max_age = max_age
        self.program = program
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="agora-isso-"))
        self.proc: subprocess.Popen[bytes] | None = None
        self.startup_seconds = 0.0
        self._seeded = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def config(self) -> str:
        return f"""[general]
dbpath = {self.dir}/comments.db
host = {self.blog}/
max-age = {self.max_age}
notify = stdout
gravatar = false
latest-enabled = true
[admin]
enabled = true
password = {ADMIN_PASSWORD}
[moderation]
enabled = {str(self.moderated).lower()}
[server]
listen = {self.url}
trusted-proxies = 127.0.0.1
[guard]
enabled = true
ratelimit = 100000
direct-reply = 100000
reply-to-self = true
require-author = false
require-email = {str(self.moderated).lower()}
[hash]
salt = agora-tests
algorithm = pbkdf2:10:6:sha1
"""

    def start(self, timeout: float = 30.0) -> IssoServer:
        cfg = self.dir / "isso.cfg"
        cfg.write_text(self.config())
        log = (self.dir / "isso.log").open("wb")
        began = time.monotonic()
        self.proc = subprocess.Popen(
            [str(self.program), "-c", str(cfg), "run"],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        while time.monotonic() - began < timeout:
            if self.proc.poll() is not None:
                break
            with contextlib.suppress(OSError):
                urllib.request.urlopen(self.url + "/config", timeout=1).read()
                self.startup_seconds = time.monotonic() - began
                return self
            time.sleep(0.05)
        logged = (self.dir / "isso.log").read_text(errors="replace")[-3000:]
        self.stop()
        raise RuntimeError(f"Isso did not start:\n{logged}")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        if self.proc is not None:
            shutil.rmtree(self.dir, ignore_errors=True)

    def _request(
        self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None
    ) -> tuple[int, Any, Any]:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        for k, v in (headers or {}).items():
            request.add_header(k, v)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                raw = response.read()
                return response.status, json.loads(raw or b"null"), response.headers
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode(errors="replace"), exc.headers

    def seed(
        self,
        uri: str,
        text: str,
        author: str | None = "Reader",
        *,
        parent: int | None = None,
        title: str = "A post",
        email: str | None = None,
        website: str | None = None,
    ) -> dict[str, Any]:
        """Add a comment as another reader would (their own address); Isso's JSON for it."""
        self._seeded += 1
        n = self._seeded
        addr = f"10.{n // 65025 % 255}.{n // 255 % 255}.{n % 255 + 1}"
        payload = {"text": text, "author": author, "parent": parent, "title": title}
        payload |= {"email": email, "website": website}
        status, body, _ = self._request(
            "POST", f"/new?uri={uri}", payload, {"X-Forwarded-For": addr}
        )
        assert status in (201, 202), body
        return dict(body)

    def vote(self, comment_id: int, up: bool, addr: str) -> dict[str, int]:
        verb = "like" if up else "dislike"
        status, body, _ = self._request(
            "POST", f"/id/{comment_id}/{verb}", {}, {"X-Forwarded-For": addr}
        )
        assert status == 200, body
        return dict(body)

    def thread(self, uri: str) -> list[dict[str, Any]]:
        """The server's own JSON of a thread, flattened (replies after their parent)."""
        status, body, _ = self._request("GET", f"/?uri={uri}")
        assert status == 200, body
        out = []
        for top in body["replies"]:
            out.append(top)
            out.extend(top.get("replies") or [])
        return out


if __name__ == "__main__":
    program = isso_program()
    if program is None:
        raise SystemExit("Isso is not installed: run tests/isso/install.sh")
    blog = Blog()
    server = IssoServer(blog=blog.url, program=program).start()
    print(f"Isso at {server.url} (started in {server.startup_seconds:.2f} s), blog at {blog.url}")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.stop()
        blog.stop()
