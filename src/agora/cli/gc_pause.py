"""No garbage collection while the start-up heap is being built.

Importing Textual and agora makes a few hundred thousand objects (modules, classes, functions,
compiled CSS) that live as long as the process. While they are being made, the cyclic collector
would run about a hundred times and scan them again and again, then once more at exit: some 30 ms
of a 200 ms start, for no garbage. So :func:`main` pauses the collector before anything is
imported, and :func:`settle`, called once the imports are done, moves everything alive into the
permanent generation (:func:`gc.freeze`) and turns the collector back on. Later collections never
scan the frozen heap, which also shortens the full collections of a long session.
"""

from __future__ import annotations

import gc


def pause() -> None:
    """Start the pause: called by the entry point before anything else is imported."""
    gc.disable()


def settle() -> None:
    """End the start-up pause: freeze what exists and collect again from here on.

    Does nothing unless :func:`pause` paused the collector, so agora used as a library (and the
    tests) keep the collector as they had it.
    """
    if gc.isenabled():
        return
    gc.freeze()
    gc.enable()
