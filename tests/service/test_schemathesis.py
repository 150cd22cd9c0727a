"""Schemathesis against the app's own OpenAPI document: no 500 on any generated input, and every response
conforms to the document (status, content type, schema). Hypothesis's profile (conftest) sets the examples."""

import pytest
import schemathesis
from hypothesis import settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from eva_core.demo import demo_catalogue
from eva_core.service import KeyRing, Role, ServiceOptions, create_app
from eva_core.storage import MemoryRepository, add_catalogue

ORGANISATION = "werk-en-inkomen-utrecht"


def _app():
    repository = MemoryRepository()
    add_catalogue(repository, demo_catalogue(), label="schemathesis")
    ring = KeyRing()
    keys = {role: ring.add(f"st-{role.value}", ORGANISATION, role) for role in Role}
    app = create_app(repository, keys=ring, options=ServiceOptions(per_minute=None, poll_interval=0.05))
    return app, keys


APP, KEYS = _app()
schema = schemathesis.openapi.from_asgi("/schema/openapi.json", APP)

CHECKS = (not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance)


@pytest.fixture(scope="module", autouse=True)
def _started():
    """What the app's startup does (index built, feed followed), without a second client around the app."""
    service = APP.state["service"]
    service.start()
    yield
    service.stop()


def _key_for(operation):
    role = (
        Role.PROFESSIONAL if operation.path in ("/match", "/search") or "why-not" in operation.path else Role.BEHEERDER
    )
    if operation.method.upper() == "PUT" and operation.path.endswith("/ratings"):
        role = Role.PROFESSIONAL
    return KEYS[role]


@schema.parametrize()
@settings(
    max_examples=max(5, settings.default.max_examples // 4)
)  # a quarter of the profile's: 23 operations, each a request
def test_no_server_error_and_responses_conform(case):
    case.headers = {**(case.headers or {}), "Authorization": f"Bearer {_key_for(case.operation)}"}
    case.call_and_validate(checks=CHECKS)
