"""Helpers for tests of agora's WordPress sites: an in-memory keyring and a TCP proxy that
injects network faults in front of the real test WordPress (never a mock of WordPress)."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING

import keyring
import keyring.backend
from keyring.errors import PasswordDeleteError

from agora.service.library import Library

if TYPE_CHECKING:
    from tests.wordpress.server import WordPressServer


def unique(prefix: str) -> str:
    return f"{prefix} {uuid.uuid4().hex[:8]}"


def approved_guest(server: WordPressServer, post: int, prefix: str = "Regular") -> tuple[str, str]:
    """A guest (name, email) WordPress lets through without moderation: they have an
    approved comment on ``post``."""
    name = unique(prefix)
    email = f"{name.split()[1]}@example.com"
    server.create_comment(post, name, "An earlier approved comment", email=email)
    return name, email


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring that lives in this process only (counts as secure for agora)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.items:
            raise PasswordDeleteError("not found")
        del self.items[(service, username)]


@contextlib.contextmanager
def using_keyring(backend: keyring.backend.KeyringBackend) -> Iterator[None]:
    """Make ``backend`` keyring's backend for a while."""
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        yield
    finally:
        keyring.set_keyring(previous)


def point_site_at(library: Library, source_id: int, api_root: str) -> None:
    """Make agora talk to the site through another address (a proxy or a dead port)."""
    with library.store.write() as db:
        db.execute("UPDATE sources SET api_root = ? WHERE id = ?", [api_root, source_id])


class FaultyProxy:
    """A TCP proxy on 127.0.0.1 in front of ``target_port``.

    ``mode``: ``pass`` forwards both ways; ``cut`` forwards the request, waits until the server
    starts answering (so it did the work) and then closes the client's connection without a
    byte of the answer; ``refuse`` closes every connection at once. ``delay`` seconds pass
    before each connection is forwarded (a network's round trip).
    """

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.mode = "pass"
        self.delay = 0.0
        self.cuts = 0
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(32)
        self.port = self._listener.getsockname()[1]
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def api_root(self) -> str:
        return f"http://127.0.0.1:{self.port}/wp-json/"

    def close(self) -> None:
        self._closed = True
        with contextlib.suppress(OSError):
            self._listener.close()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        mode = self.mode
        if mode == "refuse":
            client.close()
            return
        if self.delay:
            time.sleep(self.delay)
        try:
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
        except OSError:
            client.close()
            return
        threading.Thread(target=_pump, args=(client, upstream), daemon=True).start()
        if mode == "cut":
            with contextlib.suppress(OSError):
                upstream.recv(1)  # the server has handled the request
            self.cuts += 1
            with contextlib.suppress(OSError):
                client.shutdown(socket.SHUT_RDWR)
            client.close()
            upstream.close()
            return
        _pump(upstream, client)


def _pump(src: socket.socket, dst: socket.socket) -> None:
    try:
        while data := src.recv(65536):
            dst.sendall(data)
    except OSError:
        pass
    finally:
        for sock in (src, dst):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
