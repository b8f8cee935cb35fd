"""Managing sources from the app: every site (of any engine) and feed with its account, last
sync and last error; adding one by its address, removing one, syncing one or all.

Nothing here knows one engine from another: the kinds come from the engine registry (and
``feed``), the labels from each engine. Call from worker threads: most of it is network.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from agora.core.errors import AgoraError, InvalidInput
from agora.core.humanize import plural
from agora.core.model import SourceKind
from agora.engines import registry
from agora.engines.base import EngineError
from agora.service.accounts import accounts
from agora.service.library import Library
from agora.service.site_sync import ProgressFn, SiteSync, SyncReport
from agora.service.sites import Site, find_site, host_of, site, sites, web_address
from agora.store.source_rows import Removal

FEED_LABEL = "Feed"


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """One source as the sources screen shows it."""

    id: int
    kind: str  #: an engine's name, or ``feed``
    label: str  #: the engine's label ("WordPress"), or "Feed"
    name: str
    address: str  #: a site's front page or a feed's address
    account: str  #: who you are signed in as there ('' for a guest; feeds have none)
    synced: datetime | None
    articles: int
    last_error: str

    @property
    def is_site(self) -> bool:
        return self.kind != SourceKind.FEED

    @property
    def host(self) -> str:
        return host_of(self.address)


def _label(kind: str) -> str:
    return FEED_LABEL if kind == SourceKind.FEED else registry.engine(kind).label


def source_list(library: Library) -> list[SourceInfo]:
    """Every site and feed, in the order they were added."""
    store = library.store
    known = {s.id: s for s in sites(store)}
    out = []
    for row in store.sources.summaries([*registry.names(), SourceKind.FEED]):
        account = ""
        if row.id in known:
            names = [i.name for i in accounts(store, known[row.id])]
            account = ", ".join(names)
        out.append(
            SourceInfo(
                row.id,
                row.kind,
                _label(row.kind),
                row.name,
                row.locator,
                account,
                row.synced,
                row.articles,
                row.last_error,
            )
        )
    return out


def source_info(library: Library, source_id: int) -> SourceInfo:
    found = [s for s in source_list(library) if s.id == source_id]
    if not found:
        raise InvalidInput(f"there is no source {source_id}")
    return found[0]


def add_source(library: Library, url: str) -> SourceInfo:
    """Add the site or feed at ``url``: each engine is asked first; an address no engine
    recognises is followed as a feed when it is one. The engine's own message otherwise (a
    site that cannot be reached says so, and is not tried as a feed)."""
    address = web_address(url)
    try:
        return source_info(library, library.add_site(address).id)
    except EngineError as exc:
        if exc.transient:
            raise
        engine_error = exc
    try:
        result = library.add_feed(address)
    except AgoraError as exc:
        first = str(engine_error).rstrip(".")
        if "is not an RSS or Atom feed" in str(exc):  # the parser's details help no one here
            raise InvalidInput(f"{first}. It is not a feed either.") from None
        raise InvalidInput(f"{first}. It is not a feed either: {exc}") from None
    return source_info(library, result.source_id)


def what_removal_does(library: Library, source: SourceInfo) -> tuple[Removal, str]:
    """What removing ``source`` takes away and keeps, in words (for the question)."""
    found = library.store.sources.removal(source.id)
    if found.articles:
        with_comments = f" with {plural(found.comments, 'comment')}" if found.comments else ""
        gone = (
            f"Its {plural(found.articles, 'article')}{with_comments} "
            f"{'is' if found.articles == 1 else 'are'} removed from agora."
        )
    else:
        gone = "It has no other articles to remove."
    kept = ["The site itself is not touched." if source.is_site else "The feed is not touched."]
    if found.kept:
        which = "The article" if found.kept == 1 else f"The {found.kept:,} articles"
        kept.append(
            f"{which} holding your drafts {'stays' if found.kept == 1 else 'stay'}, "
            f"drafts and all, under “{kept_name(source)}”."
        )
    if source.account:
        kept.append("Your account stays signed in until you sign out (o).")
    return found, " ".join([gone, *kept])


def kept_name(source: SourceInfo) -> str:
    return f"{source.name} (removed)"


def remove_source(library: Library, source_id: int) -> Removal:
    """Remove a site or feed with its articles (those holding a draft stay, the drafts with
    them). Refused while comments of yours there wait in the outbox."""
    source = source_info(library, source_id)
    found = library.store.sources.removal(source_id)
    if found.queued:
        raise InvalidInput(
            f"{plural(found.queued, 'comment')} of yours still wait to be sent to {source.name}: "
            "sync to send them, or delete them, then remove the site"
        )
    if source.is_site:
        library.engines.forget(site(library.store, source_id).address)
    return library.store.sources.remove(source_id, kept_name(source))


def _refresh_feed(library: Library, source: SourceInfo) -> SiteSync:
    try:
        result = library.add_feed(source.address)
    except AgoraError as exc:
        library.store.sources.set_error(source.id, str(exc))
        return SiteSync(source.id, source.name, error=str(exc))
    return SiteSync(
        source.id,
        source.name,
        len(result.article_ids),
        result.articles_new,
        result.comments_new,
        result.comments_updated,
    )


def sync_sources(
    library: Library, source_id: int | None = None, progress: ProgressFn | None = None
) -> SyncReport:
    """Sync one source (a site or a feed), or every site and feed; then send the outbox."""
    targets = source_list(library)
    if source_id is not None:
        targets = [s for s in targets if s.id == source_id]
    done: list[SiteSync] = []
    if any(s.is_site for s in targets):
        report = library.sync(source_id, progress, send=False)
        done += report.sites
    for feed in (s for s in targets if not s.is_site):
        done.append(_refresh_feed(library, feed))
    return SyncReport(done, library.send_outbox(force=True))


def sign_out(library: Library, source_id: int) -> list[str]:
    """Forget the site's accounts and their secrets (tokens revoked where the server allows);
    the names of those forgotten, each with the note of a revocation that failed."""
    target: Site | None = find_site(library.store, source_id)
    if target is None:
        raise InvalidInput("a feed has no account to sign out of")
    return [f"{i.name}: {note}" if note else i.name for i, note in library.sign_out(target.id)]
