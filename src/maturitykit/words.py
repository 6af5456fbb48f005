"""Counts in words, the one rule for every message, note and page: '1 item', '3 items', never 'item(s)'."""

from __future__ import annotations


def count(n: int, word: str, plural: str | None = None) -> str:
    """'1 item', '3 items', '0 items'; `plural` for a word that does not take an s ('1 body', '2 bodies')."""
    return f"{n} {word if n == 1 else (plural or word + 's')}"
