"""The ``agora`` command: the TUI by default, plus commands for scripts."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence

from agora import __version__
from agora.cli import comment_commands as cli_comments
from agora.cli import feed_commands as cli_feeds
from agora.cli import inbox_commands as cli_inbox
from agora.cli import signin_commands as cli_signin
from agora.cli import site_commands as cli_sites
from agora.cli.columns import fit
from agora.cli.gc_pause import settle
from agora.core.errors import AgoraError, ImportFailed
from agora.core.humanize import plural
from agora.core.model import CommentStatus, Identity
from agora.core.text import sanitize_line
from agora.service.library import Library

EXIT_ERROR = 2
#: Exit status when a draft could not be saved before quitting (its text went to stderr).
EXIT_UNSAVED = 3


#: The largest id SQLite can hold.
_MAX_ID = 2**63 - 1


def _id(text: str) -> int:
    """An article or comment id on the command line: a whole number SQLite can hold."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an id: {text!r}") from None
    if not 1 <= value <= _MAX_ID:
        raise argparse.ArgumentTypeError(f"no such id: {value}")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="agora", description="Read articles and take part in their discussions."
    )
    parser.add_argument("--home", metavar="DIR", help="keep all state in DIR (or set AGORA_HOME)")
    parser.add_argument("--version", action="version", version=f"agora {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    sub.add_parser("open", help="open an article in the app").add_argument("article", type=_id)

    p = sub.add_parser("import", help="import saved pages, Markdown, HTML or WordPress exports")
    p.add_argument("paths", nargs="+", metavar="FILE")

    p = sub.add_parser("list", help="list articles")
    p.add_argument("--json", action="store_true", help="print a JSON array")

    p = sub.add_parser("export", help="print an article and its whole thread")
    p.add_argument("article", type=_id)
    p.add_argument("--format", choices=["json", "md"], default="json")

    p = sub.add_parser("search", help="search every article and comment")
    p.add_argument("query", nargs="+", help='words, "a phrase", prefix*, author:name')
    p.add_argument("--limit", type=int, default=50, help="at most this many hits (50)")
    p.add_argument("--json", action="store_true", help="print a JSON array")

    p = sub.add_parser("post", help="post a comment (body from --body or stdin)")
    p.add_argument("article", type=_id)
    p.add_argument("--parent", type=_id, metavar="COMMENT_ID")
    p.add_argument("--name")
    p.add_argument("--email")
    p.add_argument("--website", default="")
    p.add_argument("--body")
    cli_comments.add_parsers(sub, _id)
    cli_sites.add_parsers(sub)
    cli_signin.add_parsers(sub)
    cli_feeds.add_parsers(sub)
    cli_inbox.add_parsers(sub)
    return parser


def _err(message: str) -> int:
    print(f"agora: {message}", file=sys.stderr)
    return EXIT_ERROR


def _cmd_import(library: Library, paths: Sequence[str]) -> int:
    failed = 0
    for path in paths:
        try:
            result = library.import_path(path)
        except ImportFailed as exc:
            failed += 1
            _err(str(exc))
            continue
        print(
            f"{sanitize_line(path)}: {plural(len(result.article_ids), 'article')} "
            f"({result.articles_new} new, {result.articles_updated} updated), "
            f"{plural(result.comments_new, 'new comment')}, {result.comments_updated} updated"
        )
    return EXIT_ERROR if failed else 0


def _cmd_list(library: Library, as_json: bool) -> int:
    articles = library.article_entries()
    if as_json:
        rows = [
            {"id": a.id, "title": a.title, "source": a.source_name, "comments": a.comment_count}
            for a in articles
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for a in articles:
        count = plural(a.comment_count, "comment")
        print(f"{a.id:>5}  {count:>15}  {fit(a.source_name, 24)}  {a.title}")
    return 0


def _cmd_search(library: Library, args: argparse.Namespace) -> int:
    from agora.store.fulltext import MARK_END, MARK_START, MAX_HITS

    query = " ".join(args.query)
    if not query.strip():
        return _err("nothing to search for: give some words")
    if not 1 <= args.limit <= MAX_HITS:
        return _err(f"--limit must be between 1 and {MAX_HITS:,}")
    hits = library.search(query, args.limit)
    if args.json:
        rows = [
            {
                "article": h.article_id,
                "title": h.article_title,
                "comment": h.comment_id,
                "author": h.author,
                "snippet": h.snippet.replace(MARK_START, "").replace(MARK_END, ""),
            }
            for h in hits
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    bold = sys.stdout.isatty()
    for h in hits:
        snippet = " ".join(h.snippet.split())
        on, off = ("\x1b[1m", "\x1b[0m") if bold else ("", "")
        snippet = snippet.replace(MARK_START, on).replace(MARK_END, off)
        where = f"{h.article_id}#{h.comment_id}" if h.comment_id else f"{h.article_id}"
        print(f"{where:>10}  {fit(h.author, 20)}  {snippet}")
    if not hits:
        print("no matches", file=sys.stderr)
    return 0


def _cmd_post(library: Library, args: argparse.Namespace) -> int:
    body = args.body if args.body is not None else sys.stdin.read()
    identity: Identity | None
    if args.name or args.email:
        # Remembered, but the app keeps commenting as whoever it was (unless nobody).
        identity = library.use_guest(
            args.name or "", args.email or "", args.website, make_current=False
        )
    else:
        identity = library.current_identity()
        if identity is None:
            return _err("no identity: pass --name and --email (remembered for next time)")
    comment = library.post(args.article, args.parent, body, identity)
    if comment.status == CommentStatus.PENDING:  # a site's article: the outbox sends it
        return cli_sites.post_to_site(library, comment)
    print(comment.id)
    return 0


def _run_tui(library: Library, article_id: int | None) -> int:
    from agora.service.config import home_dir, load_config
    from agora.service.prefetch import Prefetch

    library.ensure_welcome()
    if article_id is not None:
        library.article(article_id)  # a clear error before the screen opens
    # SQLite reads the article list while Python imports Textual, most of the start-up.
    first_list = Prefetch(library.article_list)
    from agora.ui.app import AgoraApp

    settle()
    app = AgoraApp(
        library,
        config=load_config(home_dir()),
        open_article=article_id,
        first_list=first_list,
    )
    app.run()
    if left := app.drafts.flush():
        # The disk is still full (or read-only): give the text back rather than lose it.
        print(f"agora: {plural(len(left), 'draft')} could not be saved", file=sys.stderr)
        for keeper in left:
            print(f"agora: {keeper.problem}; here is its text:", file=sys.stderr)
            print(keeper.latest, file=sys.stderr)
        return EXIT_UNSAVED
    return app.return_code or 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command not in (None, "open"):
        settle()  # the TUI settles once it has imported Textual
    if args.home is not None:
        if not args.home.strip():  # e.g. --home "$UNSET": never fall back to the real home
            return _err("--home is empty: give the directory to keep agora's state in")
        os.environ["AGORA_HOME"] = args.home
    try:
        library = Library.open()
    except AgoraError as exc:
        return _err(str(exc))
    try:
        if args.command in (None, "open"):
            return _run_tui(library, getattr(args, "article", None))
        if args.command == "import":
            return _cmd_import(library, args.paths)
        if args.command == "list":
            return _cmd_list(library, args.json)
        if args.command == "export":
            print(library.export(args.article, args.format))
            return 0
        if args.command == "search":
            return _cmd_search(library, args)
        if args.command == "post":
            return _cmd_post(library, args)
        if args.command in cli_comments.COMMANDS:
            return cli_comments.run(library, args)
        if args.command in cli_sites.COMMANDS:
            return cli_sites.run(library, args)
        if args.command in cli_signin.COMMANDS:
            return cli_signin.run(library, args)
        if args.command in cli_feeds.COMMANDS:
            return cli_feeds.run(library, args)
        if args.command in cli_inbox.COMMANDS:
            return cli_inbox.run(library, args)
    except AgoraError as exc:
        return _err(str(exc))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. `agora list | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    finally:
        library.close()
    return 0  # pragma: no cover - argparse rejects unknown commands
