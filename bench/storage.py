"""Storage benchmark: the speed aims of issue 13, per adapter and size, against a reference made in the same run.

    python bench/storage.py --sizes 10000 100000 --adapters memory json sqlite postgresql

The machine is shared and noisy, so every size first times a *reference*: a plain orjson + cattrs round trip
of the same instruments (eva_core's converter unstructures them, orjson writes and reads the bytes, the
converter structures them back with every check). Each figure is printed with its ratio to that reference,
and the aims of issue 13 next to it. Figures go into the notes (docs/scaling.md), never into test assertions.
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
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import orjson
from catalogue import synthetic

from eva_core import ClientCharacteristic, Criteria, Tile
from eva_core.areas import bundled_areas
from eva_core.convert import converter
from eva_core.domain import Instrument
from eva_core.storage import Actor, Batch, add_catalogue, open_repository
from eva_core.storage._engine import check_sqlite_file

POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
SCHEMA = "eva_bench"
QUERY = Criteria(
    tiles=[Tile.WERK_FIT],
    characteristics=[ClientCharacteristic.BASISVAARDIGHEDEN, ClientCharacteristic.SOLLICITATIEVAARDIGHEDEN],
    published_on=dt.date(2026, 11, 28),
    place=bundled_areas().place(municipality="GM0344"),
    max_hours_per_week=8,
)
AIMS = {  # issue 13's aims at 100k instruments, in seconds
    "json save + open and load": 2.5,
    "json single update": 0.5,
    "json next update": 0.5,
    "sqlite bulk save": 3.0,
    "sqlite open and full load": 2.0,
    "postgresql bulk save": 10.0,
    "postgresql full load": 3.0,
    "sqlite criteria query": 0.020,
    "postgresql criteria query": 0.020,
    "memory criteria query": 0.005,
}


def postgres_url(schema: str = SCHEMA, server: str = POSTGRES) -> str:
    """A fresh, empty schema on the server, and the URL that uses it."""
    import sqlalchemy as sa  # noqa: PLC0415

    engine = sa.create_engine(server)
    with engine.begin() as connection:
        connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
    engine.dispose()
    return f"{server}?options=-csearch_path%3D{schema}"


def url_for(adapter: str, folder: Path) -> str:
    if adapter == "postgresql":
        return postgres_url()
    return {
        "memory": "memory://",
        "json": f"json://{folder / 'catalogue.json'}",
        "sqlite": f"sqlite:///{folder / 'eva.db'}",
    }[adapter]


class Timer:
    """Times calls and prints each with its ratio to the reference and, at 100k, the aim."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.reference = 0.0
        self.figures: dict[str, float] = {}

    def __call__(self, label: str, call: Callable[[], Any], repeat: int = 1) -> Any:  # noqa: ANN401
        times, cpu, result = [], [], None
        for _ in range(repeat):
            start, start_cpu = time.perf_counter(), time.process_time()
            result = call()
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        self.show(label, statistics.median(times), repeat, statistics.median(cpu))
        return result

    def show(self, label: str, seconds: float, repeat: int = 1, cpu: float | None = None) -> None:
        self.figures[label] = seconds
        shown = f"{seconds * 1000:10.1f} ms"
        if cpu is not None:  # this process's CPU: what a busy, shared machine inflates least
            shown += f" (cpu {cpu * 1000:9.1f})"
        if self.reference:
            shown += f"  {seconds / self.reference:6.2f}x ref"
        aim = AIMS.get(label)
        if aim is not None and self.size == 100_000:
            shown += f"  (aim {aim * 1000:g} ms: {'met' if seconds <= aim else 'NOT met'})"
        if repeat > 1:
            shown += f"  (median of {repeat})"
        print(f"  {label:<34}{shown}", flush=True)


def reference(items: list[Instrument], timer: Timer) -> None:
    """The same-run yardstick: orjson + cattrs, out and back, with the converter's full checks on the way in."""

    def round_trip() -> None:
        blob = orjson.dumps([converter.unstructure(i, Instrument) for i in items])
        back = [converter.structure(d, Instrument) for d in orjson.loads(blob)]
        assert back == items  # noqa: S101 - the yardstick must be a real round trip

    start, start_cpu = time.perf_counter(), time.process_time()
    round_trip()
    timer.reference = time.perf_counter() - start
    timer.show("reference: orjson + cattrs", timer.reference, cpu=time.process_time() - start_cpu)


def run(adapter: str, items: list[Instrument], timer: Timer) -> None:
    size = len(items)
    print(f"{adapter} x {size}", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        url = url_for(adapter, Path(folder))
        repository = open_repository(url)
        saved = timer(f"{adapter} bulk save", lambda: add_catalogue(repository, items, label="bench"))
        assert saved == size  # noqa: S101
        if adapter == "memory":
            loaded = timer(f"{adapter} full load", repository.list)
        else:
            repository.close()
            start, start_cpu = time.perf_counter(), time.process_time()
            repository = open_repository(url)
            loaded = repository.list()
            took = time.perf_counter() - start
            timer.show(f"{adapter} open and full load", took, cpu=time.process_time() - start_cpu)
            if adapter == "json":
                timer.show("json save + open and load", timer.figures["json bulk save"] + took)
        assert len(loaded) == size  # noqa: S101
        for label, target in (("single update", loaded[len(loaded) // 2]), ("next update", loaded[len(loaded) // 3])):
            timer(  # the first after opening; the next one shows a store's steady state (JSON: bytes kept)
                f"{adapter} {label}",
                lambda target=target: repository.update(
                    target.instrument.evolve(name="Bijgewerkt"),
                    expected_version=target.version,
                    by=Actor(target.instrument.organisation.id, "bench"),
                ),
            )
        timer(f"{adapter} first criteria query", lambda: repository.query(QUERY))  # memory: builds its index
        hits = timer(f"{adapter} criteria query", lambda: repository.query(QUERY), repeat=7)
        print(f"  {'query hits':<34}{len(hits):10d}")
        if adapter == "sqlite":
            path = Path(folder) / "eva.db"
            timer(
                "sqlite quick check (on open)",
                lambda: check_sqlite_file(path, full=False, seconds=None, busy_timeout=10),
            )
            timer("sqlite full check (eva db check)", repository.check)
        if adapter != "memory":
            organisation = items[0].organisation.id
            again = Batch([i for i in items if i.organisation.id == organisation], update=True)
            timer(f"{adapter} batch, nothing changed", lambda: repository.apply(again, by=again.actors("bench")))
        repository.close()


def memory_per_instrument(size: int) -> None:
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    kept = list(synthetic(min(size, 20000)))
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    print(f"  {'memory per instrument':<34}{(after - before) / len(kept):10.0f} B (tracemalloc, shared master data)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    parser.add_argument("--adapters", nargs="+", default=["memory", "json", "sqlite", "postgresql"])
    args = parser.parse_args()
    for size in args.sizes:
        items = list(synthetic(size))
        timer = Timer(size)
        print(f"size {size}", flush=True)
        reference(items, timer)
        for adapter in args.adapters:
            run(adapter, items, timer)
        memory_per_instrument(size)


if __name__ == "__main__":
    main()
