"""Posting as a guest the way the site's own form does: ``POST /wp-comments-post.php``.

Success is only a redirect to ``...#comment-N`` (``?unapproved=N`` in it: held for
moderation); anything else is a failure carrying WordPress's own message, taken from its
``wp_die()`` page.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

from agora.core.text import sanitize_line
from agora.engines.wordpress.models import GuestPostResult, WordPressError, as_str, error_text
from agora.engines.wordpress.transport import parse_json

if TYPE_CHECKING:
    import httpx

    from agora.engines.wordpress.rest import RestClient

_WP_DIE = re.compile(
    r"<div[^>]*class=[\"'][^\"']*\bwp-die-message\b[^\"']*[\"'][^>]*>(.*?)</div>",
    re.S | re.I,
)
_BACK_LINK = re.compile(
    r"<p>\s*<a[^>]+href=[\"']javascript:history\.back\(\)[\"'].*?</p>", re.S | re.I
)
_BODY = re.compile(r"<body[^>]*>(.*?)(?:</body>|$)", re.S | re.I)
_COMMENT_ANCHOR = re.compile(r"^comment-(\d+)$")


async def post_guest_comment(
    rest: RestClient,
    post_id: int,
    parent: int,
    name: str,
    email: str,
    url: str,
    body: str,
) -> GuestPostResult:
    """Post through the classic comment form, as a guest (never with credentials).

    Raises WordPressError with WordPress's own message: ``transient`` for flood control (429)
    and server or network trouble, permanent for duplicates (409), closed comments (403) and
    rejected fields (200).
    """
    target = rest.site_url + "/wp-comments-post.php"
    form = {
        "comment_post_ID": str(int(post_id)),
        "comment_parent": str(int(parent or 0)),
        "author": name,
        "email": email,
        "url": url or "",
        "comment": body,
    }
    try:
        # An Accept naming JSON would make wp_die() answer in (mangled) JSON.
        response = await rest.send(
            "POST",
            target,
            form=form,
            idempotent=False,
            auth=False,
            headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"},
        )
    except WordPressError as exc:
        if exc.outcome_unknown:
            exc.message = f"{exc.message}; the comment may or may not have been posted"
            exc.args = (exc.message,)
        raise
    return _guest_result(response)


def wp_die_message(html: str) -> str:
    """The message of a ``wp_die()`` page, as text, without the "« Back" link."""
    match = _WP_DIE.search(html)
    if match:
        fragment = match.group(1)
    else:
        body = _BODY.search(html)
        fragment = body.group(1) if body else html
    fragment = _BACK_LINK.sub("", fragment)
    return error_text(fragment)


def _guest_result(response: httpx.Response) -> GuestPostResult:
    status = response.status_code
    location = response.headers.get("location", "")
    if status in (301, 302, 303, 307) and location:
        parts = urlsplit(location)
        match = _COMMENT_ANCHOR.match(parts.fragment)
        if match:
            comment_id = int(match.group(1))
            held = str(comment_id) in parse_qs(parts.query).get("unapproved", [])
            return GuestPostResult(comment_id=comment_id, held=held, location=location)
        raise WordPressError(
            f"WordPress did not accept the comment (it redirected to "
            f"{sanitize_line(location)[:200]})",
            status=status,
        )
    message = ""
    if "json" in response.headers.get("content-type", ""):
        try:
            data = parse_json(response.text)
        except ValueError:
            data = None
        if isinstance(data, dict):
            message = error_text(as_str(data.get("message")))
    elif response.text.strip():
        message = wp_die_message(response.text)
    transient = status == 429 or status >= 500
    if not message:
        message = (
            f"WordPress refused the comment without saying why (HTTP {status}); "
            "the post may not exist or may not accept comments"
        )
    code = {409: "comment_duplicate", 429: "comment_flood", 403: "comment_closed"}.get(status)
    raise WordPressError(message, code=code, status=status, transient=transient)
