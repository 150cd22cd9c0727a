"""Load test of `eva serve` on loopback: match and search at 1, 10 and 50 concurrent clients, 2 workers.

The catalogue (bench/workload.py, 100k instruments by default) is stored once in a SQLite file (kept in the
temp folder between runs). The server runs as `eva serve --processen N` does: N uvicorn processes on one
port (SO_REUSEPORT), each building and following its own index. The clients are a small asyncio HTTP/1.1
client in this process (keep-alive, one connection per client), so the client's own cost stays small; it
runs on the same 2 cores as the server. Each scenario is bounded by a request
count and a time limit. The reference, measured in the same run, is the library itself: `CatalogueIndex.rank`
and `search` in this process for the same bodies, so the HTTP overhead reads off directly.

Usage: .venv/bin/python bench/service.py [--size 100000] [--workers 2] [--clients 1 10 50] [--seconds 15]
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from workload import instruments, queries

from eva_core.convert import converter, load_profile
from eva_core.search import CatalogueIndex
from eva_core.service import KeyRing, Role
from eva_core.storage import add_catalogue, open_repository
from search import profiles

ORGANISATION = "bench"


def database(size: int) -> Path:
    """A SQLite file holding the workload of *size* instruments (made once, then reused)."""
    path = Path(tempfile.gettempdir()) / f"eva-bench-service-{size}.db"
    if not path.exists():
        started = time.perf_counter()
        partial = path.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        with open_repository(f"sqlite:///{partial}") as repository:
            add_catalogue(repository, instruments(size), label="bench")
        partial.rename(path)
        print(f"stored {size} instruments in {time.perf_counter() - started:.0f} s: {path}", flush=True)
    return path


def bodies(items: list, count: int = 400) -> list[tuple[str, bytes]]:
    """Requests as (path, body): half match, half search (text plus a profile), limit 10."""
    rng = random.Random(3)
    texts = queries(items, count)
    out = []
    for n, profile in enumerate(profiles(count)):
        data = converter.unstructure(profile)
        if n % 2:
            out.append(("/match", json.dumps({"profile": data, "limit": 10}).encode()))
        else:
            out.append(("/search", json.dumps({"text": rng.choice(texts), "profile": data, "limit": 10}).encode()))
    return out


class Connection:
    """One keep-alive HTTP/1.1 connection: POST a body, read the whole response."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, key: str) -> None:
        self.reader, self.writer, self.key = reader, writer, key

    async def post(self, path: str, body: bytes) -> int:
        head = (
            f"POST {path} HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer {self.key}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        self.writer.write(head.encode() + body)
        status_line = await self.reader.readline()
        length = 0
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        await self.reader.readexactly(length)
        return int(status_line.split()[1])


async def scenario(  # noqa: PLR0917 - the scenario's settings, positional for the three calls below
    port: int, key: str, requests: list[tuple[str, bytes]], clients: int, limit: float, most: int
) -> dict:
    """*clients* connections posting *requests* in turn until *most* are done or *limit* seconds pass."""
    latencies: dict[str, list[float]] = {"/match": [], "/search": []}
    errors = 0
    done = 0
    deadline = time.perf_counter() + limit

    async def client(number: int) -> None:
        nonlocal errors, done
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        connection = Connection(reader, writer, key)
        n = number
        while done < most and time.perf_counter() < deadline:
            path, body = requests[n % len(requests)]
            n += clients
            start = time.perf_counter()
            status = await connection.post(path, body)
            latencies[path].append(time.perf_counter() - start)
            done += 1
            errors += status != 200
        writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(client(n) for n in range(clients)))
    took = time.perf_counter() - started
    return {"latencies": latencies, "errors": errors, "seconds": took, "count": sum(map(len, latencies.values()))}


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def show(label: str, times: list[float], extra: str = "") -> None:
    if not times:
        print(f"  {label:<16} no requests")
        return
    print(
        f"  {label:<16} n={len(times):6d}  p50 {quantile(times, 0.5):7.1f} ms  p95 {quantile(times, 0.95):7.1f} ms"
        f"  p99 {quantile(times, 0.99):7.1f} ms{extra}",
        flush=True,
    )


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def workers_of(pid: int) -> list[int]:
    """The worker processes of the uvicorn server *pid* (not multiprocessing's resource tracker)."""
    children = Path(f"/proc/{pid}/task/{pid}/children")
    found = [int(p) for p in children.read_text().split()] if children.exists() else []
    return [p for p in found if b"spawn_main" in Path(f"/proc/{p}/cmdline").read_bytes()]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_ready(port: int, timeout: float, workers: int) -> float:
    """Seconds until every worker answers /ready (each builds its own index; we ask until all have)."""
    started = time.perf_counter()
    ready_in_a_row = 0
    while time.perf_counter() - started < timeout:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/ready")
            ok = connection.getresponse().status == 200
            connection.close()
        except OSError:
            ok = False
        ready_in_a_row = ready_in_a_row + 1 if ok else 0
        if ready_in_a_row >= 4 * workers:
            return time.perf_counter() - started
        time.sleep(0.25)
    raise TimeoutError("the server did not become ready")


def reference(items: list, requests: list[tuple[str, bytes]]) -> None:
    """The library in this process, for the same bodies: what HTTP adds reads off against this."""
    index = CatalogueIndex(items)
    times: dict[str, list[float]] = {"/match": [], "/search": []}
    for path, body in requests[:200]:
        data = json.loads(body)
        profile = load_profile(data["profile"])
        start = time.perf_counter()
        if path == "/match":
            converter.unstructure(index.rank(profile, limit=10))
        else:
            converter.unstructure(index.search(data["text"], profile=profile, limit=10))
        times[path].append(time.perf_counter() - start)
    print("reference: the library in this process (rank/search with facets + converter), no HTTP", flush=True)
    show("match", times["/match"])
    show("search", times["/search"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument("--seconds", type=float, default=15.0, help="time limit per scenario")
    parser.add_argument("--requests", type=int, default=20_000, help="request limit per scenario")
    args = parser.parse_args()

    path = database(args.size)
    with open_repository(f"sqlite:///{path}") as repository:
        items = [s.instrument for s in repository.list()]
    requests = bodies(items)

    folder = Path(tempfile.mkdtemp())
    ring = KeyRing(path=folder / "keys.json")
    key = ring.add("bench", ORGANISATION, Role.PROFESSIONAL)
    port = free_port()
    env = os.environ | {
        "EVA_SERVE_URL": f"sqlite:///{path}",
        "EVA_SERVE_KEYS": str(folder / "keys.json"),
        "EVA_SERVE_PER_MINUTE": "0",
    }
    run = f"from eva_core.service._run import run_workers; run_workers('127.0.0.1', {port}, {args.workers})"
    server = subprocess.Popen([sys.executable, "-c", run], env=env)  # noqa: S603 - as `eva serve --processen N`
    try:
        took = wait_ready(port, 600, args.workers)
        pids = workers_of(server.pid)
        print(f"server: {args.workers} workers ready in {took:.0f} s; {args.size} instruments", flush=True)
        for pid in pids:
            print(f"  worker {pid}: {rss_mb(pid):.0f} MB resident", flush=True)
        reference(items, requests)  # with the workers up and idle: the same machine load as the scenarios
        del items
        asyncio.run(scenario(port, key, requests, 4, 5, 400))  # warm up
        for clients in args.clients:
            result = asyncio.run(scenario(port, key, requests, clients, args.seconds, args.requests))
            rate = result["count"] / result["seconds"]
            print(f"{clients} concurrent clients: {rate:.0f} requests/s, {result['errors']} errors", flush=True)
            show("match", result["latencies"]["/match"])
            show("search", result["latencies"]["/search"])
        for pid in pids:
            print(f"  worker {pid}: {rss_mb(pid):.0f} MB resident after the run", flush=True)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
