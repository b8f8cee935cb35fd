"""agora: read articles and take part in their comment discussions, from the terminal."""

__version__ = "0.1.0"
