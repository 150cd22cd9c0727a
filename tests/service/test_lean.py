"""The lean path of ``/match`` and ``/search`` (the middleware calls the handler's function straight after the
key check) answers exactly as Litestar's handler does: the same status, content type and bytes, for good
bodies and for every kind of bad one, in both languages."""

import json

import pytest
from litestar.testing import TestClient

from eva_core.demo import DEMO_TODAY
from eva_core.service import ServiceOptions, create_app
from eva_core.service._app import LEAN

PROFILE = {
    "needs": {"basisvaardigheden": 2},
    "tiles": ["maatschappelijk_fit"],
    "criteria": {"place": {"municipality": "GM0344"}, "published_on": DEMO_TODAY.isoformat()},
}
BODIES = [
    ("/match", {"profile": PROFILE}),
    ("/match", {"profile": PROFILE, "limit": 3}),
    ("/match", {"profile": {}}),
    ("/match", {"profile": {"needs": {"geheim": 1}, "tiles": [7]}}),  # 422, fields named
    ("/match", {"limit": 3}),  # 422, profile required
    ("/match", {"profile": PROFILE, "limit": 0}),
    ("/match", [1, 2]),
    ("/search", {"text": "taal", "profile": PROFILE, "limit": 2}),
    ("/search", {"text": "werk", "criteria": {"tiles": ["werk_fit"]}, "facet_size": 1}),
    ("/search", {"facet_size": None, "facets": True, "include_unpublished": True}),
    ("/search", {"facets": False}),
    ("/search", {"text": 5}),
    ("/search", {"onbekend": 1}),
    ("/search", {"facet_size": 0}),
]
RAW = [b"{", b'{"a": 1, "a": 2}', b"[NaN]", b"\xff", b""]


def _answers(client, headers):
    answers = []
    for language in ({}, {"Accept-Language": "en"}):
        sent = [(path, json.dumps(body).encode()) for path, body in BODIES]
        sent += [(path, raw) for path in ("/match", "/search") for raw in RAW]
        for path, content in sent:
            response = client.post(path, content=content, headers=headers | language)
            answers.append((path, content, response.status_code, response.headers["content-type"], response.content))
    return answers


def _slow(monkeypatch, app, *paths):
    """Without the lean function, the middleware leaves the request to Litestar's handler."""
    for path in paths:
        handler = app.route_handler_method_map[path]["POST"]  # the app's own copy of the route handler
        assert handler.opt[LEAN] is not None
        monkeypatch.setitem(handler.opt, LEAN, None)


def test_the_lean_path_answers_as_the_handler_does(client, headers, monkeypatch):
    lean = _answers(client, headers["professional"])
    _slow(monkeypatch, client.app, "/match", "/search")
    slow = _answers(client, headers["professional"])

    assert slow == lean
    assert {200, 400, 422} == {status for _, _, status, _, _ in lean}


def test_a_body_past_the_limit_is_a_413_on_both_paths(repository, keys, monkeypatch):
    options = ServiceOptions(max_body=200, per_minute=None)
    key = {"Authorization": f"Bearer {keys[1]['professional']}"}
    big = json.dumps({"profile": PROFILE, "text": "x" * 300}).encode()
    with TestClient(create_app(repository, keys=keys[0], options=options)) as client:
        lean = client.post("/search", content=big, headers=key)
        _slow(monkeypatch, client.app, "/search")
        slow = client.post("/search", content=big, headers=key)

    assert 413 == lean.status_code == slow.status_code
    assert "too-large" == lean.json()["code"]
    assert lean.content == slow.content


@pytest.mark.parametrize("path", ["/match", "/search"])
def test_the_lean_path_still_needs_a_professionals_key(client, headers, path):
    assert 401 == client.post(path, content=b"{}").status_code
    assert 403 == client.post(path, content=b"{}", headers=headers["alleen-lezen"]).status_code
