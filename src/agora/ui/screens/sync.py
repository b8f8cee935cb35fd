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

    def __init__(self, source_id: int | None = None, *, feeds: bool = False) -> None:
        """Sync every site; or (``feeds``) every site and feed; or the one ``source_id``."""
        super().__init__()
        self.source_id = source_id
        self.feeds = feeds or source_id is not None

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
        progress = lambda p: self.app.call_from_thread(self._progress, p)  # noqa: E731
        try:
            if self.feeds:
                from agora.service.source_admin import source_list, sync_sources

                found = [s for s in source_list(library) if self.source_id in (None, s.id)]
                hosts = ", ".join(dict.fromkeys(source.host for source in found))
            else:
                hosts = ", ".join(site.host for site in library.sites())
            if not hosts:
                self.app.call_from_thread(self._nothing)
                return
            self.app.call_from_thread(self._status, f"Connecting to {hosts}…")
            if self.feeds:
                report = sync_sources(library, self.source_id, progress)
            else:
                report = library.sync(progress=progress)
        except AgoraError as exc:
            self.app.call_from_thread(self._done, None, str(exc))
            return
        self.app.call_from_thread(self._done, report, "")

    def _nothing(self) -> None:
        self.app.notify(
            "No sites yet: add one in Sources (S), or with  agora site add URL",
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
