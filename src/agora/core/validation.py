"""Checks on what the user types: comments and guest details."""

from __future__ import annotations

import re

from agora.core.model import COMMENT_MAX_CHARS
from agora.core.text import is_web_url, sanitize, sanitize_line

# WordPress's own column limits.
NAME_MAX = 245
EMAIL_MAX = 100
WEBSITE_MAX = 200

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
#: A host name with a dot (and maybe a port), then nothing or a path, query or fragment.
_BARE_HOST = re.compile(r"^(//)?[\w-]+(\.[\w-]+)+(:\d+)?([/?#]\S*)?$")


def website_address(website: str) -> str:
    """The website as stored and sent: ``example.org/zoe`` becomes ``https://example.org/zoe``
    (as WordPress adds a scheme to an address typed without one); anything else is kept as
    typed, on one line, for :func:`guest_errors` to judge."""
    text = sanitize_line(website).strip()
    if text and "://" not in text and _BARE_HOST.match(text):
        return "https:" + text if text.startswith("//") else "https://" + text
    return text


def comment_error(body: str) -> str | None:
    """Why ``body`` cannot be posted, or None when it can."""
    clean = sanitize(body)
    if not clean.strip():
        return "A comment cannot be empty."
    if len(clean) > COMMENT_MAX_CHARS:
        return (
            f"This comment is {len(clean):,} characters long; the limit is {COMMENT_MAX_CHARS:,}."
        )
    return None


def guest_errors(name: str, email: str, website: str) -> dict[str, str]:
    """Field name -> message for each guest detail that is not acceptable."""
    errors: dict[str, str] = {}
    name = sanitize_line(name)
    email = sanitize_line(email)
    website = website_address(website)
    if not name:
        errors["name"] = "Name is required."
    elif len(name) > NAME_MAX:
        errors["name"] = f"Name is too long ({len(name)} of at most {NAME_MAX} characters)."
    if not email:
        errors["email"] = "Email is required."
    elif len(email) > EMAIL_MAX or not _EMAIL.match(email):
        errors["email"] = "Enter a valid email address, like jane@example.org."
    if website and (len(website) > WEBSITE_MAX or not is_web_url(website)):
        errors["website"] = "Website must be a web address, like example.org/you."
    return errors
