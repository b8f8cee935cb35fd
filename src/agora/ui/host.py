"""What screens and widgets may ask of the app, typed: :func:`host` and :func:`library_of`.

Textual types ``node.app`` as a plain ``App``; screens need agora's own parts of it (the
library, who the user comments as, the outbox). :class:`Host` names those parts, and
``AgoraApp`` provides them. A protocol rather than an import of the app class keeps the import
graph acyclic: the app imports the screens, never the other way round.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, cast

from agora.core.model import Identity

if TYPE_CHECKING:
    from textual.app import App

    from agora.core.model import ArticleList, Draft
    from agora.service.config import Config
    from agora.service.library import Library
    from agora.service.prefetch import Prefetch
    from agora.service.sites import Site
    from agora.ui.draft_keeper import DraftKeepers
    from agora.ui.outbox_worker import OutboxSender

IdentityCallback = Callable[[Identity], None]


class Host(Protocol):
    """The app as its screens see it."""

    library: Library
    #: config.toml's settings (its [keymap] names the keys the screens mention).
    config: Config
    #: Who comments are posted as (a reactive on the app; screens watch it).
    identity: Identity | None
    drafts: DraftKeepers
    #: The article list, read ahead while the app was loading.
    first_list: Prefetch[ArticleList] | None
    outbox: OutboxSender

    def choose_identity(
        self, then: IdentityCallback | None = None, *, site: int | None = None
    ) -> None: ...
    def log_out(self) -> None: ...
    def open_article(self, article_id: int, select: int | None = None) -> None: ...
    def open_draft(self, draft: Draft) -> None: ...
    def open_moderation(self, site: Site) -> None: ...
    def open_sources(self) -> None: ...
    def action_sync(self) -> None: ...
    def action_search(self) -> None: ...
    def action_inbox(self) -> None: ...


class InApp(Protocol):
    """Anything that belongs to a running app: a screen, a widget, a palette provider."""

    @property
    def app(self) -> App[Any]: ...


def host(node: InApp) -> Host:
    """The agora app that ``node`` belongs to."""
    return cast("Host", node.app)


def library_of(node: InApp) -> Library:
    """The library of the app that ``node`` belongs to."""
    return host(node).library
