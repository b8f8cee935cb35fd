"""The article pane's blocks drawn as strips at one width, kept in a small cache.

:class:`DrawnBlocks` belongs to one :class:`~agora.ui.widgets.article_pane.ArticlePane`. Block 0
is the head (title, source, address); block ``n`` is the body's ``n - 1``-th block of its
:class:`~agora.core.article_blocks.BlockIndex`, parsed and wrapped only when asked for. Colours
come from the pane's component classes, each made readable on the pane's background.
"""

from __future__ import annotations

from bisect import bisect_left

from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget

from agora.core.article_blocks import CODE, BlockIndex
from agora.core.article_markdown import Part, parse_block, part_links
from agora.core.document import Paragraph, Span
from agora.core.model import Article
from agora.ui.readable import role_style
from agora.ui.widgets.article_header import header_lines
from agora.ui.widgets.article_lines import ArticleStyles, part_lines
from agora.ui.widgets.document_lines import DocumentStyles

#: Blocks whose strips are kept.
CACHED_BLOCKS = 512
#: The most links the ``o`` picker lists (around the view, for an article with more).
PICKER_LINKS = 300


class DrawnBlocks:
    """The strips of the blocks of ``index`` (Markdown unless ``markdown`` is False)."""

    def __init__(self, pane: Widget, article: Article, index: BlockIndex, markdown: bool) -> None:
        self.pane = pane
        self.article = article
        self.index = index
        self.markdown = markdown
        self._strips: dict[tuple[int, int], list[Strip]] = {}
        self._styles: ArticleStyles | None = None

    def cached(self, block: int, width: int) -> list[Strip] | None:
        return self._strips.get((block, width))

    def lines(self, block: int, width: int) -> list[Strip]:
        """Block ``block``'s strips at ``width`` cells (drawn now unless kept)."""
        key = (block, width)
        strips = self._strips.get(key)
        if strips is None:
            if len(self._strips) >= CACHED_BLOCKS:
                self._strips.pop(next(iter(self._strips)))
            strips = self._strips[key] = self._draw(block, width)
        return strips

    def forget(self, styles: bool = False) -> None:
        """Draw every block anew (``styles``: in the theme's colours, resolved again)."""
        self._strips = {}
        if styles:
            self._styles = None

    def parts(self, block: int) -> tuple[Part, ...]:
        """Body block ``block`` (1 and up) read into the document model."""
        source, kind, _ = self.index.block(block - 1)
        if self.markdown or kind == CODE:
            return parse_block(source, kind == CODE)
        return (Paragraph(tuple((Span(line),) for line in source.split("\n"))),)

    def picker_links(self, offset: int, top: int, last: int) -> list[tuple[int, str]]:
        """The links the ``o`` picker offers, each with the number drawn beside it: every
        link, or for an article with very many, the article's own, those of the blocks
        ``top`` to ``last`` on screen and the ones first found around ``offset`` (a list of
        tens of thousands would take seconds to show)."""
        index = self.index
        urls = list(index.links)
        if len(urls) <= PICKER_LINKS:
            return list(enumerate(urls, 1))
        first = bisect_left(index.link_offsets, offset)
        first = max(0, min(first - PICKER_LINKS // 4, len(urls) - PICKER_LINKS))
        numbers = {1, *range(first + 1, first + PICKER_LINKS + 1)}
        for block in range(max(1, top), last + 1):
            for part in self.parts(block):
                numbers.update(n for t in part_links(part) if (n := index.links.get(t)))
        return [(n, urls[n - 1]) for n in sorted(numbers)]

    def _draw(self, block: int, width: int) -> list[Strip]:
        styles = self.styles
        if block == 0:
            lines = header_lines(self.pane, self.article, width)
        else:
            parts = self.parts(block)
            lines = [] if self.index.block(block - 1)[2] else [[]]  # a blank line between
            numbers = self.index.links
            for i, part in enumerate(parts):
                if i:
                    lines.append([])
                lines.extend(part_lines(part, width, styles, numbers))
        base = styles.document.text
        return [Strip(line).adjust_cell_length(width, base) for line in lines]

    @property
    def styles(self) -> ArticleStyles:
        """Every part's colours, readable on the pane's background (kept until the theme
        changes)."""
        if self._styles is None:

            def get(*parts: str) -> Style:
                return role_style(self.pane, *parts)

            document = DocumentStyles(
                text=get(),
                quote_bar=get("comment-view--quote-bar"),
                quote=get("comment-view--quote"),
                code=get("comment-view--code"),
                link=get("comment-view--link"),
                link_number=get("comment-view--link-number"),
                match=get(),
            )
            self._styles = ArticleStyles(
                document=document,
                headings=tuple(get(f"article-pane--h{n}") for n in range(1, 7)),
                rule=get("article-pane--rule"),
            )
        return self._styles
