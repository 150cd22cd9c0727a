"""Test helpers shipped with eva_core: Hypothesis strategies for the format (needs ``eva_core[testing]``)."""

from eva_core.testing._contract import Opener, RepositoryContract, StoreFactory, repository_state_machine
from eva_core.testing._strategies import (
    Breakage,
    broken_documents,
    catalogues,
    client_profiles,
    criteria,
    instruments,
    organisations,
    places,
    providers,
    publication_windows,
    raw_instruments,
)

__all__ = [
    "Breakage",
    "Opener",
    "RepositoryContract",
    "StoreFactory",
    "broken_documents",
    "catalogues",
    "client_profiles",
    "criteria",
    "instruments",
    "organisations",
    "places",
    "providers",
    "publication_windows",
    "raw_instruments",
    "repository_state_machine",
]


def __dir__() -> list[str]:
    return __all__
