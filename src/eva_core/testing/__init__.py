"""Test helpers shipped with eva_core: Hypothesis strategies for the format (needs ``eva_core[testing]``)."""

from eva_core.testing._strategies import (
    Breakage,
    broken_documents,
    instruments,
    organisations,
    providers,
    publication_windows,
    raw_instruments,
)

__all__ = [
    "Breakage",
    "broken_documents",
    "instruments",
    "organisations",
    "providers",
    "publication_windows",
    "raw_instruments",
]


def __dir__() -> list[str]:
    return __all__
