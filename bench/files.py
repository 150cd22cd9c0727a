"""Files benchmark: validate, import into SQLite and export, for CSV and XLSX, per size; linear or not.

    python bench/files.py --sizes 1000 20000 100000

For each size the same-run reference is ``reference``: the domain parsing and checking the same number of
instrument documents (`load_instrument`), the floor under any reader, so a noisy machine shows in it too.
For each size and format: the file is written once (not timed), then timed are ``validate`` (read the file,
then the import's checks against an empty store, as ``eva validate`` does), ``import`` (read, check and
write into a new SQLite database, as ``eva import`` does) and ``export`` (list the database and write the
file, as ``eva export`` does). The last column divides each time by that of the first size and by the ratio
of the sizes: about 1 is linear; ``cpu`` and ``cpu vs first`` are the same for this process's CPU time
(``time.process_time``), steadier than wall time on a shared machine. Figures go into the issue notes, never
into test assertions.
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from catalogue import synthetic

from eva_core.convert import dump_instrument, load_instrument
from eva_core.files import Limits, read_catalogue
from eva_core.storage import Batch, open_repository
from eva_core.tabular import write_csv, write_xlsx

LIMITS = Limits(max_rows=1_000_000, max_cells=100_000_000, max_bytes=4 * 1024**3)


def write(instruments: list, path: Path) -> None:
    if path.suffix == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as file:
            write_csv(instruments, file, delimiter=";")
    else:
        write_xlsx(instruments, path)


def validate(path: Path) -> int:
    instruments, report = read_catalogue(path, limits=LIMITS)
    assert report.ok, report.errors[:3]  # noqa: S101 - a benchmark of good files
    with open_repository("memory://") as repository:
        batch = Batch(instruments)
        return len(repository.apply(batch, by=batch.actors("bench", curator=True), check_only=True).added)


def import_(path: Path, url: str) -> int:
    with open_repository(url) as repository:
        instruments, _ = read_catalogue(path, limits=LIMITS)
        batch = Batch(instruments)
        return len(repository.apply(batch, by=batch.actors("bench", curator=True)).added)


def export(url: str, path: Path) -> None:
    with open_repository(url) as repository:
        write([s.instrument for s in repository.list()], path)


def timed(call: Callable[[], object]) -> tuple[float, float]:
    start, cpu = time.perf_counter(), time.process_time()
    call()
    return time.perf_counter() - start, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 20000])
    parser.add_argument("--formats", nargs="+", default=["csv", "xlsx"])
    args = parser.parse_args()
    first: dict[tuple[str, str], tuple[int, float, float]] = {}
    print(
        f"{'size':>7} {'format':6} {'step':9} {'seconds':>8} {'per 1k rows':>11} {'vs first size':>13}"
        f" {'cpu':>7} {'cpu vs first':>12}"
    )
    for size in args.sizes:
        documents = [dump_instrument(i) for i in synthetic(size)]
        gc.collect()
        seconds, cpu = timed(lambda d=documents: [load_instrument(x) for x in d])
        del documents
        show(first, size, "-", "reference", seconds=seconds, cpu=cpu)
        for suffix in args.formats:
            with tempfile.TemporaryDirectory() as folder:
                source = Path(folder) / f"catalogue.{suffix}"
                write(list(synthetic(size)), source)
                gc.collect()
                url = f"sqlite:///{Path(folder) / 'eva.db'}"
                steps = {
                    "validate": lambda s=source: validate(s),
                    "import": lambda s=source, u=url: import_(s, u),
                    "export": lambda u=url, f=folder, x=suffix: export(u, Path(f) / f"export.{x}"),
                }
                for step, call in steps.items():
                    seconds, cpu = timed(call)
                    show(first, size, suffix, step, seconds=seconds, cpu=cpu)


def show(
    first: dict[tuple[str, str], tuple[int, float, float]],
    size: int,
    suffix: str,
    step: str,
    *,
    seconds: float,
    cpu: float,
) -> None:
    base = first.setdefault((suffix, step), (size, seconds, cpu))
    ratio, cpu_ratio = (seconds / base[1]) / (size / base[0]), (cpu / base[2]) / (size / base[0])
    print(
        f"{size:>7} {suffix:6} {step:9} {seconds:>8.2f} {seconds / size * 1000:>11.3f} {ratio:>13.2f}"
        f" {cpu:>7.2f} {cpu_ratio:>12.2f}",
        flush=True,
    )


if __name__ == "__main__":
    main()
