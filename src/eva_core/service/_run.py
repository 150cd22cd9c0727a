"""Running N server processes on one port, each with TCP_NODELAY on its connections.

uvicorn's own ``--workers`` hands its listening socket to the workers in a form (protocol 0) on which asyncio
does not switch Nagle's algorithm off, so every response whose last segment is small waits for the client's
delayed ACK: 40 ms per request (measured: match 45 ms with 2 workers, 2 ms with one). Here each worker binds
its own TCP socket with SO_REUSEPORT (the kernel spreads connections over them), so asyncio sets TCP_NODELAY.
"""

from __future__ import annotations

import multiprocessing
import signal
import socket
from types import FrameType

import uvicorn

__all__ = ["run_workers"]

_APP = "eva_core.service:app_from_environment"


def _listen(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.set_inheritable(True)
    return sock


class _Server(uvicorn.Server):
    """uvicorn's server, except that a signal during start-up ends the process at once.

    uvicorn notes SIGTERM and SIGINT and stops once start-up has finished; a worker's start-up builds its
    index (a minute at 100,000 instruments), and it only reads, so there is nothing to finish: the signal
    gets its default action instead, as if uvicorn had not caught it.
    """

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        if not self.started:
            signal.signal(sig, signal.SIG_DFL)
            signal.raise_signal(sig)
        super().handle_exit(sig, frame)


def _worker(host: str, port: int, log_level: str) -> None:
    config = uvicorn.Config(_APP, factory=True, log_level=log_level, access_log=log_level in ("info", "debug"))
    _Server(config).run(sockets=[_listen(host, port)])


def run_workers(host: str, port: int, workers: int, *, log_level: str = "warning") -> None:
    """Serve the app of `app_from_environment` in *workers* processes on *host*:*port*, until interrupted."""
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_worker, args=(host, port, log_level), daemon=False) for _ in range(workers)]
    for process in processes:
        process.start()

    def stop(_signum: int, _frame: FrameType | None) -> None:
        for process in processes:
            if process.is_alive():
                process.terminate()  # uvicorn shuts down on SIGTERM: the app's shutdown runs

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    for process in processes:
        process.join()
