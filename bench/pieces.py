"""Where the library's CPU goes per request of bench/service.py's load, piece by piece, without HTTP.

    python bench/pieces.py [--size 100000] [--requests 300] [--rounds 3] [--profile PIECE]

The requests are bench/service.py's bodies (half match, half search with text and a profile, limit 10); each
piece is timed over all of them in CPU time (time.process_time, so other processes on a shared machine count
little), after one warm round and with the cyclic GC frozen, as a server process is: the whole request as
bench/service.py's reference makes it (`load_profile`, then `rank` or `search` with facets of the service's
default size, then the converter), and each piece of it on its own. Rounds repeat the pieces; the least CPU
per request is the figure. To compare two versions of the code, run this file from one tree with
``PYTHONPATH=<other tree>/src``: each run prints which eva_core it timed (a version without ``facet_size``
counts every facet key, as ``--every-facet-key`` does). ``--profile`` adds a cProfile of one piece (rank,
search, load, match-json or search-json).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import inspect
import json
import pstats
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from workload import instruments, queries

import eva_core
from eva_core.convert import converter, load_profile
from eva_core.search import CatalogueIndex, Match, SearchResult
from search import profiles

try:
    from eva_core.service._routes import FACET_SIZE
except ImportError:  # an eva_core from before facet_size
    FACET_SIZE = None
SIZED = {"facet_size": FACET_SIZE} if "facet_size" in inspect.signature(CatalogueIndex.search).parameters else {}


def bodies(items: list, count: int) -> list[tuple[str, dict[str, Any]]]:
    """bench/service.py's requests (the same seeds), as (path, body read from JSON)."""
    rng = random.Random(3)
    texts = queries(items, count)
    out = []
    for n, profile in enumerate(profiles(count)):
        data = converter.unstructure(profile)
        if n % 2:
            out.append(("/match", json.loads(json.dumps({"profile": data, "limit": 10}))))
        else:
            out.append(("/search", json.loads(json.dumps({"text": rng.choice(texts), "profile": data, "limit": 10}))))
    return out


def cpu_per_call(run: Callable[[Any], object], inputs: list[Any]) -> float:
    """CPU microseconds per call of *run* over *inputs*."""
    begin = time.process_time()
    for value in inputs:
        run(value)
    return (time.process_time() - begin) / len(inputs) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", choices=["rank", "search", "load", "match-json", "search-json"])
    parser.add_argument("--every-facet-key", action="store_true", help="search with facet_size None")
    args = parser.parse_args()
    if args.every_facet_key:
        SIZED.clear()

    print(f"eva_core from {Path(eva_core.__file__).parent}", flush=True)
    started = time.perf_counter()
    items = list(instruments(args.size))
    index = CatalogueIndex(items)
    print(f"{args.size} instruments indexed in {time.perf_counter() - started:.1f} s", flush=True)

    requests = bodies(items, args.requests)
    matches = [load_profile(data["profile"]) for path, data in requests if path == "/match"]
    searches = [(data["text"], load_profile(data["profile"])) for path, data in requests if path == "/search"]
    ranked = [index.rank(profile, limit=10) for profile in matches]
    found = [index.search(text, profile=profile, limit=10, **SIZED) for text, profile in searches]

    def whole(request: tuple[str, dict[str, Any]]) -> None:
        path, data = request
        profile = load_profile(data["profile"])
        if path == "/match":
            converter.unstructure(index.rank(profile, limit=10), list[Match])
        else:
            converter.unstructure(index.search(data["text"], profile=profile, limit=10, **SIZED), SearchResult)

    pieces: dict[str, tuple[Callable[[Any], object], list[Any]]] = {
        "whole request (bench/service.py's reference)": (whole, requests),
        "load_profile": (lambda data: load_profile(data["profile"]), [data for _, data in requests]),
        "match: rank, limit 10": (lambda profile: index.rank(profile, limit=10), matches),
        "match: the profile's hard rules (_eligible)": (index._eligible, matches),  # noqa: SLF001
        "match: unstructure list[Match]": (lambda result: converter.unstructure(result, list[Match]), ranked),
        "search: text, profile, facets, limit 10": (
            lambda query: index.search(query[0], profile=query[1], limit=10, **SIZED),
            searches,
        ),
        "search: the profile's hard rules (_eligible)": (lambda query: index._eligible(query[1]), searches),  # noqa: SLF001
        "search: unstructure SearchResult": (lambda result: converter.unstructure(result, SearchResult), found),
    }
    for request in requests:
        whole(request)
    gc.collect()
    gc.freeze()
    figures: dict[str, list[float]] = {name: [] for name in pieces}
    for _ in range(args.rounds):
        for name, (run, inputs) in pieces.items():
            figures[name].append(cpu_per_call(run, inputs))
    print(f"CPU per call, least of {args.rounds} rounds over {args.requests} requests (each round in brackets):")
    for name, values in figures.items():
        print(f"  {name:<46} {min(values):8.1f} us   ({' '.join(f'{v:.0f}' for v in values)})")

    if args.profile:
        key = {
            "rank": "match: rank, limit 10",
            "search": "search: text, profile, facets, limit 10",
            "load": "load_profile",
            "match-json": "match: unstructure list[Match]",
            "search-json": "search: unstructure SearchResult",
        }[args.profile]
        run, inputs = pieces[key]
        profiler = cProfile.Profile()
        profiler.enable()
        for value in inputs:
            run(value)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
