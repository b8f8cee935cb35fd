"""Where people sign in: the authorization server of a site's engine, and the profile
providers (Google, Facebook, X and any OpenID Connect issuer named in ``config.toml``).

A provider signs the user in and gives a verified profile that fills the guest details: no
public API lets an app comment *as* a Google, Facebook or X identity (Jetpack signs those
comments with the site's own key), so agora says plainly what the site receives.

``[providers.NAME]`` in ``config.toml``: ``issuer`` and ``client_id`` (left out where the
issuer offers dynamic registration), optionally ``client_secret`` (the not-confidential secret
of an installed app, which Google wants), ``label`` and ``scopes``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from agora.core.errors import AgoraError, InvalidInput

#: How the user registers a client id with each built-in provider.
_REGISTER = {
    "google": 'create an OAuth client of type "Desktop app" at '
    "https://console.cloud.google.com/apis/credentials, then write its client_id and "
    "client_secret (Google does not treat it as confidential for desktop apps) under "
    "[providers.google] in config.toml",
    "facebook": "create an app at https://developers.facebook.com/apps with Facebook Login, "
    "then write its app id as client_id under [providers.facebook] in config.toml",
    "x": "create a project and app at https://developer.x.com/en/portal/dashboard with OAuth 2.0 "
    '(type "Native App", callback http://127.0.0.1/callback), then write its client_id under '
    "[providers.x] in config.toml",
}
GOOGLE_PLUS = "Google+ closed in 2019: sign in with Google instead"


@dataclass(frozen=True, slots=True)
class Provider:
    """A profile provider: an issuer with discovery, or fixed endpoints (``endpoints``)."""

    name: str
    label: str
    issuer: str
    client_id: str = ""
    client_secret: str = ""
    scopes: tuple[str, ...] = ("openid", "profile", "email")
    endpoints: dict[str, str] = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"Provider({self.name!r}, {self.issuer!r}, client_id={self.client_id!r})"

    @property
    def needs_client_id(self) -> bool:
        """No client id, and no way to register one: fixed endpoints, or Google (whose
        discovery offers no registration)."""
        return not self.client_id and (bool(self.endpoints) or self.name == "google")

    @property
    def how_to_register(self) -> str:
        return _REGISTER.get(
            self.name,
            f"register a client with {self.issuer} and write its client_id under "
            f"[providers.{self.name}] in config.toml (or leave it out if {self.issuer} lets "
            "apps register themselves)",
        )


BUILT_IN = {
    "google": Provider("google", "Google", "https://accounts.google.com"),
    "facebook": Provider(
        "facebook",
        "Facebook",
        "https://www.facebook.com",
        scopes=("public_profile", "email"),
        endpoints={
            "authorization_endpoint": "https://www.facebook.com/v19.0/dialog/oauth",
            "token_endpoint": "https://graph.facebook.com/v19.0/oauth/access_token",
            "userinfo_endpoint": "https://graph.facebook.com/v19.0/me?fields=id,name,email,link",
        },
    ),
    "x": Provider(
        "x",
        "X (Twitter)",
        "https://x.com",
        scopes=("users.read", "tweet.read", "offline.access"),
        endpoints={
            "authorization_endpoint": "https://x.com/i/oauth2/authorize",
            "token_endpoint": "https://api.x.com/2/oauth2/token",
            "revocation_endpoint": "https://api.x.com/2/oauth2/revoke",
            "userinfo_endpoint": "https://api.x.com/2/users/me?user.fields=url,profile_image_url",
        },
    ),
}


def _read(home: Path) -> dict[str, Any]:
    path = home / "config.toml"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise AgoraError(f"cannot read {path}: {exc}") from None
    import tomllib

    try:
        table = tomllib.loads(text).get("providers", {})
    except tomllib.TOMLDecodeError as exc:
        raise AgoraError(f"cannot read {path}: {exc}") from None
    if not isinstance(table, dict):
        raise AgoraError(f"{path}: [providers] must be a table of [providers.NAME] tables")
    return table


def providers(home: Path) -> dict[str, Provider]:
    """The built-in providers with what ``config.toml`` sets for them, and the ones it adds."""
    found = dict(BUILT_IN)
    for name, table in _read(home).items():
        if not isinstance(table, dict):
            raise AgoraError(f"config.toml: [providers.{name}] must be a table")
        base = found.get(name) or Provider(name, str(table.get("label") or name), "")
        scopes = table.get("scopes")
        found[name] = replace(
            base,
            label=str(table.get("label") or base.label),
            issuer=str(table.get("issuer") or base.issuer),
            client_id=str(table.get("client_id") or base.client_id),
            client_secret=str(table.get("client_secret") or base.client_secret),
            scopes=tuple(str(s) for s in scopes) if isinstance(scopes, list) else base.scopes,
        )
        if not found[name].issuer:
            raise AgoraError(f"config.toml: [providers.{name}] needs an issuer")
    return found


def provider(home: Path, name: str) -> Provider:
    """The provider called ``name``; a clear error when there is none."""
    if name.lower() in ("google+", "googleplus", "google-plus"):
        raise InvalidInput(GOOGLE_PLUS)
    known = providers(home)
    if name not in known:
        raise InvalidInput(
            f"no sign-in provider called {name!r} (known: {', '.join(sorted(known))}); add one "
            f"as [providers.{name}] with its issuer in config.toml"
        )
    return known[name]


def guest_details(profile: dict[str, Any]) -> tuple[str, str, str, str]:
    """``(sub, name, email, website)`` from a verified profile: OpenID Connect claims, or the
    Graph API's (Facebook) or X's ``{"data": ...}`` answer. An email the provider says is not
    verified is left out; X gives none, and its profile address is ``https://x.com/USER`` when
    the user set no website."""
    doc: dict[str, Any] = profile["data"] if isinstance(profile.get("data"), dict) else profile
    sub = str(doc.get("sub") or doc.get("id") or "")
    name = str(doc.get("name") or doc.get("preferred_username") or doc.get("username") or "")
    email = str(doc.get("email") or "") if doc.get("email_verified") is not False else ""
    website = str(
        doc.get("website") or doc.get("profile") or doc.get("link") or doc.get("url") or ""
    )
    if not website and doc.get("username"):
        website = f"https://x.com/{doc['username']}"
    return sub, name or sub, email, website
