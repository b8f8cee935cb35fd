"""What went wrong fetching a page, in words: ``cannot find example.invalid`` rather than
``ConnectError``. httpx wraps the operating system's error (a failed name look-up, a refused
connection, a certificate) in one class for all of them: the cause says which it was."""

from __future__ import annotations

import socket
import ssl

import httpx


def _causes(exc: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    cause: BaseException | None = exc
    while cause is not None and cause not in chain and len(chain) < 8:
        chain.append(cause)
        cause = cause.__cause__ or cause.__context__
    return chain


def _connect_reason(exc: httpx.ConnectError, host: str) -> str:
    for cause in _causes(exc):
        if isinstance(cause, socket.gaierror):
            return f"cannot find {host}: no such name (is the address spelled right?)"
        if isinstance(cause, ConnectionRefusedError):
            return f"{host} refused the connection (no web server answers at that address)"
        if isinstance(cause, ssl.SSLCertVerificationError):
            detail = getattr(cause, "verify_message", "") or "it could not be checked"
            return f"{host} is not who it says it is: its certificate is not valid ({detail})"
        if isinstance(cause, ssl.SSLError):
            reason = getattr(cause, "reason", "") or "TLS error"
            return f"the secure connection to {host} failed ({reason})"
        if isinstance(cause, OSError) and cause.errno is not None:
            return f"cannot connect to {host}: {(cause.strerror or 'network error').lower()}"
    text = str(exc).lower()
    if "certificate" in text:
        return f"{host} is not who it says it is: its certificate is not valid"
    if "name or service not known" in text or "nodename nor servname" in text:
        return f"cannot find {host}: no such name (is the address spelled right?)"
    if "refused" in text:
        return f"{host} refused the connection (no web server answers at that address)"
    return f"cannot connect to {host}"


def network_reason(exc: httpx.HTTPError, host: str) -> str:
    """A sentence saying why ``host`` gave no usable answer (never an exception's class name)."""
    if isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout):
        return f"{host} did not accept a connection in time"
    if isinstance(exc, httpx.TimeoutException):
        return f"{host} did not answer in time"
    if isinstance(exc, httpx.ProxyError):
        return f"the proxy would not connect to {host}"
    if isinstance(exc, httpx.ConnectError):
        return _connect_reason(exc, host)
    if isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError):
        return f"{host} closed the connection before it answered"
    if isinstance(exc, httpx.WriteError):
        return f"the connection to {host} broke while sending the request"
    if isinstance(exc, httpx.TooManyRedirects):
        return f"{host} sends the request from one address to another without end"
    if isinstance(exc, httpx.DecodingError):
        return f"{host} answered with data that cannot be decoded"
    if isinstance(exc, httpx.UnsupportedProtocol):
        return f"{host} sent it to an address that is not a web address"
    return f"cannot reach {host}: the network failed"
