import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from eva_core.search import AreaClassification

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"
"""The CBS 2021 snapshot beside the checkout: tests read it from there and never copy it."""

settings.register_profile("dev", max_examples=60, deadline=None)
settings.register_profile(
    "ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=False
)
settings.load_profile("ci" if os.environ.get("CI") else os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(scope="session")
def areas():
    if not REFERENCE.is_dir():
        pytest.skip(f"the CBS 2021 reference data is not at {REFERENCE}")
    return AreaClassification.from_json(
        REFERENCE / "cbs-2021-gemeenten.json", REFERENCE / "cbs-2021-arbeidsmarktregios.json", year=2021
    )
