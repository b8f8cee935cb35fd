"""Searching every discussion: type, see matches in context, open one where it was said."""

from __future__ import annotations

import re
from functools import partial

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from agora.core.errors import AgoraError
from agora.core.humanize import plural
from agora.store.fulltext import MARK_END, MARK_START, SearchHit
from agora.ui.background import call_on_ui, in_background
from agora.ui.host import host, library_of
from agora.ui.widgets.key_bar import KeyBar

#: Most results shown for one search.
LIMIT = 100
DEBOUNCE_SECONDS = 0.2
MATCH_STYLE = "bold $text-warning on $warning-muted"
HINT = (
    'Words match whole words · "exact phrase" · prefix* · author:name · '
    "↓ results · enter: open · escape: back"
)
_MARKS = re.compile(f"([{MARK_START}{MARK_END}])")


def snippet_content(snippet: str, match_style: str = MATCH_STYLE) -> Content:
    """A search snippet on one line, its marked matches styled; the text is never markup."""
    parts: list[str | tuple[str, str]] = []
    inside = False
    for chunk in _MARKS.split(snippet):
        if chunk == MARK_START:
            inside = True
        elif chunk == MARK_END:
            inside = False
        elif chunk:
            text = re.sub(r"\s+", " ", chunk)
            parts.append((text, match_style) if inside else text)
    return Content.assemble(*parts)


def hit_prompt(hit: SearchHit) -> Content:
    """Two lines: who and where, then the snippet."""
    if hit.comment_id is None:
        by: list[str | tuple[str, str]] = [("  by ", "$text-muted"), hit.author]
        head = Content.assemble(
            ("Article ", "$text-muted"),
            (hit.article_title or "(untitled)", "bold"),
            *(by if hit.author else []),
        )
    else:
        head = Content.assemble(
            (hit.author or "Anonymous", "bold $accent"),
            (" on ", "$text-muted"),
            (hit.article_title or "(untitled)", "italic"),
        )
    return Content.assemble(head, "\n", ("  ", ""), snippet_content(hit.snippet))


class SearchScreen(Screen[None]):
    """Search all discussions; results open the article at the comment."""

    HELP_GROUP = "search"
    BINDINGS = [
        Binding("escape", "close", "Back", id="search.back"),
        # q types a q in the search box; from the results it goes back, as everywhere.
        Binding("q", "close", "Back", show=False, id="search.back_q"),
        Binding("ctrl+f", "edit", "Edit search", show=False, id="search.edit"),
        Binding("down", "results", "Results", show=False, id="search.results"),
    ]

    def __init__(self, text: str = "") -> None:
        super().__init__()
        self.initial_text = text
        self.hits: list[SearchHit] = []

    def compose(self) -> ComposeResult:
        yield Static(Content("Search all discussions"), id="search-title")
        yield Input(
            self.initial_text, placeholder="Search comments and articles", id="search-input"
        )
        yield Static(Content(HINT), id="search-hint")
        yield Static(id="search-status")
        yield OptionList(id="search-results")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Search"
        self.query_one(Input).focus()
        if self.initial_text:
            self._search(self.initial_text)

    def action_close(self) -> None:
        self.dismiss()

    def action_edit(self) -> None:
        self.query_one(Input).focus()

    def action_results(self) -> None:
        results = self.query_one(OptionList)
        if results.option_count:
            if results.highlighted is None:
                results.highlighted = 0
            results.focus()

    _typing: Timer | None = None

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        # A timer, not a sleeping worker, per keystroke: a long paste typed key by key made
        # thousands of threads, each waiting out its own pause.
        self._status("Searching…" if event.value.strip() else "")
        if self._typing is not None:
            self._typing.stop()
        self._typing = self.set_timer(DEBOUNCE_SECONDS, partial(self._search, event.value))

    @on(Input.Submitted, "#search-input")
    def _submitted(self, event: Input.Submitted) -> None:
        self.action_results()

    @in_background(group="search", exclusive=True)
    def _search(self, text: str) -> None:
        worker = get_current_worker()
        try:
            hits = library_of(self).search(text, LIMIT) if text.strip() else []
        except Exception as exc:  # never leave "Searching…" up
            call_on_ui(self.app, self._status, f"Search failed: {exc}")
            if isinstance(exc, AgoraError):
                return
            raise  # unexpected: reported as it goes up
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show, text, hits)

    def _show(self, text: str, hits: list[SearchHit]) -> None:
        if text != self.query_one(Input).value:
            return
        self.hits = hits
        results = self.query_one(OptionList)
        results.set_options(Option(hit_prompt(hit)) for hit in hits)
        if hits:
            results.highlighted = 0
            more = " (the best ones)" if len(hits) >= LIMIT else ""
            self._status(plural(len(hits), "result") + more)
        else:
            self._status("No results." if text.strip() else "")

    def _status(self, text: str) -> None:
        self.query_one("#search-status", Static).update(Content(text))

    @on(OptionList.OptionSelected, "#search-results")
    def _open(self, event: OptionList.OptionSelected) -> None:
        hit = self.hits[event.option_index]
        host(self).open_article(hit.article_id, select=hit.comment_id)
