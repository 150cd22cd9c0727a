"""Campaign: the web service is a public entry point for a client profile too (issue 11, item 10).

A profile of marker values goes through every operation that takes one; a broken profile full of them
(unknown keys, wrong types, an unknown place, a key twice, nesting too deep) is refused. The response
bodies, headers and log records are scanned for the markers.
"""

from __future__ import annotations

import json
import logging

import pytest

pytest.importorskip("litestar")

from litestar.testing import TestClient

from eva_core import Provider
from eva_core.demo import DEMO_TODAY, demo_catalogue
from eva_core.service import KeyRing, Role, ServiceOptions, create_app
from eva_core.service._routes import FACET_SIZE
from eva_core.storage import MemoryRepository, add_catalogue
from tests.helpers import an_instrument

BSN = "BSN123456782"
MARKERS = ("GM1680", "wijk-bsn-123456782", "doelgroep-bsn-223456781", "gebruikt-bsn-323456780", "7391.37", BSN)
"""Values no instrument of the demo holds: if one shows up, it came from the profile."""
PROFILE = {
    "needs": {"psychosociaal": 3},
    "tiles": ["maatschappelijk_fit"],
    "target_groups": ["doelgroep-bsn-223456781"],
    "used_instruments": ["gebruikt-bsn-323456780"],
    "criteria": {
        "place": {"municipality": "GM1680", "district": "wijk-bsn-123456782"},
        "max_costs": "7391.37",
        "published_on": DEMO_TODAY.isoformat(),
    },
}


@pytest.fixture(scope="module")
def service():
    ring = KeyRing()
    key = ring.add("prof", "werk-en-inkomen-utrecht", Role.PROFESSIONAL)
    repository = MemoryRepository()
    add_catalogue(repository, demo_catalogue(), label="campaign")
    app = create_app(repository, keys=ring, options=ServiceOptions(poll_interval=0.05))
    with TestClient(app) as client:
        yield client, {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}


def leaks(*texts: object) -> list[str]:
    said = " ".join(str(t) for t in texts)
    return [marker for marker in MARKERS if marker in said]


def post(service, path: str, body: bytes):
    client, headers = service
    response = client.post(path, content=body, headers=headers)
    return response, [response.text, dict(response.headers)]


def test_every_operation_that_takes_a_profile_keeps_it_out_of_responses_and_logs(service, caplog):
    caplog.set_level(logging.DEBUG)
    lenient = PROFILE | {"criteria": {"place": {"municipality": "GM1680"}, "published_on": DEMO_TODAY.isoformat()}}
    seen = []
    for profile in (PROFILE, lenient):
        for path, body in (
            ("/match", {"profile": profile, "limit": 50}),
            ("/instruments/jobcoaching-utrecht/why-not", {"profile": profile}),
            ("/search", {"text": "coaching", "profile": profile, "limit": 50}),
        ):
            response, texts = post(service, path, json.dumps(body).encode())
            assert 200 == response.status_code, response.text
            seen += texts

    assert [] == leaks(*seen)
    assert [] == leaks(*[r.getMessage() for r in caplog.records], *[repr(r.args) for r in caplog.records])


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (json.dumps({"profile": {"needs": {BSN: 1}, BSN: 2, "tiles": [BSN]}}).encode(), 422),
        (json.dumps({"profile": {"criteria": {"max_costs": BSN, "place": {"municipality": 123456782}}}}).encode(), 422),
        (json.dumps({"profile": {"criteria": {"place": {"municipality": BSN}}}}).encode(), 422),
        (json.dumps({"profile": {"criteria": {"place": {"municipality": "GM1680"}}}}).encode()[:-1], 400),
        (f'{{"profile": {{"needs": {{"{BSN}": 1, "{BSN}": 2}}}}}}'.encode(), 400),
        (b'{"profile": ' + b"[" * 10_000 + json.dumps(BSN).encode() + b"]" * 10_000 + b"}", 400),
    ],
    ids=["unknown-keys", "wrong-types", "unknown-place", "cut-off", "key-twice", "too-deep"],
)
def test_a_broken_profile_is_refused_without_its_values(service, caplog, body, status):
    caplog.set_level(logging.DEBUG)
    for path in ("/match", "/instruments/jobcoaching-utrecht/why-not", "/search"):
        response, texts = post(service, path, body)

        assert status == response.status_code, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        assert "Traceback" not in response.text
        assert [] == leaks(*texts)
    assert [] == leaks(*[r.getMessage() for r in caplog.records], *[repr(r.args) for r in caplog.records])


def test_search_keeps_twenty_keys_per_keyed_facet_by_default_and_every_key_on_request():
    """The documented default (20) needs a catalogue with more keys than that: the demo has 14 providers."""
    providers = [Provider(id=f"aanbieder-{n:02d}", name=f"Aanbieder {n}") for n in range(25)]
    items = [an_instrument(id=f"instrument-{n:02d}", provider=providers[n % 25]) for n in range(30)]
    # 25 providers: 00 to 04 with two instruments, 05 to 24 with one
    ring = KeyRing()
    key = ring.add("prof", "werk-en-inkomen-utrecht", Role.PROFESSIONAL)
    repository = MemoryRepository()
    add_catalogue(repository, items, label="campaign")
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    with TestClient(create_app(repository, keys=ring, options=ServiceOptions(poll_interval=0.05))) as client:

        def facets(**body):
            response = client.post("/search", content=json.dumps(body | {"include_unpublished": True}), headers=headers)
            assert 200 == response.status_code, response.text
            return response.json()["facets"]

        default, every, most = facets(), facets(facet_size=None), facets(facet_size=1000)

    assert 20 == FACET_SIZE == len(default["providers"])
    kept = [f"aanbieder-{n:02d}" for n in range(20)]  # the five with 2 hits, then the first keys of those with 1
    assert kept == list(default["providers"])
    assert {"providers": 5} == default["others"]
    assert 25 == len(every["providers"])
    assert "others" not in every
    assert every == most  # the largest size keeps every key of this catalogue
