"""Which sites the dialog's "Site account" tab offers: those whose engine takes a password."""

from __future__ import annotations

from agora.service.sites import Site, password_sites


def _site(sid: int, kind: str, options: dict[str, str] | None = None) -> Site:
    home = f"https://{kind}-{sid}.example"
    return Site(sid, kind, f"{kind} {sid}", home, f"{home}/wp-json/", options=options or {})


def test_wordpress_and_isso_take_a_password_wordpress_com_and_feeds_do_not() -> None:
    sites = [_site(1, "wordpress"), _site(2, "wpcom"), _site(3, "isso"), _site(4, "feed")]
    assert [s.id for s in password_sites(sites)] == [1, 3]
