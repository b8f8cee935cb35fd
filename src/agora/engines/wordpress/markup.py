"""The user's Markdown as the HTML a WordPress commenter may post.

WordPress runs a commenter's text through ``kses`` with ``$allowedtags``: ``a`` (``href``,
``title``), ``abbr``, ``acronym``, ``b``, ``blockquote`` (``cite``), ``cite``, ``code``, ``del``,
``em``, ``i``, ``q``, ``s``, ``strike`` and ``strong``. Paragraphs and line breaks are left as
blank lines and newlines: ``wpautop`` makes them ``<p>`` and ``<br>`` when the comment is shown.
What else Markdown can say is degraded once, in :mod:`agora.core.markdown_subset`, which the
composer's preview shows too. The HTML is built from that document; every piece of the user's
text is escaped on the way, so text without Markdown arrives as it always did
(``html.escape``), and raw HTML typed by the user is shown as text.
"""

from __future__ import annotations

import html

from agora.core.markdown_subset import Block, Mark, Paragraph, Span, parse

#: The tags this module writes (all of them in WordPress's ``$allowedtags``).
TAGS = frozenset({"a", "blockquote", "code", "del", "em", "strong"})

_TAG = {Mark.STRONG: "strong", Mark.EM: "em", Mark.DEL: "del"}


def markdown_to_wordpress(markdown: str) -> str:
    """``markdown`` as comment content for WordPress."""
    return _blocks(parse(markdown))


def _blocks(blocks: tuple[Block, ...]) -> str:
    return "\n\n".join(
        _spans(block.spans)
        if isinstance(block, Paragraph)
        else f"<blockquote>{_blocks(block.blocks)}</blockquote>"
        for block in blocks
    )


def _spans(spans: tuple[Span, ...]) -> str:
    return "".join(_span(span) for span in spans)


def _span(span: Span) -> str:
    if span.mark is None:
        return html.escape(span.text, quote=False)
    if span.mark is Mark.CODE:
        return f"<code>{html.escape(span.text, quote=False)}</code>"
    inner = _spans(span.children)
    if span.mark is Mark.LINK:
        title = f' title="{html.escape(span.title)}"' if span.title else ""
        return f'<a href="{html.escape(span.href)}"{title}>{inner}</a>'
    tag = _TAG[span.mark]
    return f"<{tag}>{inner}</{tag}>"
