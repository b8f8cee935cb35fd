"""Integration tests share the session-wide ``wordpress`` fixture from tests/conftest.py."""
