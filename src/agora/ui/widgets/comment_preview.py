"""What a comment will look like once posted: the degraded document of
:mod:`agora.core.markdown_subset` (the very one each engine converts), drawn as widgets.

Each paragraph is a :class:`~textual.widgets.Static` holding :class:`~textual.content.Content`
built span by span (never through markup strings, so the user's text is only ever text), and
each quote a container with a bar (``styles/composer.tcss``).
"""

from __future__ import annotations

from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from agora.core.markdown_subset import Block, Mark, Paragraph, Span, parse

#: How each mark is drawn (theme variables only).
STYLES = {
    Mark.STRONG: "bold",
    Mark.EM: "italic",
    Mark.DEL: "strike",
    Mark.CODE: "$text-accent on $boost",
    Mark.LINK: "underline $text-primary",
}


def span_content(spans: tuple[Span, ...]) -> Content:
    """Spans as styled text (line breaks are newlines)."""
    parts: list[Content] = []
    for span in spans:
        if span.mark is None:
            parts.append(Content(span.text))
        elif span.mark is Mark.CODE:
            parts.append(Content(span.text).stylize(STYLES[Mark.CODE]))
        else:
            parts.append(span_content(span.children).stylize(STYLES[span.mark]))
    return Content.assemble(*parts)


def block_widgets(blocks: tuple[Block, ...]) -> list[Widget]:
    """Blocks as widgets: a paragraph a Static, a quote a container of its blocks."""
    widgets: list[Widget] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            widgets.append(Static(span_content(block.spans), classes="preview-paragraph"))
        else:
            widgets.append(Vertical(*block_widgets(block.blocks), classes="preview-quote"))
    return widgets


class CommentPreview(Vertical):
    """The composer's preview of a comment's Markdown."""

    async def show(self, markdown: str) -> None:
        await self.remove_children()
        widgets = block_widgets(parse(markdown))
        if not widgets:
            widgets = [Static(Content("Nothing written yet."), classes="preview-empty")]
        await self.mount_all(widgets)
