"""A client profile travels only in bodies: marker values never reach the access log, the application log or
an error body, and neither does an API key. The server is uvicorn with its access log on, as deployed."""

import json
import logging
import socket
import threading
import time

import httpx
import pytest
import uvicorn

from eva_core.demo import DEMO_TODAY
from eva_core.service import ServiceOptions, create_app

MARKERS = ("MARKER-GEBRUIKT-7F3A", "MARKER-DOELGROEP-91C2", "MARKER-KENMERK-55D0", "GM9876", "MARKERZOEK")


def _profile(**extra):
    return {
        "needs": {"basisvaardigheden": 2},
        "used_instruments": [MARKERS[0]],
        "target_groups": [MARKERS[1]],
        "criteria": {"place": {"municipality": "GM0344"}, "published_on": DEMO_TODAY.isoformat()},
        **extra,
    }


@pytest.fixture
def server(repository, keys):
    app = create_app(repository, keys=keys[0], options=ServiceOptions(poll_interval=0.05))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, access_log=True, log_level="info")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def test_markers_and_keys_stay_out_of_logs_and_error_bodies(server, keys, caplog):
    key = keys[1]["professional"]
    headers = {"Authorization": f"Bearer {key}"}
    requests = [
        ("/match", {"profile": _profile()}),
        ("/instruments/dagbesteding-zwolle/why-not", {"profile": _profile()}),
        ("/search", {"text": MARKERS[4], "profile": _profile()}),
        ("/match", {"profile": _profile(needs={MARKERS[2]: 1})}),  # an unknown characteristic: 422
        ("/match", {"profile": _profile(criteria={"place": {"municipality": MARKERS[3]}})}),  # unknown place
        ("/match", {"profile": _profile(tiles=[MARKERS[2]]), MARKERS[2]: 1}),  # unknown key in the body
    ]
    bodies = []
    with caplog.at_level(logging.DEBUG), httpx.Client(base_url=server, headers=headers) as client:
        for path, body in requests:
            response = client.post(path, content=json.dumps(body))
            bodies.append((response.status_code, response.text))
        bodies.append((0, client.post("/match", content=b'{"profile": "' + MARKERS[0].encode() + b'"').text))
        wrong_key = client.get("/instruments", headers={"Authorization": f"Bearer {key}x"})

    assert [200, 200, 200, 422, 422, 422] == [status for status, _ in bodies[:6]]
    assert 401 == wrong_key.status_code
    logged = caplog.text
    assert "POST /match" in logged  # the access log is on, and was read
    for marker in (*MARKERS, key):
        assert marker not in logged
        for status, text in bodies:
            if status != 200:
                assert marker not in text
