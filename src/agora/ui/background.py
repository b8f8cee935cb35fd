"""Thread workers whose unexpected failures reach the user instead of vanishing.

Every worker reports the errors it expects (``AgoraError``) itself. Anything else used to end
the worker silently (``exit_on_error=False``), leaving e.g. "Connecting to..." on screen for
good; these wrappers turn it into an error notification and a log line.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

from textual import work
from textual.app import App
from textual.dom import DOMNode

Method = TypeVar("Method", bound=Callable[..., Any])


def report_failure(app: App[Any], error: BaseException) -> None:
    """Tell the user about an unexpected error (UI thread)."""
    app.log.error(f"background work failed: {error!r}")
    app.notify(
        f"{type(error).__name__}: {error}",
        title="Something went wrong",
        severity="error",
        markup=False,
        timeout=15,
    )


def call_on_ui(app: App[Any], callback: Callable[..., object], *args: object) -> None:
    """From a thread: run ``callback(*args)`` on the UI thread, unless the app has gone."""
    with contextlib.suppress(RuntimeError):
        app.call_from_thread(callback, *args)


def guarded(app: App[Any], function: Callable[[], object]) -> Callable[[], None]:
    """``function`` for a thread, reporting any exception it lets through to ``app``."""

    @functools.wraps(function)
    def run() -> None:
        try:
            function()
        except Exception as error:
            call_on_ui(app, report_failure, app, error)

    return run


def run_in_background(
    node: DOMNode, function: Callable[[], object], group: str, *, exclusive: bool = False
) -> None:
    """Run ``function`` in a thread worker owned by ``node`` (the app, or a screen whose
    workers end with it), reporting unexpected failures."""
    node.run_worker(
        guarded(node.app, function),
        thread=True,
        group=group,
        exclusive=exclusive,
        exit_on_error=False,
    )


def in_background(*, group: str, exclusive: bool = False) -> Callable[[Method], Method]:
    """Decorate a widget, screen or app method to run in a thread worker (like ``@work``),
    reporting unexpected failures to the user."""

    def decorate(method: Method) -> Method:
        @functools.wraps(method)
        def run(self: DOMNode, *args: Any, **kwargs: Any) -> None:
            guarded(self.app, functools.partial(method, self, *args, **kwargs))()

        background = work(thread=True, group=group, exclusive=exclusive, exit_on_error=False)
        return cast(Method, background(run))

    return decorate
