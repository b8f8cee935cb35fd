"""The Textual application: wiring, app-wide bindings and top-level actions only."""

from __future__ import annotations

from dataclasses import replace

from textual.app import App
from textual.binding import Binding

from agora.config import Config
from agora.model import Identity
from agora.service import Library
from agora.ui.screens.article import ArticleScreen
from agora.ui.screens.articles import ArticlesScreen
from agora.ui.screens.help import HelpScreen
from agora.ui.styles import stylesheet_paths


class AgoraApp(App[None]):
    """Read articles and take part in their discussions."""

    TITLE = "agora"
    CSS_PATH = stylesheet_paths()
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("tab", "app.focus_next", "Next pane", show=False, id="app.next_pane"),
        Binding(
            "shift+tab", "app.focus_previous", "Previous pane", show=False, id="app.previous_pane"
        ),
    ]

    def __init__(
        self, library: Library, config: Config | None = None, open_article: int | None = None
    ) -> None:
        super().__init__()
        self.library = library
        self.config = config or Config()
        self.initial_article = open_article
        self.identity: Identity | None = None

    def on_mount(self) -> None:
        if self.config.keymap:
            self.set_keymap(self.config.keymap)
        if self.config.theme and self.config.theme in self.available_themes:
            self.theme = self.config.theme
        self.identity = self.library.current_identity()
        self.push_screen(ArticlesScreen())
        if self.initial_article is not None:
            self.open_article(self.initial_article)

    def open_article(self, article_id: int, select: int | None = None) -> None:
        """Show an article and its discussion (optionally selecting one comment)."""
        self.push_screen(ArticleScreen(article_id, select))

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        keymap = self.config.keymap
        entries = []
        nodes = [("anywhere", self), (getattr(self.screen, "HELP_GROUP", "here"), self.screen)]
        nodes += [
            (getattr(w, "HELP_GROUP", "here"), w)
            for w in self.screen.query("*")
            if w.BINDINGS and w.can_focus
        ]
        seen: set[tuple[str, str]] = set()
        for where, node in nodes:
            for binding in node.BINDINGS:
                if not isinstance(binding, Binding) or (where, binding.action) in seen:
                    continue
                seen.add((where, binding.action))
                if binding.id and binding.id in keymap:
                    binding = replace(binding, key=keymap[binding.id])
                entries.append((where, binding))
        self.push_screen(HelpScreen(entries))
