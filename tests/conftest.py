"""Hypothesis profiles, the slow-test switch and the shared area classification.

Profiles own how many examples a property test runs; no test sets ``max_examples`` itself.

* ``dev`` (the default): few examples, for a quick loop while working;
* ``ci`` (chosen by ``CI=true``): the thorough run, ten times the examples and longer state machines.

Tests whose every example makes and fills a store take an eighth of the profile's number (see
``eva_core.testing``'s contract); the rest take it whole.

``HYPOTHESIS_PROFILE=ci`` picks the thorough profile without the rest of CI's behaviour. Tests marked
``slow`` (processes killed on purpose, and the like) run under ``CI=true`` or with ``--slow``.
"""

import os

import pytest
from hypothesis import HealthCheck, settings

from eva_core.areas import bundled_areas

IN_CI = os.environ.get("CI", "").lower() == "true"

settings.register_profile("dev", max_examples=20, stateful_step_count=10, deadline=None)
settings.register_profile(
    "ci",
    max_examples=200,
    stateful_step_count=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.load_profile("ci" if IN_CI else os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def pytest_addoption(parser):
    parser.addoption("--slow", action="store_true", help="also run tests marked slow (CI=true always does)")


def pytest_collection_modifyitems(config, items):
    if IN_CI or config.getoption("--slow"):
        return
    skip = pytest.mark.skip(reason="slow: runs under CI=true or with --slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def areas():
    """The bundled CBS classification (2023), as eva_core uses it by default."""
    return bundled_areas()
