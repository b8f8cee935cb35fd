"""Links and the clipboard on the article screen: pick a link to open or copy, copy a text.

:class:`LinkActions` belongs to one :class:`~agora.ui.screens.article.ArticleScreen`; the
clipboard and the browser are reached in the screen's workers, never on the UI thread.
"""

from __future__ import annotations

from functools import partial

from textual.screen import Screen

from agora.core.document import links as document_links
from agora.core.document import plain_text
from agora.core.markdown_light import parse
from agora.core.model import Article, BodyFormat, Comment
from agora.core.text import is_web_url
from agora.core.weblinks import extract_links
from agora.ui.background import run_in_background
from agora.ui.clipboard import copy_text
from agora.ui.modals.link_picker import Link, LinkChoice, LinkPicker
from agora.ui.widgets.comment_view import CommentView


def article_links(article: Article, found: list[tuple[int, str]] | None = None) -> list[Link]:
    """The article's own address first, then the links in its text. ``found``: the article
    pane's (number, link) pairs, each numbered as it is drawn ``[n]`` (for a long article,
    only those around the view)."""
    if found is not None:
        return [
            Link(url, "the article" if url == article.url else "in the text", number)
            for number, url in found
        ]
    links = [Link(article.url, "the article")] if is_web_url(article.url) else []
    links += [Link(url, "in the text") for url in extract_links(article.body)]
    return _unique(links)


def comment_links(comment: Comment) -> list[Link]:
    """The links in a comment's text, then its own address and its author's website. A
    formatted comment's links come first in the order of its document, so that link ``n``
    here is the one shown with ``[n]`` in the thread."""
    body = comment.body
    links = []
    if comment.body_format == BodyFormat.MARKDOWN:
        document = parse(body)
        links = [Link(url, "in the comment") for url in document_links(document)]
        body = plain_text(document)
    links += [Link(url, "in the comment") for url in extract_links(body)]
    if is_web_url(comment.url):
        links.append(Link(comment.url, "this comment on its site"))
    if is_web_url(comment.author_url):
        links.append(Link(comment.author_url, "the author's website"))
    return _unique(links)


def _unique(links: list[Link]) -> list[Link]:
    seen: set[str] = set()
    out = []
    for link in links:
        if link.url not in seen:
            seen.add(link.url)
            out.append(link)
    return out


def _preview(text: str, limit: int = 60) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


class LinkActions:
    """Copying and opening links for the article screen ``screen``."""

    def __init__(self, screen: Screen[None]) -> None:
        self.screen = screen

    # -- clipboard ------------------------------------------------------------------------
    def copy(self, text: str, title: str) -> None:
        """Copy ``text`` (off the UI thread), through the terminal if nothing else works."""
        run_in_background(self.screen, partial(self._copy, text, title), group="clipboard")

    def _copy(self, text: str, title: str) -> None:
        app = self.screen.app
        if copy_text(text):
            app.call_from_thread(self.screen.notify, _preview(text), title=title, markup=False)
        else:
            app.call_from_thread(self._copy_osc52, text, title)

    def _copy_osc52(self, text: str, title: str) -> None:
        self.screen.app.copy_to_clipboard(text)
        self.screen.notify(_preview(text), title=f"{title} (through the terminal)", markup=False)

    # -- links ------------------------------------------------------------------------------
    def pick(
        self, view: CommentView, article: Article | None, found: list[tuple[int, str]] | None
    ) -> None:
        """Offer the links of the selected comment (comments focused) or of the article
        (``found``: its links as the article pane found them)."""
        notify = self.screen.notify
        if view.has_focus:
            comment = view.selected_comment
            if comment is None:
                notify("No comment selected.", severity="warning")
                return
            links, where = comment_links(comment), "this comment"
        elif article is not None:
            links, where = article_links(article, found), "this article"
        else:
            return
        if not links:
            notify(f"There are no links in {where}.", severity="warning")
            return
        self.screen.app.push_screen(LinkPicker(links, f"Links in {where}"), self._chosen)

    def _chosen(self, choice: LinkChoice | None) -> None:
        if choice is None:
            return
        app = self.screen.app
        if choice.action == "copy":
            self.copy(choice.url, "Link copied")
        elif app.is_web:  # served to a browser: that browser opens it
            app.open_url(choice.url)
        else:
            run_in_background(self.screen, partial(self._open_in_browser, choice.url), "browser")

    def _open_in_browser(self, url: str) -> None:
        import webbrowser

        try:
            opened = webbrowser.open(url)
        except webbrowser.Error:
            opened = False
        notify, app = self.screen.notify, self.screen.app
        if opened:
            app.call_from_thread(notify, url, title="Opened in your browser", markup=False)
        else:
            app.call_from_thread(
                notify,
                f"No web browser was found to open {url}. Press o again and y to copy it.",
                title="Not opened",
                severity="warning",
                markup=False,
            )
