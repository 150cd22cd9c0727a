"""An app over a memory repository holding the demo catalogue, with one key per role for two organisations."""

import pytest

pytest.importorskip("litestar")

from litestar.testing import TestClient

from eva_core.demo import demo_catalogue
from eva_core.service import KeyRing, Role, ServiceOptions, create_app
from eva_core.storage import MemoryRepository, add_catalogue

OWN = "werk-en-inkomen-utrecht"
OTHER = "sociaal-domein-amersfoort"


@pytest.fixture
def keys():
    ring = KeyRing()
    made = {
        "beheerder": ring.add("beheer", OWN, Role.BEHEERDER),
        "professional": ring.add("prof", OWN, Role.PROFESSIONAL),
        "alleen-lezen": ring.add("lezer", OWN, Role.READ_ONLY),
        "ander": ring.add("ander", OTHER, Role.BEHEERDER),
    }
    return ring, made


@pytest.fixture
def repository():
    repository = MemoryRepository()
    add_catalogue(repository, demo_catalogue(), label="test")
    return repository


@pytest.fixture
def client(repository, keys):
    app = create_app(repository, keys=keys[0], options=ServiceOptions(poll_interval=0.05))
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def headers(keys):
    """The Authorization header of each key, by role (``ander``: a beheerder of another organisation)."""
    return {name: {"Authorization": f"Bearer {key}"} for name, key in keys[1].items()}
