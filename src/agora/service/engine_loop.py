"""The one owner of the engines' asynchronous work: a long-lived event loop on a thread of
its own, and the sessions (HTTP clients with their connection pools) it keeps per site and
account, so that syncing, sending and moderating reuse connections instead of starting a new
loop and a new client for every call.

Synchronous callers (the CLI, the UI's worker threads) hand it a coroutine function with
:meth:`EngineLoop.run` and wait for the result; calls from several threads interleave on the
loop. Sessions live until :meth:`EngineLoop.forget` (credentials changed) or :meth:`close`.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Coroutine
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    # Loaded with the first session, not with the library: most launches never go online.
    from agora.engines.base import Credentials, EngineSession, SiteAddress

_T = TypeVar("_T")
_Key = tuple[str, str, str, str, str, str]  #: engine, home, API root, options, user, secret


class EngineLoop:
    """An event loop thread, started on first use, and the sessions open on it."""

    def __init__(self, *, timeout: float = 15.0) -> None:
        self.timeout = timeout
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._start = threading.Lock()
        self._sessions: dict[_Key, EngineSession] = {}

    def _running(self) -> asyncio.AbstractEventLoop:
        with self._start:
            if self._loop is None or self._loop.is_closed():
                loop = asyncio.new_event_loop()
                ready = threading.Event()

                def serve() -> None:
                    asyncio.set_event_loop(loop)
                    loop.call_soon(ready.set)
                    loop.run_forever()

                thread = threading.Thread(target=serve, name="agora-engines", daemon=True)
                thread.start()
                ready.wait()
                self._loop, self._thread = loop, thread
            return self._loop

    def run(self, work: Callable[[], Coroutine[Any, Any, _T]]) -> _T:
        """Run ``work()`` on the loop and wait for its result (its exception is raised here)."""
        loop = self._running()
        if threading.current_thread() is self._thread:
            raise RuntimeError("EngineLoop.run called from the engine loop itself")
        future: Future[_T] = asyncio.run_coroutine_threadsafe(work(), loop)
        return future.result()

    async def session(
        self, site: SiteAddress, credentials: Credentials | None = None
    ) -> EngineSession:
        """The open session for the site and account (made on first use). Call on the loop."""
        key = _key(site, credentials)
        found = self._sessions.get(key)
        if found is None:
            from agora.engines.registry import engine

            found = engine(site.kind).session(site, credentials, timeout=self.timeout)
            self._sessions[key] = found
        return found

    async def drop(self, site: SiteAddress, credentials: Credentials | None) -> None:
        """Close the session for this account (its credentials were refused). Call on the loop."""
        found = self._sessions.pop(_key(site, credentials), None)
        if found is not None:
            await found.aclose()

    def forget(self, site: SiteAddress) -> None:
        """Close every session on the site (its accounts or address changed)."""
        if self._loop is None:
            return
        self.run(lambda: self._close(lambda k: k[1] == site.home))

    async def _close(self, which: Callable[[_Key], bool]) -> None:
        doomed = [k for k in self._sessions if which(k)]
        for key in doomed:
            await self._sessions.pop(key).aclose()

    def close(self) -> None:
        """Close every session and stop the loop."""
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        try:
            self.run(lambda: self._close(lambda _k: True))
        finally:
            loop.call_soon_threadsafe(loop.stop)
            if self._thread is not None:
                self._thread.join(timeout=5)
            loop.close()
            self._loop = None


def _key(site: SiteAddress, credentials: Credentials | None) -> _Key:
    """Sessions are shared by calls on the same address with the same account."""
    options = repr(sorted(site.options.items()))
    user, secret = (credentials.username, credentials.secret) if credentials else ("", "")
    return (site.kind, site.home, site.api_root, options, user, secret)
