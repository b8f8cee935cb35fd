"""``agora login``, ``logout`` and ``whoami``: signing in with an application password or over
OAuth (a site's WordPress.com account, a profile provider), and signing out for good.

An application password is read from stdin or a hidden prompt and never printed; tokens go
straight from the sign-in to the keyring. The browser is opened with ``webbrowser`` (which
honours ``$BROWSER``); the address is printed to copy when it cannot be, and ``--device``
prints a code to enter on any device instead.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from typing import TYPE_CHECKING

from agora.core.errors import InvalidInput, NotFound

if TYPE_CHECKING:
    from agora.service.library import Library
    from agora.signin.prompt import Prompt

COMMANDS = ("login", "logout", "whoami")
SESSION_ONLY = (
    "--session-only cannot work from the command line: the password would be kept only until "
    "this command ends, so the next command (agora post, agora sync) would not have it. Sign "
    "in inside the app (agora, then i for the identity dialog), where this session lasts until "
    "you quit it, or set up a keyring (Secret Service, KWallet or macOS Keychain)"
)


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the sign-in commands on the ``agora`` parser."""
    p = sub.add_parser(
        "login",
        help="sign in: to a site (application password, or --wordpress-com), or with a "
        "profile provider (--provider NAME)",
    )
    p.add_argument("site", nargs="?", help="the site's id, name or address")
    how = p.add_mutually_exclusive_group()
    how.add_argument("--user", metavar="NAME", help="WordPress user name (application password)")
    how.add_argument(
        "--wordpress-com",
        action="store_true",
        help="sign in with your WordPress.com account in the browser (OAuth)",
    )
    how.add_argument(
        "--provider",
        metavar="NAME",
        help="fill your guest details from a provider's verified profile: google, facebook, x, "
        "or one of [providers.NAME] in config.toml",
    )
    p.add_argument(
        "--device",
        action="store_true",
        help="no browser here: show a code to enter on another device (where offered)",
    )
    p.add_argument("--session-only", action="store_true", help=argparse.SUPPRESS)

    p = sub.add_parser(
        "logout", help="sign out and forget: keyring entries deleted, tokens revoked"
    )
    p.add_argument("site", nargs="?", help="the site's id, name or address")
    p.add_argument("--provider", metavar="NAME", help="forget a profile provider's sign-in")

    p = sub.add_parser("whoami", help="who you comment as, per site, and how you signed in")
    p.add_argument("--json", action="store_true", help="print a JSON array")


def run(library: Library, args: argparse.Namespace) -> int:
    """Run one of :data:`COMMANDS`."""
    if args.command == "whoami":
        return _whoami(library, args.json)
    if args.command == "logout":
        return _logout(library, args)
    if getattr(args, "session_only", False):
        raise InvalidInput(SESSION_ONLY)
    if args.provider:
        if args.site:
            raise InvalidInput("give either a site or --provider NAME, not both")
        identity = library.signins.provider_login(args.provider, show=_show, device=args.device)
        how = library.signins.how(identity)
        label = how.label if how else args.provider
        print(
            f"You are commenting using your {label} account ({identity.name}) — the site "
            "receives your name, email and profile address"
        )
        return 0
    if not args.site:
        raise InvalidInput("name the site to sign in to (or --provider NAME)")
    try:
        site = library.site(args.site)
    except NotFound:
        from agora.service.sites import shown_site

        shown = shown_site(args.site)
        raise InvalidInput(
            f"{shown} is not one of your sites: add it first with agora site add {shown}"
        ) from None
    if args.wordpress_com:
        print(f"Signing in to {site.name}...", file=sys.stderr, flush=True)
        identity = library.signins.site_login(site.id, show=_show, device=args.device)
        how = library.signins.how(identity)
        label = how.label if how else "WordPress.com"
        print(f"You are commenting using your {label} account ({identity.name}) on {site.name}")
        return 0
    if args.device:
        raise InvalidInput("--device goes with --wordpress-com or --provider")
    if not args.user:
        raise InvalidInput("give --user NAME (application password) or --wordpress-com")
    return _password_login(library, site.id, site.host, args.user)


def _show(prompt: Prompt) -> None:
    print(prompt.words(), file=sys.stderr, flush=True)
    if prompt.code and prompt.complete:
        print(f"(or open {prompt.complete})", file=sys.stderr, flush=True)
    print("Waiting for the sign-in to be confirmed...", file=sys.stderr, flush=True)


def _password_login(library: Library, site: int, host: str, user: str) -> int:
    if sys.stdin.isatty():
        import getpass

        password = getpass.getpass(f"Application password for {user}: ")
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    if not password.strip():
        raise InvalidInput("no application password given (type it, or pipe it on stdin)")
    print(f"Checking the password with {host}...", flush=True)
    identity = library.login(site, user, password)
    print(f"signed in to {library.site(identity.site).name} as {identity.name} ({user})")
    return 0


def _logout(library: Library, args: argparse.Namespace) -> int:
    if bool(args.site) == bool(args.provider):
        raise InvalidInput("give a site or --provider NAME")
    if args.provider:
        gone = library.signins.logout_provider(args.provider)
        where = args.provider
    else:
        site = library.site(args.site)
        gone = library.signins.logout_site(site)
        where = site.name
    if not gone:
        print(f"not signed in with {where}")
    for identity, note in gone:
        who = f"{identity.name} ({identity.username})" if identity.username else identity.name
        print(f"signed out and forgot {who}")
        if note:
            print(f"agora: {note}", file=sys.stderr)
    return 0


def _whoami(library: Library, as_json: bool) -> int:
    found = library.signins.whoami()
    if as_json:
        print(json.dumps([asdict(w) for w in found], ensure_ascii=False, indent=2))
        return 0
    if not found:
        print("nobody: comment as a guest, or sign in (agora login)")
    for who in found:
        mark = "*" if who.current else " "
        where = f" on {who.site}" if who.site else ""
        user = f" ({who.username})" if who.username else ""
        mail = f" <{who.email}>" if who.email else ""
        print(f"{mark} {who.name}{user}{mail}{where}: {who.how}")
    return 0
