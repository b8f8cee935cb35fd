"""The system clipboard through pyperclip, which needs a desktop (or xclip/wl-copy)."""

from __future__ import annotations


def copy_text(text: str) -> bool:
    """Put ``text`` on the system clipboard; False when there is no usable clipboard."""
    try:
        # pyperclip ships no type hints, and no stub package is among agora's dependencies.
        import pyperclip  # type: ignore[import-untyped]

        pyperclip.copy(text)
    except Exception:  # pyperclip raises its own and OS-level errors alike
        return False
    return True
