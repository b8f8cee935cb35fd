"""A loopback HTTP server answering with WordPress.com's documented request and answer shapes
(``/work/shared/SIGNIN.md`` §2-3; wp/v2 as WordPress core, ``WORDPRESS.md``), and checking
every request agora makes against them.

WordPress.com cannot be reached from here, so this is what the WordPress.com engine's contract
tests talk to: a real HTTP server on ``127.0.0.1`` (stdlib ``http.server``, one thread per
request). It serves one site, blog id :data:`BLOG`, both as a custom-domain front page (``/``,
``/2024/05/01/hello/``) and through the API routes:

- ``GET  /rest/v1.1/sites/$site``, ``GET /rest/v1.1/me``
- ``GET  /wp/v2/sites/$site/{posts,comments,users}`` (core wp/v2 shapes and headers)
- ``POST /rest/v1.1/sites/$site/posts/$id/replies/new``, ``.../comments/$id/replies/new``
- ``GET|POST /rest/v1.1/sites/$site/comments/$id``, ``POST .../comments/$id/delete``
- ``GET  /rest/v1.1/sites/$site/posts/$id/replies``

Anything else is 404 and recorded in :attr:`ContractServer.violations`, as is a request whose
method, auth header or body does not have the documented shape. ``faults`` make a route answer
500, garbage or nothing at all.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

BLOG = 123
#: token -> (user id, login, display name, may moderate the site)
TOKENS = {
    "tok-ada": (7, "ada", "Ada Lovelace", False),
    "tok-mod": (9, "grace", "Grace Hopper", True),
}
_NOW = dt.datetime(2024, 5, 1, 10, 0, tzinfo=dt.UTC)


@dataclass
class Seen:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: Any


@dataclass
class Comment:
    id: int
    post: int
    parent: int
    author: int
    name: str
    content: str
    date: dt.datetime
    status: str = "approved"


@dataclass
class State:
    comments: dict[int, Comment] = field(default_factory=dict)
    next_id: int = 100
    seen: list[Seen] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    faults: dict[str, str] = field(default_factory=dict)  #: path regex -> 500|garbage|hang
    site_headers: dict[str, str] = field(default_factory=dict)
    generator: bool = True
    jetpack: bool = False


class ContractServer:
    """The server; use as a context manager. ``url`` is ``http://127.0.0.1:PORT``."""

    def __init__(self) -> None:
        self.state = State()
        self.lock = threading.Lock()
        for cid, parent, name in ((41, 0, "Ada"), (42, 41, "Bob"), (43, 0, "Cy")):
            when = _NOW + dt.timedelta(minutes=cid)
            self.state.comments[cid] = Comment(cid, 7, parent, 0, name, f"<p>Hi {cid}</p>", when)
        handler = type("Handler", (_Handler,), {"server_ref": self})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        serve = functools.partial(self.httpd.serve_forever, poll_interval=0.05)
        self.thread = threading.Thread(target=serve, daemon=True)

    def __enter__(self) -> ContractServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    @property
    def seen(self) -> list[Seen]:
        return self.state.seen

    @property
    def violations(self) -> list[str]:
        return self.state.violations

    def requests(self, method: str, path_part: str) -> list[Seen]:
        return [s for s in self.seen if s.method == method and path_part in s.path]

    # -- shapes ---------------------------------------------------------------------------------

    def v11_comment(self, c: Comment, moderator: bool) -> dict[str, Any]:
        """A comment as v1.1 sends it (SIGNIN.md §2)."""
        link = f"{self.url}/2024/05/01/hello/#comment-{c.id}"
        return {
            "ID": c.id,
            "post": {"ID": c.post, "title": "Hello", "type": "post", "link": "…"},
            "author": {
                "ID": c.author,
                "login": "",
                "email": False,
                "name": c.name,
                "first_name": "",
                "last_name": "",
                "nice_name": "",
                "URL": "https://ada.example",
                "avatar_URL": "…",
                "profile_URL": "https://gravatar.com/x",
                "ip_address": False,
            },
            "date": c.date.isoformat(),
            "URL": link,
            "short_URL": "…%23comment-1",
            "content": c.content + "\n",
            "raw_content": re.sub(r"<[^>]+>", "", c.content),
            "status": "approved" if c.status == "approved" else "unapproved",
            "parent": {"ID": c.parent, "type": "comment", "link": "…"} if c.parent else False,
            "type": "comment",
            "like_count": 0,
            "i_like": False,
            "meta": {"links": {"self": "…", "post": "…", "replies": "…"}},
            "can_moderate": moderator,
            "i_replied": False,
        }

    def wp_comment(self, c: Comment) -> dict[str, Any]:
        """A comment as core wp/v2 sends it (WORDPRESS.md)."""
        return {
            "id": c.id,
            "post": c.post,
            "parent": c.parent,
            "author": c.author,
            "author_name": c.name,
            "author_url": "",
            "date_gmt": c.date.strftime("%Y-%m-%dT%H:%M:%S"),
            "content": {"rendered": c.content},
            "link": f"{self.url}/2024/05/01/hello/#comment-{c.id}",
            "status": c.status,
            "type": "comment",
        }

    def wp_post(self) -> dict[str, Any]:
        return {
            "id": 7,
            "date_gmt": "2024-05-01T09:00:00",
            "modified_gmt": "2024-05-01T09:00:00",
            "link": f"{self.url}/2024/05/01/hello/",
            "title": {"rendered": "Hello"},
            "content": {"rendered": "<p>Hello world</p>"},
            "excerpt": {"rendered": ""},
            "author": 1,
            "comment_status": "open",
            "status": "publish",
            "type": "post",
        }


def _error(code: str, message: str) -> dict[str, str]:
    return {"error": code, "message": message}


class _Handler(BaseHTTPRequestHandler):
    server_ref: ContractServer
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def do_DELETE(self) -> None:
        self._serve("DELETE")

    def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        kind = "text/html" if isinstance(body, bytes) else "application/json"
        self.send_header("Content-Type", (headers or {}).pop("Content-Type", kind))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _serve(self, method: str) -> None:
        srv = self.server_ref
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        body: Any = raw.decode("utf-8", "replace")
        if "json" in self.headers.get("Content-Type", ""):
            try:
                body = json.loads(raw)
            except ValueError:
                srv.violations.append(f"{method} {parts.path}: body is not JSON")
        elif "form" in self.headers.get("Content-Type", ""):
            body = {k: v[0] for k, v in parse_qs(body).items()}
        seen = Seen(method, parts.path, parse_qs(parts.query), dict(self.headers), body)
        with srv.lock:
            srv.seen.append(seen)
            fault = next((f for p, f in srv.state.faults.items() if re.search(p, parts.path)), "")
        if fault == "hang":
            time.sleep(3)
            with contextlib.suppress(OSError):
                self._send(504, {})
            return
        if fault == "500":
            return self._send(500, _error("internal", "Internal Server Error"))
        if fault == "garbage":
            return self._send(200, b"<html>oops</html>", {"Content-Type": "application/json"})
        with srv.lock:
            status, answer, headers = self._route(srv, seen)
        self._send(status, answer, headers)

    def _route(self, srv: ContractServer, r: Seen) -> tuple[int, Any, dict[str, str]]:
        path = r.path
        auth = r.headers.get("Authorization", "")
        user = None
        if auth:
            if not auth.startswith("Bearer "):
                srv.violations.append(f"{r.method} {path}: Authorization is not a bearer token")
            user = TOKENS.get(auth.removeprefix("Bearer "))
            if user is None:
                return 400, _error("invalid_token", "The OAuth2 token is invalid."), {}
        site = rf"/rest/v1\.1/sites/(?:{BLOG}|127\.0\.0\.1(?:(?:%3A|:)\d+)?)"
        if r.method == "GET" and path in ("/", "/2024/05/01/hello/"):
            return self._page(srv, path)
        if r.method == "GET" and path == "/wp-json/":  # a self-hosted site's own REST index
            namespaces = ["oembed/1.0", "wp/v2"] + (["jetpack/v4"] if srv.state.jetpack else [])
            index = {
                "name": "Example",
                "description": "",
                "url": srv.url,
                "home": srv.url,
                "namespaces": namespaces,
                "authentication": {"application-passwords": {"endpoints": {}}},
            }
            return 200, index, {}
        if r.method == "GET" and path.startswith("/wp-json/wp/v2/"):
            return self._wp(srv, r, path.removeprefix("/wp-json/wp/v2/"))
        if r.method == "GET" and re.fullmatch(site, path):
            return (
                200,
                {
                    "ID": BLOG,
                    "name": "Example &amp; Co",
                    "URL": srv.url,
                    "jetpack": srv.state.jetpack,
                    "is_private": False,
                },
                {},
            )
        if r.method == "GET" and path == "/rest/v1.1/me":
            if user is None:
                return (
                    403,
                    _error(
                        "authorization_required",
                        "An active access token must be used to query information about the "
                        "current user.",
                    ),
                    {},
                )
            return 200, {"ID": user[0], "username": user[1], "display_name": user[2]}, {}
        if path.startswith(f"/wp/v2/sites/{BLOG}/"):
            if r.method != "GET":
                srv.violations.append(f"{r.method} {path}: agora writes only through v1.1")
            return self._wp(srv, r, path.removeprefix(f"/wp/v2/sites/{BLOG}/"))
        m = re.fullmatch(site + r"/(posts|comments)/(\d+)/replies/new", path)
        if m:
            return self._new(srv, r, user, m.group(1), int(m.group(2)))
        m = re.fullmatch(site + r"/comments/(\d+)(/delete)?", path)
        if m:
            return self._comment(srv, r, user, int(m.group(1)), bool(m.group(2)))
        m = re.fullmatch(site + r"/posts/(\d+)/replies", path)
        if m and r.method == "GET":
            after = r.query.get("after", [""])[0]
            since = dt.datetime.fromisoformat(after.replace("Z", "+00:00")) if after else None
            found = [
                c
                for c in srv.state.comments.values()
                if c.post == int(m.group(1)) and (since is None or c.date > since)
            ]
            found.sort(key=lambda c: c.date, reverse=r.query.get("order") != ["ASC"])
            moderator = bool(user and user[3])
            items = [srv.v11_comment(c, moderator) for c in found]
            return 200, {"found": len(items), "site_ID": BLOG, "comments": items}, {}
        if r.method == "POST" and path == "/wp-comments-post.php":
            c = self._add(
                srv,
                int(r.body["comment_post_ID"]),
                int(r.body["comment_parent"]),
                0,
                r.body["author"],
                r.body["comment"],
                "hold",
            )
            return (
                302,
                b"",
                {"Location": f"{srv.url}/2024/05/01/hello/?unapproved={c.id}#comment-{c.id}"},
            )
        srv.violations.append(f"{r.method} {path}: not a documented route")
        return 404, _error("unknown", "not a documented route"), {}

    def _page(self, srv: ContractServer, path: str) -> tuple[int, Any, dict[str, str]]:
        meta = '<meta name="generator" content="WordPress.com" />' if srv.state.generator else ""
        alternate = ""
        if path != "/":
            href = f"{srv.url}/wp-json/wp/v2/posts/7"
            alternate = f'<link rel="alternate" type="application/json" href="{href}" />'
        html = f"<html><head><title>Hello</title>{meta}{alternate}</head><body>hi</body></html>"
        api_link = {"Link": f'<{srv.url}/wp-json/>; rel="https://api.w.org/"'}
        return (
            200,
            html.encode(),
            {"Content-Type": "text/html; charset=UTF-8", **api_link, **srv.state.site_headers},
        )

    def _wp(self, srv: ContractServer, r: Seen, route: str) -> tuple[int, Any, dict[str, str]]:
        q = {k: v[0] for k, v in r.query.items()}
        if route == "posts/7":
            return 200, srv.wp_post(), {}
        if route == "posts":
            if "include" in q and "7" not in q["include"].split(","):
                return 200, [], {"X-WP-Total": "0", "X-WP-TotalPages": "0"}
            if int(q.get("page", 1)) > 1:
                return (
                    400,
                    {
                        "code": "rest_post_invalid_page_number",
                        "message": "…",
                        "data": {"status": 400},
                    },
                    {},
                )
            return 200, [srv.wp_post()], {"X-WP-Total": "1", "X-WP-TotalPages": "1"}
        if route == "users":
            return 200, [{"id": 1, "name": "Site Owner"}], {}
        if route == "comments":
            found = [c for c in srv.state.comments.values() if c.status == "approved"]
            if "post" in q:
                found = [c for c in found if c.post == int(q["post"])]
            if "include" in q:
                wanted = {int(i) for i in q["include"].split(",")}
                found = [c for c in found if c.id in wanted]
            if "after" in q:
                since = dt.datetime.fromisoformat(q["after"].replace("Z", "+00:00"))
                found = [c for c in found if c.date > since]
            key = (lambda c: c.id) if q.get("orderby") == "id" else (lambda c: c.date)
            found.sort(key=key, reverse=q.get("order", "desc") == "desc")
            per, page = int(q.get("per_page", 10)), int(q.get("page", 1))
            total = len(found)
            items = [srv.wp_comment(c) for c in found[(page - 1) * per : page * per]]
            pages = str(-(-total // per))
            return 200, items, {"X-WP-Total": str(total), "X-WP-TotalPages": pages}
        srv.violations.append(f"GET wp/v2 {route}: not a documented route")
        return 404, {"code": "rest_no_route", "message": "No route"}, {}

    @staticmethod
    def _add(
        srv: ContractServer,
        post: int,
        parent: int,
        author: int,
        name: str,
        content: str,
        status: str = "approved",
    ) -> Comment:
        srv.state.next_id += 1
        c = Comment(
            srv.state.next_id,
            post,
            parent,
            author,
            name,
            content,
            dt.datetime.now(dt.UTC).replace(microsecond=0),
            status,
        )
        srv.state.comments[c.id] = c
        return c

    def _new(
        self, srv: ContractServer, r: Seen, user: Any, kind: str, target: int
    ) -> tuple[int, Any, dict[str, str]]:
        if r.method != "POST":
            srv.violations.append(f"{r.method} {r.path}: replies/new is POST")
        if user is None:
            return (
                403,
                _error("authorization_required", "An active access token must be used to comment."),
                {},
            )
        content = r.body.get("content", "") if isinstance(r.body, dict) else ""
        if not isinstance(r.body, dict) or set(r.body) - {"content"}:
            srv.violations.append(f"POST {r.path}: body must be {{content}}: {r.body!r}")
        if not content:
            return 400, _error("invalid_input", "Invalid request input"), {}
        if kind == "posts":
            post, parent = target, 0
            if post != 7:
                return 404, _error("unknown_post", "Unknown post"), {}
        else:
            if target not in srv.state.comments:
                return 404, _error("unknown_comment", "Unknown comment"), {}
            post, parent = srv.state.comments[target].post, target
        if any(c.content == content and c.author == user[0] for c in srv.state.comments.values()):
            return (
                409,
                _error(
                    "comment_duplicate",
                    "Duplicate comment detected; it looks as though you&#8217;ve already "
                    "said that!",
                ),
                {},
            )
        c = self._add(srv, post, parent, user[0], user[2], content)
        return 200, srv.v11_comment(c, user[3]), {}

    def _comment(
        self, srv: ContractServer, r: Seen, user: Any, cid: int, delete: bool
    ) -> tuple[int, Any, dict[str, str]]:
        c = srv.state.comments.get(cid)
        if c is None:
            return 404, _error("unknown_comment", "Unknown comment"), {}
        moderator = bool(user and user[3])
        if r.method == "GET" and not delete:
            return 200, srv.v11_comment(c, moderator), {}
        if r.method != "POST":
            srv.violations.append(f"{r.method} {r.path}: v1.1 changes comments with POST")
        if not moderator:
            verb = "delete" if delete else "edit"
            return 403, _error("unauthorized", f"User cannot {verb} comment"), {}
        if delete:
            if c.status in ("trash", "spam"):
                del srv.state.comments[cid]
                return 200, {**srv.v11_comment(c, True), "status": "deleted"}, {}
            c.status = "trash"
            return 200, {**srv.v11_comment(c, True), "status": "trash"}, {}
        if not isinstance(r.body, dict) or not r.body.get("content"):
            return 400, _error("invalid_input", "Invalid request input"), {}
        c.content = r.body["content"]
        return 200, srv.v11_comment(c, True), {}
