"""Record benchmark: building instruments in Python, reading them from JSON strictly, and reading stored ones.

    python bench/records.py --size 5000

Prints one line per measurement (median of the repeats, CPU microseconds per instrument); figures go into the
issue notes, never into test assertions. ``deepcopy`` is a same-run reference: a deep copy of each document,
plain Python work of about the same size, so the ratios can be compared across runs on a shared, noisy machine.
"""

from __future__ import annotations

import argparse
import copy
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from catalogue import synthetic

from eva_core import Instrument, dump_instrument, load_instrument


def _stored_loader() -> Callable[[dict[str, Any]], Instrument]:
    """How storage adapters read back what they wrote, on this version of eva_core."""
    from eva_core import convert  # noqa: PLC0415

    load = getattr(convert, "load_stored", None) or getattr(convert, "_load_stored", None)
    if load is None:
        return load_instrument
    return lambda document: load(document, Instrument)


def _time(label: str, run: Callable[[], object], count: int, repeats: int, reference: float | None) -> float:
    timings = []
    for _ in range(repeats):
        start = time.process_time()  # CPU time: other processes on a shared machine do not inflate it
        run()
        timings.append((time.process_time() - start) / count * 1e6)
    median = statistics.median(timings)
    ratio = f"  ({median / reference:.2f}x deepcopy)" if reference else ""
    print(f"{label:<28} {median:8.1f} µs/instrument{ratio}")
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=5000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    instruments = list(synthetic(args.size))
    documents = [dump_instrument(i) for i in instruments]
    fields = [{f: getattr(i, f) for f in i.__slots__ if not f.startswith("__")} for i in instruments]
    stored = _stored_loader()
    n, repeats = len(instruments), args.repeats

    reference = _time("deepcopy (reference)", lambda: [copy.deepcopy(d) for d in documents], n, repeats, None)
    _time("Instrument(**fields)", lambda: [Instrument(**f) for f in fields], n, repeats, reference)
    _time("evolve(name=...)", lambda: [i.evolve(name="Nieuw") for i in instruments], n, repeats, reference)
    _time("load_instrument", lambda: [load_instrument(d) for d in documents], n, repeats, reference)
    _time("stored read", lambda: [stored(d) for d in documents], n, repeats, reference)
    _time("dump_instrument", lambda: [dump_instrument(i) for i in instruments], n, repeats, reference)


if __name__ == "__main__":
    main()
