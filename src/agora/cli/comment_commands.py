"""``agora edit`` and ``agora delete``: what ``e`` and ``d`` do in the app, for scripts.

They go through the same service calls as the app (:meth:`Library.edit`,
:meth:`Library.delete`): your own comments only; a comment on a site is changed there
first, signed in, and one still waiting in the outbox is taken out of it."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from agora.service.library import Library

COMMANDS = {"edit", "delete"}


def add_parsers(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], id_type: Callable[[str], int]
) -> None:
    p = sub.add_parser("edit", help="change the text of your comment (body from --body or stdin)")
    p.add_argument("comment", type=id_type, metavar="COMMENT_ID")
    p.add_argument("--body", help="the new text (default: read from stdin)")
    p = sub.add_parser("delete", help="delete your comment (on its site too)")
    p.add_argument("comment", type=id_type, metavar="COMMENT_ID")


def run(library: Library, args: argparse.Namespace) -> int:
    if args.command == "edit":
        body = args.body if args.body is not None else sys.stdin.read()
        comment = library.edit(args.comment, body)
        print(f"Comment {comment.id} updated.")
        return 0
    removed = library.delete(args.comment)
    if removed:
        print(f"Comment {args.comment} deleted.")
    else:
        print(f"Comment {args.comment} deleted; a placeholder keeps its replies in place.")
    return 0
