"""Scaling bench for docs/scaling.md: one PostgreSQL, replicas that each hold an index following the change feed.

    python bench/scaling.py --size 1000000 --server postgresql+psycopg://postgres@127.0.0.1:5433/test
    python bench/scaling.py --size 10000 --restart --data /tmp/pg/data   # restarts that server: never a shared one

For one catalogue size it fills a fresh schema (COPY, in slices of 100k), starts a *replica* in a process of
its own (open, read the cursor, list every instrument, build the `CatalogueIndex`: `Follower.start`) and
reports its start-up time and memory, then measures how soon writes made here show in the replica's index
(single updates, and one import of 1,000 changes). With ``--restart`` it restarts the PostgreSQL server under
a following replica (``pg_ctl restart`` on *--data*, so only on a server of your own) and reports what the
replica saw. Figures go into docs/scaling.md, never into test assertions.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from catalogue import synthetic

from eva_core.storage import Actor, Batch, StoreError, add_catalogue, open_repository
from storage import postgres_url

SLICE = 100_000


def rss_mib() -> float:
    """This process's resident memory now, in MiB."""
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # pragma: no cover - not Linux


def fill(url: str, size: int) -> None:
    repository = open_repository(url)
    start = time.perf_counter()
    for first in range(0, size, SLICE):
        items = [i.evolve(id=f"{i.id}-{first // SLICE}") for i in synthetic(min(SLICE, size - first), seed=first)]
        add_catalogue(repository, items, label="scaling")
    took = time.perf_counter() - start
    print(f"  fill {size} instruments (COPY, slices of {SLICE}): {took:.1f} s", flush=True)
    repository.close()


def replica(url: str, text: bool, reports: Any, requests: Any) -> None:  # noqa: ANN401 - queues
    """A replica: start (timed, measured), then follow and report when each awaited name shows in the index."""
    from eva_core.follow import Follower  # noqa: PLC0415

    before = rss_mib()
    start, start_cpu = time.perf_counter(), time.process_time()
    repository = open_repository(url)
    opened = time.perf_counter()
    cursor = repository.cursor()
    stored = repository.list()
    listed = time.perf_counter()
    listed_rss = rss_mib()
    from eva_core.search import CatalogueIndex  # noqa: PLC0415

    index = CatalogueIndex([s.instrument for s in stored], text=text)
    built = time.perf_counter()
    del stored
    follower = Follower(repository, index, cursor)
    if os.environ.get("EVA_SCALING_TRACE"):  # say how long each read of the feed and each apply took
        read, apply = repository.changes, follower.apply

        def timed_read(*args: Any, **kwargs: Any) -> Any:  # noqa: ANN401
            start = time.perf_counter()
            page = read(*args, **kwargs)
            print(f"    [replica] read {len(page.entries)} changes in {time.perf_counter() - start:.3f} s", flush=True)
            return page

        def timed_apply(changes: Any) -> None:  # noqa: ANN401
            start = time.perf_counter()
            apply(changes)
            print(
                f"    [replica] applied {len(changes.instruments)} in {time.perf_counter() - start:.3f} s", flush=True
            )

        repository.changes, follower.apply = timed_read, timed_apply  # type: ignore[method-assign]
    reports.put(
        {
            "open_s": opened - start,
            "list_s": listed - opened,
            "index_s": built - listed,
            "start_s": built - start,
            "start_cpu_s": time.process_time() - start_cpu,
            "rss_before_mib": before,
            "rss_listed_mib": listed_rss,
            "rss_mib": rss_mib(),
            "index_nbytes": index.nbytes(),
            "instruments": len(index),
        }
    )
    errors: list[str] = []
    stop = threading.Event()
    thread = threading.Thread(
        target=follower.follow,
        args=(stop,),
        kwargs={"interval": 1.0, "on_error": lambda e: errors.append(f"{time.time():.3f} {type(e).__name__}")},
        daemon=True,
    )
    thread.start()
    while (wanted := requests.get()) is not None:
        instrument_id, name = wanted
        deadline, seen = time.monotonic() + 300, None
        while time.monotonic() < deadline:
            with follower.lock:
                if instrument_id in index and index.get(instrument_id).name == name:
                    seen = time.time()
                    break
            time.sleep(0.001)
        reports.put({"seen": seen, "errors": list(errors), "cursor": follower.cursor, "alive": thread.is_alive()})
    stop.set()
    thread.join(10)
    repository.close()


def update_one(repository: Any, target: Any, name: str) -> float:  # noqa: ANN401
    """Rename one instrument; the wall-clock time the write began (its commit can be seen before it returns)."""
    began = time.time()
    repository.update(
        target.instrument.evolve(name=name),
        expected_version=target.version,
        by=Actor(target.instrument.organisation.id, "scaling"),
    )
    return began


def follow_figures(url: str, size: int, text: bool, restart_data: str | None) -> None:
    context = multiprocessing.get_context("spawn")
    reports, requests = context.Queue(), context.Queue()
    process = context.Process(target=replica, args=(url, text, reports, requests))
    process.start()
    started = reports.get(timeout=3600)
    print(f"  replica start ({size}, text index {'on' if text else 'off'}): {json.dumps(started)}", flush=True)
    repository = open_repository(url)
    some = [repository.get(e.id) for e in repository.changes(None, limit=50, kinds=["instrument"]).entries[:20]]
    latencies = []
    run = int(time.time())  # names new in every run, so a schema kept from an earlier run cannot answer early
    for n, target in enumerate(some):
        name = f"Gevolgd {n} {run}"
        requests.put((target.id, name))
        committed = update_one(repository, target, name)
        seen = reports.get(timeout=600)["seen"]
        latencies.append(seen - committed)
        time.sleep(0.2)
    print(
        f"  single update (from the call) -> replica index: median {statistics.median(latencies) * 1000:.0f} ms, "
        f"max {max(latencies) * 1000:.0f} ms over {len(latencies)} writes",
        flush=True,
    )
    # One import of 1,000 changed instruments of one organisation: when does the last show?
    organisation = some[0].instrument.organisation.id
    own = repository.changes(None, limit=20_000, kinds=["instrument"], organisation=organisation).entries
    ids = sorted({e.id for e in own})[:1000]
    batch = Batch([repository.get(i).instrument.evolve(name=f"Import {run} {i}") for i in ids], update=True)
    requests.put((ids[-1], f"Import {run} {ids[-1]}"))
    start = time.time()
    repository.apply(batch, by=batch.actors("scaling"))
    committed = time.time()
    seen = reports.get(timeout=600)["seen"]
    print(
        f"  import of {len(ids)} updates: commit took {committed - start:.2f} s; "
        f"in the replica's index {(seen - committed) * 1000:.0f} ms after the commit",
        flush=True,
    )
    if restart_data is not None:
        target = repository.get(some[0].id)
        repository.close()
        begin = time.time()
        subprocess.run(  # noqa: S603 - a server of our own, named on the command line
            [
                "/bin/su",
                "postgres",
                "-c",
                f"/usr/lib/postgresql/15/bin/pg_ctl -D {restart_data} -l {restart_data}/../log -m fast -w restart",
            ],
            check=True,
            stdout=subprocess.DEVNULL,  # the new server inherits them: a pipe would never close
            stderr=subprocess.DEVNULL,
        )
        back = time.time()
        print(f"  pg_ctl restart (fast): server away and back in {back - begin:.1f} s", flush=True)
        repository = open_repository(url)  # a writer reconnects: its first statement after the restart
        requests.put((target.id, f"Na herstart {run}"))
        committed = update_one(repository, target, f"Na herstart {run}")
        report = reports.get(timeout=600)
        if report["seen"] is None:
            print(f"  NOT SEEN within 300 s after the restart: {report}", flush=True)
            report["seen"] = float("nan")
        print(
            f"  first write after the restart in the replica's index {(report['seen'] - committed) * 1000:.0f} ms "
            f"after the call ({report['seen'] - back:.1f} s after the server was back); "
            f"errors the replica reported: {report['errors']}",
            flush=True,
        )
    requests.put(None)
    process.join(60)
    repository.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--server", default="postgresql+psycopg://postgres@127.0.0.1:5433/test")
    parser.add_argument("--schema", default=None)
    parser.add_argument("--keep", action="store_true", help="use the schema as it is (filled by an earlier run)")
    parser.add_argument("--no-text", action="store_true", help="replicas without the full-text index")
    parser.add_argument("--restart", action="store_true", help="restart the server under a follower (--data)")
    parser.add_argument("--data", help="the server's data folder, for --restart")
    parser.add_argument("--fill-only", action="store_true", help="fill the schema and stop")
    args = parser.parse_args()
    schema = args.schema or f"eva_scale_{args.size}"
    if args.keep:
        url = f"{args.server}?options=-csearch_path%3D{schema}"
    else:
        url = postgres_url(schema, args.server)
        fill(url, args.size)
        if args.fill_only:
            return
    print(f"scaling x {args.size} on {args.server} ({os.cpu_count()} cores)", flush=True)
    try:
        follow_figures(url, args.size, not args.no_text, args.data if args.restart and args.data else None)
    except StoreError as error:
        print(f"  store error: {error}", flush=True)
        raise


if __name__ == "__main__":
    main()
