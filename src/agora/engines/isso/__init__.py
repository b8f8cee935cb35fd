"""Isso (https://isso-comments.de), the comment server of static blogs: its JSON API, admin
pages and the blog pages that embed it. Only :mod:`agora.engines.registry` imports this."""
