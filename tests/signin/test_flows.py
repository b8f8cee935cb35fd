"""agora's OAuth 2.1 / OpenID Connect client against a real authorization server
(oidc-provider on loopback): discovery, dynamic registration, both flows, and their failures."""

from __future__ import annotations

import asyncio
import threading
from dataclasses import replace
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from agora.signin import browser, device, grants
from agora.signin.metadata import ServerMetadata, check_url, discover
from agora.signin.oauth_client import OAuthClient
from agora.signin.prompt import Prompt
from agora.signin.registration import register
from agora.signin.signin_error import SignInError
from tests.signin.oidc import Browser, OidcServer, free_port

SCOPES = ("openid", "profile", "email", "offline_access")


async def client_for(server: OidcServer) -> OAuthClient:
    async with httpx.AsyncClient() as http:
        meta = await discover(http, server.issuer)
        client_id = await register(http, meta)
    return OAuthClient(meta, client_id, scopes=SCOPES)


def opener(server: OidcServer, **kw: object) -> tuple[list[httpx.Response], object]:
    """A stand-in for ``webbrowser.open`` that lets a real HTTP client do the user's part."""
    answers: list[httpx.Response] = []

    def open_(url: str) -> bool:
        user = Browser(server, **kw)  # type: ignore[arg-type]
        threading.Thread(target=lambda: answers.append(user.authorize(url)), daemon=True).start()
        return True

    return answers, open_


async def test_discovery_and_registration(oidc: OidcServer) -> None:
    async with httpx.AsyncClient() as http:
        meta = await discover(http, oidc.issuer + "/")
        assert meta.issuer == oidc.issuer
        assert meta.iss_parameter and meta.device_authorization_endpoint and meta.jwks_uri
        first, second = await register(http, meta), await register(http, meta)
    assert first and second and first != second


async def test_browser_sign_in_end_to_end(oidc: OidcServer) -> None:
    client = await client_for(oidc)
    answers, open_ = opener(oidc, account="ada")
    shown: list[Prompt] = []
    signed = await browser.sign_in(client, shown.append, browser=open_, wait=30)  # type: ignore[arg-type]
    assert shown[0].opened and shown[0].url.startswith(oidc.issuer + "/auth?")
    query = parse_qs(urlsplit(shown[0].url).query)
    assert query["code_challenge_method"] == ["S256"] and query["nonce"] and query["state"]
    assert answers[0].status_code == 200 and "close this tab" in answers[0].text
    assert signed.profile["sub"] == "ada" and signed.profile["email"] == "ada@example.test"
    assert signed.profile["website"] == "https://example.test/ada"
    assert signed.tokens.refresh_token and signed.tokens.access_token
    assert signed.tokens.access_token not in repr(signed) + repr(signed.tokens)
    assert signed.tokens.refresh_token not in signed.tokens.dump().replace(
        signed.tokens.refresh_token, ""
    )


async def test_no_browser_shows_the_address_to_copy(oidc: OidcServer) -> None:
    client = await client_for(oidc)
    shown: list[Prompt] = []

    def show(prompt: Prompt) -> None:
        shown.append(prompt)
        user = Browser(oidc)
        threading.Thread(target=user.authorize, args=(prompt.url,), daemon=True).start()

    signed = await browser.sign_in(client, show, browser=lambda url: False, wait=30)
    assert not shown[0].opened and "No browser could be opened" in shown[0].words()
    assert shown[0].url in shown[0].words()
    assert signed.profile["sub"] == "ada"


async def _code(
    oidc: OidcServer, client: OAuthClient, **kw: object
) -> tuple[browser.Pending, dict[str, str]]:
    """Run the browser half by hand: the pending sign-in and the answer the loopback got."""
    from agora.signin.loopback import Loopback

    async with Loopback() as loopback:
        pending = browser.start(client, loopback.redirect_uri)
        user = Browser(oidc, **kw)  # type: ignore[arg-type]
        await asyncio.to_thread(user.authorize, pending.url)
        answer = await loopback.wait(5)
    return pending, answer


async def test_wrong_verifier_is_refused(oidc: OidcServer) -> None:
    client = await client_for(oidc)
    pending, answer = await _code(oidc, client)
    with pytest.raises(SignInError) as caught:
        await browser.redeem(client, replace(pending, verifier=pending.verifier[::-1]), answer)
    assert caught.value.code == "invalid_grant" and "verifier" in str(caught.value)


async def test_replayed_code_is_refused(oidc: OidcServer) -> None:
    client = await client_for(oidc)
    pending, answer = await _code(oidc, client)
    await browser.redeem(client, pending, answer)
    with pytest.raises(SignInError) as caught:
        await browser.redeem(client, pending, answer)
    assert caught.value.code == "invalid_grant"


async def test_state_and_iss_are_checked(oidc: OidcServer) -> None:
    client = await client_for(oidc)
    pending, answer = await _code(oidc, client)
    assert answer["iss"] == oidc.issuer
    with pytest.raises(SignInError, match="wrong state"):
        await browser.redeem(client, pending, {**answer, "state": "forged"})
    with pytest.raises(SignInError, match="wrong iss"):
        await browser.redeem(client, pending, {k: v for k, v in answer.items() if k != "iss"})
    with pytest.raises(SignInError, match="wrong iss"):
        await browser.redeem(client, pending, {**answer, "iss": "https://evil.example"})


async def test_nonce_is_checked(oidc: OidcServer) -> None:
    client = await client_for(oidc)
    pending, answer = await _code(oidc, client)
    with pytest.raises(SignInError, match="ID token that fails its checks"):
        await browser.redeem(client, replace(pending, nonce="another"), answer)


async def test_denied_consent(oidc: OidcServer) -> None:
    client = await client_for(oidc)
    _, open_ = opener(oidc, consent=False)
    with pytest.raises(SignInError) as caught:
        await browser.sign_in(client, lambda p: None, browser=open_, wait=30)  # type: ignore[arg-type]
    assert caught.value.code == "access_denied" and "declined" in str(caught.value)


async def test_provider_down() -> None:
    dead = f"http://127.0.0.1:{free_port()}"
    async with httpx.AsyncClient() as http:
        with pytest.raises(SignInError, match=r"cannot reach the sign-in server .* is down"):
            await discover(http, dead)


def test_plain_http_only_to_loopback() -> None:
    assert (
        check_url("http://127.0.0.1:9/x")
        and check_url("http://[::1]/")
        and check_url("https://a.b/")
    )
    for bad in ("http://example.com/token", "ftp://127.0.0.1/", "http://10.0.0.1/"):
        with pytest.raises(SignInError, match="https"):
            check_url(bad)
    doc = {
        "issuer": "https://a.example",
        "authorization_endpoint": "https://a.example/auth",
        "token_endpoint": "http://a.example/token",
    }
    with pytest.raises(SignInError, match="https"):
        ServerMetadata.from_document(doc, "https://a.example")


async def test_refresh_rotates_and_the_old_one_is_dead(oidc: OidcServer) -> None:
    client = await client_for(oidc)
    _, open_ = opener(oidc)
    signed = await browser.sign_in(client, lambda p: None, browser=open_, wait=30)  # type: ignore[arg-type]
    fresh = await grants.refresh(client, signed.tokens)
    assert fresh.refresh_token != signed.tokens.refresh_token
    assert fresh.access_token != signed.tokens.access_token
    assert (await grants.userinfo(client, fresh.access_token))["sub"] == "ada"
    with pytest.raises(SignInError) as caught:
        await grants.refresh(client, signed.tokens)  # the rotated-out token: reuse kills the grant
    assert caught.value.again


async def test_revoked_token_asks_to_sign_in_again(oidc: OidcServer) -> None:
    client = await client_for(oidc)
    _, open_ = opener(oidc)
    signed = await browser.sign_in(client, lambda p: None, browser=open_, wait=30)  # type: ignore[arg-type]
    assert await grants.revoke(client, signed.tokens)
    with pytest.raises(SignInError) as caught:
        await grants.userinfo(client, signed.tokens.access_token)
    assert caught.value.again and "sign in again" in str(caught.value)
    with pytest.raises(SignInError) as caught:
        await grants.refresh(client, signed.tokens)
    assert caught.value.again


def _device_user(oidc: OidcServer, **kw: object) -> tuple[list[Prompt], object]:
    shown: list[Prompt] = []

    def show(prompt: Prompt) -> None:
        shown.append(prompt)
        user = Browser(oidc, **kw)  # type: ignore[arg-type]
        threading.Thread(target=user.confirm_device, args=(prompt.code,), daemon=True).start()

    return shown, show


async def test_device_flow_end_to_end_with_slow_down(oidc: OidcServer) -> None:
    client = await client_for(oidc)
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)
        await asyncio.sleep(0.3)  # the real wait, shortened: the intervals asked for are checked

    shown, show = _device_user(oidc)
    oidc.slow_down(1)
    signed = await device.sign_in(client, show, sleep=sleep)  # type: ignore[arg-type]
    assert shown[0].url == f"{oidc.issuer}/device" and len(shown[0].code) == 9
    assert "enter the code" in shown[0].words()
    assert waits[:2] == [5.0, 10.0]  # no interval given: 5 s; slow_down adds 5 s
    assert signed.profile["sub"] == "ada" and signed.tokens.access_token


async def test_device_flow_denied(oidc: OidcServer) -> None:
    client = await client_for(oidc)
    _, show = _device_user(oidc, consent=False)

    async def sleep(seconds: float) -> None:
        await asyncio.sleep(0.3)

    with pytest.raises(SignInError) as caught:
        await device.sign_in(client, show, sleep=sleep)  # type: ignore[arg-type]
    assert caught.value.code == "access_denied"


async def test_device_code_expires() -> None:
    server = OidcServer(device_ttl=1)
    try:
        client = await client_for(server)

        async def sleep(seconds: float) -> None:
            await asyncio.sleep(1.2)

        with pytest.raises(SignInError) as caught:
            await device.sign_in(client, lambda p: None, sleep=sleep)
        assert caught.value.code == "expired_token" and "expired" in str(caught.value)
    finally:
        server.stop()


async def test_discovery_falls_back_to_rfc_8414() -> None:
    """A server with no OpenID Connect document is found by its RFC 8414 metadata (path-aware
    for an issuer with a path)."""
    asked: list[str] = []
    issuer = "https://auth.example/tenant"

    def answer(request: httpx.Request) -> httpx.Response:
        asked.append(str(request.url))
        if request.url.path == "/.well-known/oauth-authorization-server/tenant":
            return httpx.Response(
                200,
                json={
                    "issuer": issuer,
                    "authorization_endpoint": f"{issuer}/authorize",
                    "token_endpoint": f"{issuer}/token",
                    "code_challenge_methods_supported": ["S256"],
                },
            )
        return httpx.Response(404)

    async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as http:
        meta = await discover(http, issuer)
    assert asked == [
        f"{issuer}/.well-known/openid-configuration",
        "https://auth.example/.well-known/oauth-authorization-server/tenant",
    ]
    assert meta.token_endpoint == f"{issuer}/token" and not meta.iss_parameter
