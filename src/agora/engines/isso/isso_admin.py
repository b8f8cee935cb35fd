"""Isso's moderation, as its admin page does it: sign in with ``POST /login/`` (the configured
password, answered with a signed ``admin-session`` cookie), read the pending comments from
``GET /admin/?mode=2`` (100 a page), and act through ``POST /id/N/activate/KEY`` or
``/id/N/delete/KEY``, where KEY is the signature the admin page gives each comment (Isso signs
the comment's id with its secret; only a signed-in admin sees it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from agora.core.text import sanitize, sanitize_line
from agora.engines.base import EngineError
from agora.engines.isso.isso_http import IssoClient, cookie_of

PAGE_SIZE = 100
_ID = re.compile(r"^isso-(\d+)$")
_KEY = re.compile(r"\(\s*\d+\s*,\s*'([^']+)'")


@dataclass(slots=True)
class AdminComment:
    """One comment as the admin page lists it (its text is the raw Markdown)."""

    id: int
    uri: str = ""
    title: str = ""
    author: str = ""
    website: str = ""
    text: str = ""
    key: str = ""
    pending: bool = False
    _parts: list[str] = field(default_factory=list)


class _AdminReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.comments: list[AdminComment] = []
        self._into = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        found = _ID.match(a.get("id", ""))
        if tag == "div" and "isso-comment" in a.get("class", "").split() and found:
            self.comments.append(AdminComment(int(found.group(1))))
            return
        if not self.comments:
            return
        current = self.comments[-1]
        ident = a.get("id", "")
        if tag == "a" and a.get("href", "").startswith("/") and not current.uri:
            current.uri = a["href"]
        elif ident == f"isso-author-{current.id}":
            self._into = "author"
        elif ident == f"isso-website-{current.id}":
            self._into = "website"
        elif ident == f"isso-text-{current.id}":
            self._into = "text"
        elif tag == "span" and "label-pending" in a.get("class", ""):
            current.pending = True
        elif tag == "a" and a.get("class") in ("validate", "delete"):
            key = _KEY.search(a.get("onclick", ""))
            if key:
                current.key = key.group(1)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("span", "pre"):
            self._into = ""

    def handle_data(self, data: str) -> None:
        if not self.comments:
            return
        current = self.comments[-1]
        if self._into == "author":
            current.author += data
        elif self._into == "website":
            current.website += data
        elif self._into == "text":
            current.text += data
        elif data.strip().startswith("Thread:") and not current.title:
            current.title = sanitize_line(data.strip()[len("Thread:") :].rstrip(" ("))


def read_admin_page(html: str) -> list[AdminComment]:
    reader = _AdminReader()
    reader.feed(html)
    reader.close()
    for c in reader.comments:
        c.author, c.website = sanitize_line(c.author), sanitize_line(c.website)
        c.text = sanitize(c.text)
    return reader.comments


async def sign_in(client: IssoClient, password: str) -> str:
    """The admin session cookie's value for ``password``; Isso's refusal otherwise."""
    response = await client.send("POST", client.url("/login/"), data={"password": password})
    found = cookie_of(response, "admin-session")
    if response.status_code >= 400:
        raise client.error(response)
    if found is None:
        raise EngineError(
            "Isso refused the admin password (or its admin interface is disabled: "
            "[admin] enabled = true in its configuration)"
        )
    return found[0]


async def pending(client: IssoClient, session: str) -> list[AdminComment]:
    """Every comment awaiting moderation, oldest first."""
    out: list[AdminComment] = []
    for page in range(1000):
        params = {"mode": "2", "page": str(page), "order_by": "created", "asc": "1"}
        response = await client.send(
            "GET", client.url("/admin/"), params=params, cookie=f"admin-session={session}"
        )
        if response.status_code >= 400:
            raise client.error(response)
        if 'name="password"' in response.text and "isso-comment" not in response.text:
            raise EngineError("the Isso admin session has expired; sign in again")
        found = [c for c in read_admin_page(response.text) if c.pending]
        out.extend(found)
        if len(found) < PAGE_SIZE:
            break
    return out


async def act(client: IssoClient, comment_id: int, action: str, key: str) -> str:
    """``activate`` or ``delete`` a comment with its admin key; Isso's answer."""
    response = await client.send(
        "POST", client.url(f"/id/{comment_id}/{action}/{key}"), idempotent=True
    )
    if response.status_code == 404 and action == "delete":
        return "already deleted"
    if response.status_code >= 400:
        raise client.error(response)
    return sanitize_line(response.text)
