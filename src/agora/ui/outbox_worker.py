"""Sending queued comments from the app, and showing what became of them."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Literal

from textual.app import App

from agora.core.errors import AgoraError
from agora.core.model import Comment, DeliveryState
from agora.service.library import Library
from agora.ui.background import run_in_background

if TYPE_CHECKING:
    from agora.service.outbox import Delivery

#: Seconds between looks at the outbox (comments in backoff are skipped until due).
OUTBOX_INTERVAL = 5.0

_TITLES = {
    DeliveryState.POSTED: "Comment posted",
    DeliveryState.HELD: "Comment posted: awaiting moderation",
    DeliveryState.PENDING: "Comment not sent yet",
    DeliveryState.RETURNED: "Comment refused: your text is a draft again",
}
_SEVERITIES: dict[DeliveryState, Literal["information", "warning", "error"]] = {
    DeliveryState.RETURNED: "error",
    DeliveryState.PENDING: "warning",
}
#: Deliveries whose comment is gone from the thread (refused for good, or deleted unsent).
_GONE = (DeliveryState.RETURNED, DeliveryState.DROPPED)


class OutboxSender:
    """Runs the outbox in the app's workers and updates the open threads with the outcome."""

    def __init__(self, app: App[None], library: Library) -> None:
        self.app = app
        self.library = library

    def start(self) -> None:
        """Send what is queued now (all of it, as at launch), then keep looking."""
        self.deliver(force=True)
        self.app.set_interval(OUTBOX_INTERVAL, self.deliver)

    def deliver(self, force: bool = False) -> None:
        """Send what is due, off the UI thread (one round at a time)."""
        run_in_background(self.app, partial(self._send, force), group="outbox", exclusive=True)

    def _send(self, force: bool) -> None:
        try:
            deliveries = self.library.send_outbox(force=force)
        except AgoraError as exc:
            self.app.call_from_thread(
                self.app.notify, str(exc), title="Outbox", severity="warning", markup=False
            )
            return
        if deliveries:
            kept = [d.comment_id for d in deliveries if d.state not in _GONE]
            comments = self.library.comments(kept)
            self.app.call_from_thread(self.show, deliveries, comments)

    def show(self, deliveries: list[Delivery], comments: dict[int, Comment] | None = None) -> None:
        """Tell the user what happened and update every open thread showing those comments."""
        from agora.ui.widgets.comment_view import CommentView

        views = [v for screen in self.app.screen_stack for v in screen.query(CommentView)]
        for d in deliveries:
            comment = (comments or {}).get(d.comment_id)
            for view in views:
                if view.thread.position(d.comment_id) is None:
                    continue
                if d.state in _GONE:
                    view.remove_comment(d.comment_id)
                elif comment is not None:
                    view.update_comment(comment)
            if d.state in _TITLES and (d.state != DeliveryState.PENDING or d.message):
                self.app.notify(
                    d.message or "Delivered.",
                    title=_TITLES[d.state],
                    severity=_SEVERITIES.get(d.state, "information"),
                    markup=False,
                )
