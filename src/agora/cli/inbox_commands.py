"""``agora replies``: replies to your comments and comments that mention you."""

from __future__ import annotations

import argparse
import json
import sys

from agora.core.humanize import plural
from agora.service.library import Library

COMMANDS = {"replies"}


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("replies", help="list replies to your comments and mentions of you")
    p.add_argument("--json", action="store_true", help="print a JSON array")


def run(library: Library, args: argparse.Namespace) -> int:
    from agora.service.replies import as_json, replies

    entries = replies(library)
    if args.json:
        print(json.dumps([as_json(e) for e in entries], ensure_ascii=False, indent=2))
        return 0
    if not entries:
        print("No replies to you yet.", file=sys.stderr)
        return 0
    unread = sum(e.unread for e in entries)
    print(f"{plural(len(entries), 'reply', 'replies')}, {unread:,} unread", file=sys.stderr)
    for e in entries:
        when = e.created.strftime("%Y-%m-%d %H:%M") if e.created else "—"
        text = " ".join(e.text.split())
        where = f"{e.article_id}#{e.comment_id}"
        mark = "•" if e.unread else " "
        print(
            f"{mark} {where:>10}  {when:<16}  {e.reason.value:<7}  {e.author_name[:20]:<20}  "
            f"{e.article_title[:30]}: {text[:80]}"
        )
    return 0
