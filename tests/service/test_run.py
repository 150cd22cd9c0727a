"""A worker process of ``eva serve --processen N`` ends at once on SIGTERM, also while it builds its index."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from eva_core.storage import open_repository

START_UP = 60
"""Seconds the worker's start-up would take: far longer than the test waits for it to end."""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_sigterm_during_start_up_ends_the_worker_at_once(tmp_path):
    database = tmp_path / "eva.db"
    open_repository(f"sqlite:///{database}").close()
    building = tmp_path / "building"
    script = textwrap.dedent(
        f"""
        import pathlib, time
        from eva_core.service import _state
        from eva_core.service._run import _worker

        def start(self):  # a start-up that builds for {START_UP} s
            pathlib.Path({str(building)!r}).touch()
            time.sleep({START_UP})

        _state.Service.start = start
        _worker("127.0.0.1", 0, "warning")
        """
    )
    env = os.environ | {"EVA_SERVE_URL": f"sqlite:///{database}", "EVA_SERVE_KEYS": str(tmp_path / "keys.json")}
    worker = subprocess.Popen([sys.executable, "-c", script], env=env)
    try:
        deadline = time.monotonic() + 60
        while not building.exists():
            assert worker.poll() is None, "the worker ended before its start-up"
            assert time.monotonic() < deadline, "the worker did not start"
            time.sleep(0.05)
        time.sleep(0.2)  # well inside the start-up, with uvicorn's signal handlers in place
        worker.send_signal(signal.SIGTERM)
        assert -signal.SIGTERM == worker.wait(timeout=START_UP / 2)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
