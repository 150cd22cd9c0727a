"""Load test of `eva serve` on loopback: match and search, closed loop and at a paced rate, 2 workers.

The catalogue (bench/workload.py, 100k instruments by default) is stored once in a SQLite file (kept in the
temp folder between runs). The server runs as `eva serve --processen N` does: N uvicorn processes on one
port (SO_REUSEPORT), each building and following its own index. Requests are half match, half search (text
plus a profile, facets on at the service's default size: 20 keys per keyed facet), limit 10.

Two kinds of scenario, each bounded by a request count and a time limit:

- closed loop (``--clients 1 10 50``): each client sends its next request when the last one is answered.
  At saturation this measures the queue, not the service: by Little's law the mean latency is clients /
  throughput (50 clients at 500 requests/s wait 100 ms on average however fast a request is).
- paced (``--paced 500``, ``--paced-clients 50``): open loop at a constant arrival rate, as wrk2 and k6's
  constant-arrival-rate do. Each client has its own schedule (rate / clients per second, evenly offset);
  a request is due at its scheduled time and its latency counts from then, so a request that had to wait
  for the one before it (coordinated omission) shows that wait. The client's own timer lateness counts too.

Per scenario: achieved requests/s, p50/p95/p99 per kind, errors, the server's CPU per request (the workers'
user+system time from /proc over the requests answered, less what the idle workers spend following the
feed, measured for 5 s before) and the client's CPU per request (this process). The
client is one asyncio process with a minimal HTTP/1.1 protocol (keep-alive, one connection per client, uvloop
when installed): it shares the 2 cores with the server, so its CPU is reported beside the server's. Also the
time to ready, and the resident memory of each worker before and after.

The reference, measured in the same run (before and after the scenarios, so drift in the machine's load
shows), is the library itself: `CatalogueIndex.rank` and `search` in this process for the same bodies
(profile loading and the converter included, GC frozen as the server does), so what HTTP adds reads off
directly: compare its CPU per request with the server's.

Usage: .venv/bin/python bench/service.py [--size 100000] [--workers 2] [--clients 1 10 50] [--paced 500]
[--paced-clients 50] [--seconds 15] [--facet-size N|all]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import http.client
import json
import math
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import cast

sys.path.insert(0, str(Path(__file__).parent))

from workload import instruments, queries

from eva_core.convert import converter, load_profile
from eva_core.search import CatalogueIndex, Match, SearchResult
from eva_core.service import KeyRing, Role
from eva_core.service._routes import FACET_SIZE
from eva_core.storage import add_catalogue, open_repository
from search import profiles

ORGANISATION = "bench"
KINDS = ("/match", "/search")


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


def bodies(items: list, count: int = 400, facet_size: str = "") -> list[tuple[str, bytes]]:
    """Requests as (path, body): half match, half search (text plus a profile), limit 10.

    *facet_size* is what a search body says: nothing (the service's default), ``all`` (null: every key) or n.
    """
    rng = random.Random(3)
    texts = queries(items, count)
    size = {} if not facet_size else {"facet_size": None if facet_size == "all" else int(facet_size)}
    out = []
    for n, profile in enumerate(profiles(count)):
        data = converter.unstructure(profile)
        if n % 2:
            out.append(("/match", json.dumps({"profile": data, "limit": 10}).encode()))
        else:
            search = {"text": rng.choice(texts), "profile": data, "limit": 10} | size
            out.append(("/search", json.dumps(search).encode()))
    return out


class Client(asyncio.Protocol):
    """One keep-alive HTTP/1.1 connection: POST a body, wait for the whole response, return its status."""

    def __init__(self, key: str) -> None:
        self.head = f"Host: bench\r\nAuthorization: Bearer {key}\r\nContent-Type: application/json\r\n".encode()
        self.buffer = bytearray()
        self.waiting: asyncio.Future[int] | None = None
        self.transport = cast("asyncio.Transport", None)

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast("asyncio.Transport", transport)

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        end = self.buffer.find(b"\r\n\r\n")
        if end < 0 or self.waiting is None:
            return
        head = bytes(self.buffer[:end]).lower()
        at = head.find(b"content-length:")
        length = int(head[at + 15 : head.find(b"\r\n", at) if b"\r\n" in head[at:] else None]) if at >= 0 else 0
        if len(self.buffer) >= end + 4 + length:
            status = int(self.buffer[9:12])
            del self.buffer[: end + 4 + length]
            self.waiting.set_result(status)
            self.waiting = None

    def connection_lost(self, exc: Exception | None) -> None:
        if self.waiting is not None and not self.waiting.done():
            self.waiting.set_exception(exc or ConnectionError("closed"))

    async def post(self, path: str, body: bytes) -> int:
        self.waiting = asyncio.get_running_loop().create_future()
        self.transport.write(
            b"POST " + path.encode() + b" HTTP/1.1\r\n" + self.head + b"Content-Length: %d\r\n\r\n" % len(body) + body
        )
        return await self.waiting


@dataclass
class Target:
    """The server under test: its port, a key, the requests to send, and its worker processes."""

    port: int
    key: str
    requests: list[tuple[str, bytes]]
    pids: list[int]

    async def connect(self, count: int) -> list[Client]:
        loop = asyncio.get_running_loop()
        made = [await loop.create_connection(lambda: Client(self.key), "127.0.0.1", self.port) for _ in range(count)]
        return [client for _, client in made]


def cpu_seconds(pids: list[int]) -> float:
    """User plus system CPU seconds of the processes *pids* so far."""
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of proc(5))
    return total / os.sysconf("SC_CLK_TCK")


class Tally:
    """Latencies per kind, errors, and the CPU the server and this client spent on them."""

    def __init__(self, pids: list[int]) -> None:
        self.latencies: dict[str, list[float]] = {kind: [] for kind in KINDS}
        self.errors = 0
        self.missed = 0
        """Paced requests that were due but not sent before the time was up (the server fell behind)."""
        self.pids = pids
        self.server_cpu = cpu_seconds(pids)
        self.client_cpu = time.process_time()
        self.started = time.perf_counter()
        self.seconds = 0.0

    def add(self, path: str, status: int, seconds: float) -> None:
        self.latencies[path].append(seconds)
        self.errors += status != 200

    @property
    def count(self) -> int:
        return sum(map(len, self.latencies.values()))

    def finish(self) -> Tally:
        self.seconds = time.perf_counter() - self.started
        self.server_cpu = cpu_seconds(self.pids) - self.server_cpu
        self.client_cpu = time.process_time() - self.client_cpu
        return self


async def closed(target: Target, clients: int, limit: float, most: int) -> Tally:
    """*clients* connections, each sending its next request when the last is answered, until done."""
    requests = target.requests
    connections = await target.connect(clients)
    tally = Tally(target.pids)
    deadline = tally.started + limit

    async def client(number: int) -> None:
        n = number
        while tally.count < most and time.perf_counter() < deadline:
            path, body = requests[n % len(requests)]
            n += clients
            start = time.perf_counter()
            status = await connections[number].post(path, body)
            tally.add(path, status, time.perf_counter() - start)

    await asyncio.gather(*(client(n) for n in range(clients)))
    for connection in connections:
        connection.transport.close()
    return tally.finish()


async def paced(target: Target, clients: int, rate: float, limit: float) -> Tally:
    """*rate* requests/s in all over *clients* connections for *limit* seconds, latency from the schedule."""
    requests = target.requests
    connections = await target.connect(clients)
    interval = clients / rate
    tally = Tally(target.pids)
    end = tally.started + limit

    async def client(number: int) -> None:
        due = tally.started + number / rate
        n = number
        while due < end:
            now = time.perf_counter()
            if now > end:  # overloaded: what is due and not yet sent is never sent, but counted
                tally.missed += math.ceil((end - due) / interval)
                break
            if due > now:
                await asyncio.sleep(due - now)
            path, body = requests[n % len(requests)]
            n += clients
            status = await connections[number].post(path, body)
            tally.add(path, status, time.perf_counter() - due)  # from when it was due, not when it was sent
            due += interval

    await asyncio.gather(*(client(n) for n in range(clients)))
    for connection in connections:
        connection.transport.close()
    return tally.finish()


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


def idle_cpu(pids: list[int], seconds: float = 5.0) -> float:
    """CPU seconds per second the idle workers spend (following the feed), to take off a scenario's count."""
    before = cpu_seconds(pids)
    time.sleep(seconds)
    return (cpu_seconds(pids) - before) / seconds


def report(label: str, tally: Tally, idle: float) -> None:
    count = max(tally.count, 1)
    net = tally.server_cpu - idle * tally.seconds
    print(
        f"{label}: {tally.count / tally.seconds:.0f} requests/s ({tally.count} in {tally.seconds:.1f} s), "
        f"{tally.errors} errors{f', {tally.missed} due but never sent' if tally.missed else ''}; CPU per request: "
        f"server {net / count * 1000:.2f} ms (idle cost taken off), client {tally.client_cpu / count * 1000:.2f} ms",
        flush=True,
    )
    for kind in KINDS:
        show(kind.strip("/"), tally.latencies[kind])


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


class Reference:
    """The library in this process, for the same bodies: what HTTP adds reads off against this."""

    def __init__(self, items: list, requests: list[tuple[str, bytes]]) -> None:
        self.index = CatalogueIndex(items)
        self.requests = requests[:300]
        for path, body in self.requests:  # warm, as the server is: it has seen these bodies before
            self.call(path, body)

    def call(self, path: str, body: bytes) -> None:
        data = json.loads(body)
        profile = load_profile(data["profile"])
        if path == "/match":
            converter.unstructure(self.index.rank(profile, limit=10), list[Match])
        else:
            size = data.get("facet_size", FACET_SIZE)  # as the service reads the body
            converter.unstructure(
                self.index.search(data["text"], profile=profile, limit=10, facet_size=size), SearchResult
            )

    def run(self, label: str) -> None:
        gc.collect()
        gc.freeze()  # as the server does once its index is built
        times: dict[str, list[float]] = {kind: [] for kind in KINDS}
        cpu = time.process_time()
        for path, body in self.requests:
            start = time.perf_counter()
            self.call(path, body)
            times[path].append(time.perf_counter() - start)
        cpu = time.process_time() - cpu
        gc.unfreeze()
        print(
            f"reference {label}: the library in this process (load_profile, rank / search with facets, converter), "
            f"no HTTP; CPU per request {cpu / len(self.requests) * 1000:.2f} ms",
            flush=True,
        )
        for kind in KINDS:
            show(kind.strip("/"), times[kind])


def response_bytes(port: int, key: str, requests: list[tuple[str, bytes]], path: str, count: int = 20) -> float:
    """The mean size of the responses to the first *count* requests to *path*."""
    sizes = []
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for _, body in [r for r in requests if r[0] == path][:count]:
        connection.request("POST", path, body, {"Authorization": f"Bearer {key}"})
        sizes.append(len(connection.getresponse().read()))
    connection.close()
    return sum(sizes) / max(len(sizes), 1)


def start_server(port: int, workers: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    run = f"from eva_core.service._run import run_workers; run_workers('127.0.0.1', {port}, {workers})"
    return subprocess.Popen([sys.executable, "-c", run], env=env)  # noqa: S603 - as `eva serve --processen N`


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, nargs="*", default=[1, 10, 50], help="closed-loop scenarios")
    parser.add_argument("--paced", type=float, nargs="*", default=[500.0], help="paced rates (requests/s)")
    parser.add_argument("--paced-clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=15.0, help="time limit per scenario")
    parser.add_argument("--requests", type=int, default=20_000, help="request limit per closed-loop scenario")
    parser.add_argument(
        "--facet-size", default="", help="facet_size in each search body: a number, or all (null); default: none"
    )
    args = parser.parse_args()
    try:
        import uvloop  # noqa: PLC0415 - optional: a cheaper client loop

        run = uvloop.run
    except ImportError:
        run = asyncio.run

    path = database(args.size)
    with open_repository(f"sqlite:///{path}") as repository:
        items = [s.instrument for s in repository.list()]
    requests = bodies(items, facet_size=args.facet_size)
    print(f"search bodies: facet_size {args.facet_size or 'not given'}", flush=True)

    folder = Path(tempfile.mkdtemp())
    ring = KeyRing(path=folder / "keys.json")
    key = ring.add("bench", ORGANISATION, Role.PROFESSIONAL)
    port = free_port()
    env = os.environ | {
        "EVA_SERVE_URL": f"sqlite:///{path}",
        "EVA_SERVE_KEYS": str(folder / "keys.json"),
        "EVA_SERVE_PER_MINUTE": "0",
    }
    server = start_server(port, args.workers, env)
    try:
        took = wait_ready(port, 900, args.workers)
        pids = workers_of(server.pid)
        print(f"server: {args.workers} workers ready {took:.0f} s after start; {args.size} instruments", flush=True)
        print("  resident memory per worker: " + ", ".join(f"{rss_mb(p):.0f} MB" for p in pids), flush=True)
        print(
            "  mean response: "
            + ", ".join(f"{kind} {response_bytes(port, key, requests, kind) / 1000:.1f} KB" for kind in KINDS),
            flush=True,
        )
        library = Reference(items, requests)
        del items
        library.run("before the scenarios")  # with the workers up and idle
        gc.collect()
        target = Target(port, key, requests, pids)
        run(closed(target, 4, 5, 400))  # warm up
        idle = idle_cpu(pids)
        print(f"  idle workers: {idle * 1000:.1f} ms CPU per second (following the feed)", flush=True)
        for clients in args.clients:
            tally = run(closed(target, clients, args.seconds, args.requests))
            report(f"closed loop, {clients} clients", tally, idle)
        for rate in args.paced:
            tally = run(paced(target, args.paced_clients, rate, args.seconds))
            report(f"paced, {args.paced_clients} clients at {rate:.0f} requests/s offered", tally, idle)
        print("  resident memory per worker after the run: " + ", ".join(f"{rss_mb(p):.0f} MB" for p in pids))
        library.run("after the scenarios")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
