"""Text folding for search: case-, accent- and punctuation-insensitive matching."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z]+")

# Longest query the search accepts; longer input is cut, not rejected, so a pasted
# paragraph still finds what its first words name.
MAX_QUERY_LENGTH = 100


def fold(text: str) -> str:
    """Lower-case ASCII words separated by single spaces ("Ngurah-Rai, Bali" -> "ngurah rai bali")."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", ascii_only.casefold()).strip()


def query_tokens(query: object) -> list[str]:
    """The words of a search query, or [] for anything that is not usable text."""
    if not isinstance(query, str):
        return []
    return fold(query[:MAX_QUERY_LENGTH]).split()
