"""``agora feed``: subscribe to RSS/Atom feeds and refresh them."""

from __future__ import annotations

import argparse
import sys

from agora.service.library import Library
from agora.store import ImportResult

COMMANDS = {"feed"}


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("feed", help="subscribe to RSS/Atom feeds")
    feed_sub = p.add_subparsers(dest="feed_command", metavar="ACTION", required=True)
    feed_sub.add_parser(
        "add", help="subscribe to a feed; its entries become articles"
    ).add_argument("url")
    feed_sub.add_parser("refresh", help="fetch every subscribed feed again")


def _summary(name: str, result: ImportResult) -> str:
    return (
        f"{name}: {len(result.article_ids)} entries ({result.articles_new} new), "
        f"{result.comments_new} new comment(s)"
    )


def run(library: Library, args: argparse.Namespace) -> int:
    from agora.importers.feeds import shown_url

    if args.feed_command == "add":
        print(f"Fetching {shown_url(args.url)}...", file=sys.stderr)
        print(_summary(shown_url(args.url), library.add_feed(args.url)))
        return 0
    failed = 0
    outcomes = library.refresh_feeds()
    if not outcomes:
        print("No feeds yet: add one with agora feed add URL", file=sys.stderr)
    for url, outcome in outcomes:
        if isinstance(outcome, str):
            failed += 1
            print(f"agora: {shown_url(url)}: {outcome}", file=sys.stderr)
        else:
            print(_summary(shown_url(url), outcome))
    return 2 if failed else 0
