"""Search benchmark on a realistic workload, with references measured in the same run.

    python bench/search.py --sizes 10000 100000 1000000 [--no-tantivy]

For each size: index builds, memory per instrument, rank latency for 200 profiles, text search latency for
200 Zipf-weighted queries (with and without facets, and with a profile), and one update. The line "search +
profile + facets, limit 10" is the library's part of a search in bench/service.py's load (text, a profile, facets,
limit 10), without HTTP; the line below it adds writing the result as JSON with the library's converter. Latencies are
measured with Python's cyclic GC as it is (its full collections over the catalogue's millions of objects show
in the p95) and again after ``gc.freeze()``, as a long-running service would call it after loading. The references
run on the same data in the same process: a NumPy BM25 with precomputed impacts, tantivy (when installed:
``pip install tantivy``) and a minimal NumPy bit-column ranking engine. Figures go into the issue notes,
never into test assertions.
"""

from __future__ import annotations

import argparse
import gc
import math
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

from workload import instruments, queries

from eva_core import ClientCharacteristic, ClientProfile, Criteria, Instrument, Tile
from eva_core.areas import bundled_areas
from eva_core.convert import converter
from eva_core.demo import DEMO_TODAY
from eva_core.domain import Place
from eva_core.search import CatalogueIndex, SearchResult, fold

MUNICIPALITIES = ["GM0344", "GM0307", "GM0193", "GM0355", "GM0363"]
_WORD = re.compile(r"[^\W_]+")


def profiles(count: int, seed: int = 7) -> list[ClientProfile]:
    rng = random.Random(seed)
    leaves = list(ClientCharacteristic)
    return [
        ClientProfile(
            needs={c: rng.choice([1.0, 2.0, 3.0]) for c in rng.sample(leaves, rng.randint(0, 4))},
            tiles=rng.sample(list(Tile), rng.randint(0, 2)),
            criteria=Criteria(
                place=None if (home := rng.choice([None, *MUNICIPALITIES])) is None else Place(municipality=home),
                max_hours_per_week=rng.choice([None, 8, 16, 40]),
                published_on=DEMO_TODAY,
            ),
        )
        for _ in range(count)
    ]


class Times(list[float]):
    """Wall-clock times, with the CPU time of this process beside them in ``cpu``.

    The machine is shared: wall time counts the time other processes had the core, CPU time much less so.
    """

    def __init__(self) -> None:
        super().__init__()
        self.cpu: list[float] = []


def timed(run: Callable[[Any], object], inputs: list[Any]) -> Times:
    times = Times()
    for value in inputs:
        begin, begin_cpu = time.perf_counter(), time.process_time()
        run(value)
        times.cpu.append(time.process_time() - begin_cpu)
        times.append(time.perf_counter() - begin)
    return times


def _p95(times: list[float]) -> float:
    return sorted(times)[int(0.95 * (len(times) - 1))]


def show(label: str, times: Times, reference: Times | None = None, name: str = "") -> None:
    line = (
        f"  {label:<34} median {statistics.median(times) * 1000:7.3f} ms   p95 {_p95(times) * 1000:7.3f} ms"
        f"   cpu {statistics.median(times.cpu) * 1000:7.3f} / {_p95(times.cpu) * 1000:7.3f} ms"
    )
    if reference:
        line += (
            f"   ({name} median {statistics.median(reference) * 1000:.3f} ms,"
            f" cpu {statistics.median(reference.cpu) * 1000:.3f} ms)"
        )
    print(line, flush=True)


class Took:
    """How long a build took: wall-clock and CPU seconds."""

    def __init__(self, wall: float, cpu: float) -> None:
        self.wall, self.cpu = wall, cpu

    def __str__(self) -> str:
        return f"{self.wall:6.2f} s (cpu {self.cpu:5.2f} s)"


def seconds(run: Callable[[], object]) -> tuple[Took, Any]:
    gc.collect()
    begin, begin_cpu = time.perf_counter(), time.process_time()
    result = run()
    return Took(time.perf_counter() - begin, time.process_time() - begin_cpu), result


# Reference 1: BM25 in NumPy with impacts computed at build time (no stemming, no compounds).


class NumpyBM25:
    def __init__(self, items: list[Instrument]) -> None:
        vocabulary: dict[str, int] = {}
        rows, terms, weights, lengths = [], [], [], []
        for row, item in enumerate(items):
            bag: dict[int, float] = {}
            for text, weight in ((item.name, 3.0), (item.summary, 2.0), (f"{item.aim} {item.method}", 1.0)):
                for word in _WORD.findall(fold(text)):
                    term = vocabulary.setdefault(word, len(vocabulary))
                    bag[term] = bag.get(term, 0.0) + weight
            rows += [row] * len(bag)
            terms += bag.keys()
            weights += bag.values()
            lengths.append(sum(bag.values()))
        self.vocabulary = vocabulary
        term_ids = np.array(terms, dtype=np.int32)
        order = np.argsort(term_ids, kind="stable")
        self.rows = np.array(rows, dtype=np.int32)[order]
        tf = np.array(weights, dtype=np.float32)[order]
        length = np.array(lengths, dtype=np.float32)
        self.starts = np.searchsorted(term_ids[order], np.arange(len(vocabulary) + 1))
        df = np.diff(self.starts)
        idf = np.log(1 + (len(items) - df + 0.5) / (df + 0.5)).astype(np.float32)
        norm = 1.2 * (0.25 + 0.75 * length[self.rows] / length.mean())
        self.impacts = (np.repeat(idf, df) * tf * 2.2 / (tf + norm)).astype(np.float32)
        self.scores = np.zeros(len(items), dtype=np.float32)

    def search(self, text: str, k: int = 20) -> list[int]:
        touched = []
        for word in set(_WORD.findall(fold(text))):
            term = self.vocabulary.get(word)
            if term is None:
                continue
            rows = self.rows[self.starts[term] : self.starts[term + 1]]
            self.scores[rows] += self.impacts[self.starts[term] : self.starts[term + 1]]
            touched.append(rows)
        if not touched:
            return []
        if sum(map(len, touched)) < len(self.scores) // 8:  # few postings: look at the rows touched only
            candidates = np.unique(np.concatenate(touched))
            found = self.scores[candidates]
            top = candidates[np.argpartition(-found, k)[:k]] if len(candidates) > k else candidates
        else:  # common words: one partition over every row beats sorting the postings
            top = np.argpartition(-self.scores, k)[:k]
            top = top[self.scores[top] > 0]
        top = top[np.argsort(-self.scores[top], kind="stable")]
        for rows in touched:
            self.scores[rows] = 0
        return top.tolist()


# Reference 2: tantivy, the Rust search library (Lucene's design), with its default tokenizer.


def tantivy_index(items: list[Instrument]) -> Any:  # noqa: ANN401
    import tantivy  # noqa: PLC0415 - optional, only when installed

    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("row", stored=True)
    for name in ("name", "summary", "body"):
        builder.add_text_field(name)
    schema = builder.build()
    index = tantivy.Index(schema, path=tempfile.mkdtemp(prefix="eva-bench-tantivy-"))
    writer = index.writer(heap_size=400_000_000, num_threads=1)
    for row, item in enumerate(items):
        writer.add_document(
            tantivy.Document(row=row, name=item.name, summary=item.summary, body=f"{item.aim} {item.method}")
        )
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    return index


def tantivy_search(index: Any, text: str) -> list[int]:  # noqa: ANN401
    words = " ".join(_WORD.findall(fold(text)))
    if not words:
        return []
    query = index.parse_query(words, ["name", "summary", "body"])
    return [address.doc for _, address in index.searcher().search(query, 20).hits]


# Reference 3: a minimal NumPy bit-column ranking engine (publication, area, hours; needs and tiles).


class NumpyRank:
    def __init__(self, items: list[Instrument]) -> None:
        leaves = ClientCharacteristic.all_leaves()
        bit = {leaf: 1 << n for n, leaf in enumerate(leaves)} | {t: 1 << n for n, t in enumerate(Tile)}
        self.leaves = np.fromiter((sum(bit[c] for c in i.client_characteristics) for i in items), np.uint16, len(items))
        self.tiles = np.fromiter((sum(bit[t] for t in i.tiles) for i in items), np.uint16, len(items))
        self.hours = np.fromiter((i.intensity_hours_per_week or math.nan for i in items), np.float32, len(items))
        self.restricted = np.fromiter((i.has_area_restriction for i in items), bool, len(items))
        places: dict[str, list[int]] = {}
        for row, item in enumerate(items):
            for code in item.available_municipalities | item.available_regions:
                places.setdefault(code, []).append(row)
        self.places = {code: np.array(rows, dtype=np.int32) for code, rows in places.items()}
        self.popcount = np.array([n.bit_count() for n in range(1 << 16)], dtype=np.float64)
        self.bits = bit
        self.leaf_order = leaves

    def rank(self, profile: ClientProfile, region: str | None, k: int = 20) -> list[int]:
        ok = ~(self.hours > (profile.criteria.max_hours_per_week or math.inf))
        place = profile.criteria.place
        if place is not None:
            here = ~self.restricted
            for code in (place.municipality, region):
                if code in self.places:
                    here[self.places[code]] = True
            ok &= here
        rows = np.flatnonzero(ok)
        table = np.zeros(1 << len(self.leaf_order))
        for n, leaf in enumerate(self.leaf_order):
            table[1 << n : 2 << n] = table[: 1 << n] + profile.needs.get(leaf, 0.0)
        tiles = sum(self.bits[t] for t in profile.tiles)
        scores = table[self.leaves[rows]] + self.popcount[self.tiles[rows] & tiles] * 0.5
        top = np.argpartition(-scores, k)[:k] if len(rows) > k else np.arange(len(rows))
        return rows[top[np.lexsort((rows[top], -scores[top]))]].tolist()


def run(size: int, use_tantivy: bool) -> None:
    areas = bundled_areas()
    items = list(instruments(size))
    texts = queries(items)
    clients = profiles(200)
    print(f"catalogue of {size}: {len({i.provider.id for i in items})} providers, "
          f"{len({i.organisation.id for i in items})} organisations", flush=True)  # fmt: skip

    took, ranking = seconds(lambda: CatalogueIndex(items, areas=areas, text=False))
    took_ref, numpy_rank = seconds(lambda: NumpyRank(items))
    print(f"  ranking index build        {took}   (NumPy engine {took_ref})", flush=True)
    took, full = seconds(lambda: CatalogueIndex(items, areas=areas))
    took_ref, bm25 = seconds(lambda: NumpyBM25(items))
    line = f"  full index build (+ text)  {took}   (NumPy BM25 {took_ref}"
    tantivy = None
    if use_tantivy:
        took_ref, tantivy = seconds(lambda: tantivy_index(items))
        line += f"; tantivy {took_ref}"
    print(line + ")", flush=True)
    sizes = full.nbytes()
    print(f"  memory per instrument      ranking {sizes['ranking'] / size:6.1f} B   text {sizes['text'] / size:6.1f} B")

    regions = [
        None if (p := c.criteria.place) is None else areas.place(municipality=p.municipality).region for c in clients
    ]
    show(
        "rank (200 profiles)",
        timed(lambda c: ranking.rank(c, limit=20), clients),
        timed(lambda n: numpy_rank.rank(clients[n], regions[n]), list(range(len(clients)))),
        "NumPy engine",
    )
    day = Criteria(published_on=DEMO_TODAY)
    reference = timed(bm25.search, texts)
    show("text search, no facets", timed(lambda q: full.search(q, criteria=day, facets=False), texts), reference,
         "NumPy BM25")  # fmt: skip
    if tantivy is not None:
        show("  tantivy, same queries", timed(lambda q: tantivy_search(tantivy, q), texts))
    show("text search, with facets", timed(lambda q: full.search(q, criteria=day), texts))
    show("text search + profile", timed(lambda n: full.search(texts[n], profile=clients[n]), list(range(len(texts)))))
    both = list(range(len(texts)))

    def served(n: int) -> SearchResult:  # a search body of bench/service.py: text, profile, limit 10, facets
        return full.search(texts[n], profile=clients[n], limit=10)

    show("search + profile + facets, limit 10", timed(served, both))
    show("  the same, written as JSON", timed(lambda n: converter.unstructure(served(n)), both))
    show("filter facets only (no text)", timed(lambda c: full.search("", criteria=c.criteria), clients[:50]))
    gc.collect()
    gc.freeze()  # what a long-running service does after loading: the catalogue's objects leave the cyclic GC
    show("rank, GC frozen", timed(lambda c: ranking.rank(c, limit=20), clients))
    show("text search, no facets, GC frozen", timed(lambda q: full.search(q, criteria=day, facets=False), texts))
    show("text search, facets, GC frozen", timed(lambda q: full.search(q, criteria=day), texts))
    show("search + profile + facets, frozen", timed(served, both))
    gc.unfreeze()
    took, _ = seconds(lambda: (full.add(items[size // 2].evolve(name="Bijgewerkt instrument")), full.rank(clients[0])))
    print(f"  update one + next rank     {took.wall * 1000:8.2f} ms (cpu {took.cpu * 1000:.2f} ms)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--no-tantivy", action="store_true")
    arguments = parser.parse_args()
    try:
        import tantivy  # noqa: F401, PLC0415 - optional
    except ImportError:
        arguments.no_tantivy = True
        print("tantivy is not installed: pip install tantivy to compare with it")
    for size in arguments.sizes:
        run(size, not arguments.no_tantivy)


if __name__ == "__main__":
    main()
