"""Re-syncing WordPress sites with progress, in a worker."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.notifications import SeverityLevel
from textual.screen import ModalScreen
from textual.widgets import ProgressBar, Static

from agora.core.errors import AgoraError
from agora.core.humanize import plural
from agora.service.site_sync import SyncProgress, SyncReport
from agora.ui.background import in_background
from agora.ui.host import host, library_of


class SyncScreen(ModalScreen[SyncReport | None]):
    """Shows a sync of every site as it happens; escape hides it while it goes on."""

    HELP_GROUP = "sync"
    BINDINGS = [Binding("escape", "hide", "Hide", id="sync.hide")]

    def compose(self) -> ComposeResult:
        with Vertical(id="sync-box"):
            yield Static("Syncing sites", id="sync-title")
            yield Static(id="sync-status")
            yield ProgressBar(id="sync-progress", show_eta=False)
            yield Static("esc: hide (the sync goes on)", classes="sync-hint")

    def on_mount(self) -> None:
        self._sync()

    @in_background(group="sync", exclusive=True)
    def _sync(self) -> None:
        library = library_of(self)
        try:
            sites = library.sites()
            if not sites:
                self.app.call_from_thread(self._nothing)
                return
            hosts = ", ".join(site.host for site in sites)
            self.app.call_from_thread(self._status, f"Connecting to {hosts}...")
            report = library.sync(progress=lambda p: self.app.call_from_thread(self._progress, p))
        except AgoraError as exc:
            self.app.call_from_thread(self._done, None, str(exc))
            return
        self.app.call_from_thread(self._done, report, "")

    def _nothing(self) -> None:
        self.app.notify(
            "No WordPress sites yet: add one with  agora site add URL",
            title="Nothing to sync",
            markup=False,
        )
        self.dismiss(None)

    def _status(self, text: str) -> None:
        self.query_one("#sync-status", Static).update(Content(text))

    def _progress(self, step: SyncProgress) -> None:
        bar = self.query_one(ProgressBar)
        bar.update(total=max(1, step.total), progress=step.done)
        self._status(f"{step.site}: {step.done} of {step.total} · {step.title}")

    def _done(self, report: SyncReport | None, error: str) -> None:
        if report is None:
            self.app.notify(error, title="Sync failed", severity="error", markup=False)
        else:
            new = sum(s.comments_new for s in report.sites)
            articles = sum(s.articles_new for s in report.sites)
            summary = f"{plural(articles, 'new article')}, {plural(new, 'new comment')}"
            if removed := sum(s.comments_removed for s in report.sites):
                summary += f", {plural(removed, 'comment')} no longer on the site removed"
            severity: SeverityLevel = "warning" if report.errors else "information"
            details = "\n".join([summary, *report.errors])
            self.app.notify(details, title="Sync finished", severity=severity, markup=False)
            host(self).outbox.show(report.deliveries)
        if self.is_attached and self.app.screen is self:
            self.dismiss(report)

    def action_hide(self) -> None:
        self.dismiss(None)
