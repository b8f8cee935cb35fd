"""``agora site`` and ``sync``, and the outbox side of ``agora post``.

Errors are :class:`~agora.core.errors.AgoraError` and reach the user as one line from
:func:`agora.cli.main.main`. Signing in and out: :mod:`agora.cli.signin_commands`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from agora.core.errors import AgoraError, InvalidInput
from agora.core.model import Comment

if TYPE_CHECKING:
    # The network side loads when a site command runs, not for every `agora` start.
    from agora.service.library import Library
    from agora.service.outbox import Delivery
    from agora.service.site_sync import SyncProgress

EXIT_ERROR = 2
COMMANDS = ("site", "sync")


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the site commands on the ``agora`` parser."""
    p = sub.add_parser("site", help="add or list WordPress sites")
    site_sub = p.add_subparsers(dest="site_command", metavar="ACTION", required=True)
    site_sub.add_parser("add", help="add a WordPress site by address").add_argument("url")
    site_sub.add_parser("list", help="list WordPress sites")

    p = sub.add_parser("sync", help="read new posts and comments, then send queued comments")
    p.add_argument("site", nargs="?", help="one site (id, name or address); default: all")
    p.add_argument(
        "--posts",
        type=int,
        metavar="N",
        help="how many newest posts (default 20; 0: known ones only)",
    )
    p.add_argument("--full", action="store_true", help="read every comment again")


def run(library: Library, args: argparse.Namespace) -> int:
    """Run one of :data:`COMMANDS`."""
    if args.command == "site":
        return _site_add(library, args.url) if args.site_command == "add" else _site_list(library)
    return _sync(library, args)


def _site_add(library: Library, url: str) -> int:
    from agora.service.sites import host_of, web_address

    url = web_address(url)
    print(f"Connecting to {host_of(url)}...", flush=True)
    site = library.add_site(url)
    print(site.name)
    print(f"added as site {site.id} ({site.home}); read it with: agora sync {site.id}")
    return 0


def _site_list(library: Library) -> int:
    for site in library.sites():
        synced = site.synced.strftime("%Y-%m-%d %H:%M") if site.synced else "never synced"
        print(f"{site.id:>4}  {site.name[:30]:<30}  {site.home}  ({synced})")
    return 0


def progress_bar(stream: TextIO, width: int = 24) -> Callable[[SyncProgress], None]:
    """A text progress bar: redrawn in place on a terminal, one line per step otherwise."""
    tty = stream.isatty()

    def show(step: SyncProgress) -> None:
        filled = width * step.done // step.total if step.total else width
        bar = "#" * filled + "." * (width - filled)
        line = f"{step.site[:24]} [{bar}] {step.done}/{step.total} {step.title[:40]}"
        if tty:
            stream.write("\r\x1b[K" + line + ("\n" if step.done >= step.total else ""))
        else:
            stream.write(line.rstrip() + "\n")
        stream.flush()

    return show


def _sync(library: Library, args: argparse.Namespace) -> int:
    if args.posts is not None and not 0 <= args.posts <= 1000:
        raise InvalidInput("--posts must be between 0 and 1000")
    if args.site is None and not library.sites():
        raise InvalidInput("no WordPress sites yet: add one with agora site add URL")
    report = library.sync(args.site, progress_bar(sys.stderr), posts=args.posts, full=args.full)
    for s in report.sites:
        if not s.error:
            removed = f", {s.comments_removed} removed" if s.comments_removed else ""
            print(
                f"{s.name}: {s.articles} article(s) ({s.articles_new} new), "
                f"{s.comments_new} new comment(s), {s.comments_updated} updated{removed}"
            )
    for delivery in report.deliveries:
        print(describe(delivery))
    for error in report.errors:
        print(f"agora: {error}", file=sys.stderr)
    return EXIT_ERROR if report.errors else 0


def describe(delivery: Delivery) -> str:
    """One line about a delivery: the local id and what happened."""
    text = f"{delivery.comment_id} {delivery.state}"
    return f"{text}: {delivery.message}" if delivery.message else text


def post_to_site(library: Library, comment: Comment) -> int:
    """Send a comment that ``library.post`` queued; print its id and state."""
    from agora.core.model import DeliveryState
    from agora.service.outbox import Delivery

    deliveries = library.send_outbox()
    mine = next((d for d in deliveries if d.comment_id == comment.id), None)
    for other in deliveries:
        if other is not mine:
            print(describe(other), file=sys.stderr)
    if mine is None:
        current = library.comment(comment.id)
        mine = Delivery(comment.id, DeliveryState.PENDING, current.status_reason)
    if mine.state == DeliveryState.RETURNED:
        raise AgoraError(f"{mine.message} (your text is kept as a draft)")
    print(describe(mine))
    return 0
