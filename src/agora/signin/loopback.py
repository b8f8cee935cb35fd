"""The RFC 8252 loopback redirect: a one-shot listener on ``127.0.0.1`` at a port the system
picks, that takes the browser's ``/callback`` and tells the user to go back to agora."""

from __future__ import annotations

import asyncio
from urllib.parse import parse_qsl, urlsplit

_PAGE = (
    "<!doctype html><meta charset=utf-8><title>agora</title>"
    "<p style='font:1.2em sans-serif;margin:3em'>{}</p>"
)


class Loopback:
    """Listens for one redirect to ``http://127.0.0.1:PORT/callback``."""

    def __init__(self) -> None:
        self._result: asyncio.Future[dict[str, str]] | None = None
        self._server: asyncio.Server | None = None
        self.port = 0

    @property
    def redirect_uri(self) -> str:
        return f"http://127.0.0.1:{self.port}/callback"

    async def __aenter__(self) -> Loopback:
        self._result = asyncio.get_running_loop().create_future()
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def wait(self, timeout: float) -> dict[str, str]:
        """The query parameters of the redirect (raises TimeoutError when none came)."""
        assert self._result is not None
        return await asyncio.wait_for(asyncio.shield(self._result), timeout)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            request = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
            line = request.split(b"\r\n", 1)[0].decode("latin-1").split(" ")
            target = urlsplit(line[1]) if len(line) == 3 and line[0] == "GET" else None
            ok = target is not None and target.path == "/callback"
            if ok and target is not None and self._result is not None and not self._result.done():
                params = dict(parse_qsl(target.query, keep_blank_values=True))
                self._result.set_result(params)
                words = (
                    "Signed in: you can close this tab and go back to agora."
                    if "code" in params
                    else "The sign-in did not complete: go back to agora."
                )
                status = "200 OK"
            else:
                words, status = "Not found.", "404 Not Found"
            body = _PAGE.format(words).encode()
            writer.write(
                f"HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\n"
                f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
                + body
            )
            await writer.drain()
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError):
            pass
        finally:
            writer.close()
