"""Checking the ``[keymap]`` of config.toml against the binding ids agora really has."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable

from textual.binding import Binding
from textual.dom import DOMNode

import agora.ui


def binding_ids() -> set[str]:
    """The id of every binding of agora's app, screens, dialogs and widgets.

    Screens load when first shown, so this imports every module of :mod:`agora.ui` first.
    """
    for module in pkgutil.walk_packages(agora.ui.__path__, "agora.ui."):
        importlib.import_module(module.name)
    ids: set[str] = set()
    classes: list[type] = [DOMNode]
    while classes:
        cls = classes.pop()
        classes.extend(cls.__subclasses__())
        if cls.__module__.startswith("agora."):
            bindings = cls.__dict__.get("BINDINGS", [])
            ids.update(b.id for b in bindings if isinstance(b, Binding) and b.id)
    return ids


def unknown_ids(keymap: Iterable[str]) -> list[str]:
    """The ids in ``keymap`` that name no binding, sorted."""
    return sorted(set(keymap) - binding_ids())
