"""The engines' event loop: one long-lived loop on one thread, sessions kept per site and
account and reused from call to call, refused credentials dropped, everything closed at the
end. No network: a session is made without connecting."""

from __future__ import annotations

import asyncio
import threading

import pytest

from agora.engines.base import Credentials, SiteAddress
from agora.service.engine_loop import EngineLoop

SITE = SiteAddress("wordpress", "http://127.0.0.1:9", "http://127.0.0.1:9/wp-json/")


def _threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "agora-engines"]


def test_one_loop_and_one_session_serve_every_call() -> None:
    engines = EngineLoop()
    before = len(_threads())
    first = engines.run(lambda: engines.session(SITE))
    again = engines.run(lambda: engines.session(SITE))
    loop_a = engines.run(lambda: _current_loop())
    loop_b = engines.run(lambda: _current_loop())
    assert first is again and loop_a is loop_b
    assert len(_threads()) == before + 1
    engines.close()
    assert len(_threads()) == before


async def _current_loop() -> asyncio.AbstractEventLoop:
    return asyncio.get_running_loop()


def test_accounts_get_sessions_of_their_own_and_refused_ones_go() -> None:
    engines = EngineLoop()
    try:
        guest = engines.run(lambda: engines.session(SITE))
        ann = Credentials("ann", "secret one")
        signed = engines.run(lambda: engines.session(SITE, ann))
        assert signed is not guest
        engines.run(lambda: engines.drop(SITE, ann))
        assert engines.run(lambda: engines.session(SITE, ann)) is not signed
        engines.forget(SITE)
        assert engines.run(lambda: engines.session(SITE)) is not guest
    finally:
        engines.close()


def test_errors_reach_the_caller_and_the_loop_goes_on() -> None:
    engines = EngineLoop()
    try:

        async def fail() -> None:
            raise ValueError("from the loop")

        with pytest.raises(ValueError, match="from the loop"):
            engines.run(fail)
        assert engines.run(lambda: _current_loop()).is_running()
    finally:
        engines.close()


def test_the_loop_refuses_to_wait_on_itself() -> None:
    engines = EngineLoop()
    try:

        async def nested() -> None:
            engines.run(_current_loop)

        with pytest.raises(RuntimeError, match="engine loop itself"):
            engines.run(nested)
    finally:
        engines.close()
