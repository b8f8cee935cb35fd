"""What the UI and the CLI ask for, from the store, the importers and the engines' loop."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from agora.core.article_sort import SORT_SETTING, ArticleView, valid_sort
from agora.core.errors import InvalidInput
from agora.core.model import GUEST, Article, ArticleEntry, ArticleList, Comment, Draft, Identity
from agora.core.text import sanitize_line
from agora.core.thread import Thread
from agora.core.validation import guest_errors, website_address
from agora.importers import parse_file
from agora.service.config import home_dir
from agora.service.engine_loop import EngineLoop
from agora.service.opened import OpenThread
from agora.service.secrets import Secrets
from agora.store import ImportResult, Store

if TYPE_CHECKING:
    # The network side (engines, httpx, the outbox's sender) loads on first use, not at start.
    from agora.service.moderation_queue import HeldComment
    from agora.service.outbox import Delivery, Outbox
    from agora.service.signins import SignIns
    from agora.service.site_sync import ProgressFn, SyncReport
    from agora.service.sites import Site
    from agora.store.fulltext import SearchHit

#: Setting: how many of a site's newest posts a sync reads.
POSTS_SETTING = "wordpress.posts"


class Library:
    """The user's articles and discussions, over one :class:`Store`."""

    def __init__(self, store: Store, secrets: Secrets | None = None) -> None:
        self.store = store
        self.secrets = secrets or Secrets()
        self.engines = EngineLoop()

    @cached_property
    def outbox(self) -> Outbox:
        """The queue of comments waiting to reach their sites."""
        from agora.service.outbox import Outbox

        return Outbox(self.store, self.secrets)

    @classmethod
    def open(cls, home: str | Path | None = None) -> Library:
        """Open the library in ``home`` (default: ``AGORA_HOME`` or the user data dir)."""
        return cls(Store(home_dir(home) / "agora.db"))

    def close(self) -> None:
        self.engines.close()
        self.store.close()

    # -- reading --------------------------------------------------------------------------
    def ensure_welcome(self) -> None:
        """On an empty store, add the welcome article and its sample discussion."""
        if self.store.articles.count() == 0:
            from agora.service.welcome import welcome_batch

            self.store.imports.add(welcome_batch())

    def article_entries(self) -> list[ArticleEntry]:
        """Every article as a list shows it (no bodies), newest first."""
        return self.store.articles.entries()

    def article_list(self, view: ArticleView | None = None) -> ArticleList:
        """The entries ``view`` picks (default: all, in the kept sort), and the unread counts."""
        view = view or ArticleView(valid_sort(self.store.settings.get(SORT_SETTING)))
        unread = self.store.read_state.unread_counts()
        return ArticleList(self.store.articles.entries(view), unread, view)

    def article(self, article_id: int) -> Article:
        return self.store.articles.get(article_id)

    def open_thread(self, article_id: int, body: bool = True) -> OpenThread:
        article = self.store.articles.get(article_id, body)
        columns = self.store.comments.thread_columns(article_id)
        return OpenThread(article, Thread.from_columns(*columns))

    def comments(self, ids: Iterable[int]) -> dict[int, Comment]:
        return self.store.comments.many(ids)

    def comment(self, comment_id: int) -> Comment:
        return self.store.comments.get(comment_id)

    def import_path(self, path: str | Path) -> ImportResult:
        """Parse and store one file (all or nothing)."""
        return self.store.imports.add(parse_file(path))

    def add_feed(self, url: str) -> ImportResult:
        """Subscribe to an RSS/Atom feed: its entries become articles (network)."""
        from agora.service.feed_follow import follow

        return follow(self.store, url)

    def refresh_feeds(self) -> list[tuple[str, ImportResult | str]]:
        """Fetch every subscribed feed again: (feed, result or error message) for each."""
        from agora.service.feed_follow import refresh_all

        return refresh_all(self.store)

    def export(self, article_id: int, fmt: str) -> str:
        """The article and its whole thread as ``json`` or ``md``."""
        from agora.service.export import render

        opened = self.open_thread(article_id)
        comments = self.store.comments.many(opened.thread.ids)
        return render(opened.article, opened.thread, comments, fmt)

    def search(self, text: str, limit: int = 50, article_id: int | None = None) -> list[SearchHit]:
        """Comments and articles matching ``text`` (phrases, ``prefix*``, ``author:name``)."""
        return self.store.search.hits(text, limit, article_id)

    def seen_until(self, article_id: int) -> int:
        return self.store.read_state.seen_until(article_id)

    def mark_seen(self, article_id: int, comment_id: int, also: Iterable[int] = ()) -> None:
        """Every comment up to ``comment_id`` has been shown, and ``also`` these above it."""
        self.store.read_state.mark_seen(article_id, comment_id, also)

    def unread_counts(self) -> dict[int, int]:
        return self.store.read_state.unread_counts()

    # -- identities -----------------------------------------------------------------------
    def current_identity(self) -> Identity | None:
        return self.store.identities.current()

    def identities(self) -> list[Identity]:
        return self.store.identities.all()

    def use_guest(
        self, name: str, email: str, website: str = "", *, make_current: bool = True
    ) -> Identity:
        """Validate guest details and remember them; make them the current identity unless
        ``make_current`` is False and there already is one (``agora post --name``)."""
        errors = guest_errors(name, email, website)
        if errors:
            raise InvalidInput(" ".join(errors.values()))
        identity = self.store.identities.add(
            GUEST, sanitize_line(name), sanitize_line(email), website_address(website)
        )
        if make_current or self.store.identities.current() is None:
            self.store.identities.set_current(identity)
        return identity

    def use_identity(self, identity: Identity | None) -> None:
        self.store.identities.set_current(identity)

    def use_no_identity(self) -> None:
        self.store.identities.set_current(None)

    def forget_identity(self, identity: Identity) -> str:
        """Forget it and its keyring entries, tokens revoked where possible (else a note)."""
        return self.signins.forget(identity)

    @cached_property
    def signins(self) -> SignIns:  # signing in over OAuth (site accounts, providers) and out
        from agora.service.signins import SignIns

        return SignIns(self.store, self.secrets, self.engines)

    # -- drafts ---------------------------------------------------------------------------
    def draft(
        self, article_id: int, parent_id: int | None, comment_id: int | None = None
    ) -> Draft | None:
        return self.store.drafts.get(article_id, parent_id, comment_id)

    def save_draft(
        self, article_id: int, parent_id: int | None, body: str, comment_id: int | None = None
    ) -> None:
        """Keep unsent text; an empty text removes the draft."""
        if body.strip():
            self.store.drafts.save(article_id, parent_id, body, comment_id)
        else:
            self.store.drafts.delete(article_id, parent_id, comment_id)

    def drafts(self) -> list[Draft]:
        return self.store.drafts.all()

    # -- writing --------------------------------------------------------------------------
    def post(
        self,
        article_id: int,
        parent_id: int | None,
        body: str,
        identity: Identity | None,
        *,
        from_draft: bool = False,
    ) -> Comment:
        """Post a comment on the article (or a reply to ``parent_id``) as ``identity``.
        ``from_draft``: the text is that target's draft, deleted in the same transaction that
        stores the comment (``agora post`` leaves a draft of the same target alone). On a
        site's article the comment is stored *pending* and queued for :meth:`send_outbox`."""
        from agora.service.writing import post

        return post(self.store, article_id, parent_id, body, identity, from_draft=from_draft)

    def edit(self, comment_id: int, body: str) -> Comment:
        """Change the text of one of the user's own comments (on its site too, signed in)."""
        from agora.service.writing import edit

        return edit(self.store, self.secrets, self.engines, comment_id, body)

    def check_change(self, comment_id: int, *, delete: bool = False) -> None:
        """Raise, saying why, when the comment's site will not let its account change it."""
        from agora.service.accounts import check_change

        check_change(self.store, self.secrets, self.engines, comment_id, delete=delete)

    def delete(self, comment_id: int) -> bool:
        """Delete an own comment (on its site too). False: it stays as a placeholder."""
        from agora.service.writing import delete

        return delete(self.store, self.secrets, self.engines, comment_id)

    def vote(self, comment_id: int, up: bool) -> tuple[int, int]:  # its likes and dislikes now
        from agora.service.accounts import vote

        return vote(self.store, self.engines, comment_id, up)

    def sites(self) -> list[Site]:
        from agora.service import sites

        return sites.sites(self.store)

    def site(self, ref: str | int) -> Site:
        """A site by source id, name or address (clear error when unknown)."""
        from agora.service.sites import resolve_site

        return resolve_site(self.store, ref)

    def add_site(self, url: str) -> Site:
        """Find the site at ``url`` with the engine that recognises it and remember it
        (network); a post's address also adds that post, which every sync then reads."""
        from agora.service.site_sync import add_site

        return add_site(self.store, self.engines, url)

    def sync(
        self,
        source_id: int | str | None = None,
        progress: ProgressFn | None = None,
        *,
        posts: int | None = None,
        full: bool = False,
        send: bool = True,
    ) -> SyncReport:
        """Read new posts and comments of one site (or every site), then send the outbox. A site
        that fails is reported in :attr:`SyncReport.sites` (``error``); the others go on.
        ``posts`` defaults to the ``wordpress.posts`` setting, else 20 (0: known posts only)."""
        from agora.service.site_sync import DEFAULT_POSTS, SyncReport, sync_sites

        targets = [self.site(source_id)] if source_id is not None else self.sites()
        if posts is None:
            posts = int(self.store.settings.get(POSTS_SETTING) or DEFAULT_POSTS)
        done = sync_sites(self.store, self.engines, targets, posts, full=full, progress=progress)
        return SyncReport(done, self.send_outbox(force=True) if send else [])

    def send_outbox(self, force: bool = False) -> list[Delivery]:
        """Send queued comments that are due (all of them with ``force``: at launch, on sync)."""
        if not self.store.outbox.any():
            return []  # nothing queued: the network side need not even load
        from agora.service.delivery import send_due

        return self.engines.run(lambda: send_due(self.outbox, self.engines, force=force))

    def login(
        self, site: str | int, username: str, password: str, session_only: bool = False
    ) -> Identity:
        """Sign in to a site (it checks the credentials), keep the secret in the OS keyring and use
        the account; NoSecureKeyring when there is none: offer ``session_only`` then."""
        from agora.service.accounts import login

        return login(self.store, self.secrets, self.engines, site, username, password, session_only)

    def sign_out(self, site: str | int) -> list[tuple[Identity, str]]:
        """Forget the site's accounts, passwords and tokens (:meth:`SignIns.forget`)."""
        return self.signins.logout_site(self.site(site))

    def moderation_queue(self, source_id: int | str) -> list[HeldComment]:
        """Comments awaiting moderation on the site (needs a moderator's account)."""
        from agora.service import moderation_queue as moderation

        return moderation.queue(self.store, self.secrets, self.engines, source_id)

    def moderate(self, source_id: int | str, remote_id: str | int, status: str) -> HeldComment:
        """Set a comment's status on the site: ``approved``, ``hold``, ``spam`` or ``trash``."""
        from agora.service import moderation_queue as moderation

        return moderation.moderate(
            self.store, self.secrets, self.engines, source_id, remote_id, status
        )
