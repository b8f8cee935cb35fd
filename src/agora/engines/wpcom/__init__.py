"""Sites hosted at WordPress.com behind the engine protocol (:mod:`agora.engines.base`).

WordPress.com runs WordPress, so this engine builds on :mod:`agora.engines.wordpress`: its
reader, thread sync, conversion and markup read the site through WordPress.com's
``/wp/v2/sites/$site/`` routes (:mod:`.hosted_reader`), and its WordPress.com session writes through
the v1.1 API with the account's OAuth token. :mod:`.hosted_site` tells a WordPress.com site from a
self-hosted one; :mod:`.hosted_engine` is what the registry hands out.
"""
