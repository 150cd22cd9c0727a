from pathlib import Path

import pytest

from eva_core.search import AreaClassification

REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference"


@pytest.fixture(scope="session")
def areas():
    if not REFERENCE.is_dir():
        pytest.skip(f"the CBS 2021 reference data is not at {REFERENCE}")
    return AreaClassification.from_json(
        REFERENCE / "cbs-2021-gemeenten.json", REFERENCE / "cbs-2021-arbeidsmarktregios.json", year=2021
    )
