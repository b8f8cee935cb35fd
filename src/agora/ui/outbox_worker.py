"""Sending queued comments from the app, and showing what became of them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import App

from agora.core.errors import AgoraError
from agora.ui.background import in_background

if TYPE_CHECKING:
    from agora.service.outbox import Delivery

#: Seconds between looks at the outbox (comments in backoff are skipped until due).
OUTBOX_INTERVAL = 5.0

_TITLES = {
    "posted": "Comment posted",
    "held": "Comment posted: awaiting moderation",
    "pending": "Comment not sent yet",
    "returned": "Comment refused: your text is a draft again",
}


class DeliveryMixin(App[None]):
    """App methods that run the outbox in a worker and update the open threads."""

    def start_deliveries(self) -> None:
        """Send what is queued now (all of it, as at launch), then keep looking."""
        self.deliver_outbox(force=True)
        self.set_interval(OUTBOX_INTERVAL, self.deliver_outbox)

    @in_background(group="outbox", exclusive=True)
    def deliver_outbox(self, force: bool = False) -> None:
        try:
            deliveries = self.library.send_outbox(force=force)  # type: ignore[attr-defined]
        except AgoraError as exc:
            self.call_from_thread(
                self.notify, str(exc), title="Outbox", severity="warning", markup=False
            )
            return
        if deliveries:
            kept = [d.comment_id for d in deliveries if d.state not in ("returned", "dropped")]
            comments = self.library.comments(kept)  # type: ignore[attr-defined]
            self.call_from_thread(self.show_deliveries, deliveries, comments)

    def show_deliveries(self, deliveries: list[Delivery], comments: dict | None = None) -> None:
        """Tell the user what happened and update every open thread showing those comments."""
        from agora.ui.widgets.comment_view import CommentView

        views = [v for screen in self.screen_stack for v in screen.query(CommentView)]
        for d in deliveries:
            comment = (comments or {}).get(d.comment_id)
            for view in views:
                if view.thread.position(d.comment_id) is None:
                    continue
                if d.state in ("returned", "dropped"):
                    view.remove_comment(d.comment_id)
                elif comment is not None:
                    view.update_comment(comment)
            if d.state in _TITLES and (d.state != "pending" or d.message):
                severity = {"returned": "error", "pending": "warning"}.get(d.state, "information")
                self.notify(
                    d.message or "Delivered.",
                    title=_TITLES[d.state],
                    severity=severity,
                    markup=False,
                )
