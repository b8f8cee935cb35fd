"""The Textual application: wiring, app-wide bindings and top-level actions only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import App
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import ModalScreen

from agora.core.errors import AgoraError
from agora.core.model import ArticleList, Draft, Identity
from agora.service.config import Config
from agora.service.library import Library
from agora.ui.article_palette import ArticleListProvider
from agora.ui.background import in_background
from agora.ui.commands import DraftsProvider, FindProvider
from agora.ui.draft_keeper import DraftKeepers, Target
from agora.ui.host import IdentityCallback
from agora.ui.identity_flow import IdentityFlow
from agora.ui.outbox_worker import OutboxSender
from agora.ui.screens.articles import ArticlesScreen
from agora.ui.site_palette import SitesProvider
from agora.ui.store_watch import StoreWatch
from agora.ui.styles import stylesheet_paths

if TYPE_CHECKING:
    from textual.theme import Theme

    from agora.service.prefetch import Prefetch

    # The other screens load when first shown: the article list is all a start needs.
    from agora.service.sites import Site
    from agora.ui.modals.identity import RememberedList


class AgoraApp(App[None]):
    """Read articles and take part in their discussions."""

    #: Who comments are posted as; screens watch it.
    identity: reactive[Identity | None] = reactive(None, always_update=True, init=False)

    TITLE = "agora"
    COMMANDS = App.COMMANDS | {DraftsProvider, SitesProvider, FindProvider, ArticleListProvider}
    CSS_PATH = stylesheet_paths()
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("L", "change_identity", "Who you comment as", show=False, id="app.identity"),
        Binding("O", "log_out", "Log out (forget the account)", show=False, id="app.log_out"),
        Binding("R", "sync", "Sync sites", show=False, id="app.sync"),
        Binding("ctrl+f", "search", "Search all discussions", show=False, id="app.search"),
        Binding("tab", "app.focus_next", "Next pane", show=False, id="app.next_pane"),
        Binding(
            "shift+tab", "app.focus_previous", "Previous pane", show=False, id="app.previous_pane"
        ),
    ]

    def __init__(
        self,
        library: Library,
        config: Config | None = None,
        open_article: int | None = None,
        first_list: Prefetch[ArticleList] | None = None,
    ) -> None:
        super().__init__()
        self.library = library
        #: The article list, read ahead while the app was loading (:mod:`~.prefetch`).
        self.first_list = first_list
        self.config = config or Config()
        self.initial_article = open_article
        self.drafts = DraftKeepers(library)
        #: Sends queued comments in the background and shows what became of them.
        self.outbox = OutboxSender(self, library)
        #: Asks who the user is, and stores or forgets it.
        self.identities = IdentityFlow(self, library, lambda: self.identity, self._use_identity)
        #: Tells the screens when another agora process changed the store.
        self.store_watch = StoreWatch(self, library)

    def on_mount(self) -> None:
        if self.config.keymap:
            self.set_keymap(self.config.keymap)
            self.call_after_refresh(self._check_keymap)
        if self.config.theme in self.available_themes:
            self.theme = self.config.theme
        elif self.config.theme:
            self.notify(
                f"config.toml: there is no theme called {self.config.theme!r} "
                "(the command palette's Theme command lists them)",
                title="Settings",
                severity="warning",
                markup=False,
            )
        self._saved_theme = self.theme
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self.identity = self.library.current_identity()
        self.push_screen(ArticlesScreen())
        if self.initial_article is not None:
            self.open_article(self.initial_article)
        self.outbox.start()
        self.store_watch.start()

    def _theme_changed(self, theme: Theme) -> None:
        """Keep the theme chosen (in the command palette) for the next start."""
        if theme.name == self._saved_theme or self.config.home is None:
            return
        from agora.service.config import save_setting

        self._saved_theme = theme.name
        try:
            save_setting(self.config.home, "theme", theme.name)
        except AgoraError as exc:
            self.notify(str(exc), title="Settings", severity="warning", markup=False)

    @in_background(group="settings")
    def _check_keymap(self) -> None:
        from agora.ui.keymap import unknown_ids

        if unknown := unknown_ids(self.config.keymap):
            names = ", ".join(repr(name) for name in unknown)
            self.call_from_thread(
                self.notify,
                f"config.toml: [keymap] names no key binding {names}; "
                "the help screen (?) shows each key's id",
                title="Settings",
                severity="warning",
                markup=False,
                timeout=15,
            )

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        """Save an SVG of the screen in the Downloads folder, or here when there is none."""
        if path is None:
            from pathlib import Path

            from platformdirs import user_downloads_path

            downloads = user_downloads_path()
            path = str(downloads if downloads.is_dir() else Path.cwd())
        super().action_screenshot(filename, path)

    def open_moderation(self, site: Site) -> None:
        """Show the moderation queue of ``site``."""
        from agora.ui.screens.moderation import ModerationScreen

        self.push_screen(ModerationScreen(site))

    def open_sources(self) -> None:
        """Show the sites and feeds: add, remove, sync, sign in and out."""
        from agora.ui.screens.sources import SourcesScreen

        if not isinstance(self.screen, SourcesScreen | ModalScreen):
            self.push_screen(SourcesScreen())

    def action_sync(self) -> None:
        """Re-sync every WordPress site (and send queued comments) with progress."""
        if not isinstance(self.screen, ModalScreen):
            from agora.ui.screens.sync import SyncScreen

            self.push_screen(SyncScreen())

    def action_search(self) -> None:
        """Search every discussion (from anywhere but a dialog)."""
        from agora.ui.screens.search import SearchScreen

        if isinstance(self.screen, SearchScreen):
            self.screen.action_edit()
        elif not isinstance(self.screen, ModalScreen):
            self.push_screen(SearchScreen())

    def action_inbox(self) -> None:
        """Show the replies to you (from anywhere but a dialog)."""
        from agora.ui.screens.inbox import InboxScreen

        if not isinstance(self.screen, InboxScreen | ModalScreen):
            self.push_screen(InboxScreen())

    def open_article(self, article_id: int, select: int | None = None) -> None:
        """Show an article and its discussion (optionally selecting one comment)."""
        from agora.ui.screens.article import ArticleScreen

        self.push_screen(ArticleScreen(article_id, select))

    def open_draft(self, draft: Draft) -> None:
        """Open the article of ``draft`` with the composer on its target."""
        from agora.ui.screens.article import ArticleScreen
        from agora.ui.screens.composer import ComposerScreen

        target = Target(draft.article_id, draft.parent_id, draft.comment_id)
        if isinstance(self.screen, ComposerScreen):
            self.screen.action_close()  # keeps its own draft
        screen = self.screen
        if isinstance(screen, ArticleScreen) and screen.article_id == draft.article_id:
            screen.open_composer(target)
        else:
            select = draft.comment_id or draft.parent_id
            self.push_screen(ArticleScreen(draft.article_id, select, compose=target))

    # -- identity -------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Not over a dialog (the composer has its own key for it).
        over_dialog = isinstance(self.screen, ModalScreen)
        return not (action in ("change_identity", "log_out") and over_dialog)

    def action_change_identity(self) -> None:
        self.choose_identity()

    def choose_identity(
        self, then: IdentityCallback | None = None, *, site: int | None = None
    ) -> None:
        """Ask who the user is (``site``: signing in to that site); store the answer and call
        ``then`` with the identity."""
        self.identities.choose(then, site=site)

    def action_log_out(self) -> None:
        self.log_out()

    def log_out(self) -> None:
        """Log out; a signed-in account is forgotten with its password or tokens."""
        self.identities.log_out()

    def on_remembered_list_forget(self, event: RememberedList.Forget) -> None:
        self.identities.forget(event.identity)

    def _use_identity(self, identity: Identity | None) -> None:
        self.identity = identity

    def action_help(self) -> None:
        from agora.ui.screens.help import HelpScreen, key_groups

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(key_groups(self, self.config.keymap)))
