"""Search benchmark: index build, rank latency (median, p95), text search latency and memory per instrument.

    python bench/search.py --sizes 10000 100000 1000000

Figures go into the issue notes, never into test assertions.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from catalogue import synthetic

from eva_core import ClientCharacteristic, ClientProfile, Tile
from eva_core.areas import bundled_areas
from eva_core.demo import DEMO_TODAY
from eva_core.search import CatalogueIndex

QUERIES = ["taaltraining", "jobcoaching werkgever", "sollicitatie", "schulden", "vca", "digitale vaardigheden", "fiets"]
MUNICIPALITIES = ["GM0344", "GM0307", "GM0193", "GM0355", "GM0363"]


def profiles(count: int, seed: int = 7) -> list[ClientProfile]:
    rng = random.Random(seed)
    leaves = list(ClientCharacteristic)
    return [
        ClientProfile(
            needs={c: rng.choice([1.0, 2.0, 3.0]) for c in rng.sample(leaves, rng.randint(0, 4))},
            tiles=rng.sample(list(Tile), rng.randint(0, 2)),
            municipality=rng.choice([None, *MUNICIPALITIES]),
            max_hours_per_week=rng.choice([None, 8, 16, 40]),
            on=DEMO_TODAY,
        )
        for _ in range(count)
    ]


def percentiles(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    return f"median {statistics.median(ordered) * 1000:7.3f} ms   p95 {p95 * 1000:7.3f} ms"


def run(size: int) -> None:
    areas = bundled_areas()
    items = list(synthetic(size))
    print(f"catalogue of {size}", flush=True)
    gc.collect()
    start = time.perf_counter()
    ranking = CatalogueIndex(items, areas=areas, text=False)
    print(f"  ranking index build      {time.perf_counter() - start:8.2f} s", flush=True)
    start = time.perf_counter()
    full = CatalogueIndex(items, areas=areas)
    print(f"  full index build (text)  {time.perf_counter() - start:8.2f} s", flush=True)
    sizes = full.nbytes()
    print(f"  ranking bytes/instrument {sizes['ranking'] / size:8.1f}")
    print(f"  text bytes/instrument    {sizes['text'] / size:8.1f}")
    clients = profiles(200)
    times = []
    for client in clients:
        begin = time.perf_counter()
        ranking.rank(client, limit=20)
        times.append(time.perf_counter() - begin)
    print(f"  rank (200 profiles)      {percentiles(times)}", flush=True)
    times = []
    for n in range(140):
        query = QUERIES[n % len(QUERIES)]
        begin = time.perf_counter()
        full.search(query, limit=20)
        times.append(time.perf_counter() - begin)
    print(f"  text search ({len(QUERIES)} queries)  {percentiles(times)}", flush=True)
    times = []
    for n, client in enumerate(clients[:100]):
        begin = time.perf_counter()
        full.search(QUERIES[n % len(QUERIES)], profile=client, limit=20)
        times.append(time.perf_counter() - begin)
    print(f"  text + profile           {percentiles(times)}", flush=True)
    begin = time.perf_counter()
    full.add(items[size // 2].evolve(name="Bijgewerkt instrument"))
    full.rank(clients[0])
    print(f"  update one + next rank   {(time.perf_counter() - begin) * 1000:8.2f} ms", flush=True)
    del ranking, full
    gc.collect()
    tracemalloc.start()
    ranking = CatalogueIndex(items[: min(size, 100_000)], areas=areas, text=False)
    traced = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    print(f"  ranking index, traced    {traced / len(ranking):8.1f} B/instrument (Python objects included)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    for size in parser.parse_args().sizes:
        run(size)


if __name__ == "__main__":
    main()
