"""Colours that stay readable in every theme.

A widget that draws its own lines (the Line API) takes each part's colours from its component
classes, styled in ``styles/*.tcss`` with the theme's variables. Some of those variables are
too faint on some themes (``$text-muted`` on a light one is about 3:1), so :func:`role_style`
resolves a component's colours on the background it is drawn on and, when the text would be
below WCAG AA (4.5:1), moves it towards black or white just as far as needed: the hue stays
the theme's.
"""

from __future__ import annotations

from rich.style import Style
from textual.color import Color
from textual.style import Style as VisualStyle
from textual.widget import Widget

#: WCAG 2 level AA for normal text.
AA = 4.5
_BLACK = Color(0, 0, 0)
_WHITE = Color(255, 255, 255)


def luminance(color: Color) -> float:
    """WCAG 2 relative luminance of an opaque colour."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast(first: Color, second: Color) -> float:
    """WCAG 2 contrast ratio of two opaque colours (1 to 21)."""
    a, b = sorted((luminance(first), luminance(second)))
    return (b + 0.05) / (a + 0.05)


def readable(foreground: Color, background: Color, ratio: float = AA) -> Color:
    """``foreground`` (opaque), or the nearest shade of it that reaches ``ratio`` on
    ``background``, going towards black or white, whichever contrasts more."""
    if contrast(foreground, background) >= ratio:
        return foreground
    target = max((_BLACK, _WHITE), key=lambda c: contrast(c, background))
    low, high = 0.0, 1.0  # how far towards target: high always passes (>= 4.58 for AA)
    for _ in range(16):
        mid = (low + high) / 2
        if contrast(foreground.blend(target, mid), background) >= ratio:
            high = mid
        else:
            low = mid
    shade = foreground.blend(target, high)
    # Rounding to whole RGB values may lose the last fraction: step on until it passes.
    while contrast(shade, background) < ratio and high < 1:
        high = min(1.0, high + 0.01)
        shade = foreground.blend(target, high)
    return shade


def role_style(widget: Widget, *components: str, ratio: float = AA) -> Style:
    """A complete Rich style for text drawn by ``widget`` in ``components`` (applied in order,
    e.g. the selected row's background, then the time's colour): the background as composed
    on screen, and a foreground over it that is readable at ``ratio``."""
    visual = widget.get_visual_style(*components)
    background = visual.background or Color(0, 0, 0, 0)
    if background.a < 1:  # nothing opaque below: the app's own background shows
        background = Color.parse(widget.app.current_theme.background or "black") + background
    foreground = visual.foreground or Color(255, 255, 255)
    color = readable(background + foreground, background, ratio)
    return Style(
        color=color.rich_color,
        bgcolor=background.rich_color,
        bold=visual.bold,
        italic=visual.italic,
        underline=visual.underline,
        strike=visual.strike,
    )


def visual_role(widget: Widget, *components: str, ratio: float = AA) -> VisualStyle:
    """:func:`role_style` for :class:`~textual.content.Content`."""
    return VisualStyle.from_rich_style(role_style(widget, *components, ratio=ratio))
