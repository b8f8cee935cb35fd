"""Picking one of the links of an article or a comment, always shown by its real address."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option


@dataclass(frozen=True, slots=True)
class Link:
    """A web address and where it was found (``label`` is ours, never the page's)."""

    url: str
    label: str = ""
    number: int = 0  # its number where it is drawn, when the list does not start at 1


@dataclass(frozen=True, slots=True)
class LinkChoice:
    """What the user picked: open the link in the browser, or copy it."""

    url: str
    action: Literal["open", "copy"]


def link_prompt(number: int, link: Link) -> Content:
    """'3  https://full/address  (in the comment)', all as plain text."""
    parts: list[str | tuple[str, str]] = [(f"{number:>2}  ", "bold $accent"), link.url]
    if link.label:
        parts.append((f"  ({link.label})", "$text-muted"))
    return Content.assemble(*parts)


class LinkPicker(ModalScreen[LinkChoice | None]):
    """Numbered links: a number or enter opens one in the browser, y copies it."""

    HELP_GROUP = "links"
    BINDINGS = [
        Binding("escape,q", "dismiss(None)", "Close", id="links.close"),
        Binding("enter", "open", "Open in browser", id="links.open"),
        Binding("y", "copy", "Copy link", id="links.copy"),
        *(
            Binding(str(n), f"pick({n})", f"Open link {n}", show=False, id=f"links.pick_{n}")
            for n in range(1, 10)
        ),
    ]

    def __init__(self, links: list[Link], title: str) -> None:
        super().__init__()
        self.links = links
        self.heading = title

    def compose(self) -> ComposeResult:
        with Vertical(id="links-box"):
            yield Static(Content(self.heading), id="links-title")
            yield OptionList(
                *(
                    Option(link_prompt(link.number or n, link))
                    for n, link in enumerate(self.links, 1)
                ),
                id="links-list",
            )
            yield Static(
                Content("1-9 or enter: open in your browser · y: copy · escape: close"),
                id="links-hint",
            )

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    def _highlighted(self) -> Link | None:
        index = self.query_one(OptionList).highlighted
        return self.links[index] if index is not None and index < len(self.links) else None

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(LinkChoice(self.links[event.option_index].url, "open"))

    def action_open(self) -> None:
        link = self._highlighted()
        if link is not None:
            self.dismiss(LinkChoice(link.url, "open"))

    def action_copy(self) -> None:
        link = self._highlighted()
        if link is not None:
            self.dismiss(LinkChoice(link.url, "copy"))

    def action_pick(self, number: int) -> None:
        for n, link in enumerate(self.links, 1):
            if (link.number or n) == number:
                self.dismiss(LinkChoice(link.url, "open"))
                return
