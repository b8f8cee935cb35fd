"""Signing in with OAuth 2.1 / OpenID Connect, on Authlib: the floor of the engines.

:mod:`.metadata` finds a server from its ``.well-known`` metadata, :mod:`.registration`
registers agora as a public client (RFC 7591), :mod:`.browser` runs the authorization code
flow with PKCE on a loopback redirect (RFC 8252), :mod:`.device` the device authorization
grant (RFC 8628), :mod:`.tokens` refreshes, revokes and reads the user's profile, and
:mod:`.idtoken` checks an ID token against the server's keys. Nothing here keeps a token: the
service hands them to the keyring. Failures are :class:`~agora.signin.signin_error.SignInError`,
worded for the user.
"""
