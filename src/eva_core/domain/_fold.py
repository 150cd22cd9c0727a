"""Folding text for comparison: the domain's name lookups and the search's analyzer agree on it."""

from __future__ import annotations

import unicodedata

__all__ = ["fold"]


def fold(text: str) -> str:
    """Lower case without accents: ``Oriëntatie`` becomes ``orientatie``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
