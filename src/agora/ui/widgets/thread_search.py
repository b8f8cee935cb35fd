"""The search box of the comments pane: finds text in the open thread, off the UI thread."""

from __future__ import annotations

from functools import partial
from typing import ClassVar

from textual import on
from textual.binding import BindingType
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input
from textual.worker import get_current_worker

from agora.service.reading import comment_matches
from agora.ui.background import in_background
from agora.ui.host import library_of

#: Pause after a keystroke before scanning the thread, so typing a word scans it once.
DEBOUNCE_SECONDS = 0.15


class ThreadSearch(Input):
    """Type to find comments (author or text, any case); results come as :class:`Found`.

    Escape (the screen's ``comments.clear_search``) clears the search and hides the box. Enter
    before the results have come asks for a jump to the first match once they do
    (:meth:`submit`, :meth:`take_jump`).
    """

    #: The editing keys stay (merged from Input) but the help lists the pane's keys only.
    BINDINGS: ClassVar[list[BindingType]] = []

    class Found(Message):
        """The comments matching ``text`` (in no particular order)."""

        def __init__(self, search: ThreadSearch, text: str, ids: list[int]) -> None:
            super().__init__()
            self.search = search
            self.text = text
            self.ids = ids

        @property
        def control(self) -> ThreadSearch:
            return self.search

    def __init__(self, article_id: int, *, id: str | None = None) -> None:
        super().__init__(
            placeholder="Find in this thread · enter: first match · escape: clear",
            id=id,
        )
        self.article_id = article_id
        #: The text the last results are for.
        self.found_text = ""
        self._jump_when_found = False

    @property
    def pending(self) -> bool:
        """True while the results for what is typed are still being looked for."""
        return self.value.strip() != self.found_text

    def submit(self) -> bool:
        """Enter was pressed: True if the results are in (jump now), else jump when they are."""
        if self.pending:
            self._jump_when_found = True
            return False
        return True

    def take_jump(self) -> bool:
        """Whether the results just found should be jumped to (asked once per result)."""
        jump, self._jump_when_found = self._jump_when_found, False
        return jump

    def close(self) -> None:
        """Forget the search and hide the box."""
        self._jump_when_found = False
        if self.value:
            self.value = ""
        self.display = False

    _typing: Timer | None = None

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        if event.input is not self:
            return
        if self._typing is not None:
            self._typing.stop()
            self._typing = None
        text = self.value.strip()
        if text:  # a timer per keystroke, not a thread waiting out its pause
            self._typing = self.set_timer(DEBOUNCE_SECONDS, partial(self._scan, text))
        else:
            self._scan(text)

    @in_background(group="thread-search", exclusive=True)
    def _scan(self, text: str) -> None:
        worker = get_current_worker()
        ids = comment_matches(library_of(self), self.article_id, text, lambda: worker.is_cancelled)
        if not worker.is_cancelled:
            self.app.call_from_thread(self._found, text, ids)

    def _found(self, text: str, ids: list[int]) -> None:
        if text != self.value.strip():
            return  # typed on since: newer results are on their way
        self.found_text = text
        self.post_message(self.Found(self, text, ids))
