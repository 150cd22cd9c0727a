"""Start-up benchmark: how long ``import eva_core``, ``import eva_core.domain`` and ``eva --help`` take.

    python bench/startup.py --repeats 15

Each case runs in a fresh interpreter with bytecode caches written (as an installed package has them,
whatever ``PYTHONDONTWRITEBYTECODE`` says); the figures are the median wall time and the median CPU time
(user + system) in milliseconds. ``python -c pass`` and ``import typer, rich.console`` are same-run
references (an empty interpreter, and the CLI framework alone), so figures from a shared, noisy machine can
be compared by their difference. Run it with ``PYTHONPATH=<other checkout>/src`` to measure another version.
Figures go into the issue notes, never into test assertions.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time

CASES = {
    "python -c pass (reference)": [sys.executable, "-c", "pass"],
    "import typer, rich.console (reference)": [sys.executable, "-c", "import typer, rich.console"],
    "import eva_core": [sys.executable, "-c", "import eva_core"],
    "import eva_core.domain": [sys.executable, "-c", "import eva_core.domain"],
    "from eva_core import Instrument": [sys.executable, "-c", "from eva_core import Instrument"],
    "eva --help": [
        sys.executable,
        "-c",
        "import sys; sys.argv = ['eva', '--help']; from eva_core.cli import main; main()",
    ],
    "eva match --help": [
        sys.executable,
        "-c",
        "import sys; sys.argv = ['eva', 'match', '--help']; from eva_core.cli import main; main()",
    ],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    timings: dict[str, list[float]] = {name: [] for name in CASES}
    cpu: dict[str, list[float]] = {name: [] for name in CASES}
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # as users run it: cached
    for command in CASES.values():  # one run each writes the bytecode caches
        subprocess.run(command, check=False, capture_output=True, env=env)  # noqa: S603 - our own interpreter
    for _ in range(args.repeats):  # interleaved, so a busy moment hits every case alike
        for name, command in CASES.items():
            start, used = time.perf_counter(), _children_cpu()
            subprocess.run(command, check=False, capture_output=True, env=env)  # noqa: S603 - our own interpreter
            timings[name].append((time.perf_counter() - start) * 1000)
            cpu[name].append((_children_cpu() - used) * 1000)
    for name, values in timings.items():
        print(
            f"{name:<40} wall {statistics.median(values):7.1f} ms (min {min(values):6.1f}), "
            f"CPU {statistics.median(cpu[name]):7.1f} ms"
        )


def _children_cpu() -> float:
    """User and system CPU seconds of the finished child processes: less noisy than wall time on a busy machine."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    main()
