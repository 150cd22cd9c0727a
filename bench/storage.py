"""Storage benchmark: bulk save, full load, one update, a criteria query and memory, per adapter and size.

    python bench/storage.py --sizes 10000 100000 --adapters memory json sqlite postgresql

Prints one line per measurement; figures go into the issue notes, never into test assertions.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from catalogue import synthetic

from eva_core import ClientCharacteristic, Criteria, Tile
from eva_core.areas import bundled_areas
from eva_core.storage import Actor, Batch, add_catalogue, open_repository
from eva_core.storage._engine import check_sqlite_file

POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test?options=-csearch_path%3Deva_bench"
QUERY = Criteria(
    tiles=[Tile.WERK_FIT],
    characteristics=[ClientCharacteristic.BASISVAARDIGHEDEN, ClientCharacteristic.SOLLICITATIEVAARDIGHEDEN],
    published_on=dt.date(2026, 11, 28),
    place=bundled_areas().place(municipality="GM0344"),
    max_hours_per_week=8,
)


def url_for(adapter: str, folder: Path) -> str:
    if adapter == "postgresql":
        import sqlalchemy as sa  # noqa: PLC0415

        engine = sa.create_engine("postgresql+psycopg://postgres@127.0.0.1:5432/test")
        with engine.begin() as connection:
            connection.exec_driver_sql("DROP SCHEMA IF EXISTS eva_bench CASCADE")
            connection.exec_driver_sql("CREATE SCHEMA eva_bench")
        engine.dispose()
        return POSTGRES
    return {
        "memory": "memory://",
        "json": f"json://{folder / 'catalogue.json'}",
        "sqlite": f"sqlite:///{folder / 'eva.db'}",
    }[adapter]


def timed(label: str, call, repeat: int = 1):  # noqa: ANN001, ANN201
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
    shown = f"{statistics.median(times) * 1000:9.1f} ms" + (f" (median of {repeat})" if repeat > 1 else "")
    print(f"  {label:<28}{shown}", flush=True)
    return result


def run(adapter: str, size: int) -> None:
    items = list(synthetic(size))
    print(f"{adapter} x {size}", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        url = url_for(adapter, Path(folder))
        repository = open_repository(url)
        timed("bulk save", lambda: add_catalogue(repository, items, label="bench"))
        if adapter != "memory":
            repository.close()
            repository = timed("open", lambda: open_repository(url))
        loaded = timed("full load (list)", repository.list)
        target = loaded[len(loaded) // 2]
        timed(
            "single update",
            lambda: repository.update(
                target.instrument.evolve(name="Bijgewerkt"),
                expected_version=target.version,
                by=Actor(target.instrument.organisation.id, "bench"),
            ),
        )
        hits = timed("criteria query", lambda: repository.query(QUERY), repeat=5)
        print(f"  {'query hits':<28}{len(hits):9d}")
        if adapter == "sqlite":
            path = Path(folder) / "eva.db"
            timed("quick check (on open)", lambda: check_sqlite_file(path, full=False, seconds=None, busy_timeout=10))
            timed("full check (eva db check)", repository.check)
        if adapter != "memory":
            organisation = items[0].organisation.id
            again = Batch([i for i in items if i.organisation.id == organisation], update=True)
            timed("batch, nothing changed", lambda: repository.apply(again, by=again.actors("bench")))
        repository.close()
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    kept = list(synthetic(min(size, 20000)))
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    print(f"  {'memory per instrument':<28}{(after - before) / len(kept):9.0f} B (tracemalloc, shared master data)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    parser.add_argument("--adapters", nargs="+", default=["memory", "json", "sqlite", "postgresql"])
    args = parser.parse_args()
    for size in args.sizes:
        for adapter in args.adapters:
            run(adapter, size)


if __name__ == "__main__":
    main()
