"""How long the page for professionals and the HSDS route take on a large catalogue, beside /health.

Run ``python bench/page.py --sizes 10000 100000``. Each request runs in-process through Litestar's test
client (no network), so the figures are the app's own time; /health, measured in the same run, is the floor.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from litestar.testing import TestClient
from workload import instruments

from eva_core.demo import DEMO_TODAY
from eva_core.service import KeyRing, Role, ServiceOptions, create_app
from eva_core.storage import MemoryRepository, add_catalogue

PROFILE = {
    "tegel": ["werk_fit", "opleiden"],
    "kenmerk-basisvaardigheden": "3",
    "kenmerk-werkervaring": "2",
    "gemeente": "Utrecht",
    "datum": DEMO_TODAY.isoformat(),
}


def _timed(call: Callable[[], Any], repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = call()
        times.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"status {response.status_code}")
    return statistics.median(times), max(times)


def run(size: int, repeat: int) -> None:
    repository = MemoryRepository()
    start = time.perf_counter()
    items = list(instruments(size))
    add_catalogue(repository, items, label="bench")
    ring = KeyRing()
    key = ring.add("bench", items[0].organisation.id, Role.PROFESSIONAL, per_minute=10**9)
    app = create_app(repository, keys=ring, options=ServiceOptions(per_minute=None))
    with TestClient(app) as client:
        print(f"{size} instruments: loaded and indexed in {time.perf_counter() - start:.1f} s")
        client.post("/pagina/sleutel", data={"sleutel": key})
        bearer = {"Authorization": f"Bearer {key}"}
        cases = {
            "GET /health (reference)": lambda: client.get("/health"),
            "GET /pagina (empty form)": lambda: client.get("/pagina"),
            "POST /pagina profile + gemeente + heatmap": lambda: client.post("/pagina", data=PROFILE),
            "POST /pagina + text 'taal'": lambda: client.post("/pagina", data={**PROFILE, "tekst": "taal"}),
            "POST /pagina + why-not": lambda: client.post(
                "/pagina", data={**PROFILE, "actie": "waarom", "waarom": items[size // 2].id}
            ),
            "GET /hsds/services per_page=50": lambda: client.get(
                "/hsds/services", params={"datum": DEMO_TODAY.isoformat(), "page": 3}, headers=bearer
            ),
        }
        for name, call in cases.items():
            median, worst = _timed(call, repeat)
            print(f"  {name:45s} median {median:8.1f} ms   max {worst:8.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    parser.add_argument("--repeat", type=int, default=15)
    arguments = parser.parse_args()
    for size in arguments.sizes:
        run(size, arguments.repeat)


if __name__ == "__main__":
    main()
